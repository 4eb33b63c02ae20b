"""After an import every family written is in the search index, in the same transaction: names
in their own script (Arabic included) and their Latin forms, notes kept on families updated."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, text

from liaison.demo.ctf_sample import fictional_ctf
from liaison.models import Caregiver, Family, Pupil
from liaison.services import families, search
from liaison.services import mis_import as imports
from liaison.services.families import batch as family_batch
from liaison.services.search import index as search_index
from liaison.store.database import Database
from tests.import_helpers import DATA

CTF = DATA / "ctf_families.xml"


def _index(db: Database) -> Counter[tuple[object, ...]]:
    """The index as a multiset of (family, kind, record, names, body); ids left out."""
    with db.read() as session:
        return Counter(
            tuple(row)
            for row in session.execute(
                text(
                    "SELECT d.family_id, d.kind, d.ref_id, s.names, s.body "
                    "FROM search_doc d JOIN search_index s ON s.rowid = d.id"
                )
            )
        )


def _people(db: Database, family_ids: list[int]) -> list[tuple[int, str, str, str | None]]:
    """(family, given name, family name, UPN) of every caregiver and pupil in these families."""
    with db.read() as session:
        carers = session.execute(
            select(Caregiver.family_id, Caregiver.given_name, Caregiver.family_name).where(
                Caregiver.family_id.in_(family_ids)
            )
        ).all()
        pupils = session.execute(
            select(Pupil.family_id, Pupil.given_name, Pupil.family_name, Pupil.upn).where(
                Pupil.family_id.in_(family_ids)
            )
        ).all()
    return [(f, g, n, None) for f, g, n in carers] + [(f, g, n, u) for f, g, n, u in pupils]


def _found(db: Database, query: str, family_id: int) -> bool:
    return family_id in {h.family_id for h in search.search(db, query, limit=5000)}


def test_a_sample_of_imported_people_is_found_by_search(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks, so the file is written and indexed in many of them, as a big file would be.
    monkeypatch.setattr(family_batch, "CHUNK", 17)
    monkeypatch.setattr(search_index, "CHUNK", 23)
    path = tmp_path / "export.xml"
    path.write_bytes(fictional_ctf(400, seed=7))
    result = imports.run(demo_db, imports.read_file(path))
    assert result.counts()["pupils_created"] == 400
    people = _people(demo_db, result.family_ids)
    assert len(people) > 400
    rng = random.Random(20261123)
    sample = rng.sample(people, 60)
    arabic = [p for p in people if any("\u0600" <= ch <= "\u06ff" for ch in p[1] + p[2])]
    assert arabic, "the sample file always has Arabic-script names"
    sample.extend(rng.sample(arabic, min(5, len(arabic))))
    for family_id, given, family, upn in sample:
        assert _found(demo_db, f"{given} {family}", family_id), (given, family)
        if upn:
            assert _found(demo_db, upn, family_id), upn
    # Every family written has exactly one names entry, and the index is what a full rebuild
    # makes: nothing missed, nothing doubled, the demo families' notes and meetings untouched.
    entries = _index(demo_db)
    names_entries = Counter(f for (f, kind, *_rest) in entries.elements() if kind == "family")
    assert all(names_entries[f] == 1 for f in result.family_ids)
    with demo_db.session() as session:
        search.rebuild_all(session)
    assert _index(demo_db) == entries


def test_latin_forms_and_notes_after_reimport(db: Database, tmp_path: Path) -> None:
    imports.run(db, imports.read_file(CTF))
    with db.read() as session:
        hassan = session.scalar(select(Pupil.family_id).where(Pupil.upn == "A820885120001"))
        assert hassan is not None
        reference = session.scalar(select(Family.reference).where(Family.id == hassan))
    assert _found(db, "أمينة", hassan)
    assert _found(db, "امينة", hassan)  # typed without the hamza
    assert reference and _found(db, reference, hassan)
    families.add_note(db, hassan, "Asked about the breakfast club waiting list.")
    # The next file spells the Arabic-script forename in Latin letters: it is kept as the
    # Latin form, and both are found; the note written by hand stays searchable.
    latin = CTF.read_text("utf-8").replace(
        "<Forename>أمينة</Forename>", "<Forename>Amina</Forename>"
    )
    path = tmp_path / "latin.xml"
    path.write_text(latin, "utf-8")
    again = imports.run(db, imports.read_file(path))
    assert again.counts()["pupils_updated"] == 1 and hassan in again.family_ids
    assert _found(db, "amina", hassan)
    assert _found(db, "أمينة حسن", hassan)
    hits = [h for h in search.search(db, "breakfast") if h.family_id == hassan]
    assert hits and hits[0].kind == "note"
