"""Give a Qt-written PDF a text layer that reads back as the letter's words.

Qt writes each font's ToUnicode map by looking its glyphs up in the font's cmap. Shaped glyphs
have no cmap entry (Arabic contextual forms, and Noto Sans Arabic draws dotted letters as a
dotless base plus dots; Indic conjuncts, half forms and reordered vowel signs), so copying,
searching or reading a letter aloud gave garbage although the page looked right. Glyphs shared by
two code points also read back as the lowest one: a space as a tab, Chinese ideographs as Kangxi
radicals.

The repair, after Qt has written the file, as an incremental update (nothing Qt wrote is
rewritten):
- While the pages are painted, a recording paint device receives the same text items Qt's PDF
  engine receives, with their characters, positions and widths.
- Each item's text objects in the page's content stream are wrapped in a marked-content span
  with /ActualText (PDF 1.7, 14.9.4): readers and extractors use those characters, in logical
  order, instead of guessing from glyphs.
- ToUnicode entries Qt filled with a compatibility code point are mapped to the plain one the
  same glyph stands for.
- Readers that never look at ActualText (pdfminer, so pdfplumber) or that only use it where it
  is (pdfium and poppler outside a span) need each glyph's own ToUnicode right: each run is
  shaped again with HarfBuzz and every glyph given the text it stands for there
  (liaison.documents.glyph_codes says how), and every font the same descent, so pdfminer puts
  the characters of one line on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from isal import isal_zlib
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPaintDevice, QPaintEngine, QTextItem

from liaison.documents import cid_fonts, glyph_codes, incremental, plain_codes, stamp, tounicode
from liaison.documents.glyph_codes import Span
from liaison.documents.qt_pdf import QtPdf
from liaison.forget import holds_words
from liaison.i18n.bidi import CONTROLS

_QT_TYPE0 = re.compile(rb"(\d+) 0 obj\s*<<\s*/Type /Font\s*/Subtype /Type0")
# Qt's text object: a saved state, colour, then BT, font, the first glyph's absolute position.
# Line by line, each line taken whole (possessive): three times faster than a lazy `.*?` that
# tried the end at every character, and the same matches.
_TEXT_OBJECT = re.compile(
    r"q\n(?:[^\nq][^\n]*+\n)*?BT\n/F\d+ [\d.]+ Tf 1 0 0 -1 0 0 Tm\n"
    r"(-?[\d.]+) (-?[\d.]+) Td(?:[^\n]*+\n)*?ET\nQ\n",
)
_EPS = 0.5
_M = QPaintDevice.PaintDeviceMetric
_METRICS = (
    _M.PdmWidth,
    _M.PdmHeight,
    _M.PdmWidthMM,
    _M.PdmHeightMM,
    _M.PdmNumColors,
    _M.PdmDepth,
    _M.PdmDpiX,
    _M.PdmDpiY,
    _M.PdmPhysicalDpiX,
    _M.PdmPhysicalDpiY,
    _M.PdmDevicePixelRatio,
    _M.PdmDevicePixelRatioScaled,
)


class TextItem(NamedTuple):
    """One text item as Qt painted it (a tuple: made 40-odd times a letter, and a frozen
    dataclass took twice as long to make)."""

    text: str
    x: float
    baseline: float
    width: float


@dataclass
class Recording:
    """The text items of every page, in the order Qt painted them."""

    pages: list[list[TextItem]] = field(default_factory=list)
    # Pages drawn only where they differ from an earlier page (liaison.documents.stamp), by
    # index: the repair makes them whole.
    stamps: dict[int, stamp.Stamp] = field(default_factory=dict)


class _Engine(QPaintEngine):
    def __init__(self, recording: Recording) -> None:
        super().__init__(QPaintEngine.PaintEngineFeature.AllFeatures)
        self.recording = recording

    def begin(self, device: QPaintDevice) -> bool:
        self.recording.pages.append([])
        return True

    def end(self) -> bool:
        return True

    def updateState(self, state) -> None:
        pass

    def drawPixmap(self, *args) -> None:
        pass

    def drawPath(self, *args) -> None:
        pass

    def drawPolygon(self, *args) -> None:
        pass

    def drawTextItem(self, p: QPointF, item: QTextItem) -> None:
        self.recording.pages[-1].append(TextItem(item.text(), p.x(), p.y(), item.width()))

    def type(self) -> QPaintEngine.Type:
        return QPaintEngine.Type.User


class Recorder(QPaintDevice):
    """Paint each page on this as well as on the PDF writer (same transform, same document)."""

    def __init__(self, like: QPaintDevice) -> None:
        super().__init__()
        self.recording = Recording()
        self._engine = _Engine(self.recording)
        self._metrics = {m: like.metric(m) for m in _METRICS}

    def paintEngine(self) -> QPaintEngine:
        return self._engine

    def metric(self, m: QPaintDevice.PaintDeviceMetric) -> int:
        return self._metrics.get(m, 0)


def repair(data: bytes, recording: Recording) -> bytes:
    """The PDF with ActualText spans, and every glyph's ToUnicode made right, added as an
    incremental update."""
    qt = QtPdf(data)
    objects = _repaired(qt, recording)
    return data + incremental.update(qt, objects) if objects else data


def repaired_objects(data: bytes, recording: Recording) -> dict[int, bytes]:
    """The objects `repair` adds or replaces, by number, each as written between "N 0 obj"
    and "endobj" (for callers that copy Qt's objects elsewhere themselves)."""
    return _repaired(QtPdf(data), recording)


def _repaired(qt: QtPdf, recording: Recording) -> dict[int, bytes]:
    objects: dict[int, bytes] = {}
    fonts = _fonts(qt)
    relabeller = glyph_codes.Relabeller({n: font for n, (font, _refs) in fonts.items()})
    spanned_pages: list[int] = []
    pages = qt.pages()
    # Pages the recording does not match one to one keep Qt's text layer as it was.
    same = len(pages) == len(recording.pages)
    if recording.stamps and not same:
        raise stamp.Unmatched("pages and recording differ")
    references = {s.reference for s in recording.stamps.values()}
    kept: dict[int, _Kept] = {}  # the reference pages, as they were read
    for index, (page, items) in enumerate(
        zip(pages, recording.pages if same else [], strict=False)
    ):
        ref = qt.ref(page, b"Contents")
        stream = qt.stream(ref) if ref is not None else None
        if ref is None or stream is None:
            if index in recording.stamps:  # left as Qt wrote it, it would lack paragraphs
                raise stamp.Unmatched("a stamped page's content could not be read")
            continue
        content = stream.decode("latin-1")
        resources = _font_resources(qt, page)
        stamped = recording.stamps.get(index)
        like, origins = None, None
        if stamped is not None:
            whole = _whole(qt, page, content, items, stamped, kept, objects)
            content, spans, origins, resources = whole
            like = kept[stamped.reference].read  # the reference's runs, read once
        else:
            spans = _match(content, items)
        if spans is None:
            continue
        spanned, found = _with_actual_text(content, items, spans)
        read = relabeller.read(spanned, resources, found, like, origins)
        spanned_pages.append(ref)
        if index in references:
            kept[index] = _Kept(content, spans, _resources_text(qt, page), resources, read)
    contents, results = relabeller.results()
    for number, content in zip(spanned_pages, contents, strict=True):
        if "/ActualText <FEFF>>>" in content:
            content = _EMPTY_SPAN.sub(r"\1", content)
        objects[number] = _stream(content.encode("latin-1"), compress=True)
    for number, result in results.items():
        font, (tounicode_ref, descendant) = fonts[number]
        if result.tounicode != font.qt_tounicode or result.cid_to_gid is not None:
            objects[tounicode_ref] = _stream(tounicode.write(result.tounicode), compress=False)
        if result.widths is not None:
            objects.update(_cid_font(qt, descendant, result, objects))
    objects.update(_same_descents(qt, [d for _f, (_t, d) in fonts.values()]))
    return objects


# What is left of a run of bidi controls alone: a span with no text, and nothing drawn in it
# (unwrapped).
_EMPTY_SPAN = re.compile(r"/Span <</ActualText <FEFF>>> BDC\n(.*?)EMC\n", re.S)


def _same_descents(qt: QtPdf, cid_fonts_: list[int]) -> dict[int, bytes]:
    """Every font's descriptor with the same /Descent: pdfminer sizes each character's box
    from its font's descent, and pdfplumber puts characters whose boxes' tops differ by more
    than 3 points on different lines; Noto Sans Arabic's descent is 2.5 times Noto Sans's,
    so a comma, a digit or a name in Noto Sans left its Arabic or Indic line. Only readers'
    boxes change: fonts are embedded, and the descent draws nothing."""
    descriptors: dict[int, tuple[bytes, float]] = {}
    for number in cid_fonts_:
        font = _raw(qt, number)
        found = cid_fonts.descriptor(font) if font else None
        obj = _raw(qt, found) if found is not None else None
        value = cid_fonts.descent(obj) if obj else None
        if found is not None and obj and value is not None:
            descriptors[found] = (obj, value)
    common = max((value for _obj, value in descriptors.values()), default=0)
    return {
        number: cid_fonts.with_descent(obj, common).rstrip()
        for number, (obj, value) in descriptors.items()
        if value != common
    }


def _raw(qt: QtPdf, number: int) -> bytes | None:
    """A dictionary object's text as Qt wrote it."""
    return qt.text(number) if number in qt.offsets else None


def _cid_font(
    qt: QtPdf, descendant: int, result: glyph_codes.FontResult, objects: dict[int, bytes]
) -> dict[int, bytes]:
    """The CIDFont with the widths glyph_codes gave its codes, and a CIDToGIDMap for the codes
    it added."""
    obj = _raw(qt, descendant)
    assert result.widths is not None
    map_number = _next_number(qt, objects) if result.cid_to_gid is not None else None
    new = cid_fonts.rewritten(obj, result.widths, map_number) if obj else None
    if new is None:
        return {}
    out = {descendant: new.rstrip()}
    if map_number is not None and result.cid_to_gid is not None:
        gid_map = cid_fonts.cid_to_gid_map(result.cid_to_gid)
        out[map_number] = _stream(gid_map, compress=True)
    return out


_DESCENDANT = re.compile(rb"/DescendantFonts\s*\[\s*(\d+) 0 R")
_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()]*)")
_FONT_ENTRY = re.compile(rb"/([^\s/<>\[\]()]+)\s+(\d+) 0 R")


