"""Putting off a "no contact for too long" reminder until a day, with the officer's reason.

The reminder comes back on its own when the day passes; a contact in the meantime starts the
count again anyway. Each decision is kept (and shows in the family's chronology), so nobody
later wonders why a family went quiet without a word on the Today page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison import validation as v
from liaison.clock import LONDON
from liaison.errors import NotFound, ValidationError
from liaison.models import ContactSnooze, Family
from liaison.models.enums import AuditAction
from liaison.services import audit
from liaison.services.families.chronology import ChronologyItem, register_chronology

if TYPE_CHECKING:
    from liaison.store.database import Database

DEFAULT_WEEKS = 4
LONGEST = dt.timedelta(days=183)  # half a year: beyond that, change the rule, not the reminder


@dataclass(frozen=True)
class Snooze:
    family_id: int
    until: dt.date
    reason: str


def default_until(today: dt.date) -> dt.date:
    return today + dt.timedelta(weeks=DEFAULT_WEEKS)


def snooze_no_contact(db: Database, family_id: int, reason: str, until: dt.date) -> int:
    """Hide the family's "no contact" reminder until `until` (inclusive), for `reason`."""
    today = db.clock.today()
    errors: dict[str, str] = {}
    text = v.collect(errors, "reason", v.clean_text, reason, max_len=300)
    if "reason" not in errors and not text:
        errors["reason"] = "say why the reminder can wait"
    if until <= today:
        errors["until"] = "choose a day after today"
    elif until - today > LONGEST:
        errors["until"] = "at most six months ahead; check the date"
    if errors:
        raise ValidationError(errors)
    assert text is not None
    with db.session() as session:
        if session.get(Family, family_id) is None:
            raise NotFound(f"There is no family with id {family_id}.")
        row = ContactSnooze(
            family_id=family_id,
            reason=text,
            snoozed_on=today,
            until=until,
            author=db.actor,
            created_at=db.clock.now(),
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="contact_snooze",
            entity_id=row.id,
            family_id=family_id,
            detail=f"no-contact reminder snoozed until {until.isoformat()}",
        )
        return row.id


def active(db: Database, today: dt.date) -> dict[int, Snooze]:
    """The snooze in force for each family today (the latest decision wins)."""
    with db.read() as session:
        rows = session.execute(
            select(ContactSnooze.family_id, ContactSnooze.until, ContactSnooze.reason).order_by(
                ContactSnooze.id
            )
        ).all()
    latest = {family_id: Snooze(family_id, until, reason) for family_id, until, reason in rows}
    return {fid: s for fid, s in latest.items() if s.until >= today}


@register_chronology
def _snooze_chronology(session: Session, family: Family) -> Iterable[ChronologyItem]:
    rows = session.scalars(select(ContactSnooze).where(ContactSnooze.family_id == family.id))
    for row in rows:
        yield ChronologyItem(
            row.created_at.astimezone(LONDON),
            "reminder",
            f"No-contact reminder put off until {row.until:%d/%m/%Y}: {row.reason}",
            row.id,
        )
