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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QIODevice,
    QLoggingCategory,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from liaison.documents import coverage, fonts, text_layer
from liaison.documents.font_names import FAMILIES
from liaison.documents.layout import LOGO_URL, Document, qr_png, qr_url, to_html
from liaison.documents.qt_runtime import ensure_gui_app
from liaison.documents.results import RenderResult
from liaison.errors import Cancelled, write_failed
from liaison.jobs import CancelCheck, Progress

MARGINS_MM = QMarginsF(18, 15, 18, 15)
# A rendered page for the preview on screen; named here so callers need not import QtGui.
PageImage = QImage


def _prepare() -> None:
    ensure_gui_app()
    QLoggingCategory.setFilterRules("qt.text.font.db=false")
    fonts.register()


@cache
def _regular_font() -> QFont:
    # The packaged fonts are variable; the CJK collection's default instance is Thin, which made
    # Chinese text print far lighter than the Latin beside it. Every fallback font inherits this.
    font = QFont(FAMILIES[0])
    font.setVariableAxis(QFont.Tag("wght"), 400)
    return font


def _text_document(doc: Document, device: QPdfWriter | QImage, page: QSizeF) -> QTextDocument:
    qdoc = QTextDocument()
    qdoc.documentLayout().setPaintDevice(device)
    qdoc.setDefaultFont(_regular_font())
    has_logo = bool(doc.letterhead.logo_png)
    if has_logo:
        image = QImage()
        image.loadFromData(doc.letterhead.logo_png or b"")
        qdoc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(LOGO_URL), image)
    for section in doc.sections:
        for block in section.blocks:
            if block.kind == "reply":
                qr = QImage()
                qr.loadFromData(qr_png(block.text))
                qdoc.addResource(
                    QTextDocument.ResourceType.ImageResource, QUrl(qr_url(block.text)), qr
                )
    # Size and margin before the content: set afterwards, each lays the whole letter out again.
    qdoc.setPageSize(page)
    qdoc.setDocumentMargin(0)
    qdoc.setHtml(to_html(doc, has_logo=has_logo))
    return qdoc


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
) -> tuple[bytes, text_layer.Recording, int]:
    """The PDF as Qt wrote it, the text items painted on each page (for the text layer's
    repair) and the page count."""
    _prepare()
    check(documents)
    # Qt's writer says nothing when a write fails, so the PDF is made in memory and written
    # (all or nothing, with a clear message for a full disk) once it is complete.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pages = 0
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
        recorder = text_layer.Recorder(writer)
        try:
            for index, doc in enumerate(documents):
                if cancel is not None and cancel():
                    raise Cancelled
                qdoc = _text_document(doc, writer, size)
                for page in range(qdoc.pageCount()):
                    if pages:
                        writer.newPage()
                    painter.save()
                    painter.translate(0, -page * size.height())
                    qdoc.drawContents(
                        painter, QRectF(0, page * size.height(), size.width(), size.height())
                    )
                    painter.restore()
                    _record_page(recorder, qdoc, page, size)
                    pages += 1
                if progress is not None:
                    progress(index + 1, len(documents))
        finally:
            painter.end()
        del writer
    finally:
        buffer.close()
    return bytes(buffer.data().data()), recorder.recording, pages


def _record_page(
    recorder: text_layer.Recorder, qdoc: QTextDocument, page: int, size: QSizeF
) -> None:
    # The same drawing calls as the PDF page, so the recorder sees the same text items.
    painter = QPainter(recorder)
    painter.translate(0, -page * size.height())
    qdoc.drawContents(painter, QRectF(0, page * size.height(), size.width(), size.height()))
    painter.end()


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
    probe = QImage(1, 1, QImage.Format.Format_RGB32)
    probe.setDotsPerMeterX(int(72 / 0.0254 * scale))
    probe.setDotsPerMeterY(int(72 / 0.0254 * scale))
    size = QSizeF(paint.width() * scale, paint.height() * scale)
    qdoc = _text_document(doc, probe, size)
    images = []
    for page in range(qdoc.pageCount()):
        image = QImage(
            int(full.width() * scale), int(full.height() * scale), QImage.Format.Format_RGB32
        )
        image.setDotsPerMeterX(probe.dotsPerMeterX())
        image.setDotsPerMeterY(probe.dotsPerMeterY())
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.translate(paint.left() * scale, paint.top() * scale - page * size.height())
        qdoc.drawContents(painter, QRectF(0, page * size.height(), size.width(), size.height()))
        painter.end()
        images.append(image)
    return images
