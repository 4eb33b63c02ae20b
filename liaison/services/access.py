"""Opening and creating a database: the one place the store is joined to the layers above it.

The store (liaison.store) knows nothing of services. Every database the app, the command line
or a test opens goes through `open_database` or `create_database`, which install the search
index hooks (so no write path can leave the index stale) and the audit sink (so the store's own
events, such as a migration or a passphrase change, land in the audit trail) before the first
session exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from liaison import forget
from liaison.clock import Clock
from liaison.models.enums import AuditAction
from liaison.services import audit, changes, registry
from liaison.services.search import index
from liaison.store import files, memory, strength
from liaison.store.database import Database, finish_interrupted_restore, keyfile_path
from liaison.store.keyfile import MIN_PASSPHRASE_LEN, KdfParams

if TYPE_CHECKING:
    from liaison.services.early_unlock import Unlocked

__all__ = [
    "MIN_PASSPHRASE_LEN",
    "Database",
    "KdfParams",
    "create_database",
    "finish_interrupted_restore",
    "forget_freed_memory",
    "keyfile_path",
    "open_database",
    "passphrase_strength",
    "remove_database",
]


def passphrase_strength(passphrase: str, names: Iterable[str | None] = ()) -> strength.Strength:
    """The one passphrase rule (liaison/store/strength.py), for the window's meter."""
    return strength.assess(passphrase, names)


def forget_freed_memory() -> int:
    """After Lock: empty the caches that may hold a family's words (liaison.forget), then write
    over the memory Python freed (liaison/store/memory.py)."""
    forget.forget()
    return memory.scrub_freed_memory()


def remove_database(path: Path) -> None:
    """A half-made database goes whole: the file, its WAL and SHM, and its key file."""
    files.remove(Path(path))


def _install(db: Database) -> None:
    registry.load()  # every search and chronology source is registered before first use
    index.install(db.write_sessions)
    changes.install(db)

    def sink(session: Session, action: AuditAction | str, detail: str | None) -> None:
        audit.record(session, db, AuditAction(action), detail=detail)

    db.audit_sink = sink


def open_database(
    path: Path,
    *,
    passphrase: str | None = None,
    recovery_code: str | None = None,
    clock: Clock | None = None,
    migrate_schema: bool = True,
    read_only: bool = False,
    unlocked: Unlocked | None = None,
) -> Database:
    """Unlock with the passphrase or the recovery code (exactly one). Changes nothing on any
    failure; an older schema is backed up and upgraded first unless `migrate_schema` is off.
    `read_only` writes no byte: `liaison check`, read-only media, beside the open app.
    `unlocked`: a key file and the data key already unwrapped from it (store.keyfile)."""
    return Database.open(
        path,
        passphrase=passphrase,
        recovery_code=recovery_code,
        clock=clock,
        migrate_schema=migrate_schema,
        prepare=_install,
        read_only=read_only,
        unlocked=unlocked,
    )


def create_database(
    path: Path,
    passphrase: str,
    *,
    kdf: KdfParams | None = None,
    clock: Clock | None = None,
    names: Iterable[str | None] = (),
    demo: bool = False,
) -> tuple[Database, str]:
    """A new encrypted database, open, and its recovery code (to be shown once). `names`, the
    school's and the officer's, count against the passphrase (store/strength.py). A `demo`
    takes the demo passphrase and is marked as a demo; a real one never takes it."""
    from liaison.services import demo_mark, school

    if demo:
        passphrase = demo_mark.DEMO_PASSPHRASE
    else:
        demo_mark.refuse_for_real(passphrase)
    db, code = Database.create(
        path, passphrase, kdf=kdf, clock=clock, prepare=_install, names=() if demo else names
    )
    if demo:
        school.set_setting(db, demo_mark.SETTING, True)
        demo_mark.mark(path)
    return db, code


def write_recovery_sheet(db: Database, path: Path, recovery_code: str) -> None:
    """The one-page sheet to print and keep in the safe: the school, where the database is,
    the recovery code and when it was made."""
    from liaison.clock import to_local
    from liaison.documents.recovery_sheet import render_recovery_sheet
    from liaison.services import school

    now = to_local(db.clock.now())
    render_recovery_sheet(
        path,
        school_name=school.get_school(db).name,
        database_path=str(db.path),
        recovery_code=recovery_code,
        created=f"{now:%d/%m/%Y %H:%M}",
    )
