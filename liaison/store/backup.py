"""Encrypted backup files: one zip holding the encrypted database, its key file and a manifest.

The database copy is made with SQLite's online backup into a file keyed with the same data key,
so it is consistent while the app is in use and never exists in plaintext. The key file travels
with it: a backup opens with the passphrase or recovery code the database had when it was made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from liaison import __version__
from liaison.errors import StoreDamaged, WriteFailed, write_reason
from liaison.store import connection as rawdb
from liaison.store import files
from liaison.store.atomic import fsync_dir

FORMAT = "liaison-backup"
SUFFIX = ".liaison-backup"
DB_MEMBER = "liaison.db"
KEYS_MEMBER = "liaison.db.keys"
MANIFEST_MEMBER = "manifest.json"
# Every file a backup makes while it works is named `.backup-XXXX.<something>`.
WORK_PREFIX = ".backup-"
# Failures of the folder being written, not of the backup being read.
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: dt.datetime
    reason: str
    schema_revision: str | None
    database_id: str
    app_version: str
    # Made after every backup in its folder with a lower number: the order a wrong clock
    # cannot disturb (None in backups made before numbers were written).
    sequence: int | None = None

    @property
    def order(self) -> tuple[bool, int, dt.datetime]:
        """Sort key, oldest first: by number, then (numberless, older versions) by date."""
        return (self.sequence is not None, self.sequence or 0, self.created_at)


def backup_name(reason: str, when: dt.datetime) -> str:
    return f"liaison-{when.strftime('%Y%m%d-%H%M%S')}-{reason}{SUFFIX}"


def write_backup(
    source: rawdb.RawConnection,
    key: bytes,
    keyfile_path: Path,
    dest: Path,
    *,
    reason: str,
    schema_revision: str | None,
    database_id: str,
    now: dt.datetime,
) -> Path:
    dest = Path(dest)
    files.make_private_folder(dest.parent)
    clean_debris(dest.parent)
    sequence = next_sequence(dest.parent)
    work, lock = _claim_work_name(dest.parent)
    tmp_db = Path(f"{work}.db")
    tmp_zip = Path(f"{work}.zip")
    try:
        target = rawdb.connect(tmp_db, key, create=True)
        try:
            os.chmod(tmp_db, files.OWNER_ONLY)  # before any page is copied in
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        except rawdb.dbapi2.OperationalError as exc:
            if not rawdb.is_write_failure(exc):
                raise
            # Callers already turn an OSError into words that name the backup folder.
            raise OSError(errno.ENOSPC, "the disk is full or failing", str(dest)) from exc
        finally:
            target.close()
        manifest = {
            "format": FORMAT,
            "version": 1,
            "created_at": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "reason": reason,
            "schema_revision": schema_revision,
            "database_id": database_id,
            "app_version": __version__,
            "sequence": sequence,
        }
        with (
            os.fdopen(files.create_private(tmp_zip), "wb") as handle,
            zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive,
        ):
            archive.writestr(MANIFEST_MEMBER, json.dumps(manifest, indent=2))
            archive.write(tmp_db, DB_MEMBER)
            archive.write(keyfile_path, KEYS_MEMBER)
            archive.close()
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_zip, dest)
        fsync_dir(dest.parent)
    finally:
        files.remove(tmp_db)
        for leftover in (tmp_zip, Path(f"{work}.lock")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        lock.release()
    return dest


def _claim_work_name(folder: Path) -> tuple[str, FileLock]:
    """A fresh hidden name `.backup-XXXX` for this backup's work files, and the lock on its
    `.lock` file, held until they are gone: clean_debris() takes only locks nobody holds."""
    while True:
        fd, lock_name = tempfile.mkstemp(prefix=WORK_PREFIX, suffix=".lock", dir=folder)
        os.close(fd)
        lock = FileLock(lock_name, timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            continue  # a cleaner took it for debris in the instant between: take another
        return lock_name.removesuffix(".lock"), lock


def clean_debris(folder: Path) -> list[Path]:
    """Remove what a backup killed part-way left in `folder`: a complete encrypted copy of the
    database and a half-written zip, which rotation never sees, so a family erased since
    would survive in them. A backup being written holds the lock on its own `.lock` file:
    its files are left alone."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed: list[Path] = []
    names = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    for name in names:
        if name.startswith(WORK_PREFIX) and name.endswith(".lock"):
            removed += _remove_if_abandoned(folder, name.removesuffix(".lock"))
    for name in names:
        work = name.split(".", 2)[1] if name.startswith(WORK_PREFIX) else ""
        # Work files whose lock is gone, and the zip name older versions wrote to.
        orphan = work and not (folder / f".{work}.lock").exists()
        if orphan or name.endswith(f"{SUFFIX}.tmp"):
            with contextlib.suppress(OSError):
                (folder / name).unlink()
                removed.append(folder / name)
    return removed


