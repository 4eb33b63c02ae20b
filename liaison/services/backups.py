"""Backups she can rely on: verified by opening, rotated, and restored without losing the
current database until the restored one has opened.

Rotation keeps the newest backup of each of the last 7 days, 4 weeks and 12 months (settings
can change the three numbers); a backup is verified (every page authenticates under its own key
file) before any older one is pruned.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from liaison.errors import LiaisonError, StoreDamaged, write_reason
from liaison.models.enums import AuditAction
from liaison.services import audit, school
from liaison.store import backup as store_backup
from liaison.store import connection as rawdb
from liaison.store import files, swap
from liaison.store.database import Database, acquire_lock, backup_dir, keyfile_path
from liaison.store.keyfile import KeyFile

if TYPE_CHECKING:
    from collections.abc import Iterable

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
# What a restore screen shows before anything is replaced: label and table.
COUNTED = (
    ("families", "family"),
    ("caregivers", "caregiver"),
    ("pupils", "pupil"),
    ("meetings", "meeting"),
    ("bookings", "booking"),
    ("referrals", "referral"),
    ("letters", "printed_document"),
)


@dataclass(frozen=True)
class Rotation:
    daily: int = KEEP_DAILY
    weekly: int = KEEP_WEEKLY
    monthly: int = KEEP_MONTHLY

    def describe(self) -> str:
        return f"{self.daily} daily, {self.weekly} weekly and {self.monthly} monthly"


def rotation(db: Database) -> Rotation:
    return Rotation(
        int(school.get_setting(db, "backup_keep_daily")),
        int(school.get_setting(db, "backup_keep_weekly")),
        int(school.get_setting(db, "backup_keep_monthly")),
    )


def set_rotation(db: Database, policy: Rotation) -> None:
    for name, value in (
        ("daily", policy.daily),
        ("weekly", policy.weekly),
        ("monthly", policy.monthly),
    ):
        if not 1 <= value <= 99:
            raise LiaisonError(f"Keep between 1 and 99 {name} backups (not {value}).")
    school.set_setting(db, "backup_keep_daily", policy.daily)
    school.set_setting(db, "backup_keep_weekly", policy.weekly)
    school.set_setting(db, "backup_keep_monthly", policy.monthly)


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds, read by opening it: shown before a restore replaces anything."""

    info: store_backup.BackupInfo
    counts: dict[str, int]

    @property
    def families(self) -> int:
        return self.counts["families"]

    def describe(self) -> str:
        when = self.info.created_at.astimezone()
        held = ", ".join(f"{n:,} {label}" for label, n in self.counts.items())
        return f"Made on {when:%d/%m/%Y at %H:%M} ({self.info.reason}). It holds {held}."


def folder(db: Database) -> Path:
    chosen = school.get_setting(db, "backup_folder")
    return Path(chosen) if chosen else backup_dir(db.path)


def tidy(db: Database) -> list[Path]:
    """At start: remove what a backup killed part-way left in the backup folders (the one in
    settings and the one beside the database, where updates back up). Never a backup being
    written now, in this process or another. A folder that is not there is left alone."""
    removed = []
    for target in {folder(db), backup_dir(db.path)}:
        with contextlib.suppress(OSError):
            removed += store_backup.clean_debris(target)
    return removed


def inspect(
    path: Path, *, passphrase: str | None = None, recovery_code: str | None = None
) -> BackupContents:
    """Open a backup's database with its own key file, check every page, and count what it
    holds. The wrong secret or a damaged file raises before anything is replaced."""
    info = store_backup.read_info(path)
    with tempfile.TemporaryDirectory(prefix="liaison-verify-") as tmp:
        db_file, keys = store_backup.extract(path, Path(tmp))
        keyfile = KeyFile.load(keys)
        key = (
            keyfile.unwrap_with_passphrase(passphrase)
            if passphrase is not None
            else keyfile.unwrap_with_recovery(recovery_code or "")
        )
        conn = _open_backup_copy(path, db_file, key)
        try:
            # A backup made before an update has an older schema: count what it has.
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            counts = {
                label: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for label, table in COUNTED
                if table in tables
            }
        finally:
            conn.close()
    return BackupContents(info, counts)


