"""The Reports area with real widgets on a real database whose figures are known."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pdfplumber
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from liaison.services import school
from liaison.services.access import open_database
from tests.conftest import PASSPHRASE, clock
from tests.report_data import build_known
from tests.ui.conftest import unlock
from ui.main_window import MainWindow
from ui.messages import ScriptedMessages
from ui.views.reports_view import ReportsView


def _known_window(
    qtbot: QtBot, make_window: Callable[[Path], MainWindow], db_path: Path
) -> tuple[MainWindow, ReportsView]:
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
    return window, view


def _show(qtbot: QtBot, view: ReportsView, name: str) -> None:
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: view.report is not None and view.report.period.name == name, timeout=10_000
    )


def test_a_term_on_screen_then_exported(
    qtbot: QtBot,
    make_window: Callable[[Path], MainWindow],
    db_path: Path,
    messages: ScriptedMessages,
    tmp_path: Path,
) -> None:
    window, view = _known_window(qtbot, make_window, db_path)
    # the term running today is shown first, newest term first in the list
    assert view.report is not None and view.report.period.name == "Autumn 2026"
    assert [view.term.itemText(i) for i in range(view.term.count())] == [
        "Autumn 2026",
        "Summer 2026",
        "Spring 2026",
    ]
    assert "figures to 23/11/2026" in view.summary.text()
    view.term.setCurrentText("Summer 2026")
    _show(qtbot, view, "Summer 2026")
    assert view.summary.text() == (
        "School · Summer 2026 (13/04/2026 to 22/07/2026) · compared with Spring 2026"
    )
    tile = view.tiles[2]
    assert (tile.value.text(), tile.label.text(), tile.delta.text()) == (
        "10",
        "Contacts and meetings held",
        "Spring 2026: fewer than 5",
    )
    assert tile.accessibleName() == ("Contacts and meetings held: 10. Spring 2026: fewer than 5")
    assert view.tiles[0].value.text() == "fewer than 5"
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert tabs == [
        "Headlines",
        "Families",
        "Contacts and meetings",
        "Interpreters",
        "Referrals and needs",
        "Engagement events",
        "Letters and agreements",
    ]
    assert view.figure("Contacts and meetings", "Contacts and meetings held") == (
        "10",
        "fewer than 5",
        "–",
    )
    assert view.figure("Interpreters", "Cost") == ("£130.00", "£0.00", "+£130.00")
    model = view.section_models["Contacts and meetings"]
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == (
        "Summer 2026"
    )
    view.tabs.setCurrentIndex(2)
    # bars with one showable value say nothing: no chart while small numbers are hidden
    assert not view.charts["Contacts and meetings"].isVisibleTo(view)
    # the small-number rule off: the same figures, exact, without computing again
    computed = view.report
    view.suppress.click()
    assert view.report is computed
    assert view.figure("Contacts and meetings", "Contacts and meetings held") == (
        "10",
        "2",
        "+8",
    )
    assert view.tiles[0].value.text() == "4"
    view.tabs.setCurrentIndex(2)
    chart = view.charts["Contacts and meetings"]
    assert chart.isVisibleTo(view) and chart.title == "Contacts by kind"
    assert "Phone call 6; Text message 1" in chart.accessibleDescription()
    view.suppress.click()
    # export all three, as the dialogs would
    done = view.export(pdf=tmp_path / "summer.pdf")
    assert done is not None and messages.shown[-1][0] == "info"
    assert "Figures only: no names or notes." in messages.shown[-1][2]
    view.export(xlsx=tmp_path / "summer.xlsx", csv_dir=tmp_path / "csv")
    with pdfplumber.open(tmp_path / "summer.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "Summer 2026" in text and "fewer than 5" in text
    sheet = openpyxl.load_workbook(tmp_path / "summer.xlsx")["Contacts and meetings"]
    assert ("Contacts and meetings held", 10, "fewer than 5", "–") in [
        row[:4] for row in sheet.iter_rows(values_only=True)
    ]
    assert len(list((tmp_path / "csv").iterdir())) == 7
    view.export(pdf=tmp_path / "missing" / "x.pdf")
    assert messages.shown[-1][0] == "error" and "does not exist" in messages.shown[-1][2]
    # locking forgets every figure
    window.lock()
    assert view.report is None and view.section_models == {}
    assert view.summary.text() == "" and not view.pdf_button.isEnabled()


def test_dates_typed_the_uk_way(
    qtbot: QtBot, make_window: Callable[[Path], MainWindow], db_path: Path
) -> None:
    _, view = _known_window(qtbot, make_window, db_path)
    view.start.clear()
    qtbot.keyClicks(view.start, "31/02/2026")
    assert view.by_dates.isChecked()
    view.end.clear()
    qtbot.keyClicks(view.end, "22/07/2026")
    before = view.report
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert (
        view.error.text()
        == "'31/02/2026' is not a date; type the day, month and year as dd/mm/yyyy."
    )
    assert view.report is before
    view.start.clear()
    qtbot.keyClicks(view.start, "13/04/2026")
    _show(qtbot, view, "13/04/2026 to 22/07/2026")
    assert view.error.text() == ""
    assert view.summary.text() == (
        "School · 13/04/2026 to 22/07/2026 · compared with 02/01/2026 to 12/04/2026"
    )
    view.start.clear()
    qtbot.keyClicks(view.start, "23/07/2026")
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert view.error.text() == "The end date is before the start date."


def test_the_setting_decides_the_first_view(
    qtbot: QtBot, make_window: Callable[[Path], MainWindow], db_path: Path
) -> None:
    db = open_database(db_path, passphrase=PASSPHRASE, clock=clock())
    try:
        build_known(db)
        school.set_setting(db, "report_suppress_small", False)
    finally:
        db.close()
    window = make_window(db_path)
    unlock(qtbot, window)
    window.workspace.show_area("Reports")
    view = window.workspace.reports
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
    assert not view.suppress.isChecked()
    assert view.suppress.accessibleName() == "Hide small numbers"
