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

from PySide6.QtCore import QBuffer, QIODevice, QLoggingCategory, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from liaison.documents import coverage, fonts, paper_probe, text_layer
from liaison.documents.font_names import FAMILIES
from liaison.documents.layout import LOGO_URL, Document, qr_png, qr_url, to_html
from liaison.documents.qt_runtime import ensure_gui_app
from liaison.errors import Cancelled, write_failed
from liaison.jobs import CancelCheck, Progress
from liaison.paper_geometry import PageGeometry
from liaison.store.atomic import write_atomic

MARGINS_MM = QMarginsF(18, 15, 18, 15)
# A rendered page for the preview on screen; named here so callers need not import QtGui.
PageImage = QImage


@dataclass(frozen=True)
class RenderResult:
    path: Path
    documents: int
    pages: int
    # Where each returnable page's QR code and boxes were printed (paper_probe), to read scans.
    paper: tuple[PageGeometry, ...] = ()


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
    paper_probe.add_resources(qdoc)
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
    _prepare()
    check(documents)
    out = Path(out)
    if not out.parent.is_dir():
        raise write_failed(out, FileNotFoundError(errno.ENOENT, "no folder", str(out.parent)))
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
        recorder = text_layer.Recorder(writer)
        paper: list[PageGeometry] = []
        try:
            for index, doc in enumerate(documents):
                if cancel is not None and cancel():
                    raise Cancelled
                qdoc = _text_document(doc, writer, size)
                paper += paper_probe.measure(qdoc, doc, _frame(writer, size))
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
    write_atomic(out, text_layer.repair(bytes(buffer.data().data()), recorder.recording))
    return RenderResult(out, len(documents), pages, tuple(paper))


def _frame(writer: QPdfWriter, size: QSizeF) -> paper_probe.Frame:
    """The writer's pages as the paper probe measures them."""
    return paper_probe.Frame(
        size.width(),
        size.height(),
        writer.resolution() / 25.4,
        MARGINS_MM.left(),
        MARGINS_MM.top(),
    )


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
