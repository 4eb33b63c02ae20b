"""Many letters laid out on every core: a pool of renderer processes, pages merged in order.

The letters of a run are independent, so they are cut into chunks (never across a part, such
as one class's PDF) and each chunk is laid out and written as a small PDF by one of several
child processes, one per core. Each child hands back its chunk's pages as a fragment
(liaison.documents.pdf_merge) and the parent appends the fragments in order into the whole
PDF and into each part's PDF: every letter is laid out once, however many files it goes in.

Children rather than threads: PySide keeps the GIL through most Qt calls, and Qt text layout
on a worker thread deadlocked against the GUI thread once (liaison.documents.isolated says
how). A spawned child has its own interpreter and its own Qt; it imports only the documents
engine (no database code), and talks to the parent over pipes, so a killed parent leaves no
child waiting: the pipe closes and the child ends.

On the main thread (the command line) this process lays chunks out too, beside one child per
other core, so one core means no child at all, as before the pool. A caller on another thread
(the desktop app's worker) gets a child per core.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
import types
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison import heap
from liaison.documents.pool_child import child, render_chunk
from liaison.documents.results import RenderResult
from liaison.errors import Cancelled, LiaisonError
from liaison.jobs import CancelCheck, Progress

if TYPE_CHECKING:
    from liaison.documents.layout import Document
    from liaison.documents.pdf_merge import Fragment
    from liaison.documents.reuse import Layouts

# Letters per chunk at most: small enough to keep each child's memory flat, large enough that
# what every chunk costs once (its fonts subset, compressed and embedded, then read back for
# the text layer: about 19 ms) stays small. 128 used 2% less CPU than 64, and a whole-school
# run took 0.986x the time, once a child read its queued chunks as they came (pool_child.Inbox;
# before, 128 took 1.08x: the parent stood blocked handing them out). A child's memory was the same.
# The last chunks of a run are cut in halves (chunks(tail=...)), so every core stays busy to the
# end. Halves, not quarters, since letter frames made each letter cheaper (liaison.documents.reuse):
# that once-a-chunk cost was 0.6 ms a letter in a quarter of 128, and a
# whole-school run in 20 chunks, not 28, took 0.2 s less CPU with the cores as busy to the end.
CHUNK = 128
POLL_SECONDS = 0.05
# Whole chunks' worth of letters handed out ahead of the chunk the merge waits for, per
# renderer: bounds what the parent holds.
AHEAD_PER_WORKER = 4
# Chunks sent to a child before it hands one back: the parent on the command line looks at the
# children only between chunks of its own, and a child that ran out meanwhile stood idle.
QUEUED = 3


def worker_count() -> int:
    """The cores this process may use (a school PC with 4 or 8 gets 4 or 8)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # Windows, macOS
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Part:
    """Documents [start, stop) of the run, written to a PDF of their own as well."""

    start: int
    stop: int
    out: Path
    title: str


