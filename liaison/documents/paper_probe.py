"""Where Qt's text layout put the parts of a page that will be read back from a scan.

The reply slip of a letter flows with the letter's text (liaison.documents.layout), so its QR
code and answer boxes land wherever the words before them end. Once a letter is laid out for
the PDF writer, this module reads their places back from the layout, exactly as they will be
printed, and turns them into a `PageGeometry` (liaison.paper_geometry) for each slip:
- the QR code: the inline image named `qr_url(reference)`; its symbol is the image less the
  quiet zone segno draws around it;
- the answer boxes: each "□" on the slip's tick line, measured from the glyph the font draws
  (yes is the first box, no the second, in the order the text is written);
- alignment marks: any image named `MARK_URL` on the same page (`mark_html()`).

A layout that places its parts at fixed positions (the slip redesign, questionnaires) builds
its `PageGeometry` directly instead and needs none of this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QUrl
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPaintDevice,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextImageFormat,
    QTextLine,
)

from liaison import paper_geometry as pg
from liaison.documents.layout import Document, qr_url

BOX_CHAR = "□"
# What the boxes on the current slip's tick line stand for, in the order they are written.
SLIP_ANSWERS = ("yes", "no")
QR_BORDER = 2  # modules of quiet zone, as layout.qr_png draws it


@dataclass(frozen=True)
class Frame:
    """The laid-out document's pages: their size in device pixels and where they sit on paper."""

    page_width: float
    page_height: float
    px_per_mm: float
    margin_left_mm: float
    margin_top_mm: float
    paper_mm: tuple[float, float] = pg.A4_MM

    def to_page(self, rect: QRectF) -> tuple[int, pg.Rect]:
        """A rectangle in document pixels as (page index, rectangle in mm on that page)."""
        page = int(rect.center().y() // self.page_height)
        top = rect.top() - page * self.page_height
        px = self.px_per_mm
        return page, pg.Rect(
            self.margin_left_mm + rect.left() / px,
            self.margin_top_mm + top / px,
            rect.width() / px,
            rect.height() / px,
        )


@dataclass
class _Found:
    """What the layout holds, each with the index of its block (document order)."""

    images: list[tuple[int, str, QRectF]] = field(default_factory=list)
    tick_lines: list[tuple[int, list[QRectF]]] = field(default_factory=list)


def add_resources(qdoc: QTextDocument) -> None:
    """The solid square `mark_html()` draws, for a layout that uses it."""
    mark = QImage(8, 8, QImage.Format.Format_RGB32)
    mark.fill(QColor("black"))
    qdoc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(pg.MARK_URL), mark)


def qr_symbol_rect(reference: str, image: pg.Rect) -> pg.Rect:
    """The symbol of the QR code `layout.qr_png(reference)` draws into `image` (mm)."""
    import segno

    modules = segno.make(reference, error="m").symbol_size(border=0)[0]
    return pg.qr_symbol(image, modules, QR_BORDER)


def measure(qdoc: QTextDocument, doc: Document, frame: Frame) -> list[pg.PageGeometry]:
    """The geometry of every reply slip in `doc`, as `qdoc` has laid it out."""
    references = [b.text for s in doc.sections for b in s.blocks if b.kind == "reply"]
    if not references:
        return []
    found = _walk(qdoc)
    marks: dict[int, list[pg.Rect]] = {}
    for _, name, rect in found.images:
        if name == pg.MARK_URL:
            page, mm = frame.to_page(rect)
            marks.setdefault(page, []).append(mm)
    out = []
    for reference in references:
        image = next(((i, r) for i, n, r in found.images if n == qr_url(reference)), None)
        if image is None:
            continue
        page, qr_mm = frame.to_page(image[1])
        boxes = _slip_boxes(found, image[0], page, frame)
        out.append(
            pg.PageGeometry(
                reference=reference,
                kind="reply_slip",
                qr=qr_symbol_rect(reference, qr_mm),
                boxes=boxes,
                marks=tuple(marks.get(page, ())),
                page_mm=frame.paper_mm,
            )
        )
    return out


