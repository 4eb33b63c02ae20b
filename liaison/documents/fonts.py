"""Fonts for every script we print, from pinned PyPI packages (Noto, OFL), registered with Qt.

Naskh (Noto Sans Arabic) serves Arabic, Urdu, Farsi, Dari, Pashto and Sorani: Qt overprints
Noto Nastaliq glyphs in PDFs (shared/notes/stack-facts.md).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFontDatabase

from liaison.documents import font_cache
from liaison.documents.font_names import FAMILIES, font_files
from liaison.documents.font_rename import renamed_font_data

__all__ = ["FAMILIES", "font_files", "register"]


@cache
def register() -> tuple[str, ...]:
    """Add the packaged fonts to Qt once (needs a Q(Gui)Application), under names of their own
    (liaison.documents.font_rename says why); return their families."""
    families: list[str] = []
    for path in font_files():
        cached = font_cache.renamed_file(path)  # mapped from a file, not held in memory
        if cached is not None:
            font_id = QFontDatabase.addApplicationFont(str(cached))
        else:
            font_id = QFontDatabase.addApplicationFontFromData(QByteArray(renamed_font_data(path)))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return tuple(dict.fromkeys(families))