def chunks(
    count: int, parts: Sequence[Part] = (), size: int = CHUNK, tail: int = 0
) -> list[tuple[int, int]]:
    """[start, stop) ranges covering `count` documents, at most `size` long, none across the
    edge of a part (so each part is whole chunks); the last `tail` ranges cut in halves."""
    edges = {0, count}
    for part in parts:
        edges.update((part.start, part.stop))
    cuts = sorted(e for e in edges if 0 <= e <= count)
    out: list[tuple[int, int]] = []
    for start, stop in pairwise(cuts):
        pieces = max(1, -(-(stop - start) // size))
        step = -(-(stop - start) // pieces)  # even sizes: no runt chunk at the end of a class
        out += [(a, min(a + step, stop)) for a in range(start, stop, step)]
    if tail:
        out[-tail:] = [piece for whole in out[-tail:] for piece in _halves(*whole)]
    return out


def _halves(start: int, stop: int) -> list[tuple[int, int]]:
    middle = (start + stop) // 2
    return [(start, middle), (middle, stop)] if start < middle else [(start, stop)]


class RenderPool:
    """Renderer processes, started early so they load Qt and the fonts while the caller
    prepares the documents. Use as a context manager; `render` may be called once or more.

    On the main thread (the command line) this process lays chunks out too, beside one child
    per other core: a child costs its own Python, Qt and fonts (about 85 MB), so the parent
    doing a share keeps a whole-school run on two cores under 300 MB. Off the main thread (the
    desktop app's worker) every core gets a child, since Qt must stay off worker threads."""

    def __init__(self, workers: int | None = None, *, chunk: int = CHUNK) -> None:
        self.chunk = chunk
        count = worker_count() if workers is None else max(1, workers)
        self.here = threading.current_thread() is threading.main_thread()
        self.workers: list[_Worker] = [_started() for _ in range(count - self.here)]

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(wait=kind is None)

    def close(self, wait: bool = True) -> None:
        """Let the children finish; `wait=False` stops them at once (they write no files)."""
        for worker in self.workers:
            worker.close(wait)
        self.workers = []

    def render(
        self,
        documents: Sequence[Document],
        out: Path,
        title: str,
        *,
        parts: Sequence[Part] = (),
        progress: Progress | None = None,
        cancel: CancelCheck | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> list[RenderResult]:
        """Write the documents into `out` and each part into its own file: one result for
        `out`, then one per part. A cancelled or failed run writes no file. `meanwhile` is
        called at most once, when every letter has been handed out and this process would
        only wait for the children to finish theirs: work the caller has to do after the run
        anyway (recording it, uncommitted) is done in that wait."""
        from liaison.documents.pdf_merge import Assembler
        from liaison.errors import write_failed
        from liaison.store.atomic import write_atomic

        for path in (out, *(p.out for p in parts)):
            if not Path(path).parent.is_dir():
                raise write_failed(Path(path), FileNotFoundError(2, "no folder", str(path)))
        ranges = chunks(len(documents), parts, self.chunk, tail=self._tail())
        whole = Assembler(title)
        assemblers = [Assembler(part.title) for part in parts]
        done = 0

        def step(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None:
                progress(done, len(documents))

        fragments = self._fragments(documents, ranges, title, step, cancel, meanwhile)
        # What the caller holds for the run (the letters' families, the database code) is
        # left out of the collector's full passes meanwhile (liaison.heap says why).
        with heap.settled():
            for (start, _stop), fragment in zip(ranges, fragments, strict=True):
                whole.add(fragment)
                for part, assembler in zip(parts, assemblers, strict=True):
                    if part.start <= start < part.stop:
                        assembler.add(fragment)
        if cancel is not None and cancel():
            raise Cancelled
        write_atomic(Path(out), whole.finish())
        results = [RenderResult(Path(out), len(documents), whole.pages)]
        for part, assembler in zip(parts, assemblers, strict=True):
            write_atomic(part.out, assembler.finish())
            results.append(RenderResult(part.out, part.stop - part.start, assembler.pages))
        return results

    def _tail(self) -> int:
        """How many chunks at the end are cut in halves: as many as the children can have
        queued, and one for this process, so that a core that runs out of work finds small
        chunks left, rather than wait while another still has whole ones queued."""
        return QUEUED * len(self.workers) + self.here

    def _fragments(
        self,
        documents: Sequence[Document],
        ranges: list[tuple[int, int]],
        title: str,
        step: Callable[[int], None],
        cancel: CancelCheck | None,
        meanwhile: Callable[[], None] | None,
    ) -> Iterator[Fragment]:
        """Fragments in chunk order, whoever lays each chunk out."""
        waiting = deque(enumerate(ranges))
        results: dict[int, Fragment] = {}
        # For the chunks laid out here; the run's, not the process's. Made at this process's
        # first chunk: loading Qt and the documents engine here took a quarter of a second,
        # and the children, fed only after it, stood idle meanwhile.
        layouts: list[Layouts] = []
        # Counted in letters, not chunks: the small chunks at the end hold little, and a window
        # of so many chunks kept a core from taking one while the merge waited on a big one.
        window = AHEAD_PER_WORKER * max(1, len(self.workers) + self.here) * self.chunk
        following = 0  # the chunk the merge waits for

        def in_window() -> bool:
            merging = ranges[min(following, len(ranges) - 1)][0]
            return bool(waiting) and waiting[0][1][0] - merging < window

        def queue_for(start: int, stop: int) -> int:
            # A small chunk at the end: one running and one waiting, the rest left for
            # whichever core is free first (three queued left this process idle at the end).
            return QUEUED if stop - start > self.chunk // 2 else min(QUEUED, 2)

        def feed() -> None:
            for worker in self.workers:
                while in_window() and worker.busy < queue_for(*waiting[0][1]):
                    index, (start, stop) = waiting.popleft()
                    worker.send(index, list(documents[start:stop]), title)

        try:
            feed()
            while following < len(ranges):
                if cancel is not None and cancel():
                    raise Cancelled
                # Here too when there is a chunk to take, between feeding the children.
                mine = self.here and in_window()
                if mine:
                    index, (start, stop) = waiting.popleft()
                    results[index] = render_chunk(
                        documents[start:stop], title, lambda: step(1), cancel, _one(layouts)
                    )
                elif meanwhile is not None and not waiting:
                    meanwhile()  # nothing left to hand out: only the children's to wait for
                    meanwhile = None
                # What the children finished meanwhile, before feeding them again: fed on
                # counts from before our chunk, a child ran dry during the next one (idle a
                # tenth of a whole-school run).
                self._receive(results, step, 0 if mine or not self.workers else POLL_SECONDS)
                ready = []
                while following in results:
                    ready.append(results.pop(following))
                    following += 1
                feed()  # before the merge, so no child waits on it
                yield from ready
        except BaseException:
            self.close(wait=False)  # a child still laying out letters is not waited for
            raise

    def _receive(
        self, results: dict[int, Fragment], step: Callable[[int], None], timeout: float
    ) -> None:
        """Progress and finished chunks from the children, waiting at most `timeout`."""
        if not self.workers:
            return
        by_conn = {w.conn: w for w in self.workers}
        for conn in wait(list(by_conn), timeout):
            worker = by_conn[conn]
            while True:
                kind, index, value = worker.receive()
                if kind == "progress":
                    step(value)
                elif kind == "done":
                    results[index] = value
                elif kind == "cancelled":
                    raise Cancelled
                else:
                    raise value
                if not worker.conn.poll():
                    break


def _one(layouts: list[Layouts]) -> Layouts:
    """The run's letter frames for this process, made the first time they are needed."""
    if not layouts:
        from liaison.documents.reuse import Layouts

        layouts.append(Layouts())
    return layouts[0]


# Children started by start_early, each taken by the next pool that needs one.
_early: list[_Worker] = []


def start_early(workers: int | None = None, *, off_main_thread: bool | None = None) -> None:
    """Start the renderer children of a run that is yet to start (the command line calls this
    once the key is derived, so they load Qt and the fonts while the database opens and the
    letters are chosen: about 0.4 s earlier than the pool would; the desktop app while the
    officer chooses where to save). `off_main_thread` says where the run will be, if not on
    this thread: off the main thread it needs a child for every core. Children no pool takes
    are stopped by stop_early, or when this process exits, and end by themselves if it is
    killed."""
    count = worker_count() if workers is None else max(1, workers)
    if off_main_thread is None:
        off_main_thread = threading.current_thread() is not threading.main_thread()
    while len(_early) < count - (not off_main_thread):
        _early.append(_Worker())


def _started() -> _Worker:
    while _early:
        worker = _early.pop(0)
        if worker.process.is_alive():
            return worker
        worker.close(wait=False)
    return _Worker()


@atexit.register
def stop_early() -> None:
    """Stop the children start_early started that no pool has taken."""
    while _early:
        _early.pop().close(wait=False)


@contextmanager
def without_main_script() -> Iterator[None]:
    """Start a spawned child without re-running the caller's script in it.

    A spawned child normally imports the parent's main script first (as __mp_main__), so that
    functions defined there can be called. Ours need nothing from it: the target lives here.
    Re-running it cost each child the command line's whole import (SQLAlchemy, the models:
    about half a second and 40 MB), and a script without an `if __name__ == "__main__":` guard
    ran its body again in every child. While the child starts, __main__ is a bare module, so
    there is no script for it to import."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


class _Worker:
    """One renderer child: chunks go down one pipe, progress and fragments come back."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.conn, theirs = context.Pipe()
        # A second pipe only to say "stop": the child looks at it between letters.
        stop_theirs, self.stop = context.Pipe(duplex=False)
        self.process = context.Process(target=child, args=(theirs, stop_theirs), daemon=True)
        with without_main_script():
            self.process.start()
        theirs.close()
        stop_theirs.close()
        self.busy = 0

    def send(self, index: int, documents: list[Document], title: str) -> None:
        try:
            self.conn.send((index, documents, title))
        except OSError:  # BrokenPipeError: the child is gone
            raise self._died() from None
        self.busy += 1

    def receive(self) -> tuple[str, int, Any]:
        try:
            kind, index, value = self.conn.recv()
        except (EOFError, OSError):
            raise self._died() from None
        if kind != "progress":
            self.busy -= 1
        return kind, index, value

    def _died(self) -> LiaisonError:
        self.process.join(timeout=5)
        return LiaisonError(
            "Printing stopped unexpectedly (a renderer exited with code "
            f"{self.process.exitcode}); nothing was saved. Try again, or print fewer "
            "letters at a time."
        )

    def close(self, wait: bool = True) -> None:
        try:
            self.stop.send(True)
            self.conn.send(None)
        except OSError:
            pass  # the child is gone already
        self.process.join(timeout=5 if wait else 0.2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()
        self.stop.close()
