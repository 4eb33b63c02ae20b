"""A real window on a real encrypted database per test, offscreen; no dialog timers, no sleeps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.conftest import CHEAP_KDF, PASSPHRASE, clock
from ui import fonts
from ui.main_window import MainWindow
from ui.messages import ScriptedMessages
from ui.views.bookbag_view import BookbagView


@pytest.fixture(autouse=True)
def _fonts(qapp) -> None:
    fonts.register()
    qapp.setFont(fonts.ui_font())


@pytest.fixture
def messages() -> ScriptedMessages:
    return ScriptedMessages()


@pytest.fixture
def make_window(
    qtbot: QtBot, messages: ScriptedMessages, tmp_path: Path
) -> Iterator[Callable[[Path], MainWindow]]:
    windows: list[MainWindow] = []

    def make(path: Path) -> MainWindow:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(
            path, messages, kdf=CHEAP_KDF, clock=clock(), demo_families=8, settings=settings
        )
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        for job in list(window.vault.ops._jobs):
            job.cancel()
        window.vault.ops.wait()
        window.vault.close()


def unlock(qtbot: QtBot, window: MainWindow, secret: str = PASSPHRASE) -> None:
    window.unlock_view.secret.setText(secret)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: window.vault.is_open, timeout=10_000)
    if window.workspace.current_area() == "Today":
        # Today works its page out on the database worker.
        qtbot.waitUntil(lambda: window.workspace.today.page is not None, timeout=10_000)


def bookbag_for_first_class(window: MainWindow, template: str) -> BookbagView:
    """The book-bag screen with `template` chosen for the first class."""
    window.workspace.show_area("Book-bag letters")
    view = window.workspace.bookbag
    view.template.setCurrentIndex(view.template.findData(template))
    view.classes.item(0).setSelected(True)
    return view


def today_refreshed(qtbot: QtBot, window: MainWindow) -> None:
    """Refresh Today and wait for the page the database worker works out."""
    view = window.workspace.today
    before = view.page
    view.refresh()
    qtbot.waitUntil(lambda: view.page is not before, timeout=10_000)
