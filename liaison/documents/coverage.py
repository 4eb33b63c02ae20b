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
from functools import lru_cache

from fontTools.ttLib import TTCollection, TTFont

from liaison.documents.cmap_runs import unicode_runs
from liaison.documents.font_names import font_files
from liaison.errors import LiaisonError

# Spaces, controls and format characters (bidi marks, ZWJ) have no glyph to check.
_SKIP = {"Zs", "Zl", "Zp", "Cc", "Cf"}


class MissingGlyphs(LiaisonError):
    exit_code = 10


@lru_cache(maxsize=1)
def shipped_ranges() -> tuple[array[int], array[int]]:
    """Every code point some packaged font maps to a glyph, as sorted, separate ranges
    first..last. Ranges, not a set of code points: the CJK collection's five faces map the same
    44,000 code points each, and a set of them took most of a renderer's 0.11 s to build."""
    spans: set[tuple[int, int]] = set()
    for path in font_files():
        faces = (
            TTCollection(path, lazy=True).fonts
            if path.suffix == ".ttc"
            else [TTFont(path, lazy=True)]
        )
        for face in faces:
            # From the map's runs: fontTools' own dicts of the CJK faces cost every renderer
            # process about 90 MB (liaison/documents/cmap_runs.py).
            spans.update((first, last) for first, last, _glyph in unicode_runs(face))
    firsts: array[int] = array("L")
    lasts: array[int] = array("L")
    for first, last in sorted(spans):
        if lasts and first <= lasts[-1] + 1:
            lasts[-1] = max(lasts[-1], last)
        else:
            firsts.append(first)
            lasts.append(last)
    return firsts, lasts


def covered(char: str) -> bool:
    firsts, lasts = shipped_ranges()
    code = ord(char)
    at = bisect_right(firsts, code) - 1
    return at >= 0 and code <= lasts[at]


def missing_characters(text: str) -> list[str]:
    """The characters no shipped font has, each once, in the order they first appear (each
    distinct character looked at once: every letter of a run is checked)."""
    return [
        char
        for char in dict.fromkeys(text)
        if not (char.isascii() and char.isprintable())
        and unicodedata.category(char) not in _SKIP
        and not covered(char)
    ]


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
