"""What the window does before the database code has loaded (ui/preload.py loads it)."""

from __future__ import annotations

from pathlib import Path


def finish_interrupted_restore(db_path: Path) -> str | None:
    """A restore the last run was killed in is finished or undone; None when there was none.
    Looking costs two file checks; only a restore to finish loads the database code."""
    from liaison.store import swap

    if not swap.interrupted(db_path):
        return None
    from liaison.store.database import finish_interrupted_restore as finish

    return finish(db_path)
