"""A long job's progress bar and Cancel button, and the buttons it holds down while it runs.

The printing screens (book-bag letters, questionnaires, You said we did) each kept this
bookkeeping themselves, nearly line for line; they now say what to run and what to do with the
result, and this says how it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget

if TYPE_CHECKING:
    from ui.operations import Job
    from ui.vault import Vault


class JobRunner:
    """Runs one job at a time through the vault's operations (ui.operations): shows `progress`
    from 0, disables `busy` and enables `cancel_button` while it runs, and puts them back before
    the caller's `done` or `failed` is called."""

    def __init__(
        self,
        vault: Vault,
        parent: QWidget,
        progress: QProgressBar,
        cancel_button: QPushButton,
        busy: Sequence[QWidget] = (),
    ) -> None:
        self.vault, self.parent = vault, parent
        self.progress, self.cancel_button, self.busy = progress, cancel_button, tuple(busy)
        self.job: Job | None = None
        self.progress.setVisible(False)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)

    def long(
        self,
        run: Callable[..., Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """`run(db, progress, cancelled)` on the database worker."""
        self._start(self.vault.ops.long, run, done, failed)

    def background(
        self,
        run: Callable[..., Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """`run(progress, cancelled)`, work that needs no database, off the window's thread."""
        self._start(self.vault.ops.background, run, done, failed)

    def _start(
        self,
        how: Callable[..., Job],
        run: Callable[..., Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self._started()
        self.job = how(
            run,
            self._then(done),
            parent=self.parent,
            progress=self._progress,
            failed=self._then(failed),
        )

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _started(self) -> None:
        self.progress.setValue(0)
        self.progress.setVisible(True)
        for widget in self.busy:
            widget.setEnabled(False)
        self.cancel_button.setEnabled(True)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _then(self, after: Callable[[Any], None]) -> Callable[[Any], None]:
        def finish(value: Any) -> None:
            self.job = None
            self.progress.setVisible(False)
            for widget in self.busy:
                widget.setEnabled(True)
            self.cancel_button.setEnabled(False)
            after(value)

        return finish


class RunsJobs:
    """A printing screen whose long jobs go through `self.runner`: the job running now, if any
    (what a test waits on), and a way to cancel it."""

    runner: JobRunner

    @property
    def job(self) -> Job | None:
        return self.runner.job

    def cancel(self) -> None:
        self.runner.cancel()
