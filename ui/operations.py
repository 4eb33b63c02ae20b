"""One way to run work off the GUI thread, after Anki's CollectionOp and QueryOp.

- `query`: read something from the database and show it. Database work runs in order on ONE
  worker thread, so a read never races a write. A query with a `key` is dropped when a newer
  query with the same key has started (typing in a filter), and any result is dropped if the
  screen that asked has gone or the database was locked meanwhile.
- `long`: a job with progress and cancel (a book-bag run, an import, a report, a backup): the
  function is given (db, progress, cancel) and runs on the same database worker.
- `background`: work that needs no open database (deriving a key, creating a database).
- What changed: every committed write tells its areas (liaison.services.changes); they arrive
  here on the GUI thread as `changed`, and each screen decides whether to refresh.
- One mapping from an error to the officer's words (`describe`); by default a failure is shown
  in a message box, or a screen passes `failed=` to show it beside the button it pressed.

Qt objects stay on the GUI thread: the functions given here call services, never widgets.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance
from PySide6.QtWidgets import QWidget

from liaison.errors import Cancelled, LiaisonError, ValidationError
from liaison.jobs import CancelCheck, Progress
from ui.messages import Messages

if TYPE_CHECKING:  # the window shows before the database code loads (ui/preload.py)
    from liaison.services.access import Database
    from liaison.services.changes import Area

T = TypeVar("T")
log = logging.getLogger(__name__)


class Locked(LiaisonError):
    """The database was locked (closed) while a screen wanted it."""


class OpenDatabase(Protocol):
    """What the operation layer needs of the vault (ui/vault.py) that holds the database."""

    opened: SignalInstance

    @property
    def db(self) -> Database: ...

    @property
    def is_open(self) -> bool: ...


def describe(exc: BaseException) -> str:
    """The officer's words for what went wrong."""
    if isinstance(exc, ValidationError):
        return "; ".join(dict.fromkeys(exc.errors.values()))
    if isinstance(exc, LiaisonError):
        return exc.message
    return f"Something went wrong ({type(exc).__name__}: {exc}). Nothing more was changed."


class Job(QObject):
    """One piece of work: its result, failure and progress arrive as signals on the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[[Job], Any]) -> None:
        super().__init__()
        self.job, self.fn = job, fn
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.job)
        except BaseException as exc:  # delivered to the GUI thread
            exc.liaison_trace = traceback.format_exc()
            self.job.done = True
            self.job.failed.emit(exc)
            return
        self.job.done = True
        self.job.finished.emit(result)


class Operations(QObject):
    changed = Signal(object)  # frozenset[Area]: what a committed write changed

    def __init__(self, vault: OpenDatabase, messages: Messages) -> None:
        super().__init__()
        self.vault = vault
        self.messages = messages
        self._database = QThreadPool(self)
        self._database.setMaxThreadCount(1)
        self._other = QThreadPool(self)
        self._latest: dict[str, int] = {}
        self._tickets = itertools.count(1)
        self._jobs: set[Job] = set()
        vault.opened.connect(self._watch)

    # -- what changed -------------------------------------------------------------------------
    def _watch(self) -> None:
        from liaison.services import changes

        changes.watch(self.vault.db, self._heard)

    def _heard(self, areas: frozenset[Area]) -> None:
        # Called on whichever thread committed; a signal crosses to the GUI thread by itself.
        self.changed.emit(areas)

    # -- starting work ------------------------------------------------------------------------
    def query(
        self,
        run: Callable[[Database], T],
        done: Callable[[T], None],
        *,
        parent: QWidget,
        key: str | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> Job:
        """Read on the database worker; `done(result)` on the GUI thread unless stale."""
        db = self.vault.db
        return self._start(self._database, lambda job: run(db), done, parent, key, failed, db)

    def long(
        self,
        run: Callable[[Database, Progress, CancelCheck], T],
        done: Callable[[T], None],
        *,
        parent: QWidget,
        progress: Callable[[int, int], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> Job:
        """A job with progress and cancel on the database worker (`job.cancel()` stops it)."""
        db = self.vault.db

        def work(job: Job) -> T:
            return run(db, job.progress.emit, job.cancelled)

        return self._start(self._database, work, done, parent, None, failed, db, progress)

    def background(
        self,
        run: Callable[[Progress, CancelCheck], T],
        done: Callable[[T], None],
        *,
        parent: QWidget,
        progress: Callable[[int, int], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> Job:
        """Work that needs no open database, with progress and cancel."""

        def work(job: Job) -> T:
            return run(job.progress.emit, job.cancelled)

        return self._start(self._other, work, done, parent, None, failed, None, progress)

    def _start(
        self,
        pool: QThreadPool,
        work: Callable[[Job], T],
        done: Callable[[T], None],
        parent: QWidget,
        key: str | None,
        failed: Callable[[BaseException], None] | None,
        db: Database | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Job:
        job = Job()
        ticket = next(self._tickets)
        if key is not None:
            self._latest[key] = ticket

        def wanted() -> bool:
            if not shiboken6.isValid(parent):
                return False  # the screen has gone
            if key is not None and self._latest.get(key) != ticket:
                return False  # a newer query replaced this one
            return db is None or (self.vault.is_open and self.vault.db is db)

        def finished(result: T) -> None:
            self._jobs.discard(job)
            if wanted():
                done(result)

        def failure(exc: BaseException) -> None:
            self._jobs.discard(job)
            if isinstance(exc, Locked) or not wanted():
                return
            log.debug("operation failed: %s", getattr(exc, "liaison_trace", exc))
            if failed is not None:
                failed(exc)
            elif not isinstance(exc, Cancelled):
                self.messages.error(parent, "Liaison", describe(exc))

        job.finished.connect(finished)
        job.failed.connect(failure)
        if progress is not None:
            job.progress.connect(progress)
        self._jobs.add(job)  # kept alive until it reports
        pool.start(_Runnable(job, work))
        return job

    # -- locking ------------------------------------------------------------------------------
    def wait(self, msecs: int = 60_000) -> bool:
        """Let running work finish (before the database is closed)."""
        return self._database.waitForDone(msecs) and self._other.waitForDone(msecs)

    def stop(self, msecs: int = 60_000) -> bool:
        """Cancel what can be cancelled and let the rest finish (before locking)."""
        for job in list(self._jobs):
            job.cancel()
        return self.wait(msecs)

    @property
    def busy(self) -> bool:
        return any(not job.done for job in self._jobs)