def _fonts(qt: QtPdf) -> dict[int, _QtFont]:
    """Qt's Type0 fonts by object number: what glyph_codes needs, and the numbers of their
    ToUnicode stream and descendant CIDFont."""
    fonts = {}
    # Each object tried where it starts, in the file's order (the numbers given to the objects
    # added follow it): searching the whole file (a whole chunk's compressed pages and fonts)
    # for the pattern took longer than everything else here.
    for number, offset in sorted(qt.offsets.items(), key=lambda item: item[1]):
        if _QT_TYPE0.match(qt.data, offset) is None:
            continue
        head = qt.text(number)
        ref = qt.ref(number, b"ToUnicode")
        cmap = qt.stream(ref) if ref is not None else None
        descendant = _DESCENDANT.search(head)
        base = _BASE_FONT.search(head)
        if ref is None or cmap is None or descendant is None or base is None:
            continue
        current = tounicode.parse(cmap.decode("latin-1"))
        postscript = base.group(1).decode("latin-1").split("+")[-1]
        original = plain_codes.cmap_of(postscript)
        plain = {
            code: plain_codes.plain(text, original) if plain_codes.ODD.search(text) else text
            for code, text in current.items()
        }
        cid_font = _raw(qt, int(descendant.group(1))) or b""
        font_in = glyph_codes.Font(
            plain_codes.font_file(postscript),
            current,
            plain,
            cid_fonts.widths(cid_font),
            cid_fonts.extendable(cid_font),
        )
        fonts[number] = (font_in, (ref, int(descendant.group(1))))
    return fonts


