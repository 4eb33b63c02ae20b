"""What every long job (an import, a book-bag run, a report, the demo) takes from its caller, so
the window, the command line and the tests drive the same code: a progress callback told
(done, total), and a cancel check asked between steps. A job that is cancelled raises
liaison.errors.Cancelled after undoing what it started."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
