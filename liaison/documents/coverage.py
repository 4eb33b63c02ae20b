"""Refuse to print boxes: check that some font we ship (or the system has) draws every character."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from PySide6.QtGui import QFont, QFontMetrics

from liaison.documents import fonts
from liaison.errors import LiaisonError

# Spaces, controls and format characters (bidi marks, ZWJ) have no glyph to check.
_SKIP = {"Zs", "Zl", "Zp", "Cc", "Cf"}


class MissingGlyphs(LiaisonError):
    exit_code = 10


@lru_cache(maxsize=1)
def _metrics() -> tuple[QFontMetrics, ...]:
    fonts.register()
    out = []
    for family in fonts.FAMILIES:
        font = QFont()
        font.setFamilies([family])
        out.append(QFontMetrics(font))
    return tuple(out)


@lru_cache(maxsize=65536)
def covered(char: str) -> bool:
    return any(m.inFontUcs4(ord(char)) for m in _metrics())


def missing_characters(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for char in text:
        if char in seen or (char.isascii() and char.isprintable()):
            continue
        if unicodedata.category(char) in _SKIP:
            continue
        if not covered(char):
            seen[char] = None
    return list(seen)


def require_coverage(text: str, what: str) -> None:
    """Raise MissingGlyphs naming the characters, rather than print boxes."""
    missing = missing_characters(text)
    if missing:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:8])
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        raise MissingGlyphs(
            f"Cannot print {what}: no installed font has {shown}{more}. Install a font for this "
            "script or choose another language; nothing was printed."
        )
