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
"""

from __future__ import annotations

import io
import re
import unicodedata
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader
from pypdf.generic import IndirectObject
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPaintDevice, QPaintEngine, QTextItem

from liaison.documents.font_names import font_files
from liaison.i18n.bidi import CONTROLS

_QT_TYPE0 = re.compile(rb"(\d+) 0 obj\s*<<\s*/Type /Font\s*/Subtype /Type0")
_HEX = re.compile(r"<([0-9A-Fa-f]+)>")
# Qt's text object: a saved state, colour, then BT, font, the first glyph's absolute position.
_TEXT_OBJECT = re.compile(
    r"q\n(?:[^\nq][^\n]*\n)*?BT\n/F\d+ [\d.]+ Tf 1 0 0 -1 0 0 Tm\n"
    r"(-?[\d.]+) (-?[\d.]+) Td.*?\nET\nQ\n",
    re.S,
)
# Code points Qt picks from a cmap where a plainer one draws the same glyph.
_COMPAT_RANGES = ((0xFB00, 0xFB06), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0x2E80, 0x2FDF))
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


@dataclass(frozen=True)
class TextItem:
    text: str
    x: float
    baseline: float
    width: float


@dataclass
class Recording:
    """The text items of every page, in the order Qt painted them."""

    pages: list[list[TextItem]] = field(default_factory=list)


class _Engine(QPaintEngine):
    def __init__(self, recording: Recording) -> None:
        super().__init__(QPaintEngine.PaintEngineFeature.AllFeatures)
        self.recording = recording

    def begin(self, device: QPaintDevice) -> bool:
        self.recording.pages.append([])
        return True

    def end(self) -> bool:
        return True

    def updateState(self, state) -> None:  # type: ignore[no-untyped-def]
        pass

    def drawPixmap(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass

    def drawPath(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass

    def drawPolygon(self, *args) -> None:  # type: ignore[no-untyped-def]
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
    """The PDF with ActualText spans and plainer ToUnicode maps added as an incremental update."""
    reader = PdfReader(io.BytesIO(data))
    objects: dict[int, bytes] = {}
    # Pages the recording does not match one to one keep Qt's text layer as it was.
    same = len(reader.pages) == len(recording.pages)
    for page, items in zip(reader.pages, recording.pages if same else [], strict=False):
        ref = page.raw_get("/Contents")
        if not isinstance(ref, IndirectObject):
            continue
        content = ref.get_object().get_data().decode("latin-1")
        spanned = _with_actual_text(content, items)
        if spanned is not None:
            objects[ref.idnum] = _stream(spanned.encode("latin-1"), compress=True)
    for match in _QT_TYPE0.finditer(data):
        font = reader.get_object(int(match.group(1)))
        ref = font.get("/ToUnicode") if font is not None else None
        if not isinstance(ref, IndirectObject):
            continue
        current = _parse_cmap(ref.get_object().get_data().decode("latin-1"))
        original = _original(str(font["/BaseFont"]).lstrip("/").split("+")[-1])
        plain = {code: _plain(text, original) for code, text in current.items()}
        if plain != current:
            objects[ref.idnum] = _stream(_write_cmap(plain), compress=False)
    return data + _update(data, reader, objects) if objects else data


def _with_actual_text(content: str, items: list[TextItem]) -> str | None:
    """The content with each item's text objects inside one ActualText span; None when the
    text objects cannot be matched to the items one by one (the page is left as it was)."""
    spans: list[list[int]] = []  # [start, end, item index]: one span per item
    index, offset = 0, None
    for obj in _TEXT_OBJECT.finditer(content):
        x, y = float(obj.group(1)), -float(obj.group(2))
        while index < len(items):
            item = items[index]
            if offset is None:
                offset = y - item.baseline
            inside = item.x - _EPS <= x < item.x + max(item.width, _EPS) - _EPS / 10
            # Bidi controls (isolates) are drawn as empty glyphs: one at the far edge of a
            # right-to-left item, where the next item starts, or as an item of no width. Such an
            # object is the item's while it has none yet; the next object is the next item's.
            fresh = not (spans and spans[-1][2] == index)
            at_edge = abs(x - item.x - item.width) < _EPS and fresh
            if item.width < _EPS:
                inside = inside and fresh
            if (inside or at_edge) and abs(y - offset - item.baseline) < _EPS:
                break
            index += 1
        if index == len(items):
            return None
        if spans and spans[-1][2] == index:
            spans[-1][1] = obj.end()
        else:
            spans.append([obj.start(), obj.end(), index])
    if not spans:
        return None
    out, last = [], 0
    for start, end, index in spans:
        text = "".join(ch for ch in items[index].text if ch not in CONTROLS)
        span = f"/Span <</ActualText {_pdf_text(text)}>> BDC\n"
        out += [content[last:start], span, content[start:end], "EMC\n"]
        last = end
    out.append(content[last:])
    return "".join(out)


def _pdf_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _plain(text: str, original: _Original | None) -> str:
    return "".join(_plain_char(ch, original) for ch in text)


def _plain_char(ch: str, original: _Original | None) -> str:
    if not _odd(ch):
        return ch
    # Qt leaves the name of a CFF font (the CJK collection) empty: any packaged font with the
    # character tells what else its glyph stands for.
    original = original if original is not None else _any_with(ord(ch))
    if original is not None and ord(ch) in original.cmap:
        # Another code point drawn with the same glyph: the ideograph, not its radical.
        same = original.reverse.get(original.cmap[ord(ch)], set())
        plain = sorted(code for code in same if not _odd(chr(code)))
        if plain:
            return chr(plain[0])
    if ch == "\t":
        return " "
    return unicodedata.normalize("NFKC", ch)


def _odd(ch: str) -> bool:
    return ch == "\t" or any(lo <= ord(ch) <= hi for lo, hi in _COMPAT_RANGES)


@dataclass(frozen=True)
class _Original:
    cmap: dict[int, int]
    reverse: dict[int, set[int]]


@cache
def _index() -> dict[str, tuple[Path, int]]:
    found: dict[str, tuple[Path, int]] = {}
    for path in font_files():
        if path.suffix == ".ttc":
            faces = TTCollection(path, lazy=True).fonts
        else:
            faces = [TTFont(path, lazy=True)]
        for number, face in enumerate(faces):
            found.setdefault(face["name"].getDebugName(6) or "", (path, number))
    return found


@cache
def _any_with(code: int) -> _Original | None:
    for name in _index():
        original = _original(name)
        if original is not None and code in original.cmap:
            return original
    return None


@cache
def _original(postscript_name: str) -> _Original | None:
    where = _index().get(postscript_name)
    if where is None:
        return None
    font = TTFont(where[0], fontNumber=where[1], lazy=True)
    ids = {name: i for i, name in enumerate(font.getGlyphOrder())}
    cmap = {code: ids[name] for code, name in (font.getBestCmap() or {}).items()}
    reverse: dict[int, set[int]] = defaultdict(set)
    for code, gid in cmap.items():
        reverse[gid].add(code)
    return _Original(cmap, dict(reverse))


def _parse_cmap(text: str) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            mapping[int(src, 16)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for line in block.strip().splitlines():
            parts = _HEX.findall(line)
            if len(parts) < 3:
                continue
            lo, hi = int(parts[0], 16), int(parts[1], 16)
            if "[" in line:
                for offset, dst in enumerate(parts[2:]):
                    mapping[lo + offset] = _utf16(dst)
            else:
                first = int(parts[2], 16)
                for offset in range(hi - lo + 1):
                    mapping[lo + offset] = chr(first + offset)
    return mapping


def _utf16(hexstr: str) -> str:
    return bytes.fromhex(hexstr).decode("utf-16-be", errors="replace")


def _write_cmap(mapping: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    items = sorted((code, text) for code, text in mapping.items() if text)
    for start in range(0, len(items), 100):  # a CMap block holds at most 100 entries
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [
            f"<{code:04X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in chunk
        ]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _stream(data: bytes, *, compress: bool) -> bytes:
    if compress:
        data = zlib.compress(data, 6)
        return f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data


def _update(data: bytes, reader: PdfReader, objects: dict[int, bytes]) -> bytes:
    """An incremental update (PDF 1.7, 7.5.6): new versions of the changed objects, an xref
    section for them and a trailer pointing back at the previous one."""
    out = bytearray(b"\n")
    offsets: dict[int, int] = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(data) + len(out)
        out += f"{number} 0 obj\n".encode() + body + b"\nendstream\nendobj\n"
    xref_at = len(data) + len(out)
    out += b"xref\n"
    for number, offset in offsets.items():
        out += f"{number} 1\n{offset:010d} 00000 n \n".encode()
    trailer = reader.trailer
    entries = [f"/Size {int(trailer['/Size'])}", f"/Prev {_startxref(data)}"]
    for key in ("/Root", "/Info"):
        ref = trailer.raw_get(key) if key in trailer else None
        if isinstance(ref, IndirectObject):
            entries.append(f"{key} {ref.idnum} {ref.generation} R")
    ids = re.search(rb"/ID\s*\[[^\]]*\]", data[data.rfind(b"trailer") :])
    if ids:
        entries.append(ids.group(0).decode("latin-1"))
    out += ("trailer\n<< " + " ".join(entries) + " >>\n").encode("latin-1")
    out += f"startxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def _startxref(data: bytes) -> int:
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-1024:])
    if found is None:
        raise ValueError("not a PDF Qt wrote: no startxref")
    return int(found.group(1))
