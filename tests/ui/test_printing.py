"""Print beside Save PDF (issue 18): a letter, a book-bag run and the termly report go to the
printer chosen in the print dialog as the same pages as their PDF. The printer here writes a
PDF (QPrinter's PDF output), and both files' pages are drawn and compared."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from liaison.services import families as fam
from liaison.services import letters
from liaison.services.access import open_database
from tests.conftest import PASSPHRASE, clock
from tests.report_data import build_known
from tests.ui.conftest import bookbag_for_first_class, unlock
from ui.views.family.letters_tab import LetterDialog, LettersTab

BLOCK = 10  # pixels averaged together: where the ink is, not how each letter is drawn


def _pages(path: Path, width: int = 420) -> list[list[float]]:
    """Each page drawn small in grey and averaged in blocks: the same words in the same places
    give the same pattern, whatever drew them."""
    out = []
    document = pdfium.PdfDocument(str(path))
    try:
        for page in document:
            scale = width / page.get_width()
            bitmap = page.render(scale=scale, grayscale=True)
            data = bytes(bitmap.buffer)
            step = bitmap.n_channels
            rows = [
                data[r * bitmap.stride : r * bitmap.stride + bitmap.width * step][::step]
                for r in range(bitmap.height)
            ]
            blocks = []
            for top in range(0, len(rows) - BLOCK + 1, BLOCK):
                for left in range(0, bitmap.width - BLOCK + 1, BLOCK):
                    cell = [rows[top + y][left + x] for y in range(BLOCK) for x in range(BLOCK)]
                    blocks.append(sum(cell) / len(cell))
            out.append(blocks)
    finally:
        document.close()
    return out


def _likeness(a: list[float], b: list[float]) -> float:
    """Correlation of two pages' pixels: 1.0 for the same drawing, near 0 for unrelated ones.
    (Thin strokes come out a shade darker drawn small from vectors than from the printer's
    300 dpi image, so equal pixels are not expected; equal places are.)"""
    n = len(a)
    mean_a, mean_b = sum(a) / n, sum(b) / n
    cov = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True))
    var_a = sum((x - mean_a) ** 2 for x in a)
    var_b = sum((y - mean_b) ** 2 for y in b)
    return cov / (var_a * var_b) ** 0.5


def _same_pages(printed: Path, pdf: Path) -> None:
    a, b = _pages(printed), _pages(pdf)
    assert len(a) == len(b) >= 1
    for index, (page_a, page_b) in enumerate(zip(a, b, strict=True)):
        assert len(page_a) == len(page_b)
        assert sum(1 for v in page_b if v < 235) > 40  # the page is not blank
        same = _likeness(page_a, page_b)
        assert same > 0.9, (index, same)
        # The measure notices a page moved by a line or two of text.
        row = 420 // BLOCK
        moved = page_b[2 * row :] + [255.0] * (2 * row)
        assert _likeness(page_a, moved) < same - 0.1


def test_a_letter_prints_the_pages_of_its_pdf(
    qtbot: QtBot, make_window, db_path: Path, messages, tmp_path: Path
) -> None:
    window = make_window(db_path)
    unlock(qtbot, window)
    db = window.vault.db
    family_id = fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(
                    key="m",
                    given_name="نور",
                    family_name="العلي",
                    main_language="ARA",
                    languages=[fam.LanguageSkill("ARA", True, True)],
                )
            ],
            pupils=[fam.PupilDraft(key="p", given_name="Ali", family_name="Ali")],
        ),
    )
    window.workspace.families.reload()
    window.workspace.open_family(family_id)
    tab = next(t for t in window.workspace.families.page.extra_tabs if isinstance(t, LettersTab))
    tab.new_letter()
    dialog: LetterDialog = tab.dialog
    dialog.template.setCurrentIndex(dialog.template.findData("welcome"))
    pdf = tmp_path / "letter.pdf"
    assert dialog.save_to(pdf)
    tab.new_letter()
    dialog = tab.dialog
    dialog.template.setCurrentIndex(dialog.template.findData("welcome"))
    printed = tmp_path / "printed.pdf"
    messages.answers = [True, printed]  # print the draft translation anyway; the printer
    dialog.print_button.click()
    assert messages.shown[-1][0] == "printer"
    assert not dialog.isVisible()
    _same_pages(printed, pdf)
    assert len(letters.printed_for(db, family_id)) == 2  # printing is recorded as saving is


def test_a_bookbag_run_prints_its_pdf(
    qtbot: QtBot, make_window, demo_path: Path, messages, tmp_path: Path
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    view = bookbag_for_first_class(window, "welcome")
    printed = tmp_path / "printed.pdf"
    messages.answers = [printed]
    view.start(tmp_path / "bookbag.pdf", then_print=True)
    qtbot.waitUntil(lambda: printed.exists() and view.job is None, timeout=120_000)
    assert "Sent" in view.summary.text() and "pages to the printer" in view.summary.text()
    assert view.result is not None
    _same_pages(printed, view.result.out)


def test_the_report_prints_the_pages_of_its_pdf(
    qtbot: QtBot, make_window, db_path: Path, messages, tmp_path: Path
) -> None:
    db = open_database(db_path, passphrase=PASSPHRASE, clock=clock())
    try:
        build_known(db)
    finally:
        db.close()
    window = make_window(db_path)
    unlock(qtbot, window)
    window.workspace.show_area("Reports")
    view = window.workspace.reports
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
    pdf = tmp_path / "report.pdf"
    assert view.export(pdf=pdf) is not None
    printed = tmp_path / "printed.pdf"
    messages.answers = [printed]
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "to the printer" in view.summary.text(), timeout=60_000)
    _same_pages(printed, pdf)
