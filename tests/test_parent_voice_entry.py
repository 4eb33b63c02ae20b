"""Answers typed back by reference: a wrong, reused or another sending's reference is a clear
message and changes nothing; answers are checked; a correction replaces the page's answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison.errors import NotFound, ValidationError
from liaison.services import letters
from liaison.services import parent_voice as pv
from liaison.store.database import Database
from tests.parent_voice_helpers import all_rows, send


@pytest.fixture
def sent(demo_db: Database, tmp_path: Path) -> tuple[Database, int, list[pv.runs.Waiting]]:
    _, result = send(demo_db, tmp_path, class_names=("2B",))
    return demo_db, result.run_id, pv.waiting(demo_db, result.run_id)


def test_a_page_is_found_and_its_answers_recorded(sent) -> None:
    db, run_id, waiting = sent
    first = waiting[0]
    page = pv.find_page(db, first.missing[0].lower()[:3] + " " + first.missing[0][3:].lower())
    assert page.reference == first.missing[0] and page.page_number == 1 and page.pages == 2
    assert [q.key for q in page.questions] == ["happy", "friends", "safe", "know_who"]
    answers = pv.parse_tokens(page, ["1", "3", "-", "2"])
    assert answers == {"happy": "happy", "friends": "no", "safe": None, "know_who": "no"}
    done = pv.record_answers(db, page.reference, answers, run_id=run_id)
    assert done.entered_at is not None
    assert done.answers == {"happy": "happy", "friends": "no", "know_who": "no"}
    second = pv.find_page(db, first.missing[1])
    assert [q.key for q in second.questions] == ["read_letters", "would_help", "anything_else"]
    pv.record_answers(
        db, second.reference, pv.parse_tokens(second, ["2", "1,4", "A homework club please"])
    )
    again = pv.find_page(db, second.reference)
    assert again.answers["would_help"] == ["interpreter", "english_classes"]
    assert again.answers["anything_else"] == "A homework club please"
    left = pv.waiting(db, run_id)
    assert first.family_ref not in {w.family_ref for w in left if w.pupil == first.pupil}


def test_a_wrong_reference_says_so_and_changes_nothing(sent) -> None:
    db, _, waiting = sent
    good = waiting[0].missing[0]
    typo = good[:3] + ("A" if good[3] != "A" else "B") + good[4:]
    before = all_rows(db)
    with pytest.raises(NotFound, match="a character is mistyped"):
        pv.record_answers(db, typo, {"happy": "happy"})
    with pytest.raises(NotFound, match="not a questionnaire reference"):
        pv.find_page(db, "hello")
    assert all_rows(db) == before


def test_a_reply_slip_reference_is_sent_to_the_right_place(sent, tmp_path: Path) -> None:
    db = sent[0]
    from liaison.services import families as fam

    family = fam.list_families(db)[0]
    prepared = letters.prepare(
        db,
        "trip_consent",
        family.id,
        fields={"event": "Zoo", "date": "01/12/2026", "deadline": "27/11/2026", "place": "Zoo"},
    )
    letters.print_document(db, prepared, tmp_path / "slip.pdf")
    with pytest.raises(NotFound, match="reply slip"):
        pv.find_page(db, prepared.reply_ref or "")


def test_a_reused_reference_is_refused_unless_correcting(sent) -> None:
    db, run_id, waiting = sent
    ref = waiting[0].missing[0]
    pv.record_answers(db, ref, {"happy": "happy", "friends": "yes"})
    before = all_rows(db)
    with pytest.raises(pv.AlreadyEntered, match="already entered on 23/11/2026") as caught:
        pv.record_answers(db, ref, {"happy": "unhappy"}, run_id=run_id)
    assert "Correct" in caught.value.message and "--replace" in caught.value.message
    assert all_rows(db) == before
    corrected = pv.record_answers(db, ref, {"happy": "unhappy"}, replace=True)
    assert corrected.answers == {"happy": "unhappy"}


def test_another_sendings_reference_is_refused(sent, tmp_path: Path) -> None:
    db, run_id, _ = sent
    _, other = send(db, tmp_path, key="how_are_we_doing", class_names=("3A",))
    other_ref = pv.waiting(db, other.run_id)[0].missing[0]
    before = all_rows(db)
    with pytest.raises(pv.OtherRun) as caught:
        pv.record_answers(db, other_ref, {"happy": "agree"}, run_id=run_id)
    message = caught.value.errors["reference"]
    assert f"number {other.run_id}" in message and f"number {run_id}" in message
    assert "How are we doing" in message
    assert all_rows(db) == before
    # Entered against its own sending, it is fine.
    pv.record_answers(db, other_ref, {"happy": "agree"}, run_id=other.run_id)


def test_answers_are_checked(sent) -> None:
    db, _, waiting = sent
    ref = waiting[0].missing[0]
    page = pv.find_page(db, ref)
    before = all_rows(db)
    with pytest.raises(ValidationError, match="'4' is not a box"):
        pv.parse_tokens(page, ["4", "1", "1", "1"])
    with pytest.raises(ValidationError, match="has 4 questions"):
        pv.parse_tokens(page, ["1", "1"])
    with pytest.raises(ValidationError, match="tick one box only"):
        pv.parse_tokens(page, ["1,2", "1", "1", "1"])
    with pytest.raises(ValidationError, match="not on page 1"):
        pv.record_answers(db, ref, {"would_help": ["meals"]})
    with pytest.raises(ValidationError, match="tick one of 3 boxes"):
        pv.record_answers(db, ref, {"happy": "strongly_agree"})
    second = waiting[0].missing[1]
    with pytest.raises(ValidationError, match="at most 300 characters"):
        pv.record_answers(db, second, {"anything_else": "x" * 301})
    assert all_rows(db) == before
