"""Issue 22: a copier's scan of returned reply slips and questionnaire pages, built from the
real printed PDFs (scan_stack.py), read back: every QR code, at least 99% of boxes right at
300 dpi, none silently wrong (an unsure box is asked about), blank and foreign pages listed."""

from __future__ import annotations

import io

from PIL import Image

from liaison.services.scans import Found, ScanSummary
from tests.scan_stack import School, Stack


def score(summary: ScanSummary, stack: Stack) -> dict[str, int]:
    """Each box counted right when its question was read as marked, or asked about when the
    answer was scribbled out (ambiguous by design); wrong when read as another answer."""
    counts = {"right": 0, "asked": 0, "wrong": 0, "questions": 0}
    for page in summary.pages:
        if page.found not in (Found.SLIP, Found.PAGE):
            continue
        unsure = {u.question.key for u in page.unsure}
        for q in page.questions:
            truth = stack.truths.get((page.reference, q.key))
            if truth is None:
                continue
            counts["questions"] += 1
            boxes = len(q.options)
            if q.key in unsure:
                counts["right" if truth.style == "changed" else "asked"] += boxes
                continue
            expected = () if truth.answer is None else (truth.answer,)
            counts["right" if page.answers.get(q.key) == expected else "wrong"] += boxes
    return counts


def test_every_code_is_read_and_every_page_listed(scanned_school: School) -> None:
    summary, stack = scanned_school.summary, scanned_school.stack
    by_ref = {p.reference: p for p in summary.pages if p.reference}
    assert set(stack.references) <= set(by_ref)
    assert {by_ref[r].found for r in stack.references} <= {Found.SLIP, Found.PAGE}
    assert len(summary.pages) == len(stack.images)
    counts = summary.counts()
    assert counts[Found.BLANK] == 1
    assert counts[Found.NO_CODE] == 0 and counts[Found.UNREADABLE] == 0
    other = by_ref[scanned_school.other_ref]
    assert other.found is Found.UNKNOWN
    assert "not printed by this Liaison" in other.note
    assert stack.upside_down >= 10
    assert counts[Found.SLIP] >= 30 and counts[Found.PAGE] >= 30


def test_boxes_read_right_at_300_dpi_and_none_silently_wrong(scanned_school: School) -> None:
    counts = score(scanned_school.summary, scanned_school.stack)
    total = counts["right"] + counts["asked"] + counts["wrong"]
    assert counts["wrong"] == 0, counts
    assert counts["right"] / total >= 0.99, counts
    assert counts["questions"] >= 120, counts


def test_scribbled_out_answers_are_asked_with_a_crop(scanned_school: School) -> None:
    changed = {k for k, t in scanned_school.stack.truths.items() if t.style == "changed"}
    asked = {u.key: u for u in scanned_school.summary.unsure}
    assert changed and changed <= set(asked)
    for key in changed:
        unsure = asked[key]
        truth = scanned_school.stack.truths[key]
        assert "scribbled out" in unsure.why
        # The likelier reading (the ticked box beside the scribbled one) is offered first.
        assert unsure.proposal == (truth.answer,)
        crop = Image.open(io.BytesIO(unsure.crop_png))
        assert crop.width > 100 and crop.height > 40


def test_words_written_for_the_officer_to_type(scanned_school: School) -> None:
    pages = {p.reference: p for p in scanned_school.summary.pages if p.found is Found.PAGE}
    seen = {(ref, q) for ref, p in pages.items() for q in p.written}
    expected = {(ref, q) for ref, q in scanned_school.stack.written if ref in pages}
    assert expected and seen == expected


def test_the_printed_pdf_itself_reads_as_unanswered(scanned_school: School) -> None:
    """The book-bag PDF as printed (vector pages whose only picture is each slip's QR code)
    is read at full resolution, not at the QR picture's: every slip found, no box marked."""
    from liaison.services.access import open_database
    from liaison.services.scans import read_scans
    from tests.conftest import PASSPHRASE, clock

    db = open_database(scanned_school.db_path, passphrase=PASSPHRASE, clock=clock())
    try:
        summary = read_scans(db, scanned_school.trip)
    finally:
        db.close()
    slips = [p for p in summary.pages if p.found is Found.SLIP]
    assert len(slips) >= 30
    assert all(not any(p.answers.values()) for p in slips), [p.answers for p in slips][:3]
    assert summary.unsure == []
