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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from liaison.documents import glyph_outlines, glyph_text

_SPAN_START = "/Span <</ActualText <FEFF"
_SPAN_BODY = ">>> BDC\n"
_HEADER = re.compile(r"/(F\d+) ([\d.]+) Tf 1 0 0 -1 0 0 Tm")
_GLYPH = re.compile(r"(-?[\d.]+) (-?[\d.]+) Td <([0-9A-F]{4})> Tj\n")
_GLYPHS = re.compile(r"(?:-?[\d.]+ -?[\d.]+ Td <[0-9A-F]{4}> Tj\n)*ET\n")
# Text Qt's own entries already give right, glyph for character: Latin, Greek, Cyrillic,
# Armenian, Georgian, Ethiopic and the ideographs (text_layer maps their compatibility forms).
# A book-bag is mostly such text; its spans are left as Qt wrote them. Matched on the
# ActualText's UTF-16 hex: U+0000-058F, 10A0-10FF, 1200-139F, 2000-206F but the bidi controls
# (Qt draws those as a space glyph, read back as a space inside a word), 2D80-2DDF,
# 3000-30FF, 4E00-9FFF, FF00-FFEF.
_PLAIN = re.compile(
    r"(?:0[0-4][0-9A-F]{2}|05[0-8][0-9A-F]|10[A-F][0-9A-F]|12[0-9A-F]{2}|13[0-9][0-9A-F]"
    r"|20(?:0[0-9A-D]|1[0-9A-F]|2[0-9F]|[3-5][0-9A-F]|6[0-5A-F])"
    r"|2D[89A-D][0-9A-F]|30[0-9A-F]{2}|[4-9][0-9A-F]{3}|FF[0-9A-E][0-9A-F])*"
)
_SPACES = re.compile(r"(?:0020)+")
_LAST_CID = 0xFFFF
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
    # Only when something changed: every code's width, and each code's glyph in the subset
    # when codes were added.
    widths: dict[int, float] | None = None
    cid_to_gid: list[int] | None = None


@dataclass
class _Run:
    """A text object as Qt writes it for one item, wherever it stands on the page: its font
    and size, and its glyphs' codes and moves from the first glyph. A book-bag repeats the
    same runs thousands of times, so each is read, shaped and redrawn once."""

    font: int
    name: str
    size: float
    text: str
    codes: tuple[int, ...]
    moves: tuple[tuple[float, float], ...]  # each glyph's place relative to the first's
    shaped: glyph_text.Shaped | None = None
    # Redrawn relative to the first glyph: where the first text glyph is and its code, the
    # other text glyphs, the filled shapes.
    redrawn: tuple[tuple[float, float, int] | None, str, str] | None = None


@dataclass
class _Placed:
    """One run where it stands: its text object's span in the content, its first glyph."""

    run: _Run
    start: int
    end: int
    x: float
    y: float
    space_in: tuple[int, str] | None = None  # a space to draw in that font (number, name)


class Read(NamedTuple):
    """A page as read: each span's run where it stands (None: left as Qt wrote it), and the
    spans."""

    in_order: list[_Placed | None]
    spans: list[Span]


@dataclass
class _Page:
    content: str
    placed: list[_Placed] = field(default_factory=list)


