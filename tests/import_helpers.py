"""Shared by the import tests: where the hand-written files are, and a full dump of the tables."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from liaison.store.database import Database

DATA = Path(__file__).resolve().parent / "data" / "import"


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (search index and its shadow tables included), sorted."""
    with db.read() as session:
        names = [
            row[0]
            for row in session.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            )
        ]
        return {
            name: sorted(
                (tuple(row) for row in session.execute(text(f'SELECT * FROM "{name}"'))),
                key=repr,
            )
            for name in names
        }
