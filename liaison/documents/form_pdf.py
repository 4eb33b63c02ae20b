"""Questionnaire pages to PDF: every text, box, face and QR code at the place form_layout gave it.

Texts are laid out by Qt's QTextDocument (the same shaping and right-to-left handling as the
letters, in the shipped fonts only) and drawn at fixed rectangles; a text longer than its
place is set a little smaller, down to 80% of its size, and beyond that the page is refused
with the text named rather than printed over its neighbour. Boxes, faces and the QR code are
vector drawings. The text layer is repaired as for letters (text_layer.py), so the words can
be copied and checked. The PDF is made in memory and written once (atomically).
"""

from __future__ import annotations

import errno
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QLoggingCategory, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from liaison.documents import coverage, fonts, text_layer
from liaison.documents.font_names import FAMILIES
from liaison.documents.form_layout import PAGE_H, PAGE_W, FormPage, Text
from liaison.documents.qt_runtime import ensure_gui_app
from liaison.documents.signs import draw_sign
from liaison.errors import Cancelled, LiaisonError, write_failed
from liaison.jobs import CancelCheck, Progress
from liaison.store.atomic import write_atomic

DPI = 300
K = DPI / 72.0  # device pixels per point
SMALLEST = 0.8  # a long text may be set down to this share of its size
GREY = QColor(85, 85, 85)
BLACK = QColor(0, 0, 0)
LINE = 1.5  # line spacing, as a multiple of the text's size
_CACHE_SIZE = 6000


class TextTooLong(LiaisonError):
    exit_code = 2


@dataclass(frozen=True)
class FormJob:
    """One PDF: these pages, in order."""

    pages: tuple[FormPage, ...]
    out: Path
    title: str = "Questionnaires"


@dataclass(frozen=True)
class FormResult:
    path: Path
    pages: int


@cache
def _font(size_tenths: int) -> QFont:
    font = QFont()
    font.setFamilies(FAMILIES)  # the shipped families only, in their fallback order
    font.setPointSizeF(size_tenths / 10)
    # The CJK collection's default instance is Thin; every fallback inherits this weight.
    font.setVariableAxis(QFont.Tag("wght"), 400)
    return font


@dataclass
class _Laid:
    """A text laid out: its lines (and its English's) in place, and their height (pixels)."""

    parts: list[tuple[QTextLayout, QColor | None]]
    height: float


class _Texts:
    """Laid-out texts, kept: the answer words and most questions are the same on every copy
    in a language, so each is laid out once per run."""

    def __init__(self, device: QPdfWriter) -> None:
        self.device = device
        self.kept: OrderedDict[tuple[object, ...], _Laid] = OrderedDict()

    def get(self, t: Text) -> _Laid:
        key = (t.text, t.english, t.rect.w, t.rect.h, t.size, t.direction, t.align)
        laid = self.kept.get(key)
        if laid is not None:
            self.kept.move_to_end(key)
            return laid
        scale = 1.0
        while True:
            laid = self._lay_out(t, scale)
            if laid.height <= (t.rect.h + 0.5) * K or scale <= SMALLEST:
                break
            scale = round(scale - 0.025, 3)
        if laid.height > (t.rect.h + 1.5) * K:
            raise TextTooLong(
                f"The {t.role or 'text'} “{t.text[:60]}” is too long for its place on the "
                "questionnaire, even set smaller. Shorten it (Parent voice > Questionnaires), "
                "then print again; nothing was printed."
            )
        self.kept[key] = laid
        if len(self.kept) > _CACHE_SIZE:
            self.kept.popitem(last=False)
        return laid

    def _lay_out(self, t: Text, scale: float) -> _Laid:
        """The text (and its English below it) at `scale` of their sizes, wrapped to width.
        QTextLayout directly: the same shaping as a QTextDocument without its machinery."""
        width = t.rect.w * K
        home, y = self._part(t.text, t.size * scale, t.direction, t.align, width, 0.0)
        parts: list[tuple[QTextLayout, QColor | None]] = [(home, None)]
        if t.english:
            english, y = self._part(
                t.english, t.english_size * scale, "ltr", t.english_align, width, y
            )
            parts.append((english, GREY))
        return _Laid(parts, y)

    def _part(
        self, text: str, size: float, direction: str, align: str, width: float, y: float
    ) -> tuple[QTextLayout, float]:
        layout = QTextLayout(text, _font(round(size * 10)), self.device)
        layout.setTextOption(_option(direction, align))
        # One line spacing for every script: Noto Sans Arabic's own is over twice its size,
        # which would give an Arabic question half the lines of an English one in the same
        # place. Each line's own box is centred in its slot; marks above and below draw in full.
        slot = size * LINE * K
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y + (slot - line.height()) / 2))
            y += slot
        layout.endLayout()
        return layout, y


@cache
def _option(direction: str, align: str) -> QTextOption:
    rtl = direction == "rtl"
    start = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    end = Qt.AlignmentFlag.AlignLeft if rtl else Qt.AlignmentFlag.AlignRight
    option = QTextOption(
        {"centre": Qt.AlignmentFlag.AlignHCenter, "end": end}.get(align, start)
        | Qt.AlignmentFlag.AlignAbsolute
    )
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    return option


def _draw_text(painter: QPainter, texts: _Texts, t: Text) -> None:
    if not t.text.strip():
        return
    laid = texts.get(t)
    # Drawn at its place on the page with no change to the painter's transform: the text
    # layer's repair matches text objects to the recorded lines by position, and two texts
    # drawn from a translated origin would both start at (0, 0) and be confused.
    origin = QPointF(t.rect.x * K, t.rect.y * K)
    for layout, colour in laid.parts:
        painter.setPen(colour or (GREY if t.grey else BLACK))
        layout.draw(painter, origin)


