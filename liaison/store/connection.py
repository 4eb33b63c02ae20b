"""Raw SQLCipher connections: the key first, then a read that fails fast, then the pragmas."""

from __future__ import annotations

import errno
from pathlib import Path

import sqlcipher3
from sqlcipher3 import dbapi2

from liaison.errors import LiaisonError, StoreDamaged
from liaison.store import memory

SQLITE_HEADER = b"SQLite format 3\x00"
# Per connection; encryption costs most on page-cache misses (shared/notes/stack-facts.md).
CACHE_KIB = 32_000

RawConnection = dbapi2.Connection
DatabaseError = dbapi2.DatabaseError


_HEX = b"0123456789abcdef"


def key_pragma(key: bytes | bytearray) -> str:
    """The key as SQL text: for tools only. Connections here use `_set_key`, because SQL text
    is copied by SQLite into memory it frees without clearing, and a str cannot be wiped."""
    return f"PRAGMA key = \"x'{bytes(key).hex()}'\""


def _set_key(conn: RawConnection, key: bytes | bytearray) -> None:
    """sqlite3_key with the raw key as x'<hex>' in a bytearray built here and zeroed after:
    no str or bytes copy of the hex key is ever made (see store/memory.py)."""
    blob = bytearray(2 * len(key) + 3)
    blob[0:2], blob[-1] = b"x'", ord("'")
    for i, byte in enumerate(key):
        blob[2 + 2 * i] = _HEX[byte >> 4]
        blob[3 + 2 * i] = _HEX[byte & 15]
    try:
        conn.set_key(blob)
    finally:
        memory.wipe(blob)


def apply_pragmas(conn: RawConnection) -> None:
    for pragma in (
        "PRAGMA journal_mode = WAL",
        # FULL: a commit survives power loss, not just a killed process.
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA busy_timeout = 10000",
        f"PRAGMA cache_size = -{CACHE_KIB}",
        # Freed pages are zeroed, so erased records do not linger even under the key.
        "PRAGMA secure_delete = ON",
    ):
        conn.execute(pragma)


def connect(path: Path, key: bytes | bytearray, *, create: bool = False) -> RawConnection:
    """Open `path` with the raw key. Never creates a file unless `create` is set."""
    mode = "rwc" if create else "rw"
    uri = f"{Path(path).resolve().as_uri()}?mode={mode}"
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except dbapi2.OperationalError as exc:
        raise StoreDamaged(f"The database {path} cannot be opened: {exc}.") from exc
    try:
        # The key must be the first statement, or a new file gets a plaintext header.
        _set_key(conn, key)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        apply_pragmas(conn)
    except dbapi2.DatabaseError as exc:
        conn.close()
        if is_write_failure(exc):
            if create:
                # A new file (a backup's copy): callers name the folder it was going to.
                raise OSError(errno.ENOSPC, "the disk is full or failing", str(path)) from exc
            raise LiaisonError(
                f"Liaison could not use the database {path}: the disk is full or failing. "
                "Nothing was changed; free some space or check the drive, then try again."
            ) from exc
        raise StoreDamaged(describe_unreadable(path, exc)) from exc
    return conn


def connect_read_only(path: Path, key: bytes | bytearray, *, immutable: bool) -> RawConnection:
    """Open `path` for reading only (`mode=ro`): nothing is written through it. `immutable`
    also tells SQLite the file cannot change (no locks, no -shm, the WAL not read): only for
    a database nobody can be writing, with no WAL waiting (see store/read_only.py)."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except dbapi2.OperationalError as exc:
        raise StoreDamaged(f"The database {path} cannot be opened: {exc}.") from exc
    try:
        _set_key(conn, key)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for pragma in (
            "PRAGMA foreign_keys = ON",
            "PRAGMA temp_store = MEMORY",
            "PRAGMA busy_timeout = 10000",
            f"PRAGMA cache_size = -{CACHE_KIB}",
            "PRAGMA query_only = ON",
        ):
            conn.execute(pragma)
    except dbapi2.DatabaseError as exc:
        conn.close()
        raise StoreDamaged(describe_unreadable(path, exc)) from exc
    return conn


def describe_unreadable(path: Path, exc: Exception) -> str:
    return (
        f"The database {path} cannot be read with its key file ({exc}): it is damaged, or the key "
        "file beside it belongs to another database. Restore both from a backup."
    )


_DAMAGE = ("database disk image is malformed", "file is not a database")


def is_damage(exc: BaseException) -> bool:
    """A page failed its HMAC (or the file is not ours): what SQLCipher reports for tampering."""
    return isinstance(exc, dbapi2.DatabaseError) and str(exc) in _DAMAGE


def is_read_only(exc: BaseException) -> bool:
    # SQLCipher also turns a connection read-only once any page has failed its HMAC.
    return isinstance(exc, dbapi2.OperationalError) and "readonly database" in str(exc)


_WRITE_FAILURE = ("database or disk is full", "disk I/O error")


def is_write_failure(exc: BaseException) -> bool:
    """SQLite could not write: a full disk (SQLITE_FULL) or a failed write (SQLITE_IOERR)."""
    return isinstance(exc, dbapi2.OperationalError) and str(exc) in _WRITE_FAILURE


def structure_ok(conn: RawConnection) -> bool:
    """Every b-tree page parses. A copy of a damaged database re-encrypts the damaged page
    under a fresh HMAC, so only this structural check finds it in a backup."""
    try:
        return [r[0] for r in conn.execute("PRAGMA quick_check")] == ["ok"]
    except dbapi2.DatabaseError:
        return False


def describe_damaged(path: Path) -> str:
    return (
        f"Part of the database {path} is damaged and fails its integrity check, so Liaison will "
        "not read it. Run `liaison check`, then restore the database from a backup."
    )


def sniff(path: Path) -> None:
    """Refuse files that cannot be a Liaison database before any key is tried."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise StoreDamaged(f"The database file {path} is empty. Restore it from a backup.")
    with path.open("rb") as handle:
        head = handle.read(16)
    if head == SQLITE_HEADER:
        raise StoreDamaged(f"{path} is a plain, unencrypted SQLite file, not a Liaison database.")
    if size < 4096 or size % 4096:
        raise StoreDamaged(
            f"The database file {path} is truncated ({size} bytes). Restore it from a backup."
        )