def _open_backup_copy(backup: Path, db_file: Path, key: bytes) -> rawdb.RawConnection:
    """Open a backup's unpacked database; every page must authenticate and parse."""
    try:
        conn = rawdb.connect(db_file, key)
    except StoreDamaged as exc:
        # Name the backup, not the temporary copy it was unpacked to.
        raise StoreDamaged(
            f"{backup.name} is damaged: its database does not open with its own key file "
            f"({exc.__cause__ or exc.message}). Use another backup."
        ) from exc
    try:
        bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        if bad:
            raise StoreDamaged(f"{backup.name} is damaged ({len(bad)} pages fail); use another.")
        if not rawdb.structure_ok(conn):
            raise StoreDamaged(f"{backup.name} is damaged (its structure is broken); use another.")
    except BaseException:
        conn.close()
        raise
    return conn


def other_database(db_path: Path, contents: BackupContents) -> str | None:
    """A warning if the backup is of another database than the one at `db_path` (compared by
    the id in each key file, readable without any secret); None if it is the same one, or
    there is no database there (a new computer) or its key file cannot be read."""
    keys = keyfile_path(Path(db_path))
    if not Path(db_path).exists() or not keys.exists():
        return None
    try:
        current = KeyFile.load(keys).database_id
    except LiaisonError:
        return None  # a damaged key file may be why she is restoring
    if current == contents.info.database_id:
        return None
    return (
        f"This backup is of a different database (id {contents.info.database_id[:8]}), not "
        f"the one at {db_path} (id {current[:8]}). Restoring it replaces every record there "
        f"with that database's {contents.families:,} families."
    )


def verify(path: Path, *, passphrase: str | None = None, recovery_code: str | None = None) -> int:
    """The number of families in a backup that opens and checks; see inspect()."""
    return inspect(path, passphrase=passphrase, recovery_code=recovery_code).families


def make(db: Database, reason: str = "manual", to: Path | None = None) -> Path:
    """Write, verify, then rotate. A full disk or a missing folder is a clear message."""
    target = Path(to) if to else folder(db)
    if to is None and school.get_setting(db, "backup_folder") and not target.is_dir():
        # Settings only accepts a folder that exists: if it has gone, a USB stick was pulled
        # or a share dropped. Re-creating it would put the backup on this PC's own disk.
        raise LiaisonError(
            f"The backup folder {target} is not there. Plug in the drive it is on, or choose "
            "another folder in Settings; the database itself is unchanged."
        )
    dest = _free_name(target, store_backup.backup_name(reason, db.clock.now()))
    try:
        path = db.write_backup(dest, reason)
    except OSError as exc:
        raise LiaisonError(
            f"The backup could not be written to {target} ({write_reason(exc)}). Check the "
            "folder exists, is writable and has space; the database itself is unchanged."
        ) from None
    try:
        db.verify_backup(path)
    except LiaisonError:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    if not db.read_only:  # read beside the open app, or from read-only media
        with db.session() as session:
            audit.record(session, db, AuditAction.BACKED_UP, detail=f"{reason} {path.name}")
    rotate(target, rotation(db), just_made=path)
    return path


def _free_name(target: Path, name: str) -> Path:
    """Two backups in the same second must not share a name: the second would replace the
    first before it is verified, and a failed verify would then delete both."""
    path = target / name
    stem = name.removesuffix(store_backup.SUFFIX)
    n = 2
    while path.exists():
        path = target / f"{stem}-{n}{store_backup.SUFFIX}"
        n += 1
    return path


def _backups(target: Path) -> list[store_backup.BackupInfo]:
    return store_backup.in_folder(target)


def list_backups_in(target: Path) -> list[store_backup.BackupInfo]:
    """The backups in a folder, last made first (by their numbers, not their dates)."""
    return store_backup.in_folder(target)


def list_backups(db: Database) -> list[store_backup.BackupInfo]:
    return _backups(folder(db))


def keep(backups: Iterable[store_backup.BackupInfo], policy: Rotation | None = None) -> set[Path]:
    """The last made backup of each of the last 7 days, 4 ISO weeks and 12 months (by
    default). "Last made" is by each backup's number in its folder, so a date a wrong clock
    wrote moves a backup into another day's bucket but never ahead of backups made after it:
    one dated in the future cannot take every slot, one dated in the past stays newest."""
    policy = policy or Rotation()
    kept: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for b in sorted(backups, key=lambda b: b.order, reverse=True):
        day = b.created_at.date()
        week = tuple(day.isocalendar())[:2]
        month = (day.year, day.month)
        if day not in days and len(days) < policy.daily:
            days.add(day)
            kept.add(b.path)
        if week not in weeks and len(weeks) < policy.weekly:
            weeks.add(week)
            kept.add(b.path)
        if month not in months and len(months) < policy.monthly:
            months.add(month)
            kept.add(b.path)
    return kept


