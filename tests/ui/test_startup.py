"""The window first: the unlock screen and the first-run wizard appear before the database code
and the letters' engine load; those load on a thread while the officer types."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock
from ui import main_window, preload

HEAVY = (
    "sqlalchemy",
    "liaison.models",
    "liaison.store.database",
    "liaison.services.access",
    "liaison.documents.pdf",
    "zxcvbn",
    "ui.workspace",
)

# A fresh interpreter, as `python -m ui` starts: the window as main() shows it, then the preload.
SHOW = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from ui import preload
from ui.app import make_app
from ui.main_window import MainWindow
from ui.messages import ScriptedMessages

app = make_app(sys.argv[:1])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = MainWindow(Path(sys.argv[1]), ScriptedMessages(), settings=settings)
window.show()
app.processEvents()
heavy = json.loads(sys.argv[3])
shown = type(window.stack.currentWidget()).__name__
before = [name for name in heavy if name in sys.modules]
preload.start()
preload.wait()
after = [name for name in heavy if name in sys.modules]
print(json.dumps({"shown": shown, "before": before, "after": after}))
"""


def _show(db_path: Path, tmp_path: Path) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", SHOW, str(db_path), str(tmp_path / "s.ini"), json.dumps(HEAVY)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_unlock_screen_shows_before_the_database_code_loads(
    demo_path: Path, tmp_path: Path
) -> None:
    seen = _show(demo_path, tmp_path)
    assert seen["shown"] == "UnlockView"
    assert seen["before"] == []
    # Loaded by the preload, except the workspace's widgets (built on the GUI thread).
    assert seen["after"] == [name for name in HEAVY if name != "ui.workspace"]


def test_first_run_wizard_shows_before_the_database_code_loads(tmp_path: Path) -> None:
    seen = _show(tmp_path / "new" / "liaison.db", tmp_path)
    assert seen["shown"] == "FirstRunWizard"
    assert seen["before"] == []


def test_go_menu_names_are_the_workspace_areas(make_window, db_path: Path) -> None:
    window = make_window(db_path)
    go = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Go")
    assert [a.text() for a in go.actions()] == list(main_window.AREAS)
    assert list(main_window.AREAS) == window.workspace.area_names()


def test_unlocking_while_the_code_loads(qtbot: QtBot, make_window, demo_path: Path) -> None:
    window = make_window(demo_path)
    assert window._workspace is None  # not built until it is needed
    preload.start()
    unlock(qtbot, window, PASSPHRASE)
    assert preload.done()
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.families.model.rowCount() == 40
