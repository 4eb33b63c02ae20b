"""Letters rendered in a child process, for callers that are not the main thread.

PySide keeps the GIL through most Qt calls. A worker thread laying out a QTextDocument takes
Qt's signal-slot mutexes while holding the GIL, and the GUI thread can hold one of those mutexes
while waiting for the GIL (connect and disconnect ask Python whether a slot is overridden). The
desktop app froze that way during a book-bag run in a test: both threads waiting for ever. A
child process has its own interpreter and its own Qt, so the two can never meet. It costs about
a second to start, which a book-bag run of hundreds of letters does not notice.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from liaison.documents.pdf import Job, RenderResult, render_here
from liaison.errors import Cancelled, LiaisonError
from liaison.jobs import CancelCheck, Progress

POLL_SECONDS = 0.05


def render_in_child(
    jobs: Sequence[Job],
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    renderer: Callable[..., list[Any]] = render_here,
) -> list[RenderResult]:
    """Render in a fresh process; progress and cancel work as they do in this one.

    `renderer` is the module-level function the child calls with the jobs (letters by default;
    questionnaires pass liaison.documents.form_pdf.render_forms_here)."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    stop = context.Event()
    child = context.Process(target=_child, args=(theirs, stop, list(jobs), renderer), daemon=True)
    child.start()
    theirs.close()
    try:
        while True:
            if cancel is not None and cancel():
                stop.set()
            if ours.poll(POLL_SECONDS):
                try:
                    kind, value = ours.recv()
                except EOFError:
                    break
                if kind == "progress" and progress is not None:
                    progress(*value)
                elif kind == "done":
                    return list(value)
                elif kind == "cancelled":
                    raise Cancelled
                elif kind == "error":
                    raise value
            elif not child.is_alive():
                break
        raise LiaisonError(
            f"Printing stopped unexpectedly (the renderer exited with code {child.exitcode}); "
            "nothing was saved. Try again, or print fewer letters at a time."
        )
    finally:
        stop.set()
        child.join(timeout=30)
        if child.is_alive():
            child.kill()
            child.join()
        ours.close()


def _child(
    conn: Connection, stop: Any, jobs: list[Any], renderer: Callable[..., list[Any]]
) -> None:
    # Nothing is shown: the renderer needs fonts and a paint device, never a screen.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        results = renderer(
            jobs,
            progress=lambda done, total: conn.send(("progress", (done, total))),
            cancel=stop.is_set,
        )
    except Cancelled:
        conn.send(("cancelled", None))
    except BaseException as exc:
        conn.send(("error", _sendable(exc)))
    else:
        conn.send(("done", results))
    finally:
        conn.close()


def _sendable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling; else its words in a LiaisonError."""
    try:
        if isinstance(pickle.loads(pickle.dumps(exc)), type(exc)):
            return exc
    except Exception:
        pass
    if isinstance(exc, LiaisonError):
        return LiaisonError(exc.message)
    return LiaisonError(f"Printing failed: {type(exc).__name__}: {exc}")
