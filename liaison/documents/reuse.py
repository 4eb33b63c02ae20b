"""Letters that differ only in their own words, laid out from one text document, edited.

A book-bag run prints one letter for hundreds of families in a few dozen languages, and each
differs from the one before it in the same language only in a paragraph or two: the greeting,
the tag with the pupil's name. Built afresh, every letter cost Qt's HTML parsing and a whole
layout, every paragraph shaped again: 0.69 ms of a bilingual letter's 2 ms. Here one document is
kept per letter frame (the letter's HTML with its own words left out, and its density: layout's
to_html(slots=...)). For each letter only the paragraphs whose words differ are replaced; Qt
lays out again only those, and the rest keep their shaped glyphs, so the drawing is quicker too
(layout and drawing 1.23 -> 0.46 ms a letter).

The pages are the ones a document built afresh gives, byte for byte
(tests/test_layout_reuse.py prints letters both ways and compares every page). Words HTML
would change (runs of spaces, tabs, a line break inside a line) are not typed in: that letter is
built afresh, as before.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import chain

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QSizeF
from PySide6.QtGui import (
    QPageLayout,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
)

from liaison.documents.fitting import has_logo, new_document, unlaid_document
from liaison.documents.layout import Density, Document, slot, to_html
from liaison.documents.stamp import Stamp
from liaison.documents.text_layer import Recording, TextItem

# Frames kept at once: a chunk of a whole-school run holds letters in 15-20 languages, each
# tried at one density or two; the least recently used frame goes first.
LIMIT = 48
_ORIGIN = QPointF(0, 0)  # where the root frame starts: the documents have no margin
_LINE_BREAK = "\u2028"  # what Qt's HTML reading makes of <br>
# Spaces Qt's HTML reading turns into a plain space (and folds with the spaces beside them),
# as Qt 6.11 was found to (tests/test_layout_reuse.py): typed as that space. A no-break space
# is kept as it is.
_FOLDED = re.compile("[\u1680\u2000-\u200a\u202f\u205f\u3000]")
# White space HTML folds otherwise (tabs, line ends, separators), a control character, or the
# mark of a slot: such words are laid out afresh.
_ODD = re.compile(r"[^\S \xa0]|[\x00-\x1f\ue000\ue001]")


@dataclass
class _Frame:
    qdoc: QTextDocument
    blocks: list[int]  # the block each slot's words are in
    words: list[str | None]  # what each slot holds now; None before the first letter
    # The text items of each block as last recorded (record_page); None when the frame has
    # tables or lists, whose items are not each block's own.
    recorded: list[list[TextItem]] | None = None
    # What each slot held when the frame was last recorded, and each slot's block's top and
    # height then.
    recorded_words: list[str | None] = field(default_factory=list)
    recorded_places: list[tuple[float, float]] = field(default_factory=list)


class Layouts:
    """The text documents of letter frames, kept for one print run (each renderer process
    keeps its own). They are laid out for a device of their own, made like the first PDF
    writer they are used with: a writer is made per chunk of letters, and the frames outlive
    it. A document handed out is changed by the next letter of its frame: draw it before
    asking for another. Kept for a run, not for the process: the frames hold the last words
    typed into them, families' names among them."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._frames: OrderedDict[str, _Frame | None] = OrderedDict()
        self._plain: dict[int, _Frame] = {}  # kept frames of paragraphs only, by id() of qdoc
        self._buffer: QBuffer | None = None
        self.device: QPdfWriter | None = None

    def on(self, writer: QPdfWriter) -> Layouts:
        """These layouts, for pages of `writer`: the frames are laid out again if its
        resolution or page differ from the device's."""
        if self.device is None or _setup(self.device) != _setup(writer):
            self._frames.clear()
            self._plain.clear()
            self._buffer = QBuffer()
            self._buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            self.device = QPdfWriter(self._buffer)  # never painted on: only measured
            self.device.setResolution(writer.resolution())
            self.device.setPageLayout(writer.pageLayout())
        return self

    def plain_frame(self, qdoc: QTextDocument) -> _Frame | None:
        """The kept frame whose document this is, when it is paragraphs only (for record_page);
        None for any other document."""
        return self._plain.get(id(qdoc))

    def document(self, doc: Document, page: QSizeF, density: Density) -> QTextDocument:
        """`doc` laid out on pages of `page` size, as fitting.new_document would lay it out."""
        if self.device is None:
            raise RuntimeError("Layouts.on(writer) first")
        words: list[str] = []
        html = to_html(doc, has_logo=has_logo(doc), density=density, slots=words)
        if html in self._frames:
            self._frames.move_to_end(html)
            frame = self._frames[html]
        else:
            frame = self._frames[html] = _frame(doc, self.device, html, len(words))
            if frame is not None and frame.recorded is not None:
                self._plain[id(frame.qdoc)] = frame
            if len(self._frames) > self.limit:
                _html, gone = self._frames.popitem(last=False)
                if gone is not None:
                    self._plain.pop(id(gone.qdoc), None)
        # Qt may not keep each slot in a paragraph of its own (then there is no frame).
        typed = None if frame is None else _typed(frame, words)
        if frame is None or typed is None:
            return new_document(doc, self.device, page, density)
        _fill(frame, typed)
        if frame.qdoc.pageSize() != page:  # the first letter of the frame: laid out whole
            frame.qdoc.setPageSize(page)
        return frame.qdoc