def _remove_if_abandoned(folder: Path, work: str) -> list[Path]:
    lock = FileLock(folder / f"{work}.lock", timeout=0, thread_local=False)
    try:
        lock.acquire()
    except (Timeout, OSError):
        return []  # being written now (or a read-only folder)
    removed = []
    try:
        for path in folder.glob(f"{work}.*"):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    finally:
        lock.release()
    return removed


def verify(path: Path, key: bytes) -> None:
    """Open a backup's database with the database's own key and check every page: a backup
    that does not read back is not kept."""
    with tempfile.TemporaryDirectory(prefix="liaison-verify-") as tmp:
        db_file, _ = extract(path, Path(tmp))
        conn = rawdb.connect(db_file, key)
        try:
            if conn.execute("PRAGMA cipher_integrity_check").fetchall() or not (
                rawdb.structure_ok(conn)
            ):
                raise StoreDamaged(
                    f"The backup {path.name} does not read back correctly, so it was not "
                    "kept. Run `liaison check`: the database itself may be damaged."
                )
            conn.execute("SELECT count(*) FROM family").fetchone()
        finally:
            conn.close()


def in_folder(folder: Path) -> list[BackupInfo]:
    """The readable backups in `folder`, newest (last made) first."""
    found = []
    for path in Path(folder).glob(f"*{SUFFIX}"):
        with contextlib.suppress(StoreDamaged):
            found.append(read_info(path))
    return sorted(found, key=lambda b: b.order, reverse=True)


def next_sequence(folder: Path) -> int:
    """One more than any backup's number in the folder, whatever the clock says."""
    return 1 + max((b.sequence or 0 for b in in_folder(folder)), default=0)


def read_info(path: Path) -> BackupInfo:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if not {DB_MEMBER, KEYS_MEMBER, MANIFEST_MEMBER} <= names:
                raise ValueError("members missing")
            raw: dict[str, Any] = json.loads(archive.read(MANIFEST_MEMBER))
        if raw.get("format") != FORMAT:
            raise ValueError("not a Liaison backup")
        return BackupInfo(
            path=Path(path),
            created_at=dt.datetime.fromisoformat(raw["created_at"]),
            reason=str(raw["reason"]),
            schema_revision=raw.get("schema_revision"),
            database_id=str(raw["database_id"]),
            app_version=str(raw["app_version"]),
            sequence=int(raw["sequence"]) if raw.get("sequence") is not None else None,
        )
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise StoreDamaged(f"{path} is not a readable Liaison backup ({exc}).") from exc


def extract(path: Path, folder: Path) -> tuple[Path, Path]:
    """Unpack the database and key file into `folder`; both stay encrypted."""
    read_info(path)
    try:
        files.make_private_folder(folder)
        with zipfile.ZipFile(path) as archive:
            for member in (DB_MEMBER, KEYS_MEMBER):
                # Owner-only from the first byte (zipfile's own extract makes them 0644).
                with (
                    archive.open(member) as source,
                    os.fdopen(files.create_private(folder / member), "wb") as target,
                ):
                    shutil.copyfileobj(source, target, 1 << 20)
    except OSError as exc:
        if exc.errno in _WRITE_ERRORS:
            raise WriteFailed(
                f"The backup could not be unpacked into {folder}: {write_reason(exc)}. "
                "Nothing was changed; free some space there and try again."
            ) from exc
        raise StoreDamaged(f"{path} cannot be unpacked ({exc}).") from exc
    except zipfile.BadZipFile as exc:
        raise StoreDamaged(f"{path} cannot be unpacked ({exc}).") from exc
    return folder / DB_MEMBER, folder / KEYS_MEMBER
