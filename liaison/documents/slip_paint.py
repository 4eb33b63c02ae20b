"""Drawing the reply slip at the places slip.py gives: lines, boxes and the QR code with QPainter,
each piece of text in its own small QTextDocument (the same fonts, shaping and bidi as the
letter), made smaller within limits when the words are long rather than moved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPaintDevice, QPainter, QPen, QTextDocument

from liaison.documents import slip as geometry
from liaison.documents.font_names import css_family_list
from liaison.documents.slip import Rect, ReplySlip, Words
from liaison.i18n.bidi import isolate

GREY = "#444444"


def _p(text: str, size: float, direction: str = "ltr", align: str = "", colour: str = "") -> str:
    align = align or ("right" if direction == "rtl" else "left")
    style = f"font-size: {size:.1f}pt; margin: 0px;" + (f" color: {colour};" if colour else "")
    return f'<p dir="{direction}" align="{align}" style="{style}">{escape(text)}</p>'


def _one_line(words: Words) -> str:
    """English first, then the home words isolated: one left-to-right line."""
    home, english = words
    return f"{english} · {isolate(home)}" if home and home != english else english


def _two_lines(words: Words, direction: str, align: str = "") -> Callable[[float], str]:
    """The home words above the English, or English alone when untranslated."""
    home, english = words

    def html(size: float) -> str:
        if home and home != english:
            return _p(home, size, direction, align) + _p(english, size * 0.88, "ltr", "left", GREY)
        return _p(english, size, "ltr", "left")

    return html


@dataclass
class _Piece:
    rect: Rect
    doc: QTextDocument


# Laid-out pieces by their words and place, shared by the slips of one print run (most words
# are the same on every slip of a language: only the pupil and the reference change).
PieceCache = dict[tuple[str, Rect, float], QTextDocument]


def qr_image(reference: str, module_px: int = 8) -> QImage:
    """The reference as a QR code (a full QR code, version 1: phone cameras and zxing read it,
    where many readers skip Micro QR), black on white with a four-module quiet zone, made
    straight from segno's matrix. Whole pixels per module, so it prints sharp at any size.

    The mask is fixed: segno's search for the best of the eight took 12 ms a slip, more than
    the rest of the letter; every mask decodes (all eight read back from 150 fictional
    references drawn at 3 pixels a module and blurred, with zxing-cpp)."""
    import segno

    matrix = segno.make(reference, error="m", micro=False, mask=0).matrix
    border = 4
    side = len(matrix) + 2 * border
    stride = (side + 3) // 4 * 4  # Qt's rows start on 4-byte boundaries
    blank = bytes([255]) * stride
    rows = [blank] * border
    for row in matrix:
        line = bytes([255]) * border + bytes(0 if dark else 255 for dark in row)
        rows.append(line + bytes([255]) * (stride - len(line)))
    rows += [blank] * border
    image = QImage(b"".join(rows), side, side, stride, QImage.Format.Format_Grayscale8)
    return image.scaled(side * module_px, side * module_px)  # a copy: owns its pixels


class SlipDrawing:
    """One slip laid out once for a device, drawn on as many painters as needed (the PDF page
    and the text-layer recorder)."""

    def __init__(
        self,
        slip: ReplySlip,
        device: QPaintDevice,
        font: QFont,
        px_per_mm: float,
        cache: PieceCache | None = None,
    ) -> None:
        self.slip, self.device, self.font, self.px = slip, device, font, px_per_mm
        self.cache = cache if cache is not None else {}
        self.qr = qr_image(slip.reference)
        self.pieces = [
            _Piece(rect, self._cached(rect, html, size)) for rect, html, size in self._texts()
        ]

    def _cached(self, rect: Rect, html: Callable[[float], str], size: float) -> QTextDocument:
        key = (html(size), rect, self.px)
        doc = self.cache.get(key)
        if doc is None:
            doc = self.cache[key] = self._fit(rect, html, size)
        return doc

    def _texts(self) -> list[tuple[Rect, Callable[[float], str], float]]:
        s, g = self.slip, geometry
        pupil = f"{_one_line(s.pupil_label)}: {isolate(s.class_name)} · {isolate(s.pupil_name)}"
        texts: list[tuple[Rect, Callable[[float], str], float]] = [
            (g.CUT_TEXT, lambda z: _p(_one_line(s.cut), z, align="center", colour=GREY), 7.5),
            (g.SUBJECT, lambda z: _p(s.subject, z, s.direction), 11),
            (g.PUPIL, lambda z: _p(pupil, z), 10),
            (g.TICK, lambda z: _p(_one_line(s.tick), z, colour=GREY), 8.5),
            (g.REFERENCE, lambda z: _p(s.reference, z, align="center"), 14),
            (g.REFERENCE_LABEL, lambda z: _p(_one_line(s.reference_label), z, align="center"), 7),
            (g.SIGNED_LABEL, _two_lines(s.signed, s.direction, "left"), 9),
            (g.DATE_LABEL, _two_lines(s.date, s.direction, "left"), 9),
        ]
        for rect, words in zip(g.ANSWER_WORDS, s.answers, strict=False):
            texts.append((rect, _two_lines(words, s.direction, "left"), 11))
        if any(s.return_by):
            texts.append((g.RETURN_BY, _two_lines(s.return_by, s.direction), 9.5))
        return texts

    def _fit(self, rect: Rect, html: Callable[[float], str], size: float) -> QTextDocument:
        """The words at `size`, or smaller (to 70%) until they fit the rectangle's height."""
        floor = size * 0.7
        while True:
            doc = QTextDocument()
            doc.documentLayout().setPaintDevice(self.device)
            doc.setDefaultFont(self.font)
            doc.setDocumentMargin(0)
            doc.setTextWidth(rect.width * self.px)
            doc.setHtml(f'<body style="font-family: {css_family_list()};">{html(size)}</body>')
            if doc.size().height() <= rect.height * self.px + 1 or size <= floor:
                return doc
            size -= 0.5

    def draw(self, painter: QPainter, top: float) -> None:
        """Draw the slip with its corner at (0, top) in the painter's coordinates: the left
        text margin, `top` device pixels down. Everything is placed by coordinates, with no
        transform per piece: the text layer (text_layer.py) tells text objects apart by where
        they are drawn, and two pieces drawn at their own origin would share one."""
        px, g = self.px, geometry
        painter.save()
        cut = QPen(QColor("#555555"), 0.3 * px, Qt.PenStyle.DashLine)
        painter.setPen(cut)
        left, right = -g.MARGINS_MM[0] * px, (g.TEXT_WIDTH_MM + g.MARGINS_MM[2]) * px
        painter.drawLine(QPointF(left, top), QPointF(right, top))
        painter.setPen(QPen(QColor("black"), 0.35 * px))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for box in g.ANSWER_BOXES[: len(self.slip.answers)]:
            painter.drawRect(self._rect(box, top))
        painter.setPen(QPen(QColor("black"), 0.25 * px))
        for line in (g.SIGNED_LINE, g.DATE_LINE):
            y = top + line.y * px
            painter.drawLine(QPointF(line.x * px, y), QPointF(line.right * px, y))
        painter.drawImage(self._rect(g.QR, top), self.qr)
        painter.setPen(QColor("black"))
        for piece in self.pieces:
            area = self._rect(piece.rect, top)
            painter.setClipRect(area.adjusted(0, 0, 0, 2))
            block = piece.doc.begin()
            while block.isValid():
                # A block's layout already holds its place in the piece (position()).
                block.layout().draw(painter, area.topLeft())
                block = block.next()
            painter.setClipping(False)
        painter.restore()

    def _rect(self, rect: Rect, top: float) -> QRectF:
        px = self.px
        return QRectF(rect.x * px, top + rect.y * px, rect.width * px, rect.height * px)
