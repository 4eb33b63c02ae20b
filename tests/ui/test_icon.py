"""Liaison's icon (issue 18): on every window and the taskbar, and in the package's executables."""

from __future__ import annotations

import re
import struct
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.app import make_app
from ui.icon import app_icon

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_and_its_windows_carry_the_icon(qtbot: QtBot, make_window, db_path: Path) -> None:
    app = make_app([])
    assert not app.windowIcon().isNull()
    window = make_window(db_path)
    icon = window.windowIcon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 256} <= sizes  # sharp in the title bar and the taskbar alike
    assert app_icon().pixmap(32, 32).toImage().pixelColor(16, 16).alpha() == 255


def test_the_package_gives_its_executables_the_icon() -> None:
    spec = (ROOT / "build.spec").read_text("utf-8")
    assert "icon=str(ICON)" in spec
    match = re.search(r'ICON = ROOT / "resources" / "icons" / \("(\S+)" if .* else "(\S+)"\)', spec)
    assert match is not None
    for name in match.groups():
        assert (ROOT / "resources" / "icons" / name).is_file()
    data = (ROOT / "resources" / "icons" / "liaison.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count == 7
