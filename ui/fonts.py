"""Register the Noto fonts shipped as Python packages, so every script shows the same everywhere.

Under the offscreen platform (tests, screenshots) and on PCs with few fonts, Qt would otherwise
draw boxes for Bengali, Ethiopic or Chinese names.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

# The order is the fallback order for text with no font of its own.
UI_FAMILIES = [
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Bengali",
    "Noto Sans Gurmukhi",
    "Noto Sans Gujarati",
    "Noto Sans Devanagari",
    "Noto Sans Tamil",
    "Noto Sans Ethiopic",
    "Noto Sans CJK SC",
    "Noto Sans Thai",
    "Noto Sans Hebrew",
]


def _font_files() -> list[Path]:
    files: list[Path] = []
    for package in ("manimgx_fonts", "manimgx_fonts_cjk"):
        try:
            module = __import__(package)
        except ImportError:
            continue
        folder = Path(os.path.dirname(module.__file__ or ""))
        files += sorted(p for p in folder.iterdir() if p.suffix in (".ttf", ".otf", ".ttc"))
    return files


@cache
def register() -> list[str]:
    """Add the packaged fonts once; return the families Qt now knows from them."""
    families: list[str] = []
    for path in _font_files():
        if "Emoji" in path.name:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def ui_font(point_size: float = 10.0) -> QFont:
    font = QFont()
    font.setFamilies(UI_FAMILIES)
    font.setPointSizeF(point_size)
    return font