def _setup(writer: QPdfWriter) -> tuple[int, QPageLayout]:
    return writer.resolution(), writer.pageLayout()


def _as_read(words: str) -> str | None:
    """`words` as Qt reads them from a paragraph's HTML, when typing that into the paragraph
    gives what the HTML would: no white space but single spaces between words (HTML folds the
    rest), no empty line, no control character. None otherwise. A French letter's "Lieu :"
    and a date's "9:00 AM" hold a narrow no-break space, which Qt's HTML reading makes a
    plain one: seven letters in a hundred were laid out afresh for it."""
    words = _FOLDED.sub(" ", words)
    for line in words.split("\n"):
        if not line or line[0] == " " or line[-1] == " " or "  " in line:
            return None
        if _ODD.search(line):
            return None
    return words


def _frame(doc: Document, device: QPaintDevice, html: str, count: int) -> _Frame | None:
    qdoc = unlaid_document(doc, device, html)
    qdoc.setUndoRedoEnabled(False)  # else every letter's typing is kept, to undo
    markers = {slot(n): n for n in range(count)}
    blocks = [-1] * count
    found = 0
    block = qdoc.begin()
    while block.isValid():
        number = markers.get(block.text())
        if number is not None:
            blocks[number] = block.blockNumber()
            found += 1
        block = block.next()
    if found != count or -1 in blocks:  # a marker lost, or one in the letter's own text too
        return None
    return _Frame(qdoc, blocks, [None] * count, [] if _plain_flow(qdoc) else None)


def _plain_flow(qdoc: QTextDocument) -> bool:
    """Whether the document is paragraphs only, drawn one after another: no table (a frame of
    its own, its cells drawn by it) and no list (whose markers are drawn beside the block)."""
    if qdoc.rootFrame().childFrames():
        return False
    block = qdoc.begin()
    while block.isValid():
        if block.textList() is not None:
            return False
        block = block.next()
    return True


def record_page(painter: QPainter, recording: Recording, frame: _Frame) -> None:
    """Record the text items of a one-page document of a kept frame (paragraphs only) as
    drawContents paints them. Only the paragraphs whose words changed since the frame's last
    letter are drawn for it: while each of those keeps its top and height, every other
    paragraph keeps its place, so its items are the ones recorded before. Recording a letter
    took a second drawing of the whole page, a sixth of a letter's time; asking Qt where every
    slot's paragraph stood, not only the changed ones', was a third of what was left."""
    assert frame.recorded is not None
    page = recording.pages[-1]
    changed = None
    if frame.recorded:
        changed = _changed_in_place(frame, frame.recorded_words, frame.recorded_places)
    if changed is None:
        frame.recorded[:] = _each_block(painter, page, frame.qdoc)
        frame.recorded_places = [_place(frame.qdoc, number) for number in frame.blocks]
    else:
        for n in changed:
            block = frame.qdoc.findBlockByNumber(frame.blocks[n])
            frame.recorded[frame.blocks[n]] = _block_items(painter, page, block)
    frame.recorded_words = list(frame.words)
    page += chain.from_iterable(frame.recorded)


