"""Refuse to print boxes: check that some font Liaison ships draws every character.

The check reads the cmaps of the packaged font files (fontTools), never Qt's font matching: Qt
answers "yes" for a character any system font has (its fallback list includes the machine's
fonts), so a PC with Debian's fonts-noto-core passed letters another PC would print as boxes.
Letters are laid out only in the shipped families, so the same letter prints the same anywhere.
"""

from __future__ import annotations

import unicodedata
from array import array
from bisect import bisect_right

from liaison.documents import font_facts
from liaison.errors import LiaisonError

# Spaces, controls and format characters (bidi marks, ZWJ) have no glyph to check.
_SKIP = {"Zs", "Zl", "Zp", "Cc", "Cf"}


class MissingGlyphs(LiaisonError):
    exit_code = 10


def shipped_ranges() -> tuple[array[int], array[int]]:
    """Every code point some packaged font maps to a glyph, as sorted, separate ranges
    first..last (liaison.documents.font_facts reads them once, not every run). Ranges, not a
    set of code points: the CJK collection's five faces map the same 44,000 code points each."""
    return font_facts.facts().covered


def covered(char: str) -> bool:
    firsts, lasts = shipped_ranges()
    code = ord(char)
    at = bisect_right(firsts, code) - 1
    return at >= 0 and code <= lasts[at]


def missing_characters(text: str) -> list[str]:
    """The characters no shipped font has, each once, in the order they first appear (each
    distinct character looked at once: every letter of a run is checked, and a character
    found drawable is not looked at again)."""
    missing = []
    for char in dict.fromkeys(text):
        if char in _DRAWABLE:
            continue
        if (
            (char.isascii() and char.isprintable())
            or unicodedata.category(char) in _SKIP
            or covered(char)
        ):
            _DRAWABLE.add(char)
        else:
            missing.append(char)
    return missing


# Characters found drawable or needing no glyph (the packaged fonts do not change while the
# program runs).
_DRAWABLE: set[str] = set()


def require_coverage(text: str, what: str) -> None:
    """Raise MissingGlyphs naming the characters, rather than print boxes."""
    missing = missing_characters(text)
    if missing:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:8])
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        raise MissingGlyphs(
            f"Cannot print {what}: no font Liaison ships has {shown}{more}. Choose another "
            "language or remove the character; nothing was printed."
        )