_QtFont = tuple[glyph_codes.Font, tuple[int, int]]


def _font_resources(qt: QtPdf, page: int) -> dict[str, int]:
    """The page's font resources: name to font object number."""
    resources = qt.ref(page, b"Resources")
    text = qt.text(resources) if resources is not None else qt.text(page)
    fonts = qt.ref(resources, b"Font") if resources is not None else qt.ref(page, b"Font")
    if fonts is not None:
        text = qt.text(fonts)
    else:
        found = re.search(rb"/Font\s*<<(.*?)>>", text, re.S)
        if found is None:
            return {}
        text = found.group(1)
    return {m.group(1).decode("latin-1"): int(m.group(2)) for m in _FONT_ENTRY.finditer(text)}


def _next_number(qt: QtPdf, objects: dict[int, bytes]) -> int:
    return max(qt.size, max(objects, default=0) + 1)


class _Kept(NamedTuple):
    """A reference page as it was read: its content, its items' text objects, its resources'
    text, its fonts by name, and its runs as the relabeller read them."""

    content: str
    spans: list[stamp.ItemSpan]
    resources_text: bytes
    fonts: dict[str, int]
    read: glyph_codes.Read


def _whole(
    qt: QtPdf,
    page: int,
    content: str,
    items: list[TextItem],
    stamped: stamp.Stamp,
    kept: dict[int, _Kept],
    objects: dict[int, bytes],
) -> tuple[str, list[stamp.ItemSpan], list[int], dict[str, int]]:
    """A stamped page's whole content (liaison.documents.stamp), where its items' text objects
    are in it (and the reference's spans they were), and its fonts by name; its resources, its
    reference's with the fonts it uses, are written into `objects`."""
    reference = kept.get(stamped.reference)
    if reference is None:
        raise stamp.Unmatched("the reference page could not be read")
    drawn = [item for a, b in stamp.drawn_items(stamped) for item in items[a:b]]
    spans = _match(content, drawn) if drawn else []
    if spans is None:
        raise stamp.Unmatched("the paragraphs drawn do not match their items")
    whole, whole_spans, origins = stamp.splice(
        reference.content, reference.spans, content, spans, stamped
    )
    # The fonts the whole page uses: its reference's, less those only the reference's own
    # words used, with its own.
    used = set(_FONT_USED.findall(whole))
    fonts = {n: f for n, f in {**reference.fonts, **_font_resources(qt, page)}.items() if n in used}
    number = qt.ref(page, b"Resources")
    entries = "".join(f"/{name} {font} 0 R\n" for name, font in fonts.items()).encode("latin-1")
    text, found = _FONT_DICT.subn(b"/Font <<\n" + entries + b">>", reference.resources_text, 1)
    if number is None or not found:
        raise stamp.Unmatched("no font dictionary in the page's resources")
    objects[number] = text
    return whole, whole_spans, origins, fonts


