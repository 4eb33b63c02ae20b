"""The window's restore names a backup of another database before replacing anything."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from liaison.services import families as fam
from tests.conftest import PASSPHRASE
from tests.test_restore_other_database import backup_of_another_database
from tests.ui.conftest import unlock


def test_window_warns_before_restoring_another_database(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
    empty_template: tuple[Path, str],
    tmp_path: Path,
    messages,
) -> None:
    other_backup = backup_of_another_database(empty_template, tmp_path)
    window = make_window(demo_path)
    unlock(qtbot, window)
    count = len(fam.list_families(window.vault.db))
    messages.answers = [False]
    assert not window.restore_from(other_backup, PASSPHRASE)
    asked = messages.shown[-1][2]
    assert "different database" in asked and "0 families" in asked
    assert window.vault.is_open and len(fam.list_families(window.vault.db)) == count
