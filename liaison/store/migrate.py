"""Schema changes through alembic, run at open.

Traps handled here (shared/notes/stack-facts.md): foreign keys are switched off outside any
transaction so that a batch rebuild of a parent table cannot cascade-delete its children, and the
upgrade is committed explicitly and the revision read back, so it cannot be silently rolled back.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from liaison.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# alembic costs ~0.3 s to import; opening an up-to-date database does not need it, so the
# revision graph is read straight from the version files and alembic loads only to upgrade.
_REVISION = re.compile(r"^revision(?:: str)? = [\"']([^\"']+)[\"']", re.M)
_DOWN = re.compile(r"^down_revision(?:: [^=]+)? = (?:[\"']([^\"']+)[\"']|None)", re.M)


def _revision_graph() -> dict[str, str | None]:
    graph: dict[str, str | None] = {}
    for path in sorted((migrations_dir() / "versions").glob("*.py")):
        text_ = path.read_text("utf-8")
        rev, down = _REVISION.search(text_), _DOWN.search(text_)
        if rev is None or down is None:
            raise RuntimeError(f"cannot read the revision ids of {path.name}")
        graph[rev.group(1)] = down.group(1)
    return graph


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("version_path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def known_revision(revision: str) -> bool:
    return revision in _revision_graph()


def current_revision(connection: Connection) -> str | None:
    exists = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    ).first()
    if exists is None:
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


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
        from alembic import command

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
