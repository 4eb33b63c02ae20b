"""What runs in a renderer child of liaison.documents.pool: the chunks come in on one pipe, are
laid out one at a time, and their progress and pages go back on the same pipe, each direction
on a thread of its own so that neither process waits on a full pipe."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from liaison import heap
from liaison.errors import Cancelled
from liaison.jobs import CancelCheck

if TYPE_CHECKING:
    from liaison.documents.layout import Document
    from liaison.documents.pdf_merge import Fragment
    from liaison.documents.reuse import Layouts

# A child tells the parent how far it has got at most this often, not after every letter:
# each message cost both processes a pickle and a pipe write, and woke the child's sending
# thread, which then took the interpreter from the one laying letters out.
PROGRESS_SECONDS = 0.1


def render_chunk(
    documents: Sequence[Document],
    title: str,
    one_done: Callable[[], None],
    cancel: CancelCheck | None,
    layouts: Layouts | None = None,
) -> Fragment:
    """Lay out and write a chunk, in this process; its pages as a fragment. The chunks of a
    run share `layouts`."""
    from liaison.documents.pdf import render_raw
    from liaison.documents.pdf_merge import fragment
    from liaison.documents.stamp import Unmatched
    from liaison.documents.text_layer import repaired_objects

    def progress(_done: int, _count: int) -> None:
        one_done()

    # The later letters of a frame drawn only where they differ (liaison.documents.stamp).
    data, recording, _pages = render_raw(documents, title, progress, cancel, layouts, stamp=True)
    try:
        objects = repaired_objects(data, recording)
    except Unmatched:  # not seen in the tests: the chunk is drawn whole, as before stamping
        data, recording, _pages = render_raw(documents, title, None, cancel, layouts)
        objects = repaired_objects(data, recording)
    # The text layer's repaired objects go straight into the fragment, in place of Qt's.
    return fragment(data, objects)


class Inbox:
    """What the parent sends a child, read from the pipe by a thread of its own.

    A chunk's letters, pickled, are larger than a pipe holds, so the parent's send blocked
    until the child read them; a child reads only between chunks, so the parent, which hands
    out chunks ahead, stood waiting for the child's current chunk to end (half a second at a
    time with chunks of 128 letters). Read here as they come, they wait in a queue instead."""

    def __init__(self, conn: Connection) -> None:
        import queue

        self.conn = conn
        self.queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._read_all, daemon=True)
        self.thread.start()

    def get(self) -> Any:
        """The next task; None when there are no more (the parent said so, or is gone)."""
        return self.queue.get()

    def _read_all(self) -> None:
        while True:
            try:
                task = self.conn.recv()
            except (EOFError, OSError):
                task = None  # the parent is gone
            self.queue.put(task)
            if task is None:
                return


class Outbox:
    """What a child says to the parent, sent from a thread of its own.

    A finished chunk's fragment is larger than a pipe holds, so sending it blocks until the
    parent reads; on the command line the parent is laying out a chunk itself meanwhile, and a
    child that sent from its rendering thread stood idle that long (about a sixth of a
    whole-school run). Messages keep their order; at most the chunks sent ahead (QUEUED) wait."""

    def __init__(self, conn: Connection) -> None:
        import queue

        self.conn = conn
        self.queue: queue.SimpleQueue[tuple[str, int, Any] | None] = queue.SimpleQueue()
        self.broken = False
        self.thread = threading.Thread(target=self._send_all, daemon=True)
        self.thread.start()

    def put(self, message: tuple[str, int, Any]) -> None:
        if self.broken:
            raise BrokenPipeError("the parent stopped listening")
        self.queue.put(message)

    def close(self) -> None:
        """Send what is waiting, then stop."""
        self.queue.put(None)
        self.thread.join()

    def _send_all(self) -> None:
        while (message := self.queue.get()) is not None:
            if self.broken:
                continue
            try:
                self.conn.send(message)
            except (BrokenPipeError, EOFError, OSError):
                self.broken = True


class Tally:
    """The letters of a child's chunk laid out, told to the parent every PROGRESS_SECONDS."""

    def __init__(self, outbox: Outbox, index: int) -> None:
        self.outbox, self.index = outbox, index
        self.untold = 0
        self.told_at = time.monotonic()

    def add(self) -> None:
        self.untold += 1
        if time.monotonic() - self.told_at >= PROGRESS_SECONDS:
            self.tell()

    def tell(self) -> None:
        if self.untold:
            self.outbox.put(("progress", self.index, self.untold))
            self.untold = 0
        self.told_at = time.monotonic()


def child(conn: Connection, stop: Connection) -> None:
    _serve(conn, stop)
    # Out without the interpreter's teardown (Qt's fonts, every module): it keeps nothing, and
    # the parent waited 0.13 s for it before recording a run. Only on a normal end: a child
    # that fails otherwise exits as Python would, with its traceback and code.
    os._exit(0)


def _warm_up() -> None:
    """Open the fonts while the letters are being prepared (liaison.documents.warm_up). Only a
    head start: whatever stops it (a font package without one of its scripts) is left for the
    run's own letters to report, if they need what failed."""
    from liaison.documents.warm_up import sample

    with contextlib.suppress(Exception):
        render_chunk([sample()], "Warm-up", lambda: None, None)


def _serve(conn: Connection, stop: Connection) -> None:
    # Nothing is shown: the renderer needs fonts and a paint device, never a screen.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from liaison.documents.isolated import _sendable
    from liaison.documents.pdf import _prepare
    from liaison.documents.reuse import Layouts

    _prepare()  # Qt and the fonts load now, while the parent prepares the letters
    heap.settle()  # Qt, the fonts and this code live as long as the child
    layouts = Layouts()  # a child serves one run
    inbox, outbox = Inbox(conn), Outbox(conn)
    if inbox.queue.empty():
        _warm_up()
    try:
        while True:
            task = inbox.get()
            if task is None:
                return  # no more, or the parent is gone
            index, documents, title = task
            done = Tally(outbox, index)
            try:
                part = render_chunk(documents, title, done.add, stop.poll, layouts)
            except Cancelled:
                outbox.put(("cancelled", index, None))
                return
            except BaseException as exc:
                outbox.put(("error", index, _sendable(exc)))
                return
            done.tell()
            outbox.put(("done", index, part))
    except (BrokenPipeError, EOFError, OSError):
        return  # the parent stopped listening
    finally:
        outbox.close()
        conn.close()
