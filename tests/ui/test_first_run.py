"""First run: create a database through the wizard, or a demo; cancel leaves nothing."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pytestqt.qtbot import QtBot

from liaison.services import school
from liaison.services.access import open_database
from liaison.store import recovery
from liaison.store.database import keyfile_path
from tests.conftest import PASSPHRASE
from ui.views import first_run


def test_create_database_end_to_end(qtbot: QtBot, make_window, tmp_path: Path) -> None:
    path = tmp_path / "data" / "liaison.db"
    window = make_window(path)
    wizard = window.wizard
    assert wizard is not None and window.stack.currentWidget() is wizard
    assert not window.new_family_action.isEnabled()  # nothing to act on before a database
    wizard.create_choice.setChecked(True)
    wizard.next.click()
    wizard.next.click()  # no names yet
    assert "Give the school" in wizard.school_error.text()
    qtbot.keyClicks(wizard.school_name, "Northbridge Primary")
    qtbot.keyClicks(wizard.officer_name, "Ms Example")
    wizard.next.click()
    assert wizard.pages.currentIndex() == first_run.PASSPHRASE
    qtbot.keyClicks(wizard.passphrase.first, "password1")
    qtbot.keyClicks(wizard.passphrase.second, "password1")
    assert not wizard.next.isEnabled()  # too short and too common
    assert "at least 10" in wizard.passphrase.feedback.text()
    wizard.passphrase.first.setText(PASSPHRASE)
    wizard.passphrase.second.setText(PASSPHRASE + "x")
    assert not wizard.next.isEnabled() and "differ" in wizard.passphrase.feedback.text()
    wizard.passphrase.second.setText(PASSPHRASE)
    assert wizard.next.isEnabled()
    wizard.next.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == first_run.RECOVERY, timeout=10_000)
    code = wizard.code_label.text()
    assert recovery.normalise(code) is not None
    assert not wizard.next.isEnabled()  # the tick is required
    sheet = tmp_path / "sheet.pdf"
    wizard.write_sheet(sheet)
    with pdfplumber.open(sheet) as pdf:
        text = pdf.pages[0].extract_text()
    for group in code.split("-"):
        assert group in text
    assert "Northbridge Primary" in text
    wizard.kept.setChecked(True)
    wizard.next.click()
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.school_label.text() == "Northbridge Primary"
    assert window.new_family_action.isEnabled()
    assert window.lock_label.text() == "Unlocked"
    db = window.vault.db
    assert school.get_school(db).officer_name == "Ms Example"
    assert len(school.list_terms(db)) == 3
    window.vault.close()
    open_database(path, recovery_code=code).close()


def test_demo_database(qtbot: QtBot, make_window, tmp_path: Path) -> None:
    window = make_window(tmp_path / "demo.db")
    wizard = window.wizard
    wizard.demo_choice.setChecked(True)
    wizard.next.click()  # no school, passphrase or recovery page for a demo (issue 18)
    qtbot.waitUntil(lambda: window.vault.is_open, timeout=20_000)
    window.workspace.show_area("Families")
    assert window.workspace.families.proxy.rowCount() == 8


def test_cancelling_the_demo_leaves_no_file(qtbot: QtBot, make_window, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    window = make_window(path)
    wizard = window.wizard
    wizard.demo_families = 5000
    wizard.demo_choice.setChecked(True)
    wizard.next.click()
    qtbot.waitUntil(lambda: wizard.progress.maximum() == 5000, timeout=10_000)
    wizard.cancel_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == first_run.CHOICE, timeout=20_000)
    assert not path.exists() and not keyfile_path(path).exists()
    from liaison.services.demo_mark import marker_path

    assert not marker_path(path).exists()  # the demo's marker went too


def test_restore_a_backup_on_a_new_computer(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
    demo_template: tuple[Path, str],
    tmp_path: Path,
) -> None:
    """No database yet: the wizard restores a backup, shows what it holds first, and opens it
    with the backup's recovery code, then asks for a new passphrase."""
    from liaison.services import backups
    from liaison.services import families as fam

    with open_database(demo_path, passphrase=PASSPHRASE) as db:
        families = len(fam.list_families(db))
        backup = backups.make(db, "manual", tmp_path / "usb")
    new_pc = tmp_path / "new-pc" / "liaison.db"
    window = make_window(new_pc)
    wizard = window.wizard
    wizard.restore_choice.setChecked(True)
    wizard.next.click()
    assert wizard.pages.currentIndex() == first_run.RESTORE
    assert not wizard.next.isEnabled()  # nothing checked yet
    wizard.backup_path.setText(str(backup))
    wizard.restore_secret.setText("not the passphrase at all")
    wizard.check_button.click()
    qtbot.waitUntil(lambda: wizard.check_button.isEnabled(), timeout=10_000)
    assert "passphrase" in wizard.backup_summary.text().lower()
    assert not wizard.next.isEnabled() and not new_pc.exists()
    wizard.restore_is_code.setChecked(True)
    wizard.restore_secret.setText(demo_template[1])
    wizard.check_button.click()
    qtbot.waitUntil(lambda: wizard.next.isEnabled(), timeout=10_000)
    summary = wizard.backup_summary.text()
    assert f"{families:,} families" in summary and "Made on" in summary
    assert not new_pc.exists()  # checking writes nothing
    wizard.next.click()
    qtbot.waitUntil(lambda: hasattr(window, "passphrase_dialog"), timeout=10_000)
    dialog = window.passphrase_dialog
    dialog.fields.first.setText("a new passphrase for the new pc")
    dialog.fields.second.setText("a new passphrase for the new pc")
    dialog.accept()
    qtbot.waitUntil(lambda: window.vault.is_open, timeout=10_000)
    assert window.stack.currentWidget() is window.workspace
    assert len(fam.list_families(window.vault.db)) == families
    window.lock()
    with open_database(new_pc, passphrase="a new passphrase for the new pc") as db:
        assert len(fam.list_families(db)) == families
