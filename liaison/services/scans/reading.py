"""Reading a scan: every page of a PDF, TIFF, JPEG or PNG (or a folder of them), matched to
what was printed, its boxes read. Nothing is written: not to the database (recording.py does
that once the officer has looked) and not to disk (crops stay in memory)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from liaison.errors import Cancelled
from liaison.jobs import CancelCheck, Progress
from liaison.scans import PageReading, PageStatus, QuestionState, count_pages, iter_pages
from liaison.scans import read_image as read_one_image
from liaison.scans.images import scan_files
from liaison.services.parent_voice import references
from liaison.services.scans.printed import Printed, PrintedPages
from liaison.services.scans.summary import Found, ScannedPage, ScanSummary, Unsure

if TYPE_CHECKING:
    from liaison.store.database import Database

_PLAIN = {
    PageStatus.BLANK: Found.BLANK,
    PageStatus.NO_CODE: Found.NO_CODE,
    PageStatus.UNREADABLE: Found.UNREADABLE,
}


def read_scans(
    db: Database,
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ScanSummary:
    """Every page of the scan at `path` (a file or a folder), read and matched. Raises
    NotFound or ValidationError for a path that is not a scan, before reading anything."""
    files = scan_files(Path(path))
    total = count_pages(files)
    printed = PrintedPages(db)
    summary = ScanSummary(files=len(files))
    seen: set[str] = set()
    if progress is not None:
        progress(0, total)
    for done, image in enumerate(iter_pages(files), start=1):
        if cancel is not None and cancel():
            raise Cancelled
        for reading in read_one_image(image, printed.geometry):
            summary.pages.append(_page(reading, printed, seen))
        image.grey = None  # one page's pixels at a time: a 200-page scan is not held whole
        if progress is not None:
            progress(min(done, total), total)
    return summary


def _page(reading: PageReading, printed: PrintedPages, seen: set[str]) -> ScannedPage:
    if reading.status in _PLAIN:
        return ScannedPage(reading.label, _PLAIN[reading.status], note=reading.note)
    ref = reading.reference
    what = printed.get(ref)
    if what is None:
        return ScannedPage(reading.label, Found.UNKNOWN, ref, note=_unknown(ref))
    if what.kind == "legacy_slip":
        return ScannedPage(
            reading.label,
            Found.LEGACY,
            ref,
            what.title,
            note="record this one by its reference (Reply slips, or `liaison reply`)",
        )
    if reading.status is not PageStatus.READ:
        return ScannedPage(reading.label, Found.UNREADABLE, ref, what.title, note=reading.note)
    if ref in seen:
        return ScannedPage(
            reading.label,
            Found.DUPLICATE,
            ref,
            what.title,
            note="the same page appears earlier in this scan; it is recorded once",
        )
    seen.add(ref)
    return _read_page(reading, what)


def _read_page(reading: PageReading, what: Printed) -> ScannedPage:
    questions = {q.key: q for q in what.questions}
    answers, unsure = {}, []
    for q in reading.questions:
        if q.question not in questions:
            continue
        if q.state is QuestionState.UNSURE:
            why = q.why
            for key, words in questions[q.question].options:
                why = why.replace(f"'{key}'", f"'{words}'")
            unsure.append(
                Unsure(
                    what.reference,
                    what.title,
                    questions[q.question],
                    q.proposal,
                    why,
                    q.crop_png,
                    questions[q.question].kind == "any",
                )
            )
        else:
            answers[q.question] = q.answers
    found = Found.SLIP if what.kind == "reply_slip" else Found.PAGE
    note = ""
    if what.already is not None:
        found = Found.ALREADY
        note = (
            f"its reply ({what.already['reply']}) is already recorded; nothing is changed"
            if "reply" in what.already
            else "its answers were already entered; nothing is changed (to correct them, "
            "use Parent voice > Enter answers)"
        )
    return ScannedPage(
        reading.label,
        found,
        what.reference,
        what.title,
        what.questions,
        answers,
        tuple(unsure),
        reading.written,
        note,
    )


def _unknown(reference: str) -> str:
    if references.well_formed(reference) or (
        len(reference) == 7 and reference.startswith("R") and reference.isalnum()
    ):
        return (
            f"{reference} was not printed by this Liaison: another school's page, or one "
            "printed from another database. Nothing is guessed."
        )
    return "its QR code is not a Liaison reference (another leaflet or form)"
