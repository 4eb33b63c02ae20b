"""Liaison's icon for the windows and the taskbar (drawn by packaging/make_icon.py)."""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtGui import QIcon

from liaison import paths

# Windows groups taskbar buttons by this id; without it they show Python's icon, not ours.
APP_USER_MODEL_ID = "Liaison.Liaison.Desktop"


@cache
def app_icon() -> QIcon:
    folder = paths.resources_dir() / "icons"
    icon = QIcon()
    for name in ("liaison.ico", "liaison.png"):
        if (folder / name).is_file():
            icon.addFile(str(folder / name))
    return icon


def claim_taskbar() -> None:
    """On Windows, show the taskbar button with Liaison's icon (a no-op elsewhere)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)
