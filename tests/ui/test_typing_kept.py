"""Typing is never lost (issue 18): Esc asks before discarding a dialog's changes, Ctrl+L locks
from inside any dialog and hides every window at once, and what was typed (in a dialog, on the
family page, in the template editor) comes back after unlocking."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from liaison.services import families as fam
from tests.ui.conftest import unlock
from ui.views.family.casework_tabs import MeetingsTab
from ui.views.family.support_tab import SupportTab


def _family_tab(qtbot: QtBot, make_window, demo_path: Path, kind: type):
    window = make_window(demo_path)
    unlock(qtbot, window)
    families = window.workspace.families
    window.workspace.show_area("Families")
    families.open_family(families.model.rows[0].id)
    tab = next(t for t in families.page.extra_tabs if isinstance(t, kind))
    families.page.tabs.setCurrentWidget(tab)
    return window, families, tab


def _visible_windows(window) -> list:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def test_esc_on_a_new_meeting_with_notes_asks_first(
    qtbot: QtBot, make_window, messages, demo_path: Path
) -> None:
    _window, _families, tab = _family_tab(qtbot, make_window, demo_path, MeetingsTab)
    tab.open_meeting(None)
    dialog = tab.dialog
    qtbot.waitExposed(dialog)
    dialog.notes.setPlainText("")
    qtbot.keyClicks(dialog.notes, "Mother worried about the school trip")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # answered "cancel": keep writing
    assert messages.shown[-1][0] == "unsaved" and "meeting" in messages.shown[-1][2]
    assert dialog.isVisible()
    assert dialog.notes.toPlainText() == "Mother worried about the school trip"
    messages.answers = ["discard"]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    # Opened and closed untouched: nothing to ask.
    asked = len(messages.shown)
    tab.open_meeting(None)
    qtbot.waitExposed(tab.dialog)
    qtbot.keyClick(tab.dialog, Qt.Key.Key_Escape)
    assert not tab.dialog.isVisible() and len(messages.shown) == asked


def test_every_dialog_holding_typing_asks(
    qtbot: QtBot, make_window, messages, demo_path: Path
) -> None:
    window, _families, support = _family_tab(qtbot, make_window, demo_path, SupportTab)
    opened = []
    support.open_booking(None)
    opened.append(support.dialog)
    support.refer()
    opened.append(support.dialog)
    window.workspace.intake()
    opened.append(window.workspace.dialog)
    window.workspace.open_settings()
    opened.append(window.workspace.dialog)
    for dialog in opened:
        edit = next(e for e in dialog.findChildren(QLineEdit) if e.isVisible() and e.isEnabled())
        edit.setFocus()
        edit.insert("typed")
        before = len(messages.shown)
        dialog.reject()  # what Esc, Cancel and the close box all do
        assert len(messages.shown) == before + 1, type(dialog).__name__
        assert messages.shown[-1][0] in ("unsaved", "ask")
        assert dialog.isVisible(), type(dialog).__name__
        messages.answers = ["discard"]
        dialog.reject()
        assert not dialog.isVisible()


def test_ctrl_l_from_a_dialog_locks_and_hides_every_window(
    qtbot: QtBot, make_window, demo_path: Path
) -> None:
    window, _families, tab = _family_tab(qtbot, make_window, demo_path, MeetingsTab)
    tab.open_meeting(None)
    dialog = tab.dialog
    qtbot.waitExposed(dialog)
    dialog.notes.setPlainText("Half a note, typed before the lock")
    window.workspace.new_family()  # a second window open at the same time
    second = window.workspace.dialog
    qtbot.waitExposed(second)
    dialog.notes.setFocus()
    qtbot.keyClick(dialog.notes, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.vault.is_open
    assert _visible_windows(window) == []
    assert window.stack.currentWidget() is window.unlock_view
    unlock(qtbot, window)
    assert dialog.isVisible() and second.isVisible()
    assert dialog.notes.toPlainText() == "Half a note, typed before the lock"
    assert dialog.save()


def test_a_half_typed_note_on_the_family_page_survives_a_lock(
    qtbot: QtBot, make_window, demo_path: Path
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    families = window.workspace.families
    window.workspace.show_area("Families")
    target = families.model.rows[4]
    families.open_family(target.id)
    families.page.tabs.setCurrentIndex(2)
    qtbot.keyClicks(families.page.note_text, "Called about the uniform grant")
    families.page.note_confidential.setChecked(True)
    window.lock_action.trigger()
    assert families.page.note_text.toPlainText() == ""  # nothing on screen while locked
    unlock(qtbot, window)
    assert families.page.family_id == target.id and families.page.tabs.currentIndex() == 2
    assert families.page.note_text.toPlainText() == "Called about the uniform grant"
    assert families.page.note_confidential.isChecked()
    assert families.page.save_note()
    notes = fam.get_family(window.vault.db, target.id).notes
    assert any(n.body == "Called about the uniform grant" and n.confidential for n in notes)


def test_template_editor_keeps_and_asks(
    qtbot: QtBot, make_window, messages, demo_path: Path
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    window.workspace.show_area("Letter templates")
    view = window.workspace.templates
    view.select_language("URD")
    view.body.setPlainText(view.body.toPlainText() + "\nایک نئی سطر")
    window.lock_action.trigger()
    unlock(qtbot, window)
    window.workspace.show_area("Letter templates")
    assert view.language == "URD" and view.body.toPlainText().endswith("ایک نئی سطر")
    # Choosing another language asks; "cancel" keeps the edit on screen.
    view.variants.setCurrentRow(0)
    assert messages.shown[-1][0] == "unsaved"
    assert view.language == "URD" and view.body.toPlainText().endswith("ایک نئی سطر")