class References:
    """The page of this chunk each kept frame was last drawn whole on, and what it held then
    (liaison.documents.stamp: later letters of the frame are drawn only where they differ)."""

    def __init__(self) -> None:
        self._kept: dict[int, _Reference] = {}

    def stamp(self, frame: _Frame) -> Stamp | None:
        """How to draw this letter of `frame`, when only its changed paragraphs
        need drawing: each keeps its top and height of the frame's reference page. Its own
        counts are left empty, for the caller to fill in once the page is recorded."""
        kept = self._kept.get(id(frame))
        if kept is None or kept.frame is not frame:
            return None
        changed = _changed_in_place(frame, kept.words, kept.places)
        if changed is None:
            return None
        blocks = tuple(sorted({frame.blocks[n] for n in changed}))
        return Stamp(kept.page, blocks, (), kept.counts)

    def drawn_whole(self, frame: _Frame, page: int) -> None:
        """Page `page`, recorded, is this letter of `frame` drawn whole: the next letters'
        reference."""
        places = [_place(frame.qdoc, number) for number in frame.blocks]
        self._kept[id(frame)] = _Reference(frame, page, list(frame.words), places, counts(frame))


@dataclass
class _Reference:
    frame: _Frame  # held, so that no other frame takes its id() meanwhile
    page: int
    words: list[str | None]
    places: list[tuple[float, float]]
    counts: tuple[int, ...]


def counts(frame: _Frame) -> tuple[int, ...]:
    """The text items each paragraph of the frame's letter has in the recording."""
    assert frame.recorded is not None
    return tuple(len(items) for items in frame.recorded)


def _changed_in_place(
    frame: _Frame, words: list[str | None], places: list[tuple[float, float]]
) -> list[int] | None:
    """The slots whose words differ from `words` (what the frame held when its slots'
    paragraphs stood at `places`); None when one of them moved or changed height. A paragraph
    moves only when one before it changes height, and only a slot's can."""
    pairs = zip(frame.words, words, strict=True)
    changed = [n for n, (now, was) in enumerate(pairs) if now != was]
    if any(_place(frame.qdoc, frame.blocks[n]) != places[n] for n in changed):
        return None
    return changed


def _place(qdoc: QTextDocument, number: int) -> tuple[float, float]:
    """The top and height of block `number`."""
    layout = qdoc.findBlockByNumber(number).layout()
    return layout.position().y(), layout.boundingRect().height()


def _each_block(
    painter: QPainter, page: list[TextItem], qdoc: QTextDocument
) -> list[list[TextItem]]:
    out = []
    block = qdoc.begin()
    while block.isValid():
        out.append(_block_items(painter, page, block))
        block = block.next()
    return out


def _block_items(painter: QPainter, page: list[TextItem], block: QTextBlock) -> list[TextItem]:
    """The text items the block paints, as the document's own drawing paints them (the
    recording device appends them to the `page` it records; taken back off it here)."""
    before = len(page)
    block.layout().draw(painter, _ORIGIN)
    drawn = page[before:]
    del page[before:]
    return drawn


def _typed(frame: _Frame, words: list[str]) -> list[tuple[int, str, str]] | None:
    """The slots whose words differ from what the frame holds: each one's number, words, and
    words as HTML reads them; None when some cannot be typed in (see _as_read)."""
    out = []
    for number, text in enumerate(words):
        if frame.words[number] != text:
            as_read = _as_read(text)
            if as_read is None:
                return None
            out.append((number, text, as_read))
    return out


def _fill(frame: _Frame, typed: list[tuple[int, str, str]]) -> None:
    """Type each changed slot's words (as HTML reads them) over what it holds."""
    for number, text, as_read in typed:
        block = frame.qdoc.findBlockByNumber(frame.blocks[number])
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(as_read.replace("\n", _LINE_BREAK), cursor.charFormat())
        frame.words[number] = text
