"""Keeping Python's cycle collector off what a long job holds for its whole length.

The collector's full passes walk every container object the process has. A whole-school print
run holds a great many that live to its end (SQLAlchemy and the models, every family's draft,
the plan), so each full pass took 10 to 105 ms and found nothing to free: six of them cost the
command line 0.35 s of a 6.4 s run, three before the first letter was laid out. Objects that
are `settled` are left out of those passes (`gc.freeze`); garbage made afterwards is collected
as before. A long-lived process (the app) calls `unsettle` when the job is over, so what the
job held can be collected once it is dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle() -> None:
    """Everything alive now is taken to live on: the collector's full passes skip it."""
    gc.freeze()


def unsettle() -> None:
    """Back into the collector's care (what was dropped meanwhile can be freed again)."""
    gc.unfreeze()


@contextmanager
def settled() -> Iterator[None]:
    """Settle on entry; on exit, hand everything back to the collector."""
    settle()
    try:
        yield
    finally:
        unsettle()
