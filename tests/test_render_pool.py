"""Letters laid out on every core: the same pages, in the same order, with the same text as the
single-process renderer; per-class files from the same chunks; cancel, errors and a dead child
leave no file behind and no child running."""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import signal
import threading
import types
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from liaison import heap
from liaison.documents import pool, pool_child, warm_up
from liaison.documents.coverage import MissingGlyphs
from liaison.documents.layout import Block, Document, Letterhead, Section
from liaison.documents.render import render_pdf
from liaison.errors import Cancelled, LiaisonError
from liaison.store.database import Database
from tests.letter_helpers import planned_letters


def _pages(path: Path) -> list[tuple[str, bytes]]:
    """Each page's text as a reader copies it (pdfium honours ActualText) and its pixels."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [
            (page.get_textpage().get_text_range(), page.render(scale=0.5).to_pil().tobytes())
            for page in pdf
        ]
    finally:
        pdf.close()


def _in_a_thread(fn: Callable[[], object]) -> dict[str, object]:
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=300)
    assert not thread.is_alive()
    return box


def test_chunks_cover_everything_and_never_cross_a_part() -> None:
    parts = [pool.Part(0, 7, Path("a"), "a"), pool.Part(7, 40, Path("b"), "b")]
    ranges = pool.chunks(40, parts, size=10)
    assert [start for start, _ in ranges] == [0, 7, 16, 25, 34]
    assert ranges[-1][1] == 40 and all(a < b for a, b in ranges)
    assert all(b - a <= 10 for a, b in ranges)
    assert pool.chunks(0) == []
    # The last two chunks in halves, still within their part: the run ends in smaller pieces.
    ends = pool.chunks(40, parts, size=10, tail=2)
    assert ends[:3] == ranges[:3]
    assert ends[3:] == [(25, 29), (29, 34), (34, 37), (37, 40)]
    assert pool.chunks(3, size=10, tail=1) == [(0, 1), (1, 3)]
    assert pool.chunks(1, size=10, tail=1) == [(0, 1)]  # one letter is not cut


def test_pooled_pages_are_the_single_process_pages(demo_db: Database, tmp_path: Path) -> None:
    documents = planned_letters(demo_db)
    languages = {d.sections[0].language for d in documents}
    assert {"ARA", "BNG", "URD", "ENG"} <= languages  # right-to-left and shaped scripts too
    render_pdf(documents, tmp_path / "single.pdf", title="Letters")
    # Small chunks: a chunk starts on many pages, and each process lays out several.
    parts = [pool.Part(0, 9, tmp_path / "first.pdf", "First nine")]
    with pool.RenderPool(workers=2, chunk=4) as renderers:
        assert len(renderers.workers) == 1  # this process is the other renderer
        results = renderers.render(documents, tmp_path / "pooled.pdf", "Letters", parts=parts)
    assert [(r.path.name, r.documents) for r in results] == [
        ("pooled.pdf", len(documents)),
        ("first.pdf", 9),
    ]
    single, pooled = _pages(tmp_path / "single.pdf"), _pages(tmp_path / "pooled.pdf")
    assert len(pooled) == len(single) == results[0].pages
    for number, (want, got) in enumerate(zip(single, pooled, strict=True)):
        assert got[0] == want[0], f"text of page {number + 1}"
        assert got[1] == want[1], f"pixels of page {number + 1}"
    first = _pages(tmp_path / "first.pdf")
    assert first == single[: len(first)] and results[1].pages == len(first)
    with pdfplumber.open(tmp_path / "pooled.pdf") as pdf:
        assert pdf.metadata["Title"] == "Letters"
        fonts = {c["fontname"] for page in pdf.pages[:12] for c in page.chars}
        assert len(fonts) > 2  # several scripts' fonts, embedded per chunk
    with pdfplumber.open(tmp_path / "first.pdf") as pdf:
        assert pdf.metadata["Title"] == "First nine"
    assert multiprocessing.active_children() == []


def test_off_the_main_thread_every_core_gets_a_child(tmp_path: Path) -> None:
    doc = Document(
        "x", Letterhead("School"), (Section("ARA", "rtl", "اليوم", "مرحبا", (Block("p", "نص"),)),)
    )
    seen: list[tuple[int, int]] = []

    def run() -> object:
        with pool.RenderPool(workers=2, chunk=2) as renderers:
            seen.append((len(renderers.workers), len(multiprocessing.active_children())))
            return renderers.render(
                [doc] * 7,
                tmp_path / "out.pdf",
                "Letters",
                progress=lambda done, total: seen.append((done, total)),
            )

    box = _in_a_thread(run)
    assert "error" not in box, box
    assert seen[0] == (2, 2)  # two children, none of the work on this thread
    # Counts as they come (a child tells them a few times a second, not per letter), to all 7.
    counted = seen[1:]
    assert counted and counted == sorted(set(counted)) and counted[-1] == (7, 7)
    assert box["result"][0].pages == 7
    render_pdf([doc] * 7, tmp_path / "single.pdf")
    assert _pages(tmp_path / "out.pdf") == _pages(tmp_path / "single.pdf")
    assert multiprocessing.active_children() == []


def test_one_core_on_the_main_thread_starts_no_child(tmp_path: Path) -> None:
    doc = Document("x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi", ()),))
    with pool.RenderPool(workers=1) as renderers:
        assert renderers.workers == []
        assert renderers.render([doc] * 3, tmp_path / "x.pdf", "x")[0].pages == 3
    box = _in_a_thread(lambda: len(pool.RenderPool(workers=1).workers))
    assert box["result"] == 1  # off the main thread, Qt is never used here


def test_a_run_keeps_the_collector_off_what_it_holds_and_hands_it_back(tmp_path: Path) -> None:
    """While a run prints, what was alive at its start is out of the cycle collector's full
    passes (liaison.heap); after it, finished or cancelled, all is back in the collector's care,
    as the app goes on running."""
    doc = Document("x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi", ()),))
    held = [[n] for n in range(1000)]  # containers: what the collector walks
    before = gc.get_threshold()
    frozen: list[int] = []
    with pool.RenderPool(workers=1) as renderers:
        renderers.render(
            [doc] * 3,
            tmp_path / "x.pdf",
            "x",
            progress=lambda *_: frozen.append(gc.get_freeze_count()),
        )
    assert frozen and min(frozen) >= len(held)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
    with pytest.raises(Cancelled), pool.RenderPool(workers=1) as renderers:
        renderers.render([doc] * 3, tmp_path / "y.pdf", "x", cancel=lambda: True)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before


def test_cancel_and_errors_leave_no_file_and_no_child(tmp_path: Path) -> None:
    good = Document("x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi", ()),))
    bad = Document(
        "x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi 𓀀", (Block("p", "x"),)),)
    )
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(Cancelled), pool.RenderPool(workers=2, chunk=2) as renderers:
        renderers.render([good] * 12, tmp_path / "c.pdf", "x", cancel=cancel)
    box = _in_a_thread(
        lambda: pool.RenderPool(workers=2, chunk=2).render(
            [good, good, good, bad, good], tmp_path / "bad.pdf", "x"
        )
    )
    assert isinstance(box.get("error"), MissingGlyphs) and "U+13000" in str(box["error"])
    assert list(tmp_path.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_a_renderer_that_dies_is_a_clear_error(tmp_path: Path) -> None:
    doc = Document("x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi", ()),))

    def kill_a_child(done: int, total: int) -> None:
        if done == 1:
            for child in multiprocessing.active_children():
                os.kill(child.pid or 0, signal.SIGKILL)

    def run() -> object:
        with pool.RenderPool(workers=1, chunk=1) as renderers:
            return renderers.render([doc] * 30, tmp_path / "x.pdf", "x", progress=kill_a_child)

    box = _in_a_thread(run)
    assert isinstance(box.get("error"), LiaisonError)
    assert "stopped unexpectedly" in str(box["error"])
    assert list(tmp_path.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_children_started_early_are_the_ones_the_pool_uses(tmp_path: Path) -> None:
    doc = Document("x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi", ()),))
    pool.start_early(workers=3)  # on the main thread: this process is the third renderer
    early = list(pool._early)
    assert len(early) == 2 and len(multiprocessing.active_children()) == 2
    early[0].process.kill()  # one dies before the run: the pool starts another in its place
    early[0].process.join()
    with pool.RenderPool(workers=3, chunk=1) as renderers:
        assert early[1] in renderers.workers and early[0] not in renderers.workers
        assert len(renderers.workers) == 2 and pool._early == []
        assert renderers.render([doc] * 5, tmp_path / "out.pdf", "x")[0].pages == 5
    assert multiprocessing.active_children() == []
    pool.start_early(workers=2)
    pool.stop_early()  # as at exit, or when the run was refused: no pool took them
    assert pool._early == [] and multiprocessing.active_children() == []


def test_a_renderer_dead_before_it_is_sent_work_is_a_clear_error(tmp_path: Path) -> None:
    """The command line's case: this process lays chunks out too, and hands the child its
    next ones between them. A child killed meanwhile made that hand-over fail with a broken
    pipe, which the command line took for a reader of its output gone: it ended silently,
    with success, and no file."""
    doc = Document("x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi", ()),))
    with (
        pytest.raises(LiaisonError, match="stopped unexpectedly"),
        pool.RenderPool(workers=2, chunk=1) as renderers,
    ):
        for child in multiprocessing.active_children():
            os.kill(child.pid or 0, signal.SIGKILL)
            child.join()
        renderers.render([doc] * 6, tmp_path / "x.pdf", "x")
    assert list(tmp_path.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_settled_blocks_inside_one_another_hand_back_once() -> None:
    before = gc.get_threshold()
    with heap.settled():
        outer = gc.get_freeze_count()
        assert outer > 0 and gc.get_threshold()[0] >= heap.YOUNG
        made_between = [[n] for n in range(500)]
        with heap.settled():  # settles what came since the outer block began
            pass
        # The inner block's end hands nothing back: the command it runs in goes on.
        assert gc.get_freeze_count() >= outer + len(made_between)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before


def test_a_busy_child_takes_the_chunks_queued_for_it_as_they_come() -> None:
    """The parent hands a child its next chunks while it lays one out. Each chunk's letters,
    pickled, are more than a pipe holds: had the child read them only between chunks, handing
    them over would have waited for the chunk it was laying out (with chunks of 128 letters,
    the command line stood idle half a second at a time)."""
    long = Block("p", "Word " * 300_000)  # pickled, far more than a pipe holds
    doc = Document("x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi", (long,)),))
    worker = pool._Worker()
    try:
        for index in range(3):
            worker.send(index, [doc], "x")
        finished = []
        while worker.conn.poll(0):
            kind, index, _value = worker.receive()
            if kind != "progress":
                finished.append((kind, index))
        # Handed over without waiting: the first chunk, hundreds of pages, is not done yet.
        assert finished == []
        assert worker.busy == 3
    finally:
        worker.close(wait=False)
    assert multiprocessing.active_children() == []


def test_a_child_tells_its_progress_a_few_times_a_second_not_per_letter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    monkeypatch.setattr(pool_child.time, "monotonic", lambda: now[0])
    sent: list[tuple[str, int, int]] = []
    tally = pool_child.Tally(types.SimpleNamespace(put=sent.append), 7)
    for _ in range(30):  # 30 letters, 1/32 s each (exact in binary: no rounding to trip on)
        now[0] += 1 / 32
        tally.add()
    assert sent == [("progress", 7, 4)] * 7  # each time 0.1 s had passed: 28 letters
    tally.tell()  # the chunk is done: the rest, before its pages
    assert sent[-1] == ("progress", 7, 2) and len(sent) == 8
    tally.tell()
    assert len(sent) == 8  # nothing untold, nothing sent


def test_the_warm_up_letter_is_laid_out_in_every_script_it_opens(tmp_path: Path) -> None:
    """A child lays this out while it waits for its first letters: every line must print (no
    missing glyph, which would stop the child), right to left where it should."""
    doc = warm_up.sample()
    render_pdf([doc], tmp_path / "warm.pdf", title="Warm-up")
    with pdfplumber.open(tmp_path / "warm.pdf") as pdf:
        text = "".join(page.extract_text() for page in pdf.pages).replace("\n", " ")
        fonts = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}
    for section in doc.sections:
        if section.direction == "ltr":
            assert section.blocks[0].text.split()[-1] in text, section.language
    assert len(fonts) >= len(doc.sections) - 1  # a font of its own for most scripts


def test_a_warm_up_that_cannot_print_leaves_the_child_to_serve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A font package without one of the warm-up's scripts must not stop a child before its
    first letter: the warm-up is only a head start."""
    doc = warm_up.sample()
    first = doc.sections[0]
    # Egyptian hieroglyphs: no font Liaison ships draws them (the coverage check refuses).
    odd = dataclasses.replace(first, blocks=(Block("p", "\U00013000"),))
    monkeypatch.setattr(warm_up, "sample", lambda: dataclasses.replace(doc, sections=(odd,)))
    with pytest.raises(MissingGlyphs):
        render_pdf([warm_up.sample()], Path(os.devnull), title="x")
    pool_child._warm_up()  # no error
