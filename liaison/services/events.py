"""Engagement events (invitations and attendance) and Friendly Faces volunteer matches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.clock import LONDON, to_local
from liaison.errors import NotFound, ValidationError
from liaison.models import (
    Caregiver,
    CaregiverLanguage,
    Event,
    EventAttendance,
    EventInvite,
    Family,
    FriendlyMatch,
    Pupil,
)
from liaison.models.enums import AuditAction, EventKind
from liaison.services import audit
from liaison.services import families as fam
from liaison.services import validation as v
from liaison.services.family_records import ChronologyItem, register_chronology

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


# -- Friendly Faces ------------------------------------------------------------------------
@dataclass(frozen=True)
class VolunteerSuggestion:
    caregiver_id: int
    family_id: int
    reference: str
    name: str
    score: int
    reasons: tuple[str, ...]
    active_matches: int


@dataclass(frozen=True)
class MatchView:
    id: int
    family_id: int
    family_reference: str
    volunteer_id: int
    volunteer_name: str
    volunteer_reference: str
    matched_on: dt.date
    ended_on: dt.date | None


def set_volunteer(db: Database, caregiver_id: int, volunteer: bool) -> None:
    with db.session() as session:
        carer = session.get(Caregiver, caregiver_id)
        if carer is None:
            raise NotFound(f"There is no caregiver with id {caregiver_id}.")
        carer.volunteer_since = (carer.volunteer_since or db.clock.today()) if volunteer else None
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="caregiver",
            entity_id=caregiver_id,
            family_id=carer.family_id,
            detail="volunteer" if volunteer else "not a volunteer",
        )


def volunteer_ids(db: Database, family_id: int) -> set[int]:
    """The family's caregivers who are Friendly Faces volunteers."""
    with db.read() as session:
        return set(
            session.scalars(
                select(Caregiver.id).where(
                    Caregiver.family_id == family_id, Caregiver.volunteer_since.is_not(None)
                )
            )
        )


def _family_profile(session: Session, family_id: int) -> tuple[set[str], set[int], set[str]]:
    pupils = session.execute(
        select(Pupil.class_name, Pupil.year_group).where(
            Pupil.family_id == family_id, Pupil.archived_at.is_(None), Pupil.left_date.is_(None)
        )
    ).all()
    classes = {c for c, _ in pupils if c}
    years = {y for _, y in pupils if y is not None}
    langs: set[str] = set()
    for carer in session.scalars(select(Caregiver).where(Caregiver.family_id == family_id)):
        if carer.main_language:
            langs.add(carer.main_language[:3])
        langs |= {x.language[:3] for x in carer.languages if x.speaks}
    langs.discard("ENG")
    return classes, years, langs


def suggest_volunteers(db: Database, family_id: int, limit: int = 10) -> list[VolunteerSuggestion]:
    """Volunteers ranked: speaks the family's language, children in the same class or year."""
    with db.read() as session:
        if session.get(Family, family_id) is None:
            raise NotFound(f"There is no family with id {family_id}.")
        classes, years, langs = _family_profile(session, family_id)
        volunteers = session.scalars(
            select(Caregiver)
            .join(Family, Family.id == Caregiver.family_id)
            .where(
                Caregiver.volunteer_since.is_not(None),
                Caregiver.archived_at.is_(None),
                Family.archived_at.is_(None),
                Caregiver.family_id != family_id,
            )
        ).all()
        active = {}
        for match in session.scalars(select(FriendlyMatch).where(FriendlyMatch.ended_on.is_(None))):
            active[match.volunteer_id] = active.get(match.volunteer_id, 0) + 1
        out = []
        for carer in volunteers:
            their_classes, their_years, _ = _family_profile(session, carer.family_id)
            spoken = {carer.main_language[:3]} if carer.main_language else set()
            spoken |= {
                x.language[:3]
                for x in session.scalars(
                    select(CaregiverLanguage).where(
                        CaregiverLanguage.caregiver_id == carer.id, CaregiverLanguage.speaks
                    )
                )
            }
            reasons, score = [], 0
            shared_lang = spoken & langs
            if shared_lang:
                score += 4
                reasons.append("speaks " + ", ".join(sorted(shared_lang)))
            if their_classes & classes:
                score += 3
                reasons.append("same class " + ", ".join(sorted(their_classes & classes)))
            elif their_years & years:
                score += 2
                reasons.append("same year group")
            score -= active.get(carer.id, 0)
            out.append(
                VolunteerSuggestion(
                    carer.id,
                    carer.family_id,
                    carer.family.reference,
                    carer.display_name,
                    score,
                    tuple(reasons),
                    active.get(carer.id, 0),
                )
            )
    out.sort(key=lambda s: (-s.score, s.active_matches, s.name))
    return out[:limit]


def match(db: Database, family_id: int, volunteer_id: int, note: str | None = None) -> int:
    with db.session() as session:
        if session.get(Family, family_id) is None:
            raise NotFound(f"There is no family with id {family_id}.")
        volunteer = session.get(Caregiver, volunteer_id)
        if volunteer is None or volunteer.volunteer_since is None:
            raise ValidationError(
                {"volunteer_id": "that caregiver is not a Friendly Faces volunteer"}
            )
        if volunteer.family_id == family_id:
            raise ValidationError({"volunteer_id": "a family cannot be matched with itself"})
        existing = session.scalar(
            select(FriendlyMatch.id).where(
                FriendlyMatch.family_id == family_id,
                FriendlyMatch.volunteer_id == volunteer_id,
                FriendlyMatch.ended_on.is_(None),
            )
        )
        if existing:
            raise ValidationError({"volunteer_id": "this match already exists"})
        row = FriendlyMatch(
            family_id=family_id,
            volunteer_id=volunteer_id,
            matched_on=db.clock.today(),
            note=v.clean_text(note, max_len=300),
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            db,
            AuditAction.CREATED,
            entity="friendly_match",
            entity_id=row.id,
            family_id=family_id,
        )
        return row.id


def end_match(db: Database, match_id: int) -> None:
    with db.session() as session:
        row = session.get(FriendlyMatch, match_id)
        if row is None:
            raise NotFound(f"There is no match with id {match_id}.")
        row.ended_on = db.clock.today()


def matches_for(db: Database, family_id: int) -> list[MatchView]:
    """Matches where the family is the one welcomed or one of its caregivers volunteers."""
    with db.read() as session:
        carer_ids = list(
            session.scalars(select(Caregiver.id).where(Caregiver.family_id == family_id))
        )
        rows = session.scalars(
            select(FriendlyMatch).where(
                (FriendlyMatch.family_id == family_id) | FriendlyMatch.volunteer_id.in_(carer_ids)
            )
        ).all()
        out = []
        for r in rows:
            volunteer = session.get(Caregiver, r.volunteer_id)
            family = session.get(Family, r.family_id)
            assert volunteer is not None and family is not None
            out.append(
                MatchView(
                    r.id,
                    r.family_id,
                    family.reference,
                    r.volunteer_id,
                    volunteer.display_name,
                    volunteer.family.reference,
                    r.matched_on,
                    r.ended_on,
                )
            )
        return out