_FONT_DICT = re.compile(rb"/Font\s*<<[^<>]*>>")
_FONT_USED = re.compile(r"/(F\d+) [\d.]+ Tf")


def _resources_text(qt: QtPdf, page: int) -> bytes:
    number = qt.ref(page, b"Resources")
    return qt.text(number) if number is not None else b""


def _match(content: str, items: list[TextItem]) -> list[stamp.ItemSpan] | None:
    """Each item's text objects in the content: where they start and end, and the item's
    index; None when they cannot be matched to the items one by one."""
    spans: list[list[int]] = []  # [start, end, item index]: one span per item
    index, offset, count = 0, None, len(items)
    spanned = -1  # the item the last span is for
    for obj in _TEXT_OBJECT.finditer(content):
        x, y = float(obj.group(1)), -float(obj.group(2))
        while index < count:
            _text, left, baseline, width = items[index]
            if offset is None:
                offset = y - baseline
            if abs(y - offset - baseline) < _EPS:
                inside = left - _EPS <= x < left + max(width, _EPS) - _EPS / 10
                # Bidi controls (isolates) are drawn as empty glyphs: one at the far edge of a
                # right-to-left item, where the next item starts, or as an item of no width.
                # Such an object is the item's while it has none yet; the next object is the
                # next item's.
                fresh = spanned != index
                if width < _EPS:
                    inside = inside and fresh
                if inside or (fresh and abs(x - left - width) < _EPS):
                    break
            index += 1
        if index == count:
            return None
        if spanned == index:
            spans[-1][1] = obj.end()
        else:
            spans.append([obj.start(), obj.end(), index])
            spanned = index
    if not spans:
        return None
    return [(start, end, index) for start, end, index in spans]


def _with_actual_text(
    content: str, items: list[TextItem], spans: list[stamp.ItemSpan]
) -> tuple[str, list[Span]]:
    """The content with each item's text objects inside one ActualText span, and the spans
    (as glyph_codes.Relabeller.read takes them)."""
    out, last, length = [], 0, 0
    found: list[Span] = []
    for start, end, index in spans:
        text = items[index].text
        actual = _pdf_text(text)
        # The ActualText leaves out the bidi controls (the isolates around inserted text):
        # readers copy them as invisible characters inside words. The relabeller is given the
        # text with them, to match the glyphs Qt drew for them.
        shown = actual if CONTROLS.isdisjoint(text) else _pdf_text(_uncontrolled(text))
        span = f"/Span <</ActualText {shown}>> BDC\n"
        length += start - last + len(span)
        found.append((actual[5:-1], length, length + end - start))
        out += [content[last:start], span, content[start:end], "EMC\n"]
        length += end - start + 4
        last = end
    out.append(content[last:])
    return "".join(out), found


def _uncontrolled(text: str) -> str:
    return "".join(ch for ch in text if ch not in CONTROLS)


@holds_words
@lru_cache(maxsize=4096)
def _pdf_text(text: str) -> str:
    # Cached: a chunk's letters repeat the same lines of their language many times.
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _stream(data: bytes, *, compress: bool) -> bytes:
    if compress:
        # ISA-L's level 1: 24 us for a letter's 20 KB page where zlib's level 1 took 110 (and
        # level 6 a quarter of the repair), the stream as small as zlib's level 1.
        data = isal_zlib.compress(data, 1)
        return (
            f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode()
            + data
            + b"\nendstream"
        )
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
