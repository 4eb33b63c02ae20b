"""A Liaison database is several files that only mean something together.

`liaison.db` is the SQLCipher file; while it is open (and after a crash, until the next open)
committed changes may live only in its write-ahead log `liaison.db-wal`, indexed by
`liaison.db-shm`; `liaison.db.keys` holds the key slots. SQLite finds the log by name alone and
applies it to whatever file then bears the database's name, so moving the file without its
log loses what was committed since the last checkpoint, and a log left behind is replayed over
the next file put there (for a restored backup: "file is not a database", then the rollback
deleted the log). Everything that moves, copies or removes a database goes through here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

# The order files are moved in: the database file first, so a name never holds a log that
# is not its own for longer than it must. Renames are atomic; a crash between two of them
# is repaired from the restore journal (store/swap.py) before anything opens the database.
LOG_SUFFIXES = ("-wal", "-shm")
SUFFIXES = ("", *LOG_SUFFIXES, ".keys")
# A rollback journal, as SQLite leaves beside a file in DELETE mode (backup copies).
ALL_SUFFIXES = (*SUFFIXES, "-journal")


OWNER_ONLY = 0o600


def make_private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if missing; the folder itself owner-only (0700), so
    the names in it are private too. An existing folder is left as the officer set it."""
    folder = Path(folder)
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)


def create_private(path: Path) -> int:
    """A new file readable by its owner only (0600 on POSIX; on Windows the file inherits
    the ACLs of its folder, the user's profile), opened for writing: returns the fd."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)


def part(path: Path, suffix: str) -> Path:
    """`liaison.db` with a suffix: '-wal' gives `liaison.db-wal`, '.keys' the key file."""
    return Path(f"{path}{suffix}")


def parts(path: Path, suffixes: tuple[str, ...] = SUFFIXES) -> list[Path]:
    return [part(path, s) for s in suffixes]


def present(path: Path) -> list[str]:
    """The suffixes of the files of this database that exist now."""
    return [s for s in SUFFIXES if part(path, s).exists()]


def orphan_logs(path: Path) -> list[Path]:
    """A WAL or SHM with no database file of its name: it belongs to no file here, and
    would be replayed over the next one made or restored at this name."""
    if path.exists():
        return []
    return [p for p in parts(path, LOG_SUFFIXES) if p.exists()]


def set_aside_orphan_logs(path: Path, stamp: str) -> list[Path]:
    """Rename an orphaned WAL/SHM out of SQLite's way (`liaison.db-wal.orphaned-<stamp>`):
    kept, still encrypted, never replayed over a file it does not belong to."""
    moved = []
    for log in orphan_logs(path):
        dest = log.with_name(f"{log.name}.orphaned-{stamp}")
        os.replace(log, dest)
        moved.append(dest)
    return moved


def move(src: Path, dst: Path) -> list[str]:
    """Move a database with its log, index and key file under a new name; returns the
    suffixes moved. Renames only: `dst` must be in the same folder."""
    moved = []
    for suffix in SUFFIXES:
        if part(src, suffix).exists():
            os.replace(part(src, suffix), part(dst, suffix))
            moved.append(suffix)
    return moved


def remove(path: Path, suffixes: tuple[str, ...] = ALL_SUFFIXES) -> None:
    for p in parts(path, suffixes):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def remove_tree(folder: Path) -> None:
    """Remove a folder (or a stray file) and everything in it; quietly if it is gone."""
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            folder.unlink()


def keyfile_path(db_path: Path) -> Path:
    """The database's key file (its key slots), beside it."""
    return Path(f"{db_path}.keys")
