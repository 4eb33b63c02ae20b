"""Fonts for every script we print, from pinned PyPI packages (Noto, OFL), registered with Qt.

Naskh (Noto Sans Arabic) serves Arabic, Urdu, Farsi, Dari, Pashto and Sorani: Qt overprints
Noto Nastaliq glyphs in PDFs (shared/notes/stack-facts.md).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from PySide6.QtGui import QFontDatabase

from liaison.documents.font_names import FAMILIES

__all__ = ["FAMILIES", "font_files", "register"]


def font_files() -> list[Path]:
    files: list[Path] = []
    for package in ("manimgx_fonts", "manimgx_fonts_cjk"):
        try:
            module = __import__(package)
        except ImportError:
            continue
        folder = Path(os.path.dirname(module.__file__ or ""))
        files += sorted(p for p in folder.iterdir() if p.suffix in (".ttf", ".otf", ".ttc"))
    return [p for p in files if "Emoji" not in p.name]


@cache
def register() -> tuple[str, ...]:
    """Add the packaged fonts to Qt once (needs a Q(Gui)Application); return their families."""
    families: list[str] = []
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return tuple(dict.fromkeys(families))
