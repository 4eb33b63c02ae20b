"""What a code point Qt wrote into a ToUnicode entry plainly stands for.

Qt writes each glyph's ToUnicode by looking it up in the font's cmap, and takes the first code
point it finds: compatibility forms (presentation forms, Kangxi radicals) where the plain
character draws the same glyph, and a tab for a space. liaison.documents.text_layer maps them
back to the plain ones with these.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from liaison.documents import font_facts

# Code points Qt picks from a cmap where a plainer one draws the same glyph.
_COMPAT_RANGES = ((0xFB00, 0xFB06), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0x2E80, 0x2FDF))


def plain(text: str, original: Original | None) -> str:
    return "".join(_plain_char(ch, original) for ch in text)


def _plain_char(ch: str, original: Original | None) -> str:
    if not _odd(ch):
        return ch
    if ch == "\t" and original is None:
        return " "  # no font needed; looking for one read the cmap of every packaged face
    # Qt leaves the name of a CFF font (the CJK collection) empty: any packaged font with the
    # character tells what else its glyph stands for.
    original = original if original is not None else _any_with(ord(ch))
    if original is not None and original.glyph(ord(ch)) is not None:
        # Another code point drawn with the same glyph: the ideograph, not its radical.
        plain = [code for code in _same_glyph(original, ord(ch)) if not _odd(chr(code))]
        if plain:
            return chr(plain[0])
    if ch == "\t":
        return " "
    return unicodedata.normalize("NFKC", ch)


# What _odd looks for, in a whole text at once: most entries hold none.
ODD = re.compile("[\t" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _COMPAT_RANGES) + "]")


def _odd(ch: str) -> bool:
    return ch == "\t" or any(lo <= ord(ch) <= hi for lo, hi in _COMPAT_RANGES)


@dataclass(frozen=True, eq=False)
class Original:
    """A font's character map as runs: codes first..last drawn with glyphs glyph, glyph+1...

    Runs, not a dict: the CJK collection's map as Python dicts (and fontTools' own, built on
    the way) cost 30 to 45 MB in every process that printed Chinese, each renderer child."""

    firsts: array[int]
    lasts: array[int]
    glyphs: array[int]

    def glyph(self, code: int) -> int | None:
        at = bisect_right(self.firsts, code) - 1
        if at >= 0 and code <= self.lasts[at]:
            return self.glyphs[at] + code - self.firsts[at]
        return None


@cache
def _same_glyph(original: Original, code: int) -> tuple[int, ...]:
    """Every code point the font draws with the glyph it draws `code` with, in order."""
    glyph = original.glyph(code)
    runs = zip(original.firsts, original.lasts, original.glyphs, strict=True)
    return tuple(
        sorted(first + glyph - g for first, last, g in runs if g <= glyph <= g + last - first)
    )


@cache
def _faces() -> dict[str, font_facts.Face]:
    """The installed packaged faces by PostScript name (the first, where two share one)."""
    found: dict[str, font_facts.Face] = {}
    for face in font_facts.facts().faces:
        if font_facts.font_path(face.file) is not None:
            found.setdefault(face.postscript, face)
    return found


def font_file(postscript_name: str) -> tuple[Path, int] | None:
    """The packaged font file (and face number) with this PostScript name."""
    return _index().get(postscript_name)


@cache
def _index() -> dict[str, tuple[Path, int]]:
    return {
        name: (path, face.number)
        for name, face in _faces().items()
        if (path := font_facts.font_path(face.file)) is not None
    }


@cache
def _any_with(code: int) -> Original | None:
    for name in _faces():
        original = cmap_of(name)
        if original is not None and original.glyph(code) is not None:
            return original
    return None


@cache
def cmap_of(postscript_name: str) -> Original | None:
    face = _faces().get(postscript_name)
    return None if face is None else Original(face.firsts, face.lasts, face.glyphs)
