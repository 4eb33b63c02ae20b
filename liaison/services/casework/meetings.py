"""Meetings, calls and visits with a family; who attended; the actions agreed; note templates."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from liaison import paths
from liaison import validation as v
from liaison.clock import LONDON, to_local
from liaison.errors import NotFound, ValidationError
from liaison.models import Action, Caregiver, Family, Meeting, MeetingAttendee, Pupil
from liaison.models.enums import ActionOwner, AttendeeRole, AuditAction, MeetingKind, MeetingStatus
from liaison.services import audit, search
from liaison.services.families.chronology import ChronologyItem, register_chronology
from liaison.services.school.settings import officer_name

if TYPE_CHECKING:
    from liaison.store.database import Database

MAX_NOTES = 50_000


# -- drafts and views ----------------------------------------------------------------------
@dataclass
class AttendeeDraft:
    role: AttendeeRole
    caregiver_id: int | None = None
    pupil_id: int | None = None
    name: str | None = None


@dataclass
class ActionDraft:
    what: str
    due_on: dt.date
    owner: ActionOwner = ActionOwner.OFFICER
    owner_name: str | None = None
    id: int | None = None
    done_on: dt.date | None = None


@dataclass
class MeetingDraft:
    family_id: int
    kind: MeetingKind
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    status: MeetingStatus | None = None  # None: booked if in the future, else held
    place: str | None = None
    interpreter_present: bool = False
    interpreter_language: str | None = None
    notes: str | None = None
    confidential: bool = False
    attendees: list[AttendeeDraft] = field(default_factory=list)
    actions: list[ActionDraft] = field(default_factory=list)
    next_check_in_on: dt.date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        # Callers (Qt combo boxes, the CLI) may hand in the plain string values.
        self.kind = MeetingKind(self.kind)
        self.status = MeetingStatus(self.status) if self.status else None
        for a in self.attendees:
            a.role = AttendeeRole(a.role)
        for act in self.actions:
            act.owner = ActionOwner(act.owner)


@dataclass(frozen=True)
class MeetingView:
    id: int
    family_id: int
    family_reference: str
    family: str
    kind: MeetingKind
    status: MeetingStatus
    starts_at: dt.datetime  # London time
    ends_at: dt.datetime | None
    place: str | None
    interpreter_present: bool
    interpreter_language: str | None
    notes: str | None
    confidential: bool
    author: str
    attendees: tuple[str, ...]
    actions: tuple[ActionView, ...]


@dataclass(frozen=True)
class ActionView:
    id: int
    family_id: int
    meeting_id: int | None
    what: str
    owner: ActionOwner
    owner_name: str | None
    due_on: dt.date
    done_on: dt.date | None


# -- note templates ------------------------------------------------------------------------
@cache
def note_templates() -> dict[MeetingKind, str]:
    """Headings that prefill the notes of the common meetings (resources/note_templates.json)."""
    raw = json.loads((paths.resources_dir() / "note_templates.json").read_text("utf-8"))
    return {MeetingKind(kind): "\n".join(lines) for kind, lines in raw.items()}


def template_for(kind: MeetingKind | str) -> str:
    return note_templates().get(MeetingKind(kind), "")


# -- validation ----------------------------------------------------------------------------
def _validate(session: Session, draft: MeetingDraft, now: dt.datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    if draft.starts_at.tzinfo is None:
        errors["starts_at"] = "internal: meeting times must carry a time zone"
        return errors
    if draft.ends_at is not None and draft.ends_at <= draft.starts_at:
        errors["ends_at"] = "the end must be after the start"
    if draft.ends_at is not None and draft.ends_at - draft.starts_at > dt.timedelta(hours=12):
        errors["ends_at"] = "a meeting longer than 12 hours is probably a typing error"
    status = draft.status or (MeetingStatus.BOOKED if draft.starts_at > now else MeetingStatus.HELD)
    if status == MeetingStatus.HELD and draft.starts_at > now + dt.timedelta(minutes=5):
        errors["status"] = "a meeting in the future cannot have been held yet"
    if draft.interpreter_present and not draft.interpreter_language:
        errors["interpreter_language"] = "say which language the interpreter spoke"
    try:
        draft.interpreter_language = v.language_code(draft.interpreter_language)
    except ValueError as exc:
        errors["interpreter_language"] = str(exc)
    for name, limit in (("place", 120),):
        try:
            setattr(draft, name, v.clean_text(getattr(draft, name), max_len=limit))
        except ValueError as exc:
            errors[name] = str(exc)
    if draft.notes and len(draft.notes) > MAX_NOTES:
        errors["notes"] = f"keep meeting notes under {MAX_NOTES:,} characters"
    carers = set(
        session.scalars(select(Caregiver.id).where(Caregiver.family_id == draft.family_id))
    )
    pupils = set(session.scalars(select(Pupil.id).where(Pupil.family_id == draft.family_id)))
    for i, who in enumerate(draft.attendees):
        key = f"attendees[{i}]"
        if who.role == AttendeeRole.CAREGIVER and who.caregiver_id not in carers:
            errors[key] = "that caregiver is not part of this family"
        elif who.role == AttendeeRole.PUPIL and who.pupil_id not in pupils:
            errors[key] = "that pupil is not part of this family"
        elif who.role in (AttendeeRole.STAFF, AttendeeRole.OTHER) and not (who.name or "").strip():
            errors[key] = "give the name of the staff member or other person"
    today = now.astimezone(LONDON).date()
    for i, act in enumerate(draft.actions):
        key = f"actions[{i}]"
        if not act.what.strip():
            errors[f"{key}.what"] = "say what was agreed"
        elif len(act.what) > 300:
            errors[f"{key}.what"] = "keep an action under 300 characters"
        if act.id is None and act.done_on is None and act.due_on < today:
            errors[f"{key}.due_on"] = "a new action cannot be due in the past"
        elif act.id is None and act.due_on - today > v.TOO_FAR_AHEAD:
            errors[f"{key}.due_on"] = f"due {act.due_on:%d/%m/%Y}, years away; check the year"
    if draft.next_check_in_on is not None and draft.next_check_in_on < today:
        errors["next_check_in_on"] = "the next check-in cannot be in the past"
    elif draft.next_check_in_on is not None:
        v.collect(
            errors,
            "next_check_in_on",
            v.ahead_date,
            draft.next_check_in_on,
            today,
            what="the next check-in",
        )
    return errors


# -- writing -------------------------------------------------------------------------------
def save_meeting(db: Database, draft: MeetingDraft) -> int:
    """Create or update a meeting with its attendees and actions, in one transaction."""
    now = db.clock.now()
    draft.kind = MeetingKind(draft.kind)
    with db.session() as session:
        family = session.get(Family, draft.family_id)
        if family is None:
            raise NotFound(f"There is no family with id {draft.family_id}.")
        errors = _validate(session, draft, now)
        if errors:
            raise ValidationError(errors)
        status = draft.status or (
            MeetingStatus.BOOKED if draft.starts_at > now else MeetingStatus.HELD
        )
        if draft.id is None:
            meeting = Meeting(
                family_id=draft.family_id,
                author=officer_name(session) or db.actor,
                created_at=now,
            )
            session.add(meeting)
        else:
            meeting = session.get(Meeting, draft.id)
            if meeting is None or meeting.family_id != draft.family_id:
                raise NotFound(f"There is no meeting with id {draft.id} for this family.")
        meeting.kind = draft.kind
        meeting.status = status
        meeting.starts_at = draft.starts_at
        meeting.ends_at = draft.ends_at
        meeting.place = draft.place
        meeting.interpreter_present = draft.interpreter_present
        meeting.interpreter_language = draft.interpreter_language
        meeting.notes = (draft.notes or "").strip() or None
        meeting.confidential = draft.confidential
        meeting.updated_at = now
        meeting.attendees = [
            MeetingAttendee(
                role=a.role,
                caregiver_id=a.caregiver_id,
                pupil_id=a.pupil_id,
                name=(a.name or "").strip() or None,
            )
            for a in draft.attendees
        ]
        session.flush()
        for act in draft.actions:
            _save_action(session, meeting.family_id, meeting.id, act, now)
        if draft.next_check_in_on is not None:
            family.next_check_in_on = draft.next_check_in_on
        family.updated_at = now
        audit.record(
            session,
            db,
            AuditAction.CREATED if draft.id is None else AuditAction.CHANGED,
            entity="meeting",
            entity_id=meeting.id,
            family_id=meeting.family_id,
            detail=f"{meeting.kind.value} {status.value}",
        )
        return meeting.id


def _save_action(
    session: Session, family_id: int, meeting_id: int | None, act: ActionDraft, now: dt.datetime
) -> Action:
    if act.id is None:
        action = Action(family_id=family_id, meeting_id=meeting_id, created_at=now)
        session.add(action)
    else:
        found = session.get(Action, act.id)
        if found is None or found.family_id != family_id:
            raise NotFound(f"There is no action with id {act.id} for this family.")
        action = found
    action.what = act.what.strip()
    action.owner = ActionOwner(act.owner)
    action.owner_name = (act.owner_name or "").strip() or None
    action.due_on = act.due_on
    action.done_on = act.done_on
    return action


def add_action(db: Database, family_id: int, act: ActionDraft) -> int:
    """An action not tied to a meeting (a promise made at the gate, say)."""
    now = db.clock.now()
    today = db.clock.today()
    errors: dict[str, str] = {}
    if not act.what.strip():
        errors["what"] = "say what was agreed"
    if act.due_on < today:
        errors["due_on"] = "a new action cannot be due in the past"
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        if session.get(Family, family_id) is None:
            raise NotFound(f"There is no family with id {family_id}.")
        action = _save_action(session, family_id, None, act, now)
        session.flush()
        audit.record(
            session,
            db,
            AuditAction.CREATED,
            entity="action",
            entity_id=action.id,
            family_id=family_id,
        )
        return action.id


def complete_action(db: Database, action_id: int, done: bool = True) -> None:
    """Tick an action off (or untick it); the Today page calls this."""
    with db.session() as session:
        action = session.get(Action, action_id)
        if action is None:
            raise NotFound(f"There is no action with id {action_id}.")
        action.done_on = db.clock.today() if done else None
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="action",
            entity_id=action.id,
            family_id=action.family_id,
            detail="done" if done else "reopened",
        )


def set_status(db: Database, meeting_id: int, status: MeetingStatus | str) -> None:
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound(f"There is no meeting with id {meeting_id}.")
        status = MeetingStatus(status)
        if status == MeetingStatus.HELD and meeting.starts_at > db.clock.now():
            raise ValidationError({"status": "a meeting in the future cannot have been held yet"})
        meeting.status = status
        meeting.updated_at = db.clock.now()
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="meeting",
            entity_id=meeting.id,
            family_id=meeting.family_id,
            detail=status.value,
        )


def set_next_check_in(db: Database, family_id: int, day: dt.date | None) -> None:
    if day is not None and day < db.clock.today():
        raise ValidationError({"next_check_in_on": "the next check-in cannot be in the past"})
    with db.session() as session:
        family = session.get(Family, family_id)
        if family is None:
            raise NotFound(f"There is no family with id {family_id}.")
        family.next_check_in_on = day
        family.updated_at = db.clock.now()
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="family",
            entity_id=family_id,
            family_id=family_id,
            detail="next check-in",
        )


# -- reading -------------------------------------------------------------------------------
def _attendee_label(a: MeetingAttendee, names: dict[tuple[str, int], str]) -> str:
    if a.caregiver_id is not None:
        return names.get(("c", a.caregiver_id), "caregiver")
    if a.pupil_id is not None:
        return names.get(("p", a.pupil_id), "pupil")
    return f"{a.name} ({a.role.value})"


def _action_view(a: Action) -> ActionView:
    return ActionView(
        a.id, a.family_id, a.meeting_id, a.what, a.owner, a.owner_name, a.due_on, a.done_on
    )


def _views(session: Session, meetings: list[Meeting]) -> list[MeetingView]:
    family_ids = {m.family_id for m in meetings}
    names: dict[tuple[str, int], str] = {}
    refs: dict[int, str] = {}
    titles: dict[int, str] = {}
    if family_ids:
        for c in session.scalars(select(Caregiver).where(Caregiver.family_id.in_(family_ids))):
            names[("c", c.id)] = c.display_name
        for p in session.scalars(select(Pupil).where(Pupil.family_id.in_(family_ids))):
            names[("p", p.id)] = p.display_name
        refs = dict(
            session.execute(
                select(Family.id, Family.reference).where(Family.id.in_(family_ids))
            ).all()
        )
        from liaison.services.families import family_titles

        titles = {k: v[1] for k, v in family_titles(session, list(family_ids)).items()}
    return [
        MeetingView(
            id=m.id,
            family_id=m.family_id,
            family_reference=refs.get(m.family_id, ""),
            family=titles.get(m.family_id, ""),
            kind=m.kind,
            status=m.status,
            starts_at=to_local(m.starts_at),
            ends_at=to_local(m.ends_at) if m.ends_at else None,
            place=m.place,
            interpreter_present=m.interpreter_present,
            interpreter_language=m.interpreter_language,
            notes=m.notes,
            confidential=m.confidential,
            author=m.author,
            attendees=tuple(_attendee_label(a, names) for a in m.attendees),
            actions=tuple(_action_view(a) for a in m.actions),
        )
        for m in meetings
    ]


def get_meeting(db: Database, meeting_id: int) -> MeetingView:
    with db.read() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound(f"There is no meeting with id {meeting_id}.")
        return _views(session, [meeting])[0]


def list_meetings(
    db: Database,
    *,
    family_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    status: MeetingStatus | None = None,
) -> list[MeetingView]:
    """Meetings in date order; `start`/`end` are London dates, both inclusive."""
    query = (
        select(Meeting)
        .options(selectinload(Meeting.attendees), selectinload(Meeting.actions))
        .order_by(Meeting.starts_at)
    )
    if family_id is not None:
        query = query.where(Meeting.family_id == family_id)
    if start is not None:
        query = query.where(Meeting.starts_at >= _london_midnight(start))
    if end is not None:
        query = query.where(Meeting.starts_at < _london_midnight(end + dt.timedelta(days=1)))
    if status is not None:
        query = query.where(Meeting.status == status)
    with db.read() as session:
        return _views(session, list(session.scalars(query)))


def list_actions(
    db: Database, *, family_id: int | None = None, open_only: bool = False
) -> list[ActionView]:
    query = select(Action).order_by(Action.due_on, Action.id)
    if family_id is not None:
        query = query.where(Action.family_id == family_id)
    if open_only:
        query = query.where(Action.done_on.is_(None))
    with db.read() as session:
        return [_action_view(a) for a in session.scalars(query)]


def _london_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LONDON)


# -- chronology and search -----------------------------------------------------------------
@register_chronology
def _meeting_chronology(session: Session, family: Family) -> list[ChronologyItem]:
    items = []
    for m in session.scalars(select(Meeting).where(Meeting.family_id == family.id)):
        summary = f"{m.kind.label} ({m.status.label.lower()})"
        if m.interpreter_present and m.interpreter_language:
            summary += f", interpreter: {m.interpreter_language}"
        items.append(ChronologyItem(to_local(m.starts_at), "meeting", summary, m.id))
    for a in session.scalars(select(Action).where(Action.family_id == family.id)):
        created = to_local(a.created_at)
        items.append(ChronologyItem(created, "action", f"Action agreed: {a.what}", a.id))
        if a.done_on:
            done = dt.datetime.combine(a.done_on, dt.time(0, 0), tzinfo=LONDON)
            items.append(ChronologyItem(done, "action", f"Action done: {a.what}", a.id))
    return items


@search.register_source
def _meeting_docs(session: Session, family_ids: Sequence[int]) -> list[tuple[int, search.Doc]]:
    rows = session.execute(
        select(Meeting.family_id, Meeting.id, Meeting.notes)
        .where(Meeting.family_id.in_(family_ids), Meeting.notes.is_not(None))
        .order_by(Meeting.id)
    ).all()
    return [(fid, search.Doc("meeting", mid, "", notes)) for fid, mid, notes in rows]


search.track(Meeting, lambda m: m.family_id)
