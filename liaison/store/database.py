"""The open database: key slots, process lock, engine, sessions, migrations and checks."""

from __future__ import annotations

import contextlib
import getpass
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import SQLAlchemyError
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
from liaison.store import connection as rawdb
from liaison.store import migrate
from liaison.store.keyfile import KdfParams, KeyFile, check_passphrase_rules

if TYPE_CHECKING:
    from liaison.models.enums import AuditAction

POOL_SIZE = 3

# What opening or creating a database runs on it before any session: the search-index hooks
# and the audit sink, installed by liaison.services.access (the store imports nothing above it).
Prepare = Callable[["Database"], None]
AuditSink = Callable[[Session, "AuditAction | str", "str | None"], None]


def keyfile_path(db_path: Path) -> Path:
    return Path(f"{db_path}.keys")


def lock_path(db_path: Path) -> Path:
    return Path(f"{db_path}.lock")


def backup_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


@dataclass
class CheckReport:
    """What `liaison check` found; `ok` only when every check holds."""

    results: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def record(self, name: str, passed: bool, detail: str) -> None:
        self.results[name] = ("ok: " if passed else "FAILED: ") + detail
        if not passed:
            self.failures.append(name)


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


class Database:
    """An unlocked Liaison database. Holds the data key until `close()`."""

    def __init__(
        self,
        path: Path,
        key: bytes,
        keyfile: KeyFile,
        lock: FileLock,
        clock: Clock,
        prepare: Prepare | None = None,
    ) -> None:
        self.path = Path(path)
        self.keyfile = keyfile
        self.clock = clock
        self._key = bytearray(key)
        self._lock: FileLock | None = lock
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
    ) -> tuple[Database, str]:
        """Make a new encrypted database; return it open, and the recovery code (shown once)."""
        path = Path(path)
        check_passphrase_rules(passphrase)
        keys_path = keyfile_path(path)
        if path.exists() or keys_path.exists():
            raise LiaisonError(f"{path} already exists; choose another file or folder.")
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = acquire_lock(path)
        data_key = os.urandom(32)
        keyfile = KeyFile.new(keys_path)
        try:
            keyfile.set_passphrase(passphrase, data_key, kdf or KdfParams())
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
            for leftover in (path, keys_path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
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
    ) -> Database:
        """Unlock with the passphrase or the recovery code. Changes nothing on any failure."""
        path = Path(path)
        if not path.exists():
            raise StoreMissing(f"There is no Liaison database at {path}.")
        rawdb.sniff(path)
        keyfile = KeyFile.load(keyfile_path(path))
        if (passphrase is None) == (recovery_code is None):
            raise ValueError("give exactly one of passphrase or recovery_code")
        # The secret is checked before taking the lock, so a typo never blocks another window.
        if passphrase is not None:
            key = keyfile.unwrap_with_passphrase(passphrase)
        else:
            assert recovery_code is not None
            key = keyfile.unwrap_with_recovery(recovery_code)
        lock = acquire_lock(path)
        try:
            raw = rawdb.connect(path, key)
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
            db = cls(path, key, keyfile, lock, clock or Clock(), prepare)
        except BaseException:
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
        if self._lock is None:
            return
        self.engine.dispose()
        for i in range(len(self._key)):
            self._key[i] = 0
        self._lock.release()
        self._lock = None

    def checkpoint(self) -> None:
        """Move everything from the write-ahead log into the database file and empty the log,
        so pages an erasure freed (zeroed by secure_delete) are not kept in the WAL."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def is_open(self) -> bool:
        return self._lock is not None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- engine and sessions ---------------------------------------------------------------
    def _connect(self) -> rawdb.RawConnection:
        if not self.is_open:
            raise StoreDamaged("The database is locked; unlock it first.")
        return rawdb.connect(self.path, bytes(self._key))

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
    def change_passphrase(self, current: str, new: str, kdf: KdfParams | None = None) -> None:
        """Rewrap the data key under a new passphrase; the database is not re-encrypted."""
        self.keyfile.unwrap_with_passphrase(current)
        self.keyfile.set_passphrase(new, bytes(self._key), kdf or self.keyfile.passphrase_params())
        self.keyfile.save(bytes(self._key))
        self.audit("passphrase_changed")

    def reset_passphrase(self, new: str, kdf: KdfParams | None = None) -> None:
        """Set a new passphrase after unlocking with the recovery code."""
        self.keyfile.set_passphrase(new, bytes(self._key), kdf or self.keyfile.passphrase_params())
        self.keyfile.save(bytes(self._key))
        self.audit("recovered")

    def replace_recovery_code(self) -> str:
        code = self.keyfile.set_recovery_code(bytes(self._key))
        self.keyfile.save(bytes(self._key))
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
                bytes(self._key),
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
        with tempfile.TemporaryDirectory(prefix="liaison-verify-") as tmp:
            db_file, _ = backups.extract(path, Path(tmp))
            conn = rawdb.connect(db_file, bytes(self._key))
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

    def check(self) -> CheckReport:
        """Read every page and check every structure; record a failure rather than raise."""
        report = CheckReport()

        def step(name: str, run: Callable[[Connection], tuple[bool, str]]) -> None:
            try:
                with self.engine.connect() as conn:
                    passed, detail = run(conn)
                    conn.rollback()
            except (rawdb.DatabaseError, SQLAlchemyError) as exc:
                passed, detail = False, str(getattr(exc, "orig", None) or exc)
            except LiaisonError as exc:  # damage or read-only, as translated by the engine
                passed, detail = False, str(exc.__cause__ or exc.message)
            report.record(name, passed, detail)

        def integrity(conn: Connection) -> tuple[bool, str]:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            return rows == ["ok"], "; ".join(rows[:5])

        def cipher(conn: Connection) -> tuple[bool, str]:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
            if not rows:
                return True, "every page authenticates"
            return False, f"{len(rows)} damaged pages: " + "; ".join(map(str, rows[:3]))

        def foreign_keys(conn: Connection) -> tuple[bool, str]:
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            return not fk, f"{len(fk)} broken references"

        def schema(conn: Connection) -> tuple[bool, str]:
            revision, head = migrate.current_revision(conn), migrate.head_revision()
            return revision == head, f"at {revision}, head is {head}"

        def search_index(conn: Connection) -> tuple[bool, str]:
            conn.exec_driver_sql("INSERT INTO search_index(search_index) VALUES('integrity-check')")
            return True, "full-text index matches its content"

        step("cipher_integrity_check", cipher)
        step("integrity_check", integrity)
        step("foreign_key_check", foreign_keys)
        step("schema", schema)
        step("search_index", search_index)
        try:
            KeyFile.load(self.keyfile.path).verify(bytes(self._key))
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
