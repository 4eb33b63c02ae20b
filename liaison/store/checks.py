"""What `liaison check` runs: every page's HMAC, every b-tree, references, schema, the
full-text index. Reads only, so it runs on a read-only connection (store/read_only.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from liaison.errors import LiaisonError
from liaison.store import connection as rawdb
from liaison.store import migrate


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


def _integrity(conn: Connection) -> tuple[bool, str]:
    rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    return rows == ["ok"], "; ".join(rows[:5])


def _cipher(conn: Connection) -> tuple[bool, str]:
    rows = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
    if not rows:
        return True, "every page authenticates"
    return False, f"{len(rows)} damaged pages: " + "; ".join(map(str, rows[:3]))


def _foreign_keys(conn: Connection) -> tuple[bool, str]:
    fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return not fk, f"{len(fk)} broken references"


def _schema(conn: Connection) -> tuple[bool, str]:
    revision, head = migrate.current_revision(conn), migrate.head_revision()
    return revision == head, f"at {revision}, head is {head}"


def _search_index(conn: Connection) -> tuple[bool, str]:
    # SQLite 3.44+ runs FTS5's own integrity check (index against content) for the table
    # named here; unlike the 'integrity-check' command it needs no write access.
    rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check(search_index)")]
    if rows == ["ok"]:
        return True, "full-text index matches its content"
    return False, "; ".join(rows[:3])


STEPS: tuple[tuple[str, Callable[[Connection], tuple[bool, str]]], ...] = (
    ("cipher_integrity_check", _cipher),
    ("integrity_check", _integrity),
    ("foreign_key_check", _foreign_keys),
    ("schema", _schema),
    ("search_index", _search_index),
)


def run(engine: Engine, report: CheckReport) -> CheckReport:
    for name, step in STEPS:
        try:
            with engine.connect() as conn:
                passed, detail = step(conn)
                conn.rollback()
        except (rawdb.DatabaseError, SQLAlchemyError) as exc:
            passed, detail = False, str(getattr(exc, "orig", None) or exc)
        except LiaisonError as exc:  # damage or read-only, as translated by the engine
            passed, detail = False, str(exc.__cause__ or exc.message)
        report.record(name, passed, detail)
    return report
