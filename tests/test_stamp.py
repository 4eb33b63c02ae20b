"""Letters of a frame drawn only where they differ from an earlier letter of the chunk
(liaison.documents.stamp) print what letters drawn whole print: after the text layer's repair,
every page's content and text items the same byte for byte, and the same fonts in each page's
resources. A page that cannot be made whole is drawn whole instead."""

from __future__ import annotations

import dataclasses
import re
import zlib

import pytest

from liaison.documents import pdf, pool_child, stamp, text_layer
from liaison.documents.pdf_merge import fragment
from liaison.documents.qt_pdf import QtPdf
from liaison.documents.reuse import Layouts
from liaison.store.database import Database
from tests.letter_helpers import planned_letters

TRIP = {"event": "Museum trip", "place": "the Science Museum", "date": "10/12/2026"}


def _pages(data: bytes, objects: dict[int, bytes]) -> list[tuple[bytes, set[bytes]]]:
    """Each page's content as the repair leaves it, and the fonts its resources name."""
    qt = QtPdf(data)
    out = []
    for page in qt.pages():
        contents, resources = qt.ref(page, b"Contents"), qt.ref(page, b"Resources")
        assert contents is not None and resources is not None
        body = objects.get(contents)
        if body is None:
            content = qt.stream(contents)
        else:
            _head, _, rest = body.partition(b"stream\n")
            content = zlib.decompress(rest.removesuffix(b"\nendstream"))
        names = objects.get(resources, qt.text(resources))
        out.append((content, set(re.findall(rb"/F\d+ \d+ 0 R", names))))
    return out


def _letters(db: Database) -> list:
    event = planned_letters(db)[:60]
    trip = planned_letters(db, "trip_consent", TRIP)[:20]  # reply slips: drawn whole
    tagged = [dataclasses.replace(d, tag=f"3B · {d.sections[0].blocks[0].text}") for d in event]
    long = dataclasses.replace(event[3], tag="3B · " + "Ann Lee " * 30)  # the tag over lines
    return [*event, *trip, *tagged, long, *event[:10]]


def test_stamped_letters_print_what_letters_drawn_whole_print(demo_db: Database) -> None:
    documents = _letters(demo_db)
    stamped_run, whole_run = Layouts(), Layouts()
    data, recording, pages = pdf.render_raw(documents, "Letters", layouts=stamped_run, stamp=True)
    # Half the letters are stamped (a page per frame and language is drawn whole, and pages
    # with a reply slip are), and their pages are smaller before the repair.
    assert len(recording.stamps) >= 50
    want_data, want_recording, want_pages = pdf.render_raw(documents, "Letters", layouts=whole_run)
    assert pages == want_pages and not want_recording.stamps
    assert recording.pages == want_recording.pages
    got = _pages(data, text_layer.repaired_objects(data, recording))
    want = _pages(want_data, text_layer.repaired_objects(want_data, want_recording))
    assert len(got) == len(want) == pages
    for number, (a, b) in enumerate(zip(want, got, strict=True)):
        assert a[0] == b[0], f"page {number}'s content differs"
        assert a[1] == b[1], f"page {number}'s fonts differ"
    # What Qt drew on a stamped page is its changed paragraphs, a fraction of the page.
    drawn = _pages(data, {})
    assert all(len(drawn[n][0]) < len(got[n][0]) / 2 for n in recording.stamps)


def test_a_chunk_whose_pages_cannot_be_made_whole_is_drawn_whole(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = planned_letters(demo_db)[:30]
    data, recording, _pages = pdf.render_raw(documents, "Letters", layouts=Layouts())
    want = fragment(data, text_layer.repaired_objects(data, recording))
    tried = []

    def fail(*args: object) -> None:
        tried.append(args)
        raise stamp.Unmatched("as if")

    monkeypatch.setattr(stamp, "splice", fail)
    got = pool_child.render_chunk(documents, "Letters", lambda: None, None, Layouts())
    assert tried  # a page was stamped, and could not be made whole
    assert len(got.pages) == len(want.pages) == 30
    assert got.objects == want.objects  # as the chunk drawn whole gives them
