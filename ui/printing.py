"""Printing on paper (issue 18): the same pages as the PDF, sent to the printer the officer
chooses in the system's print dialog.

A PDF the app has made (a book-bag run, the termly report) is printed page by page from that
PDF, drawn at 300 dots per inch (pypdfium2); a single letter is printed from the same page
images as its preview, which are laid out exactly as its PDF. Nothing is written to disk on
the way: the pages go from memory to the printer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from liaison.errors import Cancelled, LiaisonError

DPI = 300  # plenty for text on a school printer, and an A4 page is 35 MB in memory, not 560
A4_WIDTH_MM = 210.0


def new_printer() -> QPrinter:
    """An A4 printer set up as the letters are: the page drawn edge to edge, as in the PDF."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QPageLayout().margins(),
        )
    )
    printer.setFullPage(True)
    return printer


def pdf_printer(out: Path) -> QPrinter:
    """A printer that writes a PDF file: what the tests print to, to compare with the PDF."""
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


def page_width_px(printer: QPrinter) -> int:
    dpi = min(printer.resolution(), DPI)
    return round(A4_WIDTH_MM / 25.4 * dpi)


def print_images(
    printer: QPrinter,
    pages: Iterable[QImage],
    *,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Draw each image as one whole page, in order; return the number of pages."""
    painter = QPainter()
    count = 0
    try:
        for image in pages:
            if cancel is not None and cancel():
                raise Cancelled
            if count == 0:
                if not painter.begin(printer):
                    raise LiaisonError(
                        "The printer could not be started. Check that it is switched on and "
                        "connected, or save the PDF and print that."
                    )
            elif not printer.newPage():
                raise LiaisonError("The printer stopped taking pages; nothing more was sent.")
            painter.drawImage(_fitted(printer, image), image)
            count += 1
            if progress is not None:
                progress(count)
    finally:
        if painter.isActive():
            painter.end()
    return count


def _fitted(printer: QPrinter, image: QImage) -> QRectF:
    """The image on the whole paper, keeping its proportions (A4 on A4 fills it exactly)."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    scale = min(paper.width() / image.width(), paper.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF(
        paper.x() + (paper.width() - width) / 2,
        paper.y() + (paper.height() - height) / 2,
        width,
        height,
    )


def pdf_pages(source: Path | bytes, dpi: int = DPI) -> Iterable[QImage]:
    """A PDF's pages as images, one at a time (a 60-page run never sits in memory whole)."""
    try:
        document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except pdfium.PdfiumError as exc:
        raise LiaisonError(f"The PDF to print could not be read: {exc}.") from exc
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, prefer_bgrx=True)
            # BGRx bytes are Qt's RGB32 on every little-endian PC; copy before pdfium frees them.
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB32,
            ).copy()
            bitmap.close()
            page.close()
            yield image
    finally:
        document.close()


def pdf_page_count(source: Path | bytes) -> int:
    document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    try:
        return len(document)
    finally:
        document.close()


def print_pdf(
    printer: QPrinter,
    source: Path | bytes,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Print every page of a PDF (a file the app made, or its bytes) in order."""
    total = pdf_page_count(source)
    dpi = min(printer.resolution(), DPI)

    def step(done: int) -> None:
        if progress is not None:
            progress(done, total)

    return print_images(printer, pdf_pages(source, dpi), progress=step, cancel=cancel)
