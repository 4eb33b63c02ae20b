"""File > Read scanned replies… in the window: a copier's scan of 30 reply slips read off the
GUI thread, reviewed, the unsure ones settled with one key each beside their crop, recorded;
nothing recorded before Record, and a second reading records nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from liaison.models import PrintedDocument
from liaison.services.scans import Found
from tests.conftest import copy_db
from tests.scan_stack import School
from tests.ui.conftest import unlock


def _thirty_slips(school: School, out: Path) -> tuple[Path, list[str]]:
    chosen = [
        (i, p.reference) for i, p in enumerate(school.summary.pages) if p.found is Found.SLIP
    ][:30]
    pdf = pdfium.PdfDocument.new()
    pdf.import_pages(pdfium.PdfDocument(str(school.scan_pdf)), [i for i, _ in chosen])
    pdf.save(str(out))
    return out, [r for _, r in chosen]


def _replies(window) -> dict[str, str | None]:
    with window.vault.db.read() as s:
        return dict(s.execute(select(PrintedDocument.reply_ref, PrintedDocument.reply)).all())


def test_thirty_slips_read_confirmed_and_recorded(
    qtbot: QtBot, make_window, scanned_school: School, tmp_path: Path
) -> None:
    scan, refs = _thirty_slips(scanned_school, tmp_path / "copier-slips.pdf")
    window = make_window(copy_db(scanned_school.db_path, tmp_path / "data"))
    unlock(qtbot, window)
    window.workspace.read_scans(scan)
    dialog = window.workspace.dialog
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=120_000)
    summary = dialog.summary
    assert "30 page(s) read, 30 reply slip" in dialog.headline.text()
    assert dialog.pages.topLevelItemCount() == 30
    assert all(v is None for k, v in _replies(window).items() if k in refs)
    truths = scanned_school.stack.truths
    unsure = summary.unsure
    assert unsure and dialog.panel.isVisible()
    assert not dialog.panel.crop.pixmap().isNull()
    shots = os.environ.get("LIAISON_SCREENSHOTS")
    if shots:
        dialog.grab().save(str(Path(shots) / "scans-review.png"))
    for u in unsure:  # one key each: the box the parent meant, by its number
        assert dialog.panel.unsure.key == u.key
        keys = [k for k, _ in u.question.options]
        answer = truths[u.key].answer
        key = str(keys.index(answer) + 1) if answer else "0"
        qtbot.keyClick(dialog.panel, key)
    assert not dialog.panel.isVisible()
    assert f"Confirmed {len(unsure)} of {len(unsure)}" in dialog.outcome.text()
    if shots:
        qtbot.wait(50)  # the layout gives the list the panel's room
        dialog.grab().save(str(Path(shots) / "scans-confirmed.png"))
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "recorded" in dialog.outcome.text(), timeout=60_000)
    replies = _replies(window)
    for ref in refs:
        assert replies[ref] == truths[(ref, "reply")].answer, ref
    answered = sum(1 for r in refs if truths[(r, "reply")].answer)
    assert dialog.outcome.text().startswith(f"{answered} reply slip(s)")
    dialog.reject()
    window.workspace.read_scans(scan)  # the same scan again: all already recorded
    again = window.workspace.dialog
    qtbot.waitUntil(lambda: again.summary is not None, timeout=120_000)
    assert again.summary.counts()[Found.ALREADY] == answered
    qtbot.mouseClick(again.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "recorded" in again.outcome.text(), timeout=60_000)
    assert again.outcome.text().startswith("0 reply slip(s)")
    assert _replies(window) == replies


def test_a_file_that_is_not_a_scan_is_refused_in_the_window(
    qtbot: QtBot, make_window, demo_path: Path, tmp_path: Path
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK\x03\x04")
    window.workspace.read_scans(notes)
    dialog = window.workspace.dialog
    qtbot.waitUntil(lambda: "is not a scan Liaison reads" in dialog.headline.text(), timeout=30_000)
    assert not dialog.record_button.isEnabled()
