"""Shared by the parent voice tests: every row of the tables a write could touch, to show that
a refused write changed nothing; and a small sending printed over the demo school."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from liaison.models import Base
from liaison.store.database import Database

TABLES = (
    "questionnaire_design",
    "questionnaire_version",
    "questionnaire_run",
    "questionnaire_layout",
    "questionnaire_sent",
    "questionnaire_page",
    "questionnaire_answer",
    "you_said_we_did",
    "printed_document",
    "batch",
    "audit_entry",
)


def all_rows(db: Database) -> dict[str, list[Any]]:
    """Every row of the tables parent voice writes (and the audit log), in id order."""
    out = {}
    with db.read() as session:
        for name in TABLES:
            table = Base.metadata.tables[name]
            out[name] = [tuple(r) for r in session.execute(select(table).order_by(table.c.id))]
        out["_version"] = [session.execute(text("SELECT 1")).scalar()]
    return out


def send(db: Database, tmp_path: Path, key: str = "settling_in", **selection: Any):
    """Plan and print a sending (a class, unless told otherwise); returns (plan, result)."""
    from liaison.services import parent_voice as pv

    chosen = pv.Selection(**selection) if selection else pv.Selection(whole_school=True)
    plan = pv.plan(db, key, chosen)
    result = pv.run(
        db, plan, tmp_path / f"{key}.pdf", fields={"deadline": "11/12/2026"}, description="test"
    )
    return plan, result
