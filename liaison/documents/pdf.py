"""The one rendering interface: documents in, one A4 PDF (or page images) out.

Engine: Qt's QTextDocument laid out for a QPdfWriter and painted page by page. Measured on this
stack (shared/notes/stack-facts.md and bench/letters.py) it shapes Arabic, Urdu (Naskh), Bengali,
Gurmukhi, Ethiopic and Chinese correctly, runs right-to-left paragraphs in the right order with
digits intact, and is several times faster than the alternatives that get every script right.
Fonts are embedded as subsets.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QIODevice,
    QLoggingCategory,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from liaison.documents import coverage, fonts, text_layer
from liaison.documents.fitting import Fitted, fit
from liaison.documents.layout import Document
from liaison.documents.qt_runtime import ensure_gui_app
from liaison.documents.results import RenderResult
from liaison.documents.reuse import Layouts, References, counts, record_page
from liaison.documents.slip import MARGINS_MM as _MARGINS
from liaison.documents.slip_paint import PieceCache
from liaison.errors import Cancelled, write_failed
from liaison.jobs import CancelCheck, Progress

MARGINS_MM = QMarginsF(*_MARGINS)
# A rendered page for the preview on screen; named here so callers need not import QtGui.
PageImage = QImage


def _prepare() -> None:
    ensure_gui_app()
    QLoggingCategory.setFilterRules("qt.text.font.db=false")
    fonts.register()


def check(documents: Iterable[Document]) -> None:
    """Coverage check for every document before anything is written."""
    _prepare()
    for doc in documents:
        coverage.require_coverage(doc.all_text(), doc.title)


@dataclass(frozen=True)
class Job:
    """One PDF to write: these documents, into `out`."""

    documents: tuple[Document, ...]
    out: Path
    title: str = "Letters"


def render_here(
    jobs: Sequence[Job],
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> list[RenderResult]:
    total = sum(len(job.documents) for job in jobs)
    results: list[RenderResult] = []
    for job in jobs:
        start = sum(r.documents for r in results)

        def step(done: int, _count: int, start: int = start) -> None:
            if progress is not None:
                progress(start + done, total)

        results.append(_render_one(job.documents, job.out, job.title, step, cancel))
    return results


def _render_one(
    documents: Sequence[Document],
    out: Path,
    title: str,
    progress: Progress | None,
    cancel: CancelCheck | None,
) -> RenderResult:
    # Here, not at the top: liaison.store loads SQLAlchemy, which a renderer child never needs.
    from liaison.store.atomic import write_atomic

    out = Path(out)
    if not out.parent.is_dir():
        raise write_failed(out, FileNotFoundError(errno.ENOENT, "no folder", str(out.parent)))
    data, pages = render_bytes(documents, title, progress, cancel)
    write_atomic(out, data)
    return RenderResult(out, len(documents), pages)


def render_bytes(
    documents: Sequence[Document],
    title: str,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> tuple[bytes, int]:
    """The documents as one PDF in memory, text layer repaired, and its page count."""
    data, recording, pages = render_raw(documents, title, progress, cancel)
    return text_layer.repair(data, recording), pages


def render_raw(
    documents: Sequence[Document],
    title: str,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    layouts: Layouts | None = None,
    *,
    stamp: bool = False,
) -> tuple[bytes, text_layer.Recording, int]:
    """The PDF as Qt wrote it, the text items painted on each page (for the text layer's
    repair) and the page count. A run in chunks passes the same `layouts` for every chunk,
    so each letter frame is laid out once a run (liaison.documents.reuse). With `stamp`, the
    later letters of a frame are drawn only where they differ (liaison.documents.stamp): the
    pages are whole only once the text layer's repair has made them so."""
    _prepare()
    check(documents)
    # Qt's writer says nothing when a write fails, so the PDF is made in memory and written
    # (all or nothing, with a clear message for a full disk) once it is complete.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        writer = QPdfWriter(buffer)
        writer.setTitle(title)
        writer.setCreator("Liaison")
        writer.setResolution(300)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                MARGINS_MM,
                QPageLayout.Unit.Millimeter,
            )
        )
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        size = QSizeF(rect.width(), rect.height())
        painter = QPainter(writer)
        # Qt's PDF engine sends the painter's pen to the page only once it changes, and a new
        # page starts with it sent: without this, the first page of every PDF drew its rules
        # as hairline fills while every later page stroked them. Now all pages are drawn alike,
        # so a letter looks the same wherever it falls in a PDF (and in a pooled run's chunks).
        painter.setPen(QPen(Qt.PenStyle.NoPen))
        painter.setPen(QPen())
        slips: PieceCache = {}
        layouts = (layouts or Layouts()).on(writer)
        drawing = _Drawing(writer, painter, text_layer.Recorder(writer), layouts, size)
        drawing.references = References() if stamp else None
        try:
            for index, doc in enumerate(documents):
                if cancel is not None and cancel():
                    raise Cancelled
                drawing.letter(
                    fit(doc, writer, size, writer.resolution() / 25.4, slips, layouts=layouts)
                )
                if progress is not None:
                    progress(index + 1, len(documents))
        finally:
            painter.end()
        del writer
    finally:
        buffer.close()
    return bytes(buffer.data().data()), drawing.recorder.recording, drawing.pages


