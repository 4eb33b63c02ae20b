"""Unlock with right and wrong secrets, recovery code, auto-lock and Ctrl+L, second copy."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from liaison.services.access import open_database
from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock


def test_wrong_then_right_passphrase(qtbot: QtBot, make_window, demo_path: Path) -> None:
    window = make_window(demo_path)
    assert window.stack.currentWidget() is window.unlock_view
    assert window.workspace.families.model.rowCount() == 0
    window.unlock_view.secret.setText("not my passphrase at all")
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: "not right" in window.unlock_view.error.text(), timeout=10_000)
    assert not window.vault.is_open
    assert window.stack.currentWidget() is window.unlock_view
    assert window.unlock_view.secret.isEnabled()
    unlock(qtbot, window)
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.families.model.rowCount() == 40


def test_recovery_code_then_new_passphrase(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
    demo_template,
) -> None:
    window = make_window(demo_path)
    window.unlock_view.switch.click()
    assert window.unlock_view.prompt.text().startswith("Recovery code")
    unlock_code = demo_template[1].replace("-", " ").lower()
    window.unlock_view.secret.setText(unlock_code)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: hasattr(window, "passphrase_dialog"), timeout=10_000)
    dialog = window.passphrase_dialog
    dialog.fields.first.setText("a fresh new passphrase 42")
    dialog.fields.second.setText("a fresh new passphrase 42")
    assert dialog.ok.isEnabled()
    dialog.ok.click()
    assert window.vault.is_open
    window.vault.close()
    open_database(demo_path, passphrase="a fresh new passphrase 42").close()


def test_auto_lock_hides_records_and_unlock_returns_to_the_same_place(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    families = window.workspace.families
    window.workspace.show_area("Families")
    target = families.model.rows[7]
    families.open_family(target.id)
    families.page.tabs.setCurrentIndex(3)
    window.idle.setInterval(30)
    window.idle.start()
    qtbot.waitUntil(lambda: not window.vault.is_open, timeout=5_000)
    assert window.stack.currentWidget() is window.unlock_view
    assert "Locked to keep records private" in window.unlock_view.where.text()
    assert families.model.rowCount() == 0 and families.page.family_id is None
    assert not window.new_family_action.isEnabled()
    unlock(qtbot, window)
    assert window.workspace.current_area() == "Families"
    assert families.page.family_id == target.id
    assert families.page.tabs.currentIndex() == 3


def test_ctrl_l_keeps_a_half_typed_form(qtbot: QtBot, make_window, demo_path: Path) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    window.workspace.new_family()
    dialog = window.workspace.dialog
    qtbot.keyClicks(dialog.form.caregivers()[0].given, "Zainab")
    window.lock_action.trigger()
    assert not window.vault.is_open and not dialog.isVisible()
    unlock(qtbot, window)
    reopened = [w for w in window.findChildren(type(dialog)) if w.isVisible()]
    assert len(reopened) == 1
    assert reopened[0].form.caregivers()[0].given.text() == "Zainab"
    assert reopened[0].dirty


def test_second_copy_gets_a_clear_message(qtbot: QtBot, make_window, demo_path: Path) -> None:
    other = open_database(demo_path, passphrase=PASSPHRASE)
    try:
        window = make_window(demo_path)
        window.unlock_view.secret.setText(PASSPHRASE)
        window.unlock_view.unlock_button.click()
        qtbot.waitUntil(lambda: "already open" in window.unlock_view.error.text(), timeout=10_000)
        assert not window.vault.is_open
    finally:
        other.close()


def test_many_void_qt_calls_do_not_corrupt_none(qapp) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for i in range(5000):
        label.setText(str(i))
    assert sys.getrefcount(None) >= before


def test_lock_hides_a_meeting_form_and_unlock_brings_it_back(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
) -> None:
    from ui.views.family.casework_tabs import MeetingsTab

    window = make_window(demo_path)
    unlock(qtbot, window)
    families = window.workspace.families
    window.workspace.show_area("Families")
    families.open_family(families.model.rows[0].id)
    tab = next(t for t in families.page.extra_tabs if isinstance(t, MeetingsTab))
    tab.open_meeting(None)
    dialog = tab.dialog
    dialog.place.setText("Family room, typed before the lock")
    window.lock_action.trigger()
    assert not dialog.isVisible() and not window.vault.is_open
    unlock(qtbot, window)
    assert dialog.isVisible() and dialog.place.text() == "Family room, typed before the lock"
    assert dialog.save()  # works against the reopened database
