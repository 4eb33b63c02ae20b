"""Keeping Python's cycle collector off what a long job holds for its whole length.

The collector's full passes walk every container object the process has. A whole-school print
run holds a great many that live to its end (SQLAlchemy and the models, every family's draft,
the plan), so each full pass took 10 to 105 ms and found nothing to free: six of them cost the
command line 0.35 s of a 6.4 s run, three before the first letter was laid out. Objects that
are settled are left out of those passes (`gc.freeze`); garbage made afterwards is collected
as before. A command settles for its length (liaison.cli.common.open_db), a print run for its
length (liaison.documents.pool: in the app, what the run held can be collected once it is
dropped), a renderer child for good.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Young objects are looked at every this many allocations rather than 700: in a print run most
# die by reference count before then, and the 1,000-odd young passes of a whole-school run took
# 0.2 s of the parent's time (0.12 s after).
YOUNG = 10_000


def settle() -> None:
    """Everything alive now is taken to live on: the collector's full passes skip it, and its
    young passes come less often."""
    gc.freeze()
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG), *older)


_lock = threading.Lock()
_depth = 0  # settled() blocks open: only the outermost hands back
_threshold = gc.get_threshold()  # as the outermost found it


@contextmanager
def settled() -> Iterator[None]:
    """Settle on entry; when the outermost settled block ends, hand everything back to the
    collector as it was (one inside another settles what came since, and keeps it so)."""
    global _depth, _threshold
    with _lock:
        if _depth == 0:
            _threshold = gc.get_threshold()
        settle()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.unfreeze()
                gc.set_threshold(*_threshold)