def _r(rect) -> QRectF:
    return QRectF(rect.x * K, rect.y * K, rect.w * K, rect.h * K)


def _qr(painter: QPainter, reference: str, rect: QRectF) -> None:
    import segno

    # Version 1 holds a 7-character reference at level M; one fixed mask spares trying all
    # eight for each of thousands of pages (any mask scans; the choice only tunes contrast).
    matrix = segno.make(reference, error="m", version=1, mask=2, micro=False).matrix
    modules = len(matrix) + 4  # a quiet zone of two modules each side
    unit = rect.width() / modules
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for row, line in enumerate(matrix):
        col = 0
        while col < len(line):  # one rectangle per run of dark modules along the row
            if not line[col]:
                col += 1
                continue
            end = col
            while end < len(line) and line[end]:
                end += 1
            x, y = rect.x() + (col + 2) * unit, rect.y() + (row + 2) * unit
            path.addRect(x, y, (end - col) * unit, unit)
            col = end
    painter.fillPath(path, QBrush(QColor(0, 0, 0)))


def paint_page(
    painter: QPainter, page: FormPage, texts: _Texts, *, text_only: bool = False
) -> None:
    """Everything on one page. The text-layer recorder gets the same text calls, and only
    those (`text_only`): it records text items and nothing else."""
    if not text_only:
        _shapes(painter, page)
    for t in page.texts:
        _draw_text(painter, texts, t)


def _shapes(painter: QPainter, page: FormPage) -> None:
    painter.setPen(QPen(QColor(150, 150, 150), 0.6 * K))
    for rule in page.rules:
        painter.drawLine(_r(rule).topLeft(), _r(rule).topRight())
    for mark in page.marks:
        painter.fillRect(_r(mark), QColor(0, 0, 0))
    if page.qr is not None and page.reference:
        _qr(painter, page.reference, _r(page.qr))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for box in page.boxes:
        width = 1.3 if box.kind == "tick" else 0.8
        painter.setPen(QPen(QColor(0, 0, 0), width * K))
        painter.drawRect(_r(box.rect))
    for sign in page.signs:
        draw_sign(painter, sign.kind, _r(sign.rect))


def check(pages: Sequence[FormPage]) -> None:
    """Refuse, naming the character, before anything is drawn (no boxes for letters)."""
    _prepare()
    seen: set[str] = set()
    for page in pages:
        text = page.all_text()
        if text in seen:
            continue
        seen.add(text)
        coverage.require_coverage(text, page.title or "the questionnaire")


def _prepare() -> None:
    ensure_gui_app()
    QLoggingCategory.setFilterRules("qt.text.font.db=false")
    fonts.register()


def render_forms_here(
    jobs: Sequence[FormJob],
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> list[FormResult]:
    """Write each job's PDF, on this thread (form_render.py chooses a child process when this is
    not the main thread). Progress counts pages across all jobs."""
    _prepare()
    total = sum(len(job.pages) for job in jobs)
    done = 0
    results = []
    for job in jobs:
        check(job.pages)
        results.append(_render_one(job, done, total, progress, cancel))
        done += len(job.pages)
    return results


def _writer(buffer: QBuffer, title: str) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Liaison")
    writer.setResolution(DPI)
    # No margins: form_layout places everything from the page's own corner.
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Point,
        )
    )
    return writer


def _render_one(
    job: FormJob,
    start: int,
    total: int,
    progress: Progress | None,
    cancel: CancelCheck | None,
) -> FormResult:
    out = Path(job.out)
    if not out.parent.is_dir():
        raise write_failed(out, FileNotFoundError(errno.ENOENT, "no folder", str(out.parent)))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        writer = _writer(buffer, job.title)
        texts = _Texts(writer)
        recorder = text_layer.Recorder(writer)
        painter = QPainter(writer)
        try:
            for index, page in enumerate(job.pages):
                if cancel is not None and cancel():
                    raise Cancelled
                if index:
                    writer.newPage()
                paint_page(painter, page, texts)
                # The same calls again, so the recorder sees the text items the PDF got.
                shadow = QPainter(recorder)
                paint_page(shadow, page, texts, text_only=True)
                shadow.end()
                if progress is not None and (index % 10 == 9 or index + 1 == len(job.pages)):
                    progress(start + index + 1, total)
        finally:
            painter.end()
        del writer
    finally:
        buffer.close()
    data = text_layer.repair(bytes(buffer.data().data()), recorder.recording)
    write_atomic(out, data)
    return FormResult(out, len(job.pages))


def render_page_images(pages: Sequence[FormPage], width_px: int = 800) -> list[QImage]:
    """The pages as images for a preview on screen, drawn by the same code as the PDF."""
    _prepare()
    check(pages)
    scale = width_px / (PAGE_W * K)
    images = []
    for page in pages:
        image = QImage(width_px, round(PAGE_H * K * scale), QImage.Format.Format_RGB32)
        # Texts are laid out for the printer's resolution and scaled, so lines break as on paper.
        image.setDotsPerMeterX(round(DPI / 0.0254 * scale))
        image.setDotsPerMeterY(round(DPI / 0.0254 * scale))
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = _writer(buffer, "preview")
        painter.scale(scale, scale)
        paint_page(painter, page, _Texts(writer))
        painter.end()
        buffer.close()
        images.append(image)
    return images
