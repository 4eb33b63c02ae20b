"""Schema changes through alembic, run at open.

Traps handled here (shared/notes/stack-facts.md): foreign keys are switched off outside any
transaction so that a batch rebuild of a parent table cannot cascade-delete its children, and the
upgrade is committed explicitly and the revision read back, so it cannot be silently rolled back.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, text

from liaison.paths import migrations_dir


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("version_path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revision(revision: str) -> bool:
    try:
        return script_directory().get_revision(revision) is not None
    except CommandError:
        return False


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> str:
    """Upgrade on a connection with no open transaction; return the revision reached.

    Every revision, the foreign key check and the revision check run in ONE transaction
    (SQLite DDL is transactional), so any failure rolls the database back to where it was.
    """
    if connection.in_transaction():
        connection.commit()
    raw = connection.connection.dbapi_connection
    assert raw is not None
    expected = head_revision() if target == "head" else target
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        with connection.begin():
            # alembic sees the open transaction and runs inside it instead of committing.
            command.upgrade(alembic_config(connection), target)
            problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if problems:
                raise RuntimeError(f"foreign key check failed after upgrade: {problems[:5]}")
            reached = current_revision(connection)
            if reached != expected:
                raise RuntimeError(f"upgrade stopped at {reached}, expected {expected}")
    finally:
        raw.execute("PRAGMA foreign_keys = ON")
    return reached


def _main(argv: list[str] | None = None) -> int:
    """Developer entry point: autogenerate a revision or check for drift on a scratch database."""
    from liaison.store.database import Database
    from liaison.store.keyfile import KdfParams

    parser = argparse.ArgumentParser(prog="python -m liaison.store.migrate")
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision", help="autogenerate a new revision from the models")
    rev.add_argument("message")
    sub.add_parser("check", help="fail if the models and the migrations differ")
    args = parser.parse_args(argv)
    cheap = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
    with tempfile.TemporaryDirectory() as tmp:
        db, _ = Database.create(Path(tmp) / "scratch.db", "scratch passphrase", kdf=cheap)
        try:
            with db.engine.connect() as conn:
                cfg = alembic_config(conn)
                if args.cmd == "revision":
                    # Numbered ids keep the history readable and its order obvious.
                    rev_id = f"{int(head_revision()) + 1:04d}"
                    command.revision(cfg, message=args.message, autogenerate=True, rev_id=rev_id)
                else:
                    command.check(cfg)
                    print("No drift: the models match the migrations.")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(_main())
