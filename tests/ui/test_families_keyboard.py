"""The families table by keyboard and mouse (issue 18): Tab leaves the table, arrows move rows,
double-click opens the page (not the edit form), searching never ticks "Archived too", and the
default split shows pupils, languages and every family tab at 1366x768."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import unlock
from ui.views.family.form import FamilyDialog


def _families(qtbot: QtBot, make_window, demo_path: Path):
    window = make_window(demo_path)
    window.resize(1366, 700)
    unlock(qtbot, window)
    window.workspace.show_area("Families")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, window.workspace.families


def test_tab_leaves_the_table_and_never_changes_the_family(
    qtbot: QtBot, make_window, demo_path: Path
) -> None:
    _window, view = _families(qtbot, make_window, demo_path)
    view.table.setFocus()
    view.select_family(view.proxy.row_at(0).id)
    first = view.page.family_id
    assert first == view.proxy.row_at(0).id
    for _ in range(8):  # more presses than there are columns, each from the table
        view.table.setFocus()
        qtbot.keyClick(view.table, Qt.Key.Key_Tab)
        assert view.page.family_id == first
        focus = QApplication.focusWidget()
        assert focus is not view.table and view.page.isAncestorOf(focus)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.page.family_id == view.proxy.row_at(1).id


def test_double_click_opens_the_page_not_the_form(
    qtbot: QtBot, make_window, demo_path: Path
) -> None:
    window, view = _families(qtbot, make_window, demo_path)
    index = view.proxy.index(2, 1)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.page.family_id == view.proxy.row_at(2).id
    assert not [d for d in window.findChildren(FamilyDialog) if d.isVisible()]
    assert view.page.tabs.hasFocus()


def test_searching_does_not_tick_archived_too(qtbot: QtBot, make_window, demo_path: Path) -> None:
    window, view = _families(qtbot, make_window, demo_path)
    target = view.model.rows[5]
    assert not target.archived
    view.filter_text.setText("zzz-nobody")  # the family is filtered out of the table
    window.workspace.focus_search()
    search = window.workspace.search
    search.edit.setText(target.reference)
    search.open_first()  # the search runs off the window's thread
    qtbot.waitUntil(lambda: view.page.family_id == target.id)
    assert not view.archived.isChecked()


def test_default_split_shows_pupils_languages_and_every_tab(
    qtbot: QtBot, make_window, demo_path: Path
) -> None:
    _window, view = _families(qtbot, make_window, demo_path)
    view.open_family(view.model.rows[0].id)
    qtbot.waitUntil(lambda: view.table.viewport().width() > 0)
    viewport = view.table.viewport().width()
    for column in range(4):  # Ref, Family, Pupils, Languages
        right = view.table.columnViewportPosition(column) + view.table.columnWidth(column)
        assert right <= viewport, view.proxy.headerData(column, Qt.Orientation.Horizontal)
    bar = view.page.tabs.tabBar()
    for i in range(bar.count()):
        assert bar.tabRect(i).width() >= bar.tabSizeHint(i).width(), bar.tabText(i)
        assert bar.tabRect(i).right() <= bar.width()
    languages = view.proxy.index(0, 3).data()
    assert languages and not any(
        code.isupper() and len(code) <= 4 for code in languages.split(", ")
    )