def rotate(
    target: Path, policy: Rotation | None = None, just_made: Path | None = None
) -> list[Path]:
    """Prune what `keep` does not keep; never the backup just made, nor one taken before an
    update."""
    backups = _backups(target)
    kept = keep(backups, policy) | ({just_made} if just_made else set())
    pruned = []
    for b in backups:
        if b.path not in kept and b.reason != "before-update":
            with contextlib.suppress(OSError):
                b.path.unlink()
                pruned.append(b.path)
    return pruned


def due(db: Database, hours: int = 24) -> bool:
    newest = next(iter(list_backups(db)), None)
    if newest is None:
        return True
    age = db.clock.now() - newest.created_at
    # A last backup dated ahead of now means the clock was (or is) wrong: back up anyway
    # rather than wait for that date.
    return age > dt.timedelta(hours=hours) or age < -dt.timedelta(minutes=5)


@dataclass(frozen=True)
class RestoreResult:
    restored: Path
    kept_aside: Path
    families: int


def restore(
    db_path: Path,
    backup: Path,
    *,
    passphrase: str | None = None,
    recovery_code: str | None = None,
) -> RestoreResult:
    """Replace the database (closed, not in use) by a backup. The backup is unpacked beside the
    database and verified there with the secret it was made with; then the current database,
    with its WAL, SHM and key file, is renamed aside and the restored one renamed into place
    (store/swap.py: a crash at any point is finished or undone at the next open). If the
    restored database does not open, the current one is put back whole."""
    db_path = Path(db_path)
    store_backup.read_info(backup)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
    # Nobody may have it open while it is replaced: take its lock for the whole swap.
    files.make_private_folder(db_path.parent)  # restoring onto a new PC
    lock = acquire_lock(db_path)
    try:
        swap.finish(db_path)
        staging = Path(tempfile.mkdtemp(prefix=swap.staging_prefix(db_path), dir=db_path.parent))
        try:
            staged, key, families = _stage(backup, staging, passphrase, recovery_code)
            if not db_path.exists():
                files.set_aside_orphan_logs(db_path, stamp)
            try:
                swap.swap_in(db_path, staged, aside)
                _open_check(db_path, key)
            except BaseException:
                swap.undo(db_path)
                raise
            swap.complete(db_path)
        except OSError as exc:
            raise LiaisonError(
                f"The backup could not be restored into {db_path.parent} "
                f"({write_reason(exc)}). Nothing was changed; free some space there and try "
                "again."
            ) from exc
        finally:
            files.remove_tree(staging)
    finally:
        lock.release()
    return RestoreResult(db_path, aside, families)


def _stage(
    backup: Path, staging: Path, passphrase: str | None, recovery_code: str | None
) -> tuple[Path, bytes, int]:
    """Unpack the backup into `staging` and open it there with its own key file: every page
    must authenticate. Returns the staged database, its key and its number of families."""
    db_file, keys = store_backup.extract(backup, staging)
    staged = staging / swap.STAGED_NAME
    if db_file != staged:
        os.replace(db_file, staged)
    os.replace(keys, files.part(staged, ".keys"))
    key = _key_for(files.part(staged, ".keys"), passphrase, recovery_code)
    conn = _open_backup_copy(backup, staged, key)
    try:
        families = int(conn.execute("SELECT count(*) FROM family").fetchone()[0])
        # Closing the only connection checkpoints and removes the copy's own WAL, so the
        # file moved into place below is whole by itself.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return staged, key, families


def _open_check(db_path: Path, key: bytes) -> None:
    conn = rawdb.connect(db_path, key)
    try:
        conn.execute("SELECT count(*) FROM family").fetchone()
    finally:
        conn.close()


def _key_for(keys: Path, passphrase: str | None, recovery_code: str | None) -> bytes:
    keyfile = KeyFile.load(keys)
    if passphrase is not None:
        return keyfile.unwrap_with_passphrase(passphrase)
    return keyfile.unwrap_with_recovery(recovery_code or "")
