"""Run service calls off the GUI thread; results come back on the GUI thread as signals.

Every long job (key derivation, demo creation, searches over big databases) goes through here,
with an optional progress callback and a cancel flag the service function checks.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Job(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.cancel_event = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self.cancel_event.set()

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[..., Any], with_progress: bool) -> None:
        super().__init__()
        self.job, self.fn, self.with_progress = job, fn, with_progress
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.fn(self.job.progress.emit, self.job.cancelled)
            else:
                result = self.fn()
        except BaseException as exc:  # delivered to the GUI thread, shown as a message
            exc.liaison_trace = traceback.format_exc()  # type: ignore[attr-defined]
            self.job.done = True
            self.job.failed.emit(exc)
            return
        self.job.done = True
        self.job.finished.emit(result)


def pool() -> QThreadPool:
    return QThreadPool.globalInstance()


def run(
    fn: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    with_progress: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> Job:
    """Start `fn` on the pool. With `with_progress`, it is called as fn(progress, cancelled)."""
    job = Job()
    job.finished.connect(on_done)
    job.failed.connect(on_error)
    if on_progress is not None:
        job.progress.connect(on_progress)
    _JOBS.add(job)
    job.finished.connect(lambda _=None: _JOBS.discard(job))
    job.failed.connect(lambda _=None: _JOBS.discard(job))
    pool().start(_Runnable(job, fn, with_progress))
    return job


# Jobs are kept alive until they report; Qt would otherwise drop the signal source.
_JOBS: set[Job] = set()


def wait_all(msecs: int = 30_000) -> bool:
    return pool().waitForDone(msecs)
