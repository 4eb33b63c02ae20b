"""Settings: school details and logo, term dates, auto-lock minutes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from liaison.services import school
from liaison.services.access import open_database
from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock
from ui.views.dialogs.settings import SettingsDialog


def _png() -> bytes:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#1d5fa0"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_settings_save_school_terms_and_auto_lock(
    qtbot: QtBot,
    make_window,
    db_path: Path,
) -> None:
    window = make_window(db_path)
    unlock(qtbot, window)
    window.workspace.open_settings()
    dialog: SettingsDialog = window.workspace.dialog
    dialog.name.setText("Northbridge Primary")
    dialog.officer.setText("Ms Example")
    dialog.set_logo(_png())
    dialog.term_start.setText("03/09/2026")
    dialog.term_end.setText("18/12/2026")
    dialog.add_term()
    assert dialog.terms.rowCount() == 1
    dialog.term_start.setText("01/12/2026")
    dialog.term_end.setText("20/12/2026")
    dialog.add_term()
    assert "overlap" in dialog.error.text().lower() and dialog.terms.rowCount() == 1
    dialog.auto_lock.setValue(2)
    dialog.sibling_rule.setCurrentIndex(dialog.sibling_rule.findData("each"))
    dialog.save()
    assert not dialog.isVisible()
    db = window.vault.db
    details = school.get_school(db)
    assert details.name == "Northbridge Primary" and details.logo_png == _png()
    assert school.list_terms(db)[0].starts_on == dt.date(2026, 9, 3)
    assert school.get_setting(db, "auto_lock_minutes") == 2
    assert school.get_setting(db, "sibling_rule") == "each"
    assert window.workspace.school_label.text() == "Northbridge Primary"
    assert window.idle.interval() == 2 * 60_000 and window.idle.isActive()


def test_a_file_that_is_not_png_is_refused(
    qtbot: QtBot,
    make_window,
    db_path: Path,
) -> None:
    window = make_window(db_path)
    unlock(qtbot, window)
    window.workspace.open_settings()
    dialog: SettingsDialog = window.workspace.dialog
    dialog.set_logo(b"GIF89a not a png")
    dialog.save()
    assert dialog.isVisible() and "PNG" in dialog.error.text()
    assert school.get_school(window.vault.db).logo_png is None


def test_back_up_now_daily_and_on_close(
    qtbot: QtBot,
    make_window,
    db_path: Path,
) -> None:
    import datetime as dt

    from liaison.services import backups

    window = make_window(db_path)
    unlock(qtbot, window)
    assert window.backup_timer.isActive()
    window.back_up_now()
    qtbot.waitUntil(lambda: window.backup_job.done, timeout=20_000)
    assert [b.reason for b in backups.list_backups(window.vault.db)] == ["manual"]
    first_job = window.backup_job
    window.daily_backup()  # a backup exists from just now: none due
    assert window.backup_job is first_job
    window.clock.advance(dt.timedelta(hours=25))
    window.daily_backup()
    qtbot.waitUntil(lambda: window.backup_job.done, timeout=20_000)
    assert [b.reason for b in backups.list_backups(window.vault.db)] == ["daily", "manual"]
    window.lock()
    assert not window.backup_timer.isActive()
    unlock(qtbot, window)
    window.clock.advance(dt.timedelta(minutes=5))
    window.close()  # every close makes one; the rotation keeps the newest of each day
    assert not window.vault.is_open
    with open_database(db_path, passphrase=PASSPHRASE) as db:
        assert [b.reason for b in backups.list_backups(db)] == ["on-close", "manual"]


def test_restore_from_a_backup_in_the_app(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
    messages,
    tmp_path: Path,
) -> None:
    from liaison.services import backups
    from liaison.services import families as fam
    from tests.conftest import PASSPHRASE

    window = make_window(demo_path)
    unlock(qtbot, window)
    db = window.vault.db
    # A folder of her choosing (a USB stick, say), set in Settings.
    usb = tmp_path / "usb"
    usb.mkdir()
    window.workspace.open_settings()
    dialog: SettingsDialog = window.workspace.dialog
    dialog.backup_folder.setText(str(usb))
    dialog.keep_daily.setValue(3)
    dialog.save()
    assert dialog.error.text() == "", dialog.error.text()
    path = backups.make(window.vault.db, "manual")
    assert path.parent == usb
    assert backups.rotation(window.vault.db) == backups.Rotation(3, 4, 12)
    count = len(fam.list_families(window.vault.db))
    fam.save_family(
        window.vault.db,
        fam.FamilyDraft(
            caregivers=[fam.CaregiverDraft(key="c", given_name="Later", family_name="Family")]
        ),
    )
    messages.answers = [True]
    assert window.restore_from(path, "wrong passphrase here") is not None
    assert "Restore failed" in messages.shown[-1][1]
    messages.answers = [True]
    assert window.restore_from(path, PASSPHRASE)
    shown = messages.shown[-2][2]  # what the backup holds, asked before anything is replaced
    assert f"{count:,} families" in shown and "Replace the current database" in shown
    assert not window.vault.is_open and window.stack.currentWidget() is window.unlock_view
    unlock(qtbot, window)
    assert len(fam.list_families(window.vault.db)) == count
    assert db is not window.vault.db
