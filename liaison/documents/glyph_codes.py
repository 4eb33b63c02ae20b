"""Give every glyph Qt drew a ToUnicode entry that says what it stands for where it stands.

Each ActualText span liaison.documents.text_layer writes holds one text item Qt painted (its
characters) and the one text object Qt drew for it. HarfBuzz shapes the characters again with
the same font (liaison.documents.glyph_text); when its glyphs are the ones Qt drew:
- The glyph that carries a cluster's text keeps being drawn as text, with a code whose
  ToUnicode entry is that text. A ToUnicode CMap maps a code to one text, but a shaped glyph
  stands for different text in different places (Noto Sans Arabic draws ب ت ث ن ي from one
  dotless base plus dots; an Indic consonant carries its whole syllable: কি, কা, ক). Such a
  glyph gets one more code per other text (PDF 1.7, 9.7.4.2: a CIDToGIDMap may send several
  codes to one glyph); each code's entry says its own text.
- The glyphs that stand for nothing of their own (the dots, vowel signs and conjunct parts that
  belong to a base) are drawn as their filled outlines (liaison.documents.glyph_outlines).
- A space Qt drew in another font than the words around it (the Latin font between Arabic
  words) is drawn, invisibly, in the words' font: pdfminer puts characters of fonts with
  different descents on different lines, which left right-to-left words without spaces.
Nothing visible changes: the same shapes at the same places, the same widths.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from liaison.documents import glyph_outlines, glyph_text

_SPAN = re.compile(r"/Span <</ActualText <FEFF([0-9A-F]*)>>> BDC\n(.*?)EMC\n", re.S)
_OBJECT = re.compile(
    r"BT\n/(F\d+) ([\d.]+) Tf 1 0 0 -1 0 0 Tm\n((?:-?[\d.]+ -?[\d.]+ Td <[0-9A-F]{4}> Tj\n)+)ET\n"
)
_GLYPH = re.compile(r"(-?[\d.]+) (-?[\d.]+) Td <([0-9A-F]{4})> Tj\n")
_LAST_CID = 0xFFFF
_SPACE = "space"  # the pseudo-text under which a font's invisible space code is kept
_EPS = 0.5


@dataclass
class Font:
    """One of Qt's Type0 fonts: its file, its ToUnicode as Qt wrote it and made plain, and its
    glyph widths."""

    file: tuple[Path, int] | None
    qt_tounicode: dict[int, str]
    tounicode: dict[int, str]
    widths: dict[int, float]
    extendable: bool = True  # codes may be added (liaison.documents.cid_fonts)


@dataclass
class FontResult:
    tounicode: dict[int, str]
    # Only when codes were added: every code's width, and each code's glyph in the subset.
    widths: dict[int, float] | None = None
    cid_to_gid: list[int] | None = None


@dataclass
class _Run:
    """One span's text object: where it is, its font and size, and its glyphs' relative
    moves and codes as Qt wrote them."""

    start: int
    end: int
    font: int
    name: str
    size: float
    moves: list[tuple[float, float]]
    codes: tuple[int, ...]
    text: str
    space_in: tuple[int, str] | None = None  # draw this space in that font (number, name)


@dataclass
class _Page:
    content: str
    runs: list[_Run] = field(default_factory=list)


class Relabeller:
    """Read every page, then rewrite them: two passes, since a code's own text is the one it
    stands for most often in the whole file."""

    def __init__(self, fonts: dict[int, Font]) -> None:
        self._fonts = fonts
        self._pages: list[_Page] = []
        self._texts: dict[tuple[int, str, tuple[int, ...]], glyph_text.Shaped | None] = {}
        self._glyphs: dict[int, dict[int, int]] = defaultdict(dict)  # font -> code -> glyph
        self._uses: dict[int, dict[int, Counter[_Says]]] = defaultdict(lambda: defaultdict(Counter))
        self._codes: dict[tuple[int, int, _Says], int] = {}  # (font, code, says) -> code drawn
        self._spaces: dict[int, float] = {}  # font -> width of the invisible space it needs
        self._space_codes: dict[int, int] = {}

    def read(self, content: str, resources: dict[str, int]) -> None:
        """Record one page's runs (its content with ActualText spans; font names to objects)."""
        page = _Page(content)
        for span in _SPAN.finditer(content):
            run = self._run(span, resources)
            shaped = self.shaped(run) if run is not None else None
            if run is not None and shaped is not None:
                page.runs.append(run)
                uses = self._uses[run.font]
                for code, says in zip(run.codes, _says(shaped), strict=True):
                    uses[code][says] += 1
        self._respace(page.runs)
        self._pages.append(page)

    def _run(self, span: re.Match[str], resources: dict[str, int]) -> _Run | None:
        objects = list(_OBJECT.finditer(span.group(2)))
        if len(objects) != 1 or span.group(2).count("BT\n") != 1:
            return None  # not one text object of the shape Qt writes: left as it is
        obj = objects[0]
        font = resources.get(obj.group(1))
        if font is None or font not in self._fonts or self._fonts[font].file is None:
            return None
        glyphs = _GLYPH.findall(obj.group(3))
        offset = span.start(2)
        return _Run(
            start=offset + obj.start(),
            end=offset + obj.end(),
            font=font,
            name=obj.group(1),
            size=float(obj.group(2)),
            moves=[(float(dx), float(dy)) for dx, dy, _code in glyphs],
            codes=tuple(int(code, 16) for _dx, _dy, code in glyphs),
            text=bytes.fromhex(span.group(1)).decode("utf-16-be", errors="replace"),
        )

    def shaped(self, run: _Run) -> glyph_text.Shaped | None:
        """What each glyph of the run stands for, None when HarfBuzz's glyphs are not the
        ones Qt drew (those glyphs keep the entries Qt wrote)."""
        key = (run.font, run.text, run.codes)
        if key not in self._texts:
            self._texts[key] = self._align(run)
        return self._texts[key]

    def _align(self, run: _Run) -> glyph_text.Shaped | None:
        file = self._fonts[run.font].file
        assert file is not None
        for direction in (None, "ltr", "rtl"):
            shaped = glyph_text.shape(file[0], file[1], run.text, direction)
            if len(shaped.glyphs) == len(run.codes) and self._same(run, shaped.glyphs):
                self._glyphs[run.font].update(zip(run.codes, shaped.glyphs, strict=True))
                return shaped
        return None

    def _same(self, run: _Run, glyphs: tuple[int, ...]) -> bool:
        """Each code is the glyph HarfBuzz gives: as learned from earlier runs, or as Qt's own
        entry says (Qt maps a glyph the cmap names to that character)."""
        font = self._fonts[run.font]
        assert font.file is not None
        known = self._glyphs[run.font]
        for code, glyph in zip(run.codes, glyphs, strict=True):
            expected = known.get(code)
            if expected is None:
                qt_text = font.qt_tounicode.get(code, "")
                if len(qt_text) == 1:
                    expected = glyph_text.nominal_glyph(font.file[0], font.file[1], qt_text)
            if expected is not None and expected != glyph:
                return False
        return True

    def _respace(self, runs: list[_Run]) -> None:
        """Mark the spaces drawn in another font than the words on both sides of them."""
        for before, run, after in zip(runs, runs[1:], runs[2:], strict=False):
            if run.text.strip() or before.font != after.font or run.font == before.font:
                continue
            if not (_same_line(before, run) and _same_line(run, after)):
                continue
            if not self._fonts[before.font].extendable:
                continue
            run.space_in = (before.font, before.name)
            width = sum(self._fonts[run.font].widths.get(c, 0) for c in run.codes)
            self._spaces[before.font] = max(self._spaces.get(before.font, 0), width)

    def results(self) -> tuple[list[str], dict[int, FontResult]]:
        """Every page's content redrawn, and every font's ToUnicode (and added codes)."""
        fonts = {number: self._font_result(number) for number in self._fonts}
        contents = [self._rewrite(page) for page in self._pages]
        return contents, fonts

    def _font_result(self, number: int) -> FontResult:
        font = self._fonts[number]
        tounicode = dict(font.tounicode)
        uses = self._uses.get(number, {})
        next_code = max([*font.widths, *font.tounicode, *uses, 0]) + 1
        widths = dict(font.widths)
        added: dict[int, int] = {}  # new code -> the glyph it draws
        for code in sorted(uses):
            # A glyph drawn as an outline needs no entry; the others their most used text.
            ranked = [(says, n) for says, n in uses[code].items() if says[0]]
            ranked.sort(key=lambda item: (-item[1], item[0]))
            if ranked and font.extendable:
                tounicode[code], widths[code] = ranked[0][0]
            elif ranked:
                tounicode[code] = ranked[0][0][0]
            for says, _count in ranked[1:]:
                if next_code > _LAST_CID or not font.extendable:
                    break  # out of codes: this text keeps the glyph's main entry
                self._codes[(number, code, says)] = next_code
                tounicode[next_code], widths[next_code] = says
                added[next_code] = code
                next_code += 1
        if number in self._spaces and next_code <= _LAST_CID:
            # Glyph 0 (Qt's subsets start with .notdef), never seen: drawn with render mode 3.
            self._space_codes[number] = next_code
            tounicode[next_code], widths[next_code] = " ", self._spaces[number]
            added[next_code] = 0
            next_code += 1
        if widths == font.widths:
            return FontResult(tounicode)
        # Widths only size each code's box for readers: Qt places every glyph with its own Td.
        cid_to_gid = list(range(next_code))
        for new, glyph in added.items():
            cid_to_gid[new] = glyph  # Qt's subsets map codes to glyphs one to one (Identity)
        return FontResult(tounicode, widths, cid_to_gid if added else None)

    def _rewrite(self, page: _Page) -> str:
        pieces, last = [], 0
        for run in page.runs:
            new = self._redrawn(run)
            if new is not None:
                pieces += [page.content[last : run.start], new]
                last = run.end
        if not pieces:
            return page.content
        pieces.append(page.content[last:])
        return "".join(pieces)

    def _redrawn(self, run: _Run) -> str | None:
        shaped = self.shaped(run)
        if shaped is None:
            return None
        if run.space_in is not None and run.space_in[0] in self._space_codes:
            return self._redrawn_space(run)
        file = self._fonts[run.font].file
        assert file is not None
        glyphs = self._glyphs[run.font]
        lines = [f"BT\n/{run.name} {_n(run.size)} Tf 1 0 0 -1 0 0 Tm\n"]
        shapes: list[str] = []
        x = y = 0.0  # where the text object's last drawn glyph is
        at_x = at_y = 0.0  # where the current glyph is
        for (dx, dy), code, says in zip(run.moves, run.codes, _says(shaped), strict=True):
            at_x, at_y = at_x + dx, at_y + dy
            if not says[0]:
                shapes.append(
                    glyph_outlines.drawn(file[0], file[1], glyphs[code], run.size, at_x, at_y)
                )
                continue
            drawn_code = self._codes.get((run.font, code, says), code)
            lines.append(f"{_n(at_x - x)} {_n(at_y - y)} Td <{drawn_code:04X}> Tj\n")
            x, y = at_x, at_y
        return "".join([*lines, "ET\n", *shapes])

    def _redrawn_space(self, run: _Run) -> str:
        assert run.space_in is not None
        number, name = run.space_in
        code = self._space_codes[number]
        return (
            f"BT\n/{name} {_n(run.size)} Tf 1 0 0 -1 0 0 Tm 3 Tr\n"
            f"{_n(run.moves[0][0])} {_n(run.moves[0][1])} Td <{code:04X}> Tj\nET\n"
        )


_Says = tuple[str, float]  # a glyph's text and the advance it spans


def _says(shaped: glyph_text.Shaped) -> list[_Says]:
    return [(text, round(width)) for text, width in zip(shaped.texts, shaped.widths, strict=True)]


def _same_line(a: _Run, b: _Run) -> bool:
    return abs(sum(dy for _dx, dy in a.moves[:1]) - sum(dy for _dx, dy in b.moves[:1])) < _EPS


def _n(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
