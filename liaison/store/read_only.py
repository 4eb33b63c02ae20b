"""Reading a database without writing a byte: `liaison check`, and a backup taken from a
write-protected USB stick or while the app has the database open.

SQLite writes even to read: a connection in WAL mode creates (or rebuilds) the `-shm` index,
and the last connection to close folds the WAL into the file. So, measured with SQLite 3.53:
- nobody is writing (we hold Liaison's lock, or the folder is read-only so nobody can) and
  there is no WAL waiting: open the file `immutable`: no lock, no `-shm`, nothing written;
- nobody is writing but a crash left a WAL: read a private copy of the file and its WAL (the
  WAL must be read, or the records in it would be missed; folding it in would write);
- the app has the database open: read beside it as any WAL reader does (`mode=ro`); the app
  keeps the `-wal` and `-shm`, and SQLite's own locks keep the reads consistent.
On read-only media no lock file is made (it could not be, and nobody can write there anyway).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from liaison.store import connection as rawdb
from liaison.store import files

_READ_ONLY_ERRORS = {errno.EROFS, errno.EACCES, errno.EPERM}


@dataclass
class Reader:
    path: Path  # what SQLite opens: the database, or a private copy of it
    immutable: bool
    lock: FileLock | None  # Liaison's lock, held while reading, when it could be taken
    copy_folder: Path | None = None
    beside_the_app: bool = False  # the app holds the database: read as a WAL reader

    def connect(self, key: bytes) -> rawdb.RawConnection:
        if self.copy_folder is not None:
            conn = rawdb.connect(self.path, key)  # a private copy: folding its WAL is fine
            conn.execute("PRAGMA query_only = ON")  # a write would be lost with the copy
            return conn
        return rawdb.connect_read_only(self.path, key, immutable=self.immutable)

    def close(self) -> None:
        if self.copy_folder is not None:
            shutil.rmtree(self.copy_folder, ignore_errors=True)
            self.copy_folder = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _take_lock(lock_file: Path) -> tuple[FileLock | None, bool]:
    """(the lock, False) if taken; (None, True) if the app holds it; (None, False) if the
    folder is read-only (no lock file can be made, and none is)."""
    lock = FileLock(lock_file, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        return None, True
    except OSError as exc:
        if exc.errno in _READ_ONLY_ERRORS:
            return None, False
        raise
    return lock, False


def open_for_reading(db_path: Path, lock_file: Path) -> Reader:
    db_path = Path(db_path)
    if not os.access(db_path.parent, os.W_OK):
        lock, busy = None, False  # read-only media: never try to make a lock file there
    else:
        lock, busy = _take_lock(lock_file)
    if busy:
        return Reader(db_path, immutable=False, lock=None, beside_the_app=True)
    wal = files.part(db_path, "-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        return Reader(db_path, immutable=True, lock=lock)
    try:
        folder = Path(tempfile.mkdtemp(prefix="liaison-read-"))  # 0700, encrypted copies only
        copy = folder / db_path.name
        for suffix in ("", "-wal"):
            shutil.copyfile(files.part(db_path, suffix), files.part(copy, suffix))
            os.chmod(files.part(copy, suffix), 0o600)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return Reader(copy, immutable=False, lock=lock, copy_folder=folder)
