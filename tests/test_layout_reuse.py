"""Letters laid out from a kept frame, their own words typed in (liaison.documents.reuse), print
exactly what letters laid out afresh print: every page's drawing, fonts and text, byte for byte;
words that HTML would fold are never typed in."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import zlib
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QBuffer, QIODevice, QSizeF
from PySide6.QtGui import QPdfWriter, QTextDocument

from liaison.documents import fitting, pdf, reuse
from liaison.documents.fitting import new_document
from liaison.documents.layout import NORMAL, Block, Document, Letterhead, Section, slot
from liaison.store.database import Database
from tests.letter_helpers import planned_letters

TRIP = {"event": "Museum trip", "place": "the Science Museum", "date": "10/12/2026"}
_STREAM = re.compile(rb"stream\n(.*?)\nendstream", re.S)
_LETTERHEAD = Letterhead("Northbridge Primary School", ("1 High Street", "Northbridge"))


def _greeting(doc: Document, words: str) -> Document:
    """The letter with its first paragraph (the greeting) saying `words`."""
    first = doc.sections[0]
    blocks = (Block("p", words), *first.blocks[1:])
    return dataclasses.replace(doc, sections=(dataclasses.replace(first, blocks=blocks),))


def _streams(data: bytes) -> Iterator[bytes]:
    """Every stream of the PDF, decompressed, but the XMP metadata (it holds a random id)."""
    for match in _STREAM.finditer(data):
        body = match.group(1)
        with contextlib.suppress(zlib.error):  # a font's stream may be stored as it is
            body = zlib.decompress(body)
        if not body.startswith(b"<?xpacket"):
            yield body


def _counted_frames(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML of each frame laid out from now on."""
    frames: list[str] = []
    made = reuse._frame

    def counted(doc: Document, device: QPdfWriter, html: str, count: int) -> object:
        frames.append(html)
        return made(doc, device, html, count)

    monkeypatch.setattr(reuse, "_frame", counted)
    return frames


def test_letters_in_one_language_share_one_frame(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = [d for d in planned_letters(demo_db)[:40] if d.sections[0].language == "ENG"]
    assert len(english) > 10 and len({d.sections[0].blocks[0].text for d in english}) > 10
    frames = _counted_frames(monkeypatch)
    pdf.render_bytes(english, "Letters")
    assert len(frames) == 1


def test_letters_from_frames_print_what_fresh_layouts_print(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = planned_letters(demo_db)[:90]
    trip = planned_letters(demo_db, "trip_consent", TRIP)[:40]  # reply slips, one sheet each
    tagged = [dataclasses.replace(d, tag=f"3B · {d.sections[0].blocks[0].text}") for d in event]
    languages = {d.sections[0].language for d in event}
    assert {"ARA", "ENG"} <= languages and len(languages) > 5
    odd = [
        _greeting(event[0], "Dear  Ann   Lee,"),  # HTML folds the spaces: laid out afresh
        _greeting(event[0], "Dear Ann Lee,\nand Sam Lee,"),  # a line break inside the paragraph
        _greeting(event[0], "\tDear Ann,"),
        _greeting(event[1], "Dear Mr Ó Súilleabháin & Ms O'Brien <family>,"),
        # No-break spaces: Qt's HTML keeps the plain one and makes the narrow one a space.
        _greeting(event[2], "Lieu\u00a0: la salle, 1\u202fdécembre, 9:00\u202fAM"),
        _greeting(event[3], "Dear \u2009Ann,"),  # a thin space folded with a space: afresh
        dataclasses.replace(event[4], tag="3B\u202f·\u00a0Ann Lee"),
    ]
    sentence = "A long paragraph, set tighter or over two sheets."
    long = [_greeting(event[2], " ".join([sentence] * n)) for n in (40, 200)]
    documents = [*event, *trip, *tagged, *odd, *long, *event[:5]]

    frames = _counted_frames(monkeypatch)
    # As a renderer lays out a run: chunk after chunk, each its own PDF, the frames kept.
    run = reuse.Layouts()
    pdf.render_raw(documents[::3], "Letters", layouts=run)
    reused, recorded, pages = pdf.render_raw(documents, "Letters", layouts=run)
    assert frames  # laid out from frames, so there is something to compare
    # Every letter laid out afresh, for the chunk's own PDF writer, as before frames.
    monkeypatch.setattr(pdf, "fit", lambda *args, layouts, **kw: fitting.fit(*args, **kw))
    fresh, want_recorded, fresh_pages = pdf.render_raw(documents, "Letters")
    assert pages == fresh_pages > len(documents)  # the long letter takes two sheets
    assert recorded == want_recorded  # the same text items where the text layer looks
    want, got = list(_streams(fresh)), list(_streams(reused))
    assert len(got) == len(want)
    for number, (a, b) in enumerate(zip(want, got, strict=True)):
        assert a == b, f"stream {number} differs"


@pytest.fixture(scope="module")
def device() -> Iterator[QPdfWriter]:
    pdf._prepare()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    yield writer
    del writer
    buffer.close()


def _shape(qdoc: QTextDocument) -> list[tuple[str, int, tuple[float, ...]]]:
    layout = qdoc.documentLayout()
    out = []
    block = qdoc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        out.append((block.text(), block.layout().lineCount(), rect.getRect()))
        block = block.next()
    return out


_WORDS = st.text(
    st.sampled_from(
        list("Ab zé\u0628\u0627\u0645 \u00a0\u202f\u2009\t\n\r\u2028\u3000&<>;'\"\u2068\u2069\x01")
    ),
    max_size=24,
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(first=_WORDS, second=_WORDS)
def test_any_words_give_the_layout_a_fresh_document_gives(
    device: QPdfWriter, first: str, second: str
) -> None:
    page = QSizeF(2000, 3000)
    base = Document(
        title="t",
        letterhead=_LETTERHEAD,
        sections=(Section("ENG", "ltr", "1 December 2026", "Hello", (Block("p", "Dear A,"),)),),
    )
    layouts = reuse.Layouts().on(device)
    layouts.document(base, page, NORMAL)  # the frame exists, holding another letter's words
    for words in (first, second):
        doc = _greeting(base, words)
        got = _shape(layouts.document(doc, page, NORMAL))
        assert got == _shape(new_document(doc, device, page, NORMAL)), repr(words)


def test_a_letter_whose_own_text_looks_like_a_marker_is_laid_out_afresh(
    device: QPdfWriter,
) -> None:
    page = QSizeF(2000, 3000)
    blocks = (Block("h", slot(0)), Block("p", "Dear A,"))
    doc = Document(
        title="t",
        letterhead=_LETTERHEAD,
        sections=(Section("ENG", "ltr", "1 December 2026", "Hello", blocks),),
    )
    layouts = reuse.Layouts().on(device)
    got = layouts.document(doc, page, NORMAL)
    assert layouts.plain_frame(got) is None  # no frame: the marker is not only the slot's
    assert _shape(got) == _shape(new_document(doc, device, page, NORMAL))
