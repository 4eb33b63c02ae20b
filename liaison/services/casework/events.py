"""Engagement events (invitations and attendance) and Friendly Faces volunteer matches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison import validation as v
from liaison.clock import LONDON, to_local
from liaison.errors import NotFound, ValidationError
from liaison.models import (
    Caregiver,
    Event,
    EventAttendance,
    EventInvite,
    Family,
    FriendlyMatch,
)
from liaison.models.enums import AuditAction, EventKind
from liaison.services import audit
from liaison.services import families as fam
from liaison.services.families.chronology import ChronologyItem, register_chronology

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass(frozen=True)
class EventView:
    id: int
    kind: EventKind
    title: str
    starts_at: dt.datetime  # London
    ends_at: dt.datetime | None
    place: str | None
    notes: str | None
    invited: int
    attended: int


@dataclass(frozen=True)
class RegisterLine:
    """One caregiver of an invited family, for the event register."""

    family_id: int
    reference: str
    caregiver_id: int
    name: str
    attended: bool | None  # None: not recorded yet


# -- events --------------------------------------------------------------------------------
def create_event(
    db: Database,
    kind: EventKind | str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    place: str | None = None,
    notes: str | None = None,
) -> int:
    errors: dict[str, str] = {}
    try:
        kind = EventKind(kind)
    except ValueError:
        errors["kind"] = f"unknown kind of event {kind!r}"
    try:
        title = v.clean_text(title, max_len=120, required=True) or ""
    except ValueError as exc:
        errors["title"] = str(exc)
    if ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = "the end must be after the start"
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        event = Event(
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            place=v.clean_text(place, max_len=120),
            notes=(notes or "").strip() or None,
            created_at=db.clock.now(),
        )
        session.add(event)
        session.flush()
        audit.record(session, db, AuditAction.CREATED, entity="event", entity_id=event.id)
        return event.id


def _event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"There is no event with id {event_id}.")
    return event


def invite(
    db: Database,
    event_id: int,
    *,
    family_ids: list[int] | None = None,
    flt: fam.FamilyFilter | None = None,
) -> int:
    """Invite hand-picked families and/or those matching a filter; return how many were new."""
    wanted = set(family_ids or [])
    if flt is not None:
        wanted |= {row.id for row in fam.list_families(db, flt)}
    with db.session() as session:
        _event(session, event_id)
        known = set(
            session.scalars(
                select(Family.id).where(Family.id.in_(wanted), Family.archived_at.is_(None))
            )
        )
        missing = wanted - known
        if missing:
            raise ValidationError({"family_ids": f"no such active family: {sorted(missing)[:5]}"})
        already = set(
            session.scalars(select(EventInvite.family_id).where(EventInvite.event_id == event_id))
        )
        new = sorted(known - already)
        for family_id in new:
            session.add(
                EventInvite(event_id=event_id, family_id=family_id, invited_on=db.clock.today())
            )
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="event",
            entity_id=event_id,
            detail=f"invited {len(new)} families",
        )
        return len(new)


def register(db: Database, event_id: int) -> list[RegisterLine]:
    with db.read() as session:
        _event(session, event_id)
        invited = list(
            session.scalars(select(EventInvite.family_id).where(EventInvite.event_id == event_id))
        )
        marks = dict(
            session.execute(
                select(EventAttendance.caregiver_id, EventAttendance.attended).where(
                    EventAttendance.event_id == event_id
                )
            ).all()
        )
        refs = dict(
            session.execute(select(Family.id, Family.reference).where(Family.id.in_(invited))).all()
        )
        carers = session.scalars(
            select(Caregiver)
            .where(Caregiver.family_id.in_(invited), Caregiver.archived_at.is_(None))
            .order_by(Caregiver.family_id, Caregiver.id)
        )
        return [
            RegisterLine(c.family_id, refs[c.family_id], c.id, c.display_name, marks.get(c.id))
            for c in carers
        ]


def record_attendance(db: Database, event_id: int, caregiver_id: int, attended: bool) -> None:
    with db.session() as session:
        _event(session, event_id)
        carer = session.get(Caregiver, caregiver_id)
        if carer is None:
            raise NotFound(f"There is no caregiver with id {caregiver_id}.")
        invited = session.scalar(
            select(EventInvite.id).where(
                EventInvite.event_id == event_id, EventInvite.family_id == carer.family_id
            )
        )
        if invited is None:
            # Walk-ins are welcome: attending invites the family too.
            session.add(
                EventInvite(
                    event_id=event_id, family_id=carer.family_id, invited_on=db.clock.today()
                )
            )
        mark = session.scalar(
            select(EventAttendance).where(
                EventAttendance.event_id == event_id, EventAttendance.caregiver_id == caregiver_id
            )
        )
        if mark is None:
            mark = EventAttendance(
                event_id=event_id, family_id=carer.family_id, caregiver_id=caregiver_id
            )
            session.add(mark)
        mark.attended = attended


def list_events(db: Database, *, start: dt.date | None = None) -> list[EventView]:
    with db.read() as session:
        query = select(Event).order_by(Event.starts_at)
        if start is not None:
            query = query.where(
                Event.starts_at >= dt.datetime.combine(start, dt.time(0), tzinfo=LONDON)
            )
        out = []
        for e in session.scalars(query):
            out.append(
                EventView(
                    e.id,
                    e.kind,
                    e.title,
                    to_local(e.starts_at),
                    to_local(e.ends_at) if e.ends_at else None,
                    e.place,
                    e.notes,
                    len(e.invites),
                    sum(1 for a in e.attendance if a.attended),
                )
            )
        return out


@register_chronology
def _event_chronology(session: Session, family: Family) -> list[ChronologyItem]:
    items = []
    rows = session.execute(
        select(Event, EventInvite.invited_on)
        .join(EventInvite, EventInvite.event_id == Event.id)
        .where(EventInvite.family_id == family.id)
    ).all()
    names = {c.id: c.display_name for c in family.caregivers}
    for event, _invited_on in rows:
        came = [
            names.get(a.caregiver_id, "caregiver")
            for a in event.attendance
            if a.family_id == family.id and a.attended
        ]
        text = f"{event.kind.label}: {event.title} - " + (
            f"attended: {', '.join(came)}" if came else "invited"
        )
        items.append(ChronologyItem(to_local(event.starts_at), "event", text, event.id))
    for match in session.scalars(
        select(FriendlyMatch).where(
            (FriendlyMatch.family_id == family.id)
            | FriendlyMatch.volunteer_id.in_([c.id for c in family.caregivers])
        )
    ):
        when = dt.datetime.combine(match.matched_on, dt.time(0), tzinfo=LONDON)
        if match.family_id == family.id:
            volunteer = session.get(Caregiver, match.volunteer_id)
            who = volunteer.display_name if volunteer else "a volunteer"
            text = f"Friendly Faces: matched with {who}"
        else:
            other = session.get(Family, match.family_id)
            text = f"Friendly Faces: welcoming family {other.reference if other else ''}"
        items.append(ChronologyItem(when, "friendly_faces", text, match.id))
    return items