class Relabeller:
    """Read every page, then rewrite them: two passes, since a code's own text is the one it
    stands for most often in the whole file."""

    def __init__(self, fonts: dict[int, Font]) -> None:
        self._fonts = fonts
        self._pages: list[_Page] = []
        self._runs: dict[tuple[str, ...], _Run | None] = {}
        self._counts: Counter[int] = Counter()  # id(run) -> times drawn
        self._glyphs: dict[int, dict[int, int]] = defaultdict(dict)  # font -> code -> glyph
        self._codes: dict[tuple[int, int, _Says], int] = {}  # (font, code, says) -> code
        self._spaces: dict[int, float] = {}  # font -> width of the invisible space it needs
        self._space_codes: dict[int, int] = {}
        # Each run redrawn where it stands, by (run, x, y, space): a frame's unchanged
        # paragraphs stand in the same places letter after letter.
        self._drawn: dict[tuple[int, float, float, tuple[int, str] | None], str] = {}

    def read(
        self,
        content: str,
        resources: dict[str, int],
        spans: list[Span] | None = None,
        like: Read | None = None,
        origins: list[int] | None = None,
    ) -> Read:
        """Record one page's runs (its content with ActualText spans; font names to objects).
        `spans`, when the caller wrote them and knows where they are, spares looking for them.
        A span whose `origins` entry is not -1 is that span of the page read as `like`, the
        same text objects elsewhere in the content: its run is taken from there."""
        page = _Page(content)
        in_order: list[_Placed | None] = []  # None: a span left as Qt wrote it
        spans = list(_spans(content)) if spans is None else spans
        for number, (text_hex, start, end) in enumerate(spans):
            origin = -1 if origins is None else origins[number]
            placed = None
            if like is not None and origin >= 0:
                was = like.in_order[origin]
                if was is not None:
                    moved = start - like.spans[origin][1]
                    placed = _Placed(was.run, was.start + moved, was.end + moved, was.x, was.y)
            # (A span of spaces alone may be one to draw in another font. Any other span
            # ending in a space was relabelled too, needlessly: its text reads right as Qt
            # wrote it, as the other spans of plain text do.)
            elif not _PLAIN.fullmatch(text_hex) or _SPACES.fullmatch(text_hex):
                placed = self._placed(content, text_hex, start, end, resources)
            in_order.append(placed)
            if placed is not None:
                page.placed.append(placed)
                self._counts[id(placed.run)] += 1
        self._respace(in_order)
        self._pages.append(page)
        return Read(in_order, spans)

    def _placed(
        self, content: str, text_hex: str, body: int, limit: int, resources: dict[str, int]
    ) -> _Placed | None:
        start = content.find("BT\n", body, limit)
        header_end = content.find("\n", start + 3, limit)
        first_end = content.find("\n", header_end + 1, limit) + 1
        end = content.find("ET\n", first_end - 1, limit) + 3
        if start < 0 or not 0 < header_end < first_end <= end:
            return None
        if content.find("BT\n", end, limit) >= 0:
            return None  # more than one text object: not an item as Qt draws it
        first = _GLYPH.fullmatch(content, header_end + 1, first_end)
        if first is None:
            return None
        key = (text_hex, content[start + 3 : header_end], first[3], content[first_end:end])
        run = self._runs.get(key, False)
        if run is False:
            run = self._runs[key] = self._run(key, resources)
        if run is None:
            return None
        return _Placed(run, start, end, float(first[1]), float(first[2]))

    def _run(self, key: tuple[str, ...], resources: dict[str, int]) -> _Run | None:
        text_hex, header, first_code, rest = key
        found = _HEADER.fullmatch(header)
        if found is None or _GLYPHS.fullmatch(rest) is None:
            return None  # not only glyphs placed one by one, as Qt writes them
        glyphs = _GLYPH.findall(rest)
        font = resources.get(found.group(1))
        if font is None or font not in self._fonts or self._fonts[font].file is None:
            return None
        moves, x, y = [(0.0, 0.0)], 0.0, 0.0
        for dx, dy, _code in glyphs:
            x, y = x + float(dx), y + float(dy)
            moves.append((x, y))
        run = _Run(
            font=font,
            name=found.group(1),
            size=float(found.group(2)),
            text=_text(text_hex),
            codes=(int(first_code, 16), *(int(code, 16) for _dx, _dy, code in glyphs)),
            moves=tuple(moves),
        )
        run.shaped = self._align(run)
        return run if run.shaped is not None else None

    def _align(self, run: _Run) -> glyph_text.Shaped | None:
        """What each glyph stands for, when HarfBuzz's glyphs are the ones Qt drew; else None
        (those glyphs keep the entries Qt wrote)."""
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

    def _respace(self, placed: list[_Placed | None]) -> None:
        """Mark the spaces drawn in another font than the words on both sides of them."""
        for before, here, after in zip(placed, placed[1:], placed[2:], strict=False):
            if before is None or here is None or after is None:
                continue
            run = here.run
            if run.text.strip() or before.run.font != after.run.font:
                continue
            if run.font == before.run.font or not self._fonts[before.run.font].extendable:
                continue
            if abs(before.y - here.y) > _EPS or abs(after.y - here.y) > _EPS:
                continue
            here.space_in = (before.run.font, before.run.name)
            width = sum(self._fonts[run.font].widths.get(c, 0) for c in run.codes)
            self._spaces[before.run.font] = max(self._spaces.get(before.run.font, 0), width)

    def results(self) -> tuple[list[str], dict[int, FontResult]]:
        """Every page's content redrawn, and every font's ToUnicode (and added codes)."""
        uses: dict[int, dict[int, Counter[_Says]]] = defaultdict(lambda: defaultdict(Counter))
        for run in self._runs.values():
            if run is not None and run.shaped is not None:
                count = self._counts[id(run)]
                for code, says in zip(run.codes, _says(run.shaped), strict=True):
                    uses[run.font][code][says] += count
        fonts = {number: self._font_result(number, uses.get(number, {})) for number in self._fonts}
        contents = [self._rewrite(page) for page in self._pages]
        return contents, fonts

    def _font_result(self, number: int, uses: dict[int, Counter[_Says]]) -> FontResult:
        font = self._fonts[number]
        tounicode, widths = dict(font.tounicode), dict(font.widths)
        next_code = max([*font.widths, *font.tounicode, *uses, 0]) + 1
        added: dict[int, int] = {}  # new code -> the glyph it draws
        for code in sorted(uses):
            # A glyph drawn as an outline needs no entry; the others their most used text.
            ranked = sorted(
                ((says, n) for says, n in uses[code].items() if says[0]),
                key=lambda item: (-item[1], item[0]),
            )
            if not ranked:
                continue
            if not font.extendable:
                tounicode[code] = ranked[0][0][0]
                continue
            qt_says = (font.tounicode.get(code, ""), round(font.widths.get(code, 0)))
            if qt_says[0]:
                # Qt's own entry stays the glyph's main one: the spans left as Qt wrote them
                # (Latin text beside a Yoruba or Vietnamese half, where this "o" drawn with
                # marks reads "ọ́") read through it. Every other text gets a code of its own.
                others = [says for says, _count in ranked if says != qt_says]
            else:
                tounicode[code], widths[code] = ranked[0][0]
                others = [says for says, _count in ranked[1:]]
            for says in others:
                if next_code > _LAST_CID:
                    break  # out of codes: this text keeps the glyph's main entry
                self._codes[(number, code, says)] = next_code
                tounicode[next_code], widths[next_code] = says
                added[next_code] = code
                next_code += 1
        if number in self._spaces and next_code <= _LAST_CID:
            # Glyph 0 (Qt's subsets start with .notdef), drawn with render mode 3: unseen.
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
        drawn = self._drawn
        for placed in page.placed:
            key = (id(placed.run), placed.x, placed.y, placed.space_in)
            redrawn = drawn.get(key)
            if redrawn is None:
                redrawn = drawn[key] = self._redrawn(placed)
            pieces += [page.content[last : placed.start], redrawn]
            last = placed.end
        if not pieces:
            return page.content
        pieces.append(page.content[last:])
        return "".join(pieces)

    def _redrawn(self, placed: _Placed) -> str:
        run = placed.run
        header = f"BT\n/{run.name} {_n(run.size)} Tf 1 0 0 -1 0 0 Tm\n"
        if placed.space_in is not None and placed.space_in[0] in self._space_codes:
            number, name = placed.space_in
            return (
                f"BT\n/{name} {_n(run.size)} Tf 1 0 0 -1 0 0 Tm 3 Tr\n"
                f"{_n(placed.x)} {_n(placed.y)} Td <{self._space_codes[number]:04X}> Tj\nET\n"
            )
        if run.redrawn is None:
            run.redrawn = self._template(run)
        start, rest, shapes = run.redrawn
        x, y = placed.x, placed.y
        moved = f"q 1 0 0 1 {_n(x)} {_n(-y)} cm\n{shapes}Q\n" if shapes else ""
        if start is None:  # a run of bidi controls alone: no glyph of it reads as text
            return moved
        dx, dy, code = start
        first = f"{_n(x + dx)} {_n(y + dy)} Td <{code:04X}> Tj\n"
        return f"{header}{first}{rest}ET\n{moved}"

    def _template(self, run: _Run) -> tuple[tuple[float, float, int] | None, str, str]:
        """The run redrawn relative to its first glyph (see _Run.redrawn)."""
        assert run.shaped is not None
        file = self._fonts[run.font].file
        assert file is not None
        glyphs = self._glyphs[run.font]
        lines: list[str] = []
        shapes: list[str] = []
        first: tuple[float, float, int] | None = None
        last = (0.0, 0.0)
        for (x, y), code, says in zip(run.moves, run.codes, _says(run.shaped), strict=True):
            if not says[0]:
                shapes.append(glyph_outlines.drawn(file[0], file[1], glyphs[code], run.size, x, y))
                continue
            drawn = self._codes.get((run.font, code, says), code)
            if first is None:
                first = (x, y, drawn)
            else:
                lines.append(f"{_n(x - last[0])} {_n(y - last[1])} Td <{drawn:04X}> Tj\n")
            last = (x, y)
        return first, "".join(lines), "".join(shapes)


