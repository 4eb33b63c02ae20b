"""A document laid out for its pages: the letter on one sheet when it can, the reply slip whole.

A letter (Document.one_sheet) is tried at normal spacing, then tighter (letterhead on two lines,
no second date line, paragraphs closer, then closer still), then in smaller type, 10.5 and 10
point (no smaller: many readers are new to reading in any language). It fits when everything,
with the slip and a gap above it, is on one page. Otherwise it is set at normal size over as
many pages as it takes, and the slip goes at the foot of the last one, or alone on a new sheet
when the last has no room.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from PySide6.QtCore import QSizeF, QUrl
from PySide6.QtGui import QFont, QImage, QPaintDevice, QTextDocument

from liaison.documents import slip as geometry
from liaison.documents.font_names import FAMILIES
from liaison.documents.layout import (
    LOGO_URL,
    NORMAL,
    Density,
    Document,
    qr_png,
    qr_url,
    to_html,
)
from liaison.documents.slip_paint import PieceCache, SlipDrawing

# Tried in order for a letter; the first that fits one sheet is used.
DENSITIES = (
    NORMAL,
    Density(11.0, True, 8),
    Density(11.0, True, 4),
    Density(10.5, True, 4),
    Density(10.0, True, 4),
)


@cache
def regular_font() -> QFont:
    # The packaged fonts are variable; the CJK collection's default instance is Thin, which made
    # Chinese text print far lighter than the Latin beside it. Every fallback font inherits this.
    font = QFont(FAMILIES[0])
    font.setVariableAxis(QFont.Tag("wght"), 400)
    return font


def new_document(
    doc: Document, device: QPaintDevice, page: QSizeF, density: Density = NORMAL
) -> QTextDocument:
    qdoc = unlaid_document(doc, device, to_html(doc, has_logo=has_logo(doc), density=density))
    qdoc.setPageSize(page)
    return qdoc


def has_logo(doc: Document) -> bool:
    return bool(doc.letterhead.logo_png)


def unlaid_document(doc: Document, device: QPaintDevice, html: str) -> QTextDocument:
    """The document's HTML (or its frame's) in a text document for `device`, not laid out yet:
    its page size is still to set."""
    qdoc = QTextDocument()
    qdoc.documentLayout().setPaintDevice(device)
    qdoc.setDefaultFont(regular_font())
    if has_logo(doc):
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
    # A null page size while the content goes in: Qt's document layout lays nothing out until
    # it has a size, so the whole letter is laid out once, when its page size is set, with its
    # glyphs kept.
    qdoc.setPageSize(QSizeF(0, 0))
    qdoc.setDocumentMargin(0)
    qdoc.setHtml(html)
    _keep_glyphs(qdoc)
    return qdoc


def _keep_glyphs(qdoc: QTextDocument) -> None:
    """Keep each paragraph's shaped glyphs after layout. Qt frees them by default and shapes
    the text again every time it is drawn: a letter is drawn twice (on the PDF, and for the
    text layer's recording), and shaping was more than half of each drawing (0.72 -> 0.32 ms a
    bilingual letter, the same glyphs at the same places)."""
    block = qdoc.begin()
    while block.isValid():
        block.layout().setCacheEnabled(True)
        block = block.next()


class Layouts(Protocol):
    """Text documents laid out for a paint device, perhaps kept from letter to letter
    (liaison.documents.reuse)."""

    def document(self, doc: Document, page: QSizeF, density: Density) -> QTextDocument: ...


@dataclass
class Fitted:
    qdoc: QTextDocument
    pages: int  # sheets to print: the letter's pages, and one more if the slip needs it
    slip: SlipDrawing | None
    slip_page: int  # the page the slip is drawn on (the last); -1 without a slip
    slip_top: float  # where its corner is on that page, in device pixels
    density: Density


def _content_bottom(qdoc: QTextDocument) -> float:
    """How far down the laid-out text reaches, across pages, in device pixels."""
    layout = qdoc.documentLayout()
    return layout.blockBoundingRect(qdoc.lastBlock()).bottom()


def fit(
    doc: Document,
    device: QPaintDevice,
    page: QSizeF,
    px_per_mm: float,
    cache: PieceCache | None = None,
    layouts: Layouts | None = None,
) -> Fitted:
    """Lay `doc` out on pages of `page` size (device pixels) as the module docstring says.
    Slips printed on the same device may share a `cache` of their laid-out words, and letters
    the `layouts` of their frames (liaison.documents.reuse): then draw what comes back before
    fitting the next letter, which may change it."""

    def laid_out(density: Density) -> QTextDocument:
        if layouts is None:
            return new_document(doc, device, page, density)
        return layouts.document(doc, page, density)

    drawing = None
    if doc.slip is not None:
        drawing = SlipDrawing(doc.slip, device, regular_font(), px_per_mm, cache)
    slip_height = (geometry.HEIGHT_MM + geometry.GAP_MM) * px_per_mm if drawing else 0.0
    slip_top = page.height() - geometry.HEIGHT_MM * px_per_mm
    densities = DENSITIES if doc.one_sheet else (NORMAL,)
    qdoc = None
    for density in densities:
        qdoc = laid_out(density)
        if qdoc.pageCount() == 1 and _content_bottom(qdoc) + slip_height <= page.height():
            return Fitted(qdoc, 1, drawing, 0 if drawing else -1, slip_top, density)
    if len(densities) > 1 or qdoc is None:
        qdoc = laid_out(NORMAL)
    pages = qdoc.pageCount()
    if drawing is None:
        return Fitted(qdoc, pages, None, -1, slip_top, NORMAL)
    used = _content_bottom(qdoc) - (pages - 1) * page.height()
    if used + slip_height > page.height():
        pages += 1  # a sheet of its own: the slip is never split or squeezed
    return Fitted(qdoc, pages, drawing, pages - 1, slip_top, NORMAL)
