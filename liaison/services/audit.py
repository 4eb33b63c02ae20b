"""Writing and reading the audit trail. Entries name records by id, never by their content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.models import AuditEntry
from liaison.models.enums import AuditAction

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass(frozen=True)
class AuditLine:
    at: dt.datetime
    actor: str
    action: AuditAction
    entity: str | None
    entity_id: int | None
    family_id: int | None
    detail: str | None


def record(
    session: Session,
    db: Database,
    action: AuditAction,
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    family_id: int | None = None,
    detail: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=db.clock.now(),
            actor=db.actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            family_id=family_id,
            detail=(detail or None) and detail[:300],
        )
    )


def log_opened(db: Database, how: str) -> None:
    with db.session() as session:
        record(session, db, AuditAction.OPENED, detail=how)


def recent(db: Database, *, family_id: int | None = None, limit: int = 200) -> list[AuditLine]:
    with db.read() as session:
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if family_id is not None:
            query = query.where(AuditEntry.family_id == family_id)
        return [
            AuditLine(
                at=e.at,
                actor=e.actor,
                action=e.action,
                entity=e.entity,
                entity_id=e.entity_id,
                family_id=e.family_id,
                detail=e.detail,
            )
            for e in session.scalars(query)
        ]