def _slip_boxes(found: _Found, qr_block: int, page: int, frame: Frame) -> tuple[pg.Box, ...]:
    """The tick line laid out last before the QR code (the slip's text comes first in the
    document), kept only if it is on the QR code's page: a slip split over two pages cannot
    be read from one scan, and its reply is typed in instead."""
    before = [rects for index, rects in found.tick_lines if index < qr_block]
    if not before:
        return ()
    out = []
    for answer, rect in zip(SLIP_ANSWERS, before[-1], strict=False):
        box_page, mm = frame.to_page(rect)
        if box_page == page:
            out.append(pg.Box("reply", answer, mm))
    return tuple(out)


def _walk(qdoc: QTextDocument) -> _Found:
    """Images and tick lines in document coordinates: a block's bounding rectangle holds its
    place (in a table cell too); its lines and glyphs are placed relative to it."""
    found = _Found()
    layout = qdoc.documentLayout()
    device = layout.paintDevice()
    block = qdoc.begin()
    index = 0
    while block.isValid():
        origin = layout.blockBoundingRect(block).topLeft()
        for name, rect in _images(qdoc, block, device):
            found.images.append((index, name, rect.translated(origin)))
        if BOX_CHAR in block.text():
            found.tick_lines.append((index, [r.translated(origin) for r in _box_glyphs(block)]))
        index += 1
        block = block.next()
    return found


def _images(
    qdoc: QTextDocument, block: QTextBlock, device: QPaintDevice
) -> list[tuple[str, QRectF]]:
    """Inline images of a block, in block coordinates, placed as Qt places them."""
    out = []
    # HTML sizes are CSS pixels: Qt scales them to the device as it draws them.
    scale = device.logicalDpiY() / 96 if device is not None else 1.0
    text_layout = block.layout()
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        fmt = fragment.charFormat()
        if fmt.isImageFormat():
            image = fmt.toImageFormat()
            rel = fragment.position() - block.position()
            line = text_layout.lineForTextPosition(rel)
            x = line.cursorToX(rel)
            x = x[0] if isinstance(x, tuple) else x
            width, height = _image_size(qdoc, image)
            width, height = width * scale, height * scale
            top = _image_top(fmt, line, height, device)
            out.append((image.name(), QRectF(x, top, width, height)))
        it += 1
    return out


def _image_top(fmt: QTextCharFormat, line: QTextLine, height: float, device: QPaintDevice) -> float:
    """Where Qt puts an inline image in its line: at the line's top or bottom for those
    alignments (an image in an HTML cell with valign takes the cell's), centred on the
    baseline for AlignMiddle, else standing on the baseline."""
    align = QTextCharFormat.VerticalAlignment
    match fmt.verticalAlignment():
        case align.AlignTop:
            return line.y()
        case align.AlignBottom:
            return line.y() + line.height() - height
        case align.AlignMiddle:
            x_height = QFontMetricsF(fmt.font(), device).xHeight()
            return line.y() + line.ascent() - (height + x_height / 2) / 2
        case _:
            return line.y() + line.ascent() - height


def _image_size(qdoc: QTextDocument, image: QTextImageFormat) -> tuple[float, float]:
    """The size the HTML gave, the missing side from the picture's own proportions."""
    width, height = image.width(), image.height()
    if width > 0 and height > 0:
        return width, height
    resource = qdoc.resource(QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
    natural = resource.size() if isinstance(resource, QImage) else None
    if natural is None or natural.isEmpty():
        return max(width, height, 0.0), max(width, height, 0.0)
    if width <= 0 and height <= 0:
        return float(natural.width()), float(natural.height())
    if width <= 0:
        return height * natural.width() / natural.height(), height
    return width, width * natural.height() / natural.width()


def _box_glyphs(block: QTextBlock) -> list[QRectF]:
    """The ink of each box character, from the glyph the font draws (block coordinates)."""
    out = []
    text_layout = block.layout()
    for index, char in enumerate(block.text()):
        if char != BOX_CHAR:
            continue
        for run in text_layout.glyphRuns(index, 1):
            font = run.rawFont()
            for glyph, position in zip(run.glyphIndexes(), run.positions(), strict=True):
                bounds = font.boundingRect(glyph)
                out.append(bounds.translated(position))
    return out
