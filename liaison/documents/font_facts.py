"""What printing reads from the packaged fonts, read once when the fonts change, not every run.

The coverage check needs the code points some shipped font draws; the text-layer repair needs
each face's PostScript name and character map (as runs). Read from the font files, that took a
renderer process about 0.17 s on every print run, in the parent and in each child (about 0.4 s
of CPU of a 6 s whole-school run on two cores). They are kept in resources/font-facts.bin,
written by `python -m liaison.documents.font_facts` and used only while the installed fonts
are the ones it was written from (the same file names and sizes); otherwise they are read from
the fonts as before. tests/test_font_facts.py fails when the file is stale.

The file: a JSON header (the fonts it describes, each face's name and run count), a blank
line, then unsigned 32-bit little-endian integers, zlib-compressed: each face's runs (first code
points, last code points, first glyphs), then the covered ranges (firsts, lasts).
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from liaison import paths
from liaison.documents.cmap_runs import unicode_runs
from liaison.documents.font_names import font_files

FILE_NAME = "font-facts.bin"
_VERSION = 1


@dataclass(frozen=True)
class Face:
    file: str  # the font file's name (found again where it is installed: font_path)
    number: int  # the face within a collection (.ttc), else 0
    postscript: str
    firsts: array[int]
    lasts: array[int]
    glyphs: array[int]


@dataclass(frozen=True)
class Facts:
    fonts: tuple[tuple[str, int], ...]  # (file name, size) of every font file described
    faces: tuple[Face, ...]
    covered: tuple[array[int], array[int]]  # code points some face draws: firsts, lasts


def _fingerprint() -> tuple[tuple[str, int], ...]:
    return tuple((path.name, path.stat().st_size) for path in font_files())


def read_from_fonts() -> Facts:
    """The facts as the font files give them (what printing did on every run before)."""
    from fontTools.ttLib import TTCollection, TTFont

    faces: list[Face] = []
    spans: list[tuple[int, int]] = []
    for path in font_files():
        opened = (
            TTCollection(path, lazy=True).fonts
            if path.suffix == ".ttc"
            else [TTFont(path, lazy=True)]
        )
        for number, face in enumerate(opened):
            runs = unicode_runs(face)
            spans += [(first, last) for first, last, _glyph in runs]
            columns = [array("I", column) for column in zip(*runs, strict=True)] or [
                array("I") for _ in range(3)
            ]
            name = face["name"].getDebugName(6) or ""
            faces.append(Face(path.name, number, name, *columns))
    firsts, lasts = array("I"), array("I")
    for first, last in sorted(set(spans)):
        if lasts and first <= lasts[-1] + 1:
            lasts[-1] = max(lasts[-1], last)
        else:
            firsts.append(first)
            lasts.append(last)
    return Facts(_fingerprint(), tuple(faces), (firsts, lasts))


def encode(facts: Facts) -> bytes:
    header = {
        "version": _VERSION,
        "fonts": [list(font) for font in facts.fonts],
        "faces": [[f.file, f.number, f.postscript, len(f.firsts)] for f in facts.faces],
        "covered": len(facts.covered[0]),
    }
    numbers = array("I")
    for face in facts.faces:
        numbers.extend(face.firsts)
        numbers.extend(face.lasts)
        numbers.extend(face.glyphs)
    numbers.extend(facts.covered[0])
    numbers.extend(facts.covered[1])
    if sys.byteorder != "little":
        numbers.byteswap()
    return json.dumps(header).encode() + b"\n\n" + zlib.compress(numbers.tobytes(), 6)


def decode(data: bytes) -> Facts:
    head, _, body = data.partition(b"\n\n")
    header = json.loads(head)
    if header.get("version") != _VERSION:
        raise ValueError("another version of the font facts")
    numbers = array("I")
    numbers.frombytes(zlib.decompress(body))
    if sys.byteorder != "little":
        numbers.byteswap()
    at = 0

    def take(count: int) -> array[int]:
        nonlocal at
        at += count
        return numbers[at - count : at]

    faces = []
    for file, number, postscript, count in header["faces"]:
        faces.append(Face(file, number, postscript, take(count), take(count), take(count)))
    count = header["covered"]
    covered = (take(count), take(count))
    if at != len(numbers):
        raise ValueError("the font facts do not add up")
    fonts = tuple((name, size) for name, size in header["fonts"])
    return Facts(fonts, tuple(faces), covered)


def stored(folder: Path | None = None) -> Facts | None:
    """The facts kept in resources, when they describe the fonts installed; else None."""
    path = (folder or paths.resources_dir()) / FILE_NAME
    try:
        facts = decode(path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError, zlib.error):
        return None
    return facts if facts.fonts == _fingerprint() else None


@cache
def facts() -> Facts:
    """What printing needs from the fonts: kept, or read from them when the kept file is
    missing or stale."""
    return stored() or read_from_fonts()


@cache
def font_path(file: str) -> Path | None:
    """Where the font file of that name is installed."""
    return next((path for path in font_files() if path.name == file), None)


def write(folder: Path | None = None) -> Path:
    """Keep the facts of the installed fonts in resources (after the fonts change)."""
    path = (folder or paths.resources_dir()) / FILE_NAME
    path.write_bytes(encode(read_from_fonts()))
    return path


if __name__ == "__main__":
    print(f"Wrote {write()}")
