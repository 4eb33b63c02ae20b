"""A font's character map as runs of consecutive code points and glyphs, read cheaply.

fontTools builds a Python dict entry for every code point when it reads a cmap; for the CJK
collection (five faces of about 45,000 characters each) that took tens of megabytes in every
process that checked or repaired a letter, each renderer child included. A Unicode format-12
subtable is stored as runs already (first code, last code, first glyph): read those as they are
(the OpenType spec's cmap table), and fall back to fontTools for a font without one.
"""

from __future__ import annotations

import struct

from fontTools.ttLib import TTFont

Run = tuple[int, int, int]  # first code point, last code point, glyph of the first


def unicode_runs(face: TTFont) -> list[Run]:
    """The face's best Unicode map as sorted runs (the map fontTools' getBestCmap gives)."""
    runs = _format12_runs(face.reader["cmap"]) if "cmap" in face.reader else None
    if runs is not None:
        return runs
    glyph_ids = face.getReverseGlyphMap()
    out: list[list[int]] = []
    for code, name in sorted((face.getBestCmap() or {}).items()):
        glyph = glyph_ids[name]
        if out and code == out[-1][1] + 1 and glyph == out[-1][2] + code - out[-1][0]:
            out[-1][1] = code
        else:
            out.append([code, code, glyph])
    return [(a, b, c) for a, b, c in out]


def _format12_runs(table: bytes) -> list[Run] | None:
    """The groups of the cmap table's Unicode format-12 subtable; None without one."""
    (count,) = struct.unpack_from(">H", table, 2)
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", table, 4 + 8 * index)
        if (platform, encoding) not in ((3, 10), (0, 6), (0, 4)):
            continue
        if struct.unpack_from(">H", table, offset)[0] != 12:
            continue
        (groups,) = struct.unpack_from(">L", table, offset + 12)
        flat = struct.unpack_from(f">{3 * groups}L", table, offset + 16)
        return [(flat[i], flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3)]
    return None