_Says = tuple[str, int]  # a glyph's text and the advance it spans
# An ActualText span: its text in UTF-16 hex, where its body starts and ends in the content.
Span = tuple[str, int, int]


def _says(shaped: glyph_text.Shaped) -> list[_Says]:
    return [(text, round(width)) for text, width in zip(shaped.texts, shaped.widths, strict=True)]


def _spans(content: str) -> Iterator[tuple[str, int, int]]:
    """Each ActualText span text_layer wrote: its text in hex, where its body starts and ends
    (str.find: a regex scanning for the span's end took longer than all the rest)."""
    at = content.find(_SPAN_START)
    while at >= 0:
        hex_start = at + len(_SPAN_START)
        hex_end = content.find(_SPAN_BODY, hex_start)
        end = content.find("EMC\n", hex_end)
        if hex_end < 0 or end < 0:
            return
        yield content[hex_start:hex_end], hex_end + len(_SPAN_BODY), end
        at = content.find(_SPAN_START, end)


def _text(hexadecimal: str) -> str:
    return bytes.fromhex(hexadecimal).decode("utf-16-be", errors="replace")


def _n(value: float) -> str:
    # Hundredths of Qt's unit (1/300 inch) are finer than any printer.
    return ("%.2f" % value).rstrip("0").rstrip(".") or "0"  # noqa: UP031 (fastest)
