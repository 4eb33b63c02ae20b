"""Putting a restored database in place of the current one, safely across a crash.

The current database (file, WAL, SHM, key file: see files.py) is renamed aside together, then
the restored one, unpacked and verified in a hidden folder beside it, is renamed into place:
its database file last, which is the moment the restore takes effect. A small journal written
first records the plan. If the process dies part-way (a power cut, a kill), the next thing to
take the database's lock calls `finish()`, which undoes the swap while the restored file has
not reached its place, and completes it once it has. So a crash leaves the old database or the
new one, never no database, never half of each, and never a WAL beside the wrong file.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from liaison.errors import StoreDamaged
from liaison.store import files
from liaison.store.atomic import fsync_dir, write_atomic

STAGED_NAME = "liaison.db"
STAGING_PREFIX = ".restore-"


def journal_path(db_path: Path) -> Path:
    return files.part(Path(db_path), ".restore-journal")


def staging_prefix(db_path: Path) -> str:
    return f".{Path(db_path).name}{STAGING_PREFIX}"


@dataclass
class Plan:
    aside: str  # the name the current database is kept under, in the same folder
    staging: str  # the hidden folder holding the restored database until it is in place
    had: list[str]  # which files of the current database existed (suffixes, see files.py)
    state: str = "swapping"  # or "undoing"


def _write(db_path: Path, plan: Plan) -> None:
    write_atomic(journal_path(db_path), json.dumps(asdict(plan)).encode("utf-8"))


def _read(db_path: Path) -> Plan:
    try:
        raw = json.loads(journal_path(db_path).read_text("utf-8"))
        plan = Plan(str(raw["aside"]), str(raw["staging"]), list(raw["had"]), str(raw["state"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreDamaged(
            f"A restore into {db_path} was interrupted and its journal "
            f"{journal_path(db_path).name} cannot be read ({exc}). Do not delete anything: "
            "ask for help."
        ) from exc
    if any("/" in name or "\\" in name for name in (plan.aside, plan.staging)):
        raise StoreDamaged(f"The restore journal beside {db_path} has been altered.")
    return plan


def swap_in(db_path: Path, staged: Path, aside: Path) -> None:
    """Move the current database aside and the staged one (with its key file) into place."""
    db_path = Path(db_path)
    plan = Plan(aside.name, staged.parent.name, files.present(db_path))
    _write(db_path, plan)
    files.move(db_path, aside)
    os.replace(files.part(staged, ".keys"), files.part(db_path, ".keys"))
    os.replace(staged, db_path)  # from here on the restore has happened
    fsync_dir(db_path.parent)


def _undo(db_path: Path, plan: Plan) -> None:
    aside = db_path.with_name(plan.aside)
    for suffix in files.SUFFIXES:
        current, kept = files.part(db_path, suffix), files.part(aside, suffix)
        if kept.exists():
            os.replace(kept, current)
        elif suffix not in plan.had and current.exists():
            current.unlink()  # the restored database's own file: it goes back with the rest
    fsync_dir(db_path.parent)


def _close(db_path: Path, plan: Plan) -> None:
    # The journal goes first: a staging folder without a journal is only debris, removed
    # below or at the next start, whereas a journal without its staged file reads as done.
    journal_path(db_path).unlink()
    fsync_dir(db_path.parent)
    files.remove_tree(db_path.parent / plan.staging)


def undo(db_path: Path) -> None:
    """Put the database that was there before back (the restore failed in this process)."""
    db_path = Path(db_path)
    if not journal_path(db_path).exists():
        return
    plan = _read(db_path)
    plan.state = "undoing"
    _write(db_path, plan)
    _undo(db_path, plan)
    _close(db_path, plan)


def complete(db_path: Path) -> None:
    _close(Path(db_path), _read(Path(db_path)))


def _leftovers(db_path: Path) -> list[Path]:
    if not db_path.parent.is_dir():
        return []
    return list(db_path.parent.glob(staging_prefix(db_path) + "*"))


def interrupted(db_path: Path) -> bool:
    """A restore's journal or staging folder is here: `finish()` has something to do."""
    return journal_path(db_path).exists() or bool(_leftovers(Path(db_path)))


def finish(db_path: Path) -> str | None:
    """With the database's lock held: finish or undo a restore a crash interrupted, and
    remove a staging folder left behind. Returns "undone", "finished" or None."""
    db_path = Path(db_path)
    outcome = None
    if journal_path(db_path).exists():
        plan = _read(db_path)
        staged = db_path.parent / plan.staging / STAGED_NAME
        if plan.state == "undoing" or staged.exists():
            plan.state = "undoing"
            _write(db_path, plan)
            _undo(db_path, plan)
            outcome = "undone"
        else:
            outcome = "finished"
        _close(db_path, plan)
    for leftover in _leftovers(db_path):
        files.remove_tree(leftover)
    return outcome
