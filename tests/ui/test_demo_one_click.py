"""The demo in one click (issue 18): a fixed passphrase, shown and marked DEMO everywhere, and
never usable for a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from liaison.errors import ValidationError
from liaison.services import demo_mark
from liaison.services.access import create_database, keyfile_path
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.ui.conftest import unlock
from ui.views.dialogs.passphrase import PassphraseFields


def test_one_click_to_try_the_demo_and_one_to_unlock_it(
    qtbot: QtBot, make_window, tmp_path: Path
) -> None:
    path = tmp_path / "data" / "liaison.db"
    window = make_window(path)
    wizard = window.wizard
    assert demo_mark.DEMO_PASSPHRASE in wizard.demo_button.text()
    wizard.demo_button.click()  # the one click
    qtbot.waitUntil(lambda: window.vault.is_open, timeout=30_000)
    assert window.stack.currentWidget() is window.workspace
    assert "DEMO" in window.windowTitle() and "DEMO" in window.lock_label.text()
    assert "DEMO" in window.workspace.school_label.text()
    assert demo_mark.is_demo(path)
    window.lock_action.trigger()
    view = window.unlock_view
    assert view.demo_note.isVisibleTo(window) and demo_mark.DEMO_PASSPHRASE in view.demo_note.text()
    assert "DEMO" in view.heading.text()
    view.demo_button.click()  # one click again
    qtbot.waitUntil(lambda: window.vault.is_open, timeout=30_000)


def test_a_real_database_shows_no_demo_and_never_takes_its_passphrase(
    qtbot: QtBot, make_window, db_path: Path, tmp_path: Path
) -> None:
    window = make_window(db_path)
    assert not window.unlock_view.demo_button.isVisibleTo(window)
    assert "DEMO" not in window.unlock_view.heading.text()
    unlock(qtbot, window)
    assert "DEMO" not in window.windowTitle()
    with pytest.raises(ValidationError):
        create_database(tmp_path / "real" / "liaison.db", demo_mark.DEMO_PASSPHRASE, kdf=CHEAP_KDF)
    assert not (tmp_path / "real" / "liaison.db").exists()
    fields = PassphraseFields()
    fields.first.setText(demo_mark.DEMO_PASSPHRASE)
    fields.second.setText(demo_mark.DEMO_PASSPHRASE)
    assert not fields.valid and "demo" in fields.feedback.text()


def test_a_real_key_file_in_place_of_the_demo_is_not_taken_for_a_demo(tmp_path: Path) -> None:
    """Restoring a real backup over a demo replaces the key file: the marker stops matching."""
    demo, _ = create_database(tmp_path / "d" / "liaison.db", "", kdf=CHEAP_KDF, demo=True)
    demo.close()
    real, _ = create_database(tmp_path / "r" / "liaison.db", PASSPHRASE, kdf=CHEAP_KDF)
    real.close()
    demo_db = tmp_path / "d" / "liaison.db"
    assert demo_mark.is_demo(demo_db)
    keyfile_path(demo_db).write_bytes(keyfile_path(tmp_path / "r" / "liaison.db").read_bytes())
    assert not demo_mark.is_demo(demo_db)
