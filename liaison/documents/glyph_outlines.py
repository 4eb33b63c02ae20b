"""A glyph's outline as PDF path operators, to draw it as a filled shape rather than as text.

Used for the glyphs of a text run that stand for no characters of their own (the dots Noto
Sans Arabic puts on a dotless base, Indic vowel signs and conjunct parts that belong to their
syllable's base glyph): drawn as text, each reads back as an empty character, which pdfplumber
takes as a word break and pdfium as a run of its own (it sorts glyphs by position and repeats
an ActualText span whenever another span's glyph falls between two of its own). Drawn as the
same outline, filled, the page looks the same and readers see only glyphs that carry text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from liaison.documents.glyph_text import font_for


class _Pen:
    """Collects HarfBuzz's drawing calls as PDF operators (quadratic curves made cubic)."""

    def __init__(self) -> None:
        self.ops: list[str] = []
        self._at = (0.0, 0.0)

    def moveTo(self, p: tuple[float, float]) -> None:
        self.ops.append(f"{_n(p[0])} {_n(p[1])} m")
        self._at = p

    def lineTo(self, p: tuple[float, float]) -> None:
        self.ops.append(f"{_n(p[0])} {_n(p[1])} l")
        self._at = p

    def qCurveTo(self, *points: tuple[float, float]) -> None:
        # HarfBuzz passes one control point and the end point.
        (cx, cy), (x, y) = points[0], points[-1]
        x0, y0 = self._at
        c1 = (x0 + 2 * (cx - x0) / 3, y0 + 2 * (cy - y0) / 3)
        c2 = (x + 2 * (cx - x) / 3, y + 2 * (cy - y) / 3)
        self.curveTo(c1, c2, (x, y))

    def curveTo(self, *points: tuple[float, float]) -> None:
        coords = " ".join(f"{_n(x)} {_n(y)}" for x, y in points)
        self.ops.append(f"{coords} c")
        self._at = points[-1]

    def closePath(self) -> None:
        self.ops.append("h")


def _n(value: float) -> str:
    return str(round(value))  # font units: a thousandth of an em is finer than print shows


@cache
def path(file: Path, number: int, glyph: int) -> tuple[str, int]:
    """The glyph's outline in font units as path operators ending in a nonzero fill (empty
    for a glyph with no outline), and the font's units per em."""
    font = font_for(file, number)
    pen = _Pen()
    font.draw_glyph_with_pen(glyph, pen)
    ops = "\n".join(pen.ops)
    return (ops + "\nf\n" if ops else ""), font.face.upem


def drawn(file: Path, number: int, glyph: int, size: float, x: float, y: float) -> str:
    """Content operators that fill the glyph as Qt's text object draws it: font `size`, origin
    at (x, y) in the text object's Td units (Qt's text matrix is 1 0 0 -1)."""
    ops, upem = path(file, number, glyph)
    if not ops:
        return ""
    scale = size / upem
    return f"q {scale:.6g} 0 0 {-scale:.6g} {x:.2f} {-y:.2f} cm\n{ops}Q\n"