@dataclass
class _Drawing:
    """The pages of one PDF as they are drawn, and recorded for the text layer's repair."""

    writer: QPdfWriter
    painter: QPainter
    recorder: text_layer.Recorder
    layouts: Layouts
    size: QSizeF
    references: References | None = None  # when the later letters of a frame are stamped
    pages: int = 0

    def letter(self, fitted: Fitted) -> None:
        for page in range(fitted.pages):
            if self.pages:
                self.writer.newPage()
            frame = self.layouts.plain_frame(fitted.qdoc) if fitted.pages == 1 else None
            plain = frame is not None and not _slip_on(fitted, page)
            references = self.references if plain else None
            stamped = references.stamp(frame) if references and frame else None
            if stamped is None:
                _draw_page(self.painter, fitted, page, self.size)
            else:
                _draw_blocks(self.painter, fitted.qdoc, stamped.blocks)
            # The same drawing calls again, so the recorder sees the same text items.
            record = QPainter(self.recorder)
            if frame is None:
                _draw_page(record, fitted, page, self.size)
            else:
                record_page(record, self.recorder.recording, frame)
                _draw_slip(record, fitted, page)
            record.end()
            if stamped is not None and frame is not None:
                own = replace(stamped, counts=counts(frame))
                self.recorder.recording.stamps[self.pages] = own
            elif references is not None and frame is not None and self.pages:
                # Not the file's first page: Qt starts it with its state set up a little
                # differently, so it cannot stand for the pages after it.
                references.drawn_whole(frame, self.pages)
            self.pages += 1


def _draw_page(painter: QPainter, fitted: Fitted, page: int, size: QSizeF) -> None:
    """One page of a laid-out document: its text, and the reply slip on the page it is on. The
    painter's origin is the top-left corner of the text area."""
    if page < fitted.qdoc.pageCount():
        painter.save()
        painter.translate(0, -page * size.height())
        fitted.qdoc.drawContents(
            painter, QRectF(0, page * size.height(), size.width(), size.height())
        )
        painter.restore()
    _draw_slip(painter, fitted, page)


def _draw_blocks(painter: QPainter, qdoc: QTextDocument, blocks: tuple[int, ...]) -> None:
    """Only these paragraphs of a one-page document, each as drawContents draws it, clipped to
    the paragraph (half a unit inside it, so that no neighbour touching it is drawn too)."""
    layout = qdoc.documentLayout()
    for number in blocks:
        rect = layout.blockBoundingRect(qdoc.findBlockByNumber(number))
        painter.save()
        qdoc.drawContents(painter, rect.adjusted(0, 0.5, 0, -0.5))
        painter.restore()


def _slip_on(fitted: Fitted, page: int) -> bool:
    return fitted.slip is not None and page == fitted.slip_page


def _draw_slip(painter: QPainter, fitted: Fitted, page: int) -> None:
    if fitted.slip is not None and page == fitted.slip_page:
        fitted.slip.draw(painter, fitted.slip_top)


def _probe(scale: float) -> QPaintDevice:
    probe = QImage(1, 1, QImage.Format.Format_RGB32)
    probe.setDotsPerMeterX(int(72 / 0.0254 * scale))
    probe.setDotsPerMeterY(int(72 / 0.0254 * scale))
    return probe


def render_images(doc: Document, width_px: int = 900) -> list[QImage]:
    """The document's pages as images, laid out exactly as in the PDF (for previews)."""
    _prepare()
    check([doc])
    writer_layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )
    full = writer_layout.fullRectPoints()
    paint = writer_layout.paintRectPoints()
    scale = width_px / full.width()
    probe = _probe(scale)
    size = QSizeF(paint.width() * scale, paint.height() * scale)
    fitted = fit(doc, probe, size, probe.dotsPerMeterX() / 1000)
    images = []
    for page in range(fitted.pages):
        image = QImage(
            int(full.width() * scale), int(full.height() * scale), QImage.Format.Format_RGB32
        )
        image.setDotsPerMeterX(probe.dotsPerMeterX())
        image.setDotsPerMeterY(probe.dotsPerMeterY())
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.translate(paint.left() * scale, paint.top() * scale)
        _draw_page(painter, fitted, page, size)
        painter.end()
        images.append(image)
    return images
