"""The open database: key slots, process lock, engine, sessions, migrations and checks."""

from __future__ import annotations

import contextlib
import getpass
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool
from sqlcipher3 import dbapi2 as sqlcipher_dbapi

from liaison.clock import Clock
from liaison.errors import (
    LiaisonError,
    MigrationFailed,
    SchemaTooNew,
    StoreBusy,
    StoreDamaged,
    StoreMissing,
    write_failed,
    write_reason,
)
from liaison.store import backup as backups
from liaison.store import checks, files, memory, migrate, swap
from liaison.store import connection as rawdb
from liaison.store.checks import CheckReport
from liaison.store.files import keyfile_path
from liaison.store.keyfile import KdfParams, KeyFile, check_passphrase_rules
from liaison.store.read_only import Reader, open_for_reading

if TYPE_CHECKING:
    from liaison.models.enums import AuditAction

POOL_SIZE = 3

# What opening or creating a database runs on it before any session: the search-index hooks
# and the audit sink, installed by liaison.services.access (the store imports nothing above it).
Prepare = Callable[["Database"], None]
AuditSink = Callable[[Session, "AuditAction | str", "str | None"], None]


def lock_path(db_path: Path) -> Path:
    return Path(f"{db_path}.lock")


def backup_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def acquire_lock(db_path: Path) -> FileLock:
    lock = FileLock(lock_path(db_path), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise StoreBusy(
            f"{db_path} is already open in another copy of Liaison. "
            "Use that window, or close it and try again."
        ) from None
    return lock


def finish_interrupted_restore(db_path: Path) -> str | None:
    """Before anything reads the database: a restore a crash interrupted is undone or
    completed (store/swap.py). Returns what was done, or None when there was nothing to do."""
    if not swap.interrupted(db_path):
        return None
    lock = acquire_lock(db_path)
    try:
        return swap.finish(db_path)
    finally:
        lock.release()


class Database:
    """An unlocked Liaison database. Holds the data key until `close()`."""

    def __init__(
        self,
        path: Path,
        key: bytes,
        keyfile: KeyFile,
        lock: FileLock | None,
        clock: Clock,
        prepare: Prepare | None = None,
        reader: Reader | None = None,
    ) -> None:
        self.path = Path(path)
        self.keyfile = keyfile
        self.clock = clock
        self._key = bytearray(key)
        memory.wipe(key)  # the unwrapped bytes: only the bytearray (zeroed at close) remains
        self._lock: FileLock | None = lock
        # Opened to read only (store/read_only.py): nothing can be written through it.
        self._reader = reader
        self._open = True
        self.last_backup: Path | None = None
        self.engine: Engine = self._make_engine()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_engine = self.engine.execution_options(liaison_write=True)
        self.write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)
        # Set by the layer above (liaison.services.access): the store writes its own audit
        # lines (created, migrated, passphrase changed) through it without knowing the services.
        self.audit_sink: AuditSink | None = None
        # Told after each write commits what it changed (liaison.services.changes fills it).
        self.change_listeners: list[Callable[..., None]] = []
        if prepare is not None:
            prepare(self)

    # -- opening and closing ---------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        kdf: KdfParams | None = None,
        clock: Clock | None = None,
        prepare: Prepare | None = None,
        names: Iterable[str | None] = (),
    ) -> tuple[Database, str]:
        """Make a new encrypted database; return it open, and the recovery code (shown once).
        `names` (the school's, the officer's) count against the passphrase's strength."""
        path = Path(path)
        names = list(names)
        check_passphrase_rules(passphrase, names)
        keys_path = keyfile_path(path)
        finish_interrupted_restore(path)
        if path.exists() or keys_path.exists():
            raise LiaisonError(f"{path} already exists; choose another file or folder.")
        try:
            files.make_private_folder(path.parent)
        except OSError as exc:
            raise write_failed(path, exc) from exc
        lock = acquire_lock(path)
        try:
            # A log with no database file would be replayed over the new one.
            files.set_aside_orphan_logs(path, f"{(clock or Clock()).now():%Y%m%d-%H%M%S}")
        except OSError as exc:
            lock.release()
            raise write_failed(path, exc) from exc
        data_key = os.urandom(32)
        keyfile = KeyFile.new(keys_path)
        try:
            keyfile.set_passphrase(passphrase, data_key, kdf or KdfParams(), names)
            recovery_code = keyfile.set_recovery_code(data_key)
            keyfile.save(data_key)
            raw = rawdb.connect(path, data_key, create=True)
            raw.close()
            # Other accounts on a shared school PC must not even copy the ciphertext.
            os.chmod(path, 0o600)
            db = cls(path, data_key, keyfile, lock, clock or Clock(), prepare)
            with db.engine.connect() as conn:
                migrate.upgrade(conn)
            # The models (and SQLAlchemy's ORM) load only when needed: start-up shows a window
            # before it imports them.
            from liaison.models import StoreMeta

            with db.session() as session:
                session.add(StoreMeta(key="database_id", value=keyfile.database_id))
                session.add(StoreMeta(key="next_family_number", value="1"))
        except BaseException as exc:
            lock.release()
            files.remove(path)
            if isinstance(exc, OSError):
                raise write_failed(path, exc) from exc
            raise
        db.audit("created_database", path.name)
        return db, recovery_code

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        passphrase: str | None = None,
        recovery_code: str | None = None,
        clock: Clock | None = None,
        migrate_schema: bool = True,
        prepare: Prepare | None = None,
        read_only: bool = False,
        unlocked: tuple[KeyFile, bytes] | None = None,
    ) -> Database:
        """Unlock with the passphrase or the recovery code. Changes nothing on any failure.
        `read_only` writes no byte, works on read-only media and beside the open app. `unlocked`:
        a key file and the key already unwrapped from it, used if that key file is still here."""
        path = Path(path)
        if not read_only:
            finish_interrupted_restore(path)
        elif swap.interrupted(path):
            raise StoreBusy(
                f"A restore into {path} was interrupted. Start Liaison (or run `liaison "
                "backups`) to finish or undo it, then try again; nothing was changed."
            )
        if not path.exists():
            raise StoreMissing(f"There is no Liaison database at {path}.")
        rawdb.sniff(path)
        keyfile = KeyFile.load(keyfile_path(path))
        if (passphrase is None) == (recovery_code is None):
            raise ValueError("give exactly one of passphrase or recovery_code")
        # The secret is checked before taking the lock, so a typo never blocks another window.
        if unlocked is not None and unlocked[0] == keyfile:
            key = unlocked[1]  # like any unwrapped key, zeroed once the database holds it
        elif passphrase is not None:
            if unlocked is not None:
                memory.wipe(unlocked[1])  # another key file's: never to be used
            key = keyfile.unwrap_with_passphrase(passphrase)
        else:
            assert recovery_code is not None
            key = keyfile.unwrap_with_recovery(recovery_code)
        reader = open_for_reading(path, lock_path(path)) if read_only else None
        lock = None if reader else acquire_lock(path)
        migrate_schema = migrate_schema and not read_only
        try:
            raw = reader.connect(key) if reader else rawdb.connect(path, key)
            try:
                cls._check_identity(raw, path, keyfile)
                revision = _raw_revision(raw)
                needs_upgrade = revision != migrate.head_revision()
                if revision is not None and not migrate.known_revision(revision):
                    raise SchemaTooNew(
                        f"{path} was last used by a newer version of Liaison (schema {revision}). "
                        "Install that version or newer to open it; nothing has been changed."
                    )
                pre_backup: Path | None = None
                if needs_upgrade and migrate_schema:
                    pre_backup = _pre_migration_backup(raw, key, path, keyfile, revision, clock)
            finally:
                raw.close()
            db = cls(path, key, keyfile, lock, clock or Clock(), prepare, reader)
        except BaseException:
            if reader is not None:
                reader.close()
            elif lock is not None:
                lock.release()
            raise
        try:
            if needs_upgrade and migrate_schema:
                db._run_migrations(revision, pre_backup)
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _check_identity(raw: rawdb.RawConnection, path: Path, keyfile: KeyFile) -> None:
        try:
            row = raw.execute("SELECT value FROM store_meta WHERE key = 'database_id'").fetchone()
        except rawdb.DatabaseError as exc:
            raise StoreDamaged(rawdb.describe_unreadable(path, exc)) from exc
        if row is None or row[0] != keyfile.database_id:
            raise StoreDamaged(
                f"The key file beside {path} belongs to another database. "
                "Put the matching key file back, or restore both from a backup."
            )

    def _run_migrations(self, old: str | None, pre_backup: Path | None) -> None:
        try:
            with self.engine.connect() as conn:
                reached = migrate.upgrade(conn)
        except Exception as exc:
            raise MigrationFailed(
                f"Updating the database to this version of Liaison failed ({exc}). "
                f"Nothing was changed. A copy made before the update is at {pre_backup}."
            ) from exc
        self.audit("migrated", f"{old} -> {reached}")

    def close(self) -> None:
        """Dispose of every connection, forget the key and release the lock. Safe to repeat."""
        if not self._open:
            return
        self.engine.dispose()
        memory.wipe(self._key)
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self._reader is not None:
            self._reader.close()
        self._open = False

    def checkpoint(self) -> bool:
        """Move everything from the write-ahead log into the database file and empty the log,
        so pages an erasure freed (zeroed by secure_delete) are not kept in the WAL. False if
        a reader (a scheduled backup beside the app) kept it from finishing within the busy
        timeout: the log is then emptied at the next checkpoint or when the app closes."""
        with self.engine.connect() as conn:
            busy, _, _ = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        return not busy

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def read_only(self) -> bool:
        return self._reader is not None

    @property
    def beside_the_app(self) -> bool:
        """Opened to read while another process (the app) holds the database."""
        return self._reader is not None and self._reader.beside_the_app

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- engine and sessions ---------------------------------------------------------------
    def _connect(self) -> rawdb.RawConnection:
        if not self.is_open:
            raise StoreDamaged("The database is locked; unlock it first.")
        if self._reader is not None:
            return self._reader.connect(self._key)
        return rawdb.connect(self.path, self._key)

    def _make_engine(self) -> Engine:
        # The plain pysqlite dialect over the sqlcipher3 module: the pysqlcipher dialect would
        # send its own PRAGMA key from the URL, and the key must come from our creator alone.
        engine = create_engine(
            "sqlite+pysqlite://",
            module=sqlcipher_dbapi,
            creator=self._connect,
            poolclass=QueuePool,
            pool_size=POOL_SIZE,
            max_overflow=0,
            pool_timeout=60,
        )

        @event.listens_for(engine, "handle_error")
        def _damaged(context: ExceptionContext) -> None:
            # A damaged page can sit anywhere and is found only when some screen or command reads
            # it: say so in words there, rather than leak a driver error (or a traceback).
            if rawdb.is_damage(context.original_exception):
                raise StoreDamaged(rawdb.describe_damaged(self.path)) from (
                    context.original_exception
                )
            if rawdb.is_write_failure(context.original_exception):
                # SQLite rolls the transaction back; the session then discards what it held.
                raise LiaisonError(
                    f"Liaison could not write to the database {self.path}: the disk is full "
                    "or failing. This change was not saved; everything saved before is safe. "
                    "Free some space, then try again."
                ) from context.original_exception
            if rawdb.is_read_only(context.original_exception):
                raise LiaisonError(
                    f"Liaison cannot write to the database {self.path}: the file is read-only, "
                    "or part of it is damaged. Run `liaison check`; nothing was changed."
                ) from context.original_exception

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # The driver's own transaction handling is off (isolation_level=None), so DDL is
            # transactional too. Writers take the write lock up front to avoid upgrade deadlocks.
            if conn.get_execution_options().get("liaison_write"):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("BEGIN")

        return engine

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on any exception."""
        with self.write_sessions() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def audit(self, action: AuditAction | str, detail: str | None = None) -> None:
        """Record what happened to the database itself, through the sink the services set."""
        if self.audit_sink is None:
            return
        with self.session() as session:
            self.audit_sink(session, action, detail)

    @property
    def actor(self) -> str:
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    # -- key slots -------------------------------------------------------------------------
    def names(self) -> list[str]:
        """The school's and the officer's names: words a passphrase must not lean on. Read
        with plain SQL: the store imports nothing above it."""
        with self.engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT name, officer_name FROM school LIMIT 1").first()
            conn.rollback()
        return [row[0] or "", row[1] or ""] if row else []

    def change_passphrase(self, current: str, new: str, kdf: KdfParams | None = None) -> None:
        """Rewrap the data key under a new passphrase; the database is not re-encrypted."""
        self.keyfile.unwrap_with_passphrase(current)
        self.keyfile.set_passphrase(
            new, self._key, kdf or self.keyfile.passphrase_params(), self.names()
        )
        self.keyfile.save(self._key)
        self.audit("passphrase_changed")

    def reset_passphrase(self, new: str, kdf: KdfParams | None = None) -> None:
        """Set a new passphrase after unlocking with the recovery code."""
        self.keyfile.set_passphrase(
            new, self._key, kdf or self.keyfile.passphrase_params(), self.names()
        )
        self.keyfile.save(self._key)
        self.audit("recovered")

    def replace_recovery_code(self) -> str:
        code = self.keyfile.set_recovery_code(self._key)
        self.keyfile.save(self._key)
        self.audit("recovery_code_replaced")
        return code

    # -- backups and checks ----------------------------------------------------------------
    def write_backup(self, dest: Path, reason: str) -> Path:
        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            revision = migrate.current_revision(conn)
            conn.rollback()
            path = backups.write_backup(
                raw,
                self._key,
                self.keyfile.path,
                dest,
                reason=reason,
                schema_revision=revision,
                database_id=self.keyfile.database_id,
                now=self.clock.now(),
            )
        self.last_backup = path
        return path

    def verify_backup(self, path: Path) -> None:
        """Open a backup's database with this database's key and check every page."""
        backups.verify(path, self._key)

    def check(self) -> CheckReport:
        """Read every page and check every structure; record a failure rather than raise."""
        report = checks.run(self.engine, CheckReport())
        try:
            KeyFile.load(self.keyfile.path).verify(self._key)
            slots = ", ".join(sorted(self.keyfile.slots))
            report.record("key_slots", True, f"key file intact; slots: {slots}")
        except LiaisonError as exc:
            report.record("key_slots", False, exc.message)
        return report


def _raw_revision(raw: rawdb.RawConnection) -> str | None:
    try:
        row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
    except rawdb.DatabaseError:
        return None
    return row[0] if row else None


def _pre_migration_backup(
    raw: rawdb.RawConnection,
    key: bytes,
    path: Path,
    keyfile: KeyFile,
    revision: str | None,
    clock: Clock | None,
) -> Path:
    now = (clock or Clock()).now()
    dest = backup_dir(path) / backups.backup_name(f"before-update-{revision or 'empty'}", now)
    try:
        return backups.write_backup(
            raw,
            key,
            keyfile.path,
            dest,
            reason="before-update",
            schema_revision=revision,
            database_id=keyfile.database_id,
            now=now,
        )
    except OSError as exc:
        raise MigrationFailed(
            f"Liaison needs to update the database but could not first back it up to "
            f"{dest.parent} ({write_reason(exc)}). Free some space there and try again; "
            "nothing has been changed."
        ) from exc
