"""Reply slips coming back: an answer recorded by the slip's reference, and who has not answered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from liaison.errors import NotFound, ValidationError
from liaison.models import PrintedDocument
from liaison.models.enums import AuditAction
from liaison.services import audit

if TYPE_CHECKING:
    from liaison.store.database import Database


def record_reply(db: Database, reference: str, answer: str, on: dt.date | None = None) -> int:
    """Record the answer on a returned reply slip (typed or scanned reference)."""
    ref = reference.strip().upper().replace(" ", "")
    answer = answer.strip().lower()
    if answer not in ("yes", "no"):
        raise ValidationError({"answer": "the answer is yes or no"})
    on = on or db.clock.today()
    with db.session() as session:
        row = session.scalar(select(PrintedDocument).where(PrintedDocument.reply_ref == ref))
        if row is None:
            raise NotFound(f"No letter has the reply reference {ref}; check the slip.")
        row.reply, row.replied_on = answer, on
        if row.kind == "agreement" and answer == "yes":
            row.returned_on = on
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity=row.kind,
            entity_id=row.id,
            family_id=row.family_id,
            detail=f"reply {answer}",
        )
        return row.id


@dataclass(frozen=True)
class Awaiting:
    printed_id: int
    family_id: int
    reference: str
    pupil: str
    class_name: str
    reply: str | None


def replies(db: Database, batch_id: int) -> list[Awaiting]:
    """Every reply-slip letter of a batch, by class then pupil, with its answer so far."""
    from liaison.models import Pupil

    with db.read() as session:
        rows = session.execute(
            select(PrintedDocument, Pupil)
            .join(Pupil, Pupil.id == PrintedDocument.pupil_id, isouter=True)
            .where(PrintedDocument.batch_id == batch_id, PrintedDocument.reply_ref.is_not(None))
        ).all()
        out = [
            Awaiting(
                d.id,
                d.family_id,
                d.reply_ref or "",
                p.display_name if p else "",
                (p.class_name if p else None) or "",
                d.reply,
            )
            for d, p in rows
        ]
    return sorted(out, key=lambda a: (a.class_name, a.pupil))
