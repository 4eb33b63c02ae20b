"""Full-text search across scripts, transliterations and notes, ranked."""

from __future__ import annotations

import pytest

from liaison.services import families as fam
from liaison.services import search
from liaison.store.database import Database


def _family(db: Database, own_given: str, own_family: str, **latin: str) -> int:
    return fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(
                    key="c",
                    given_name=own_given,
                    family_name=own_family,
                    given_name_latin=latin.get("given"),
                    family_name_latin=latin.get("family"),
                )
            ]
        ),
    )


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    return {
        "arabic": _family(db, "أحمد", "الخطيب", given="Ahmed", family="Al-Khatib"),
        "bengali": _family(db, "নাসরিন", "উদ্দিন", given="Nasrin", family="Uddin"),
        "polish": _family(db, "Małgorzata", "Wałęsa"),
        "tigrinya": _family(db, "ሳባ", "ተኽለ", given="Saba", family="Tekle"),
        "chinese": _family(db, "桂兰", "毛", given="Guilan", family="Mao"),
    }


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("احمد", "arabic"),  # typed without the hamza
        ("خطيب", "arabic"),  # without the article
        ("al-khatib", "arabic"),
        ("নাসরিন", "bengali"),
        ("nasr", "bengali"),  # prefix of the transliteration
        ("malgorzata", "polish"),  # ł typed as l, no diacritics
        ("WAŁĘSA", "polish"),
        ("ሳባ", "tigrinya"),
        ("tekle", "tigrinya"),
        ("桂兰", "chinese"),
    ],
)
def test_names_in_any_script(db: Database, people: dict[str, int], query: str, who: str) -> None:
    hits = search.search(db, query)
    assert [h.family_id for h in hits] == [people[who]]


def test_notes_are_searched_and_names_rank_first(db: Database, people: dict[str, int]) -> None:
    fam.add_note(db, people["polish"], "Talked about Saba's birthday party invitation.")
    hits = search.search(db, "saba")
    assert [h.family_id for h in hits] == [people["tigrinya"], people["polish"]]
    assert hits[1].kind == "note" and "Saba" in hits[1].snippet


def test_edits_and_archive_update_the_index(db: Database, people: dict[str, int]) -> None:
    draft = fam.load_draft(db, people["polish"])
    draft.caregivers[0].family_name = "Nowak"
    fam.save_family(db, draft)
    assert search.search(db, "walesa") == []
    assert [h.family_id for h in search.search(db, "nowak")] == [people["polish"]]
    fam.archive_family(db, people["polish"])
    assert search.search(db, "nowak") == []
    assert [h.archived for h in search.search(db, "nowak", include_archived=True)] == [True]


def test_queries_with_fts_syntax_are_safe(db: Database, people: dict[str, int]) -> None:
    for query in ['"', "a OR b", "NEAR(", "*", "-x", "ahmed)", "'; DROP TABLE family; --"]:
        search.search(db, query)  # must not raise
    assert search.search(db, "   ") == []


def test_rebuild_gives_the_same_results(db: Database, people: dict[str, int]) -> None:
    before = [h.family_id for h in search.search(db, "a")]
    with db.session() as session:
        search.rebuild_all(session)
    assert [h.family_id for h in search.search(db, "a")] == before
