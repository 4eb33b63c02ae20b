"""Demo history for each fictional family: past meetings, bookings, actions, check-ins."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.clock import LONDON
from liaison.models import Action, Caregiver, Family, Meeting, MeetingAttendee
from liaison.models.enums import ActionOwner, AttendeeRole, MeetingKind, MeetingStatus
from liaison.services.demo import register_history

_KINDS = [
    MeetingKind.CHECK_IN,
    MeetingKind.PHONE_CALL,
    MeetingKind.PHONE_CALL,
    MeetingKind.TEXT,
    MeetingKind.PARENT_MEETING,
    MeetingKind.HOME_VISIT,
    MeetingKind.TEACHER_MEETING,
]
_NOTES = {
    MeetingKind.ADMISSIONS: "Day 1 meeting. Languages and interpreter need recorded; school tour.",
    MeetingKind.CHECK_IN: "Children settling; mother asked about homework club.",
    MeetingKind.PHONE_CALL: "Called about attendance this week; all fine.",
    MeetingKind.TEXT: "Text reminder about parents' evening.",
    MeetingKind.PARENT_MEETING: "Met with class teacher about reading progress.",
    MeetingKind.HOME_VISIT: "Home visit with class teacher; family well.",
    MeetingKind.TEACHER_MEETING: "Discussed support in class with the teacher.",
}
_ACTIONS = [
    "Send uniform voucher",
    "Book interpreter for parents' evening",
    "Refer to ESOL class",
    "Check free school meals application",
    "Ask class teacher about reading books",
]


def _done_rate(late: dt.timedelta) -> float:
    # Recent promises are often still open; old ones almost never are.
    return 0.6 if late.days < 30 else 0.99


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(rng.choice((8, 9, 10, 13, 14, 15)), 0), LONDON)
    return local.astimezone(dt.UTC)


def _weekday_back(today: dt.date, days: int) -> dt.date:
    day = today - dt.timedelta(days=days)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


@register_history
def meetings_history(session: Session, rng: random.Random, family_id: int, today: dt.date) -> None:
    family = session.get(Family, family_id)
    assert family is not None
    carer_ids = list(session.scalars(select(Caregiver.id).where(Caregiver.family_id == family_id)))
    now = dt.datetime.combine(today, dt.time(7, 0), LONDON).astimezone(dt.UTC)
    if family.new_arrival_date is None or rng.random() < 0.6:
        start = family.new_arrival_date or _weekday_back(today, rng.randint(400, 1095))
        _meeting(session, family_id, MeetingKind.ADMISSIONS, _at(start, rng), carer_ids, now)
    for _ in range(rng.randint(0, 12)):
        day = _weekday_back(today, rng.randint(1, 1095))
        kind = rng.choice(_KINDS)
        meeting = _meeting(session, family_id, kind, _at(day, rng), carer_ids, now)
        if rng.random() < 0.3:
            due = day + dt.timedelta(days=rng.randint(3, 20))
            session.add(
                Action(
                    family_id=family_id,
                    meeting_id=meeting.id,
                    what=rng.choice(_ACTIONS),
                    owner=rng.choice(list(ActionOwner)),
                    due_on=due,
                    done_on=due if due < today and rng.random() < _done_rate(today - due) else None,
                    created_at=meeting.starts_at,
                )
            )
    if rng.random() < 0.8:
        day = _weekday_back(today, rng.randint(1, 25))
        _meeting(session, family_id, rng.choice(_KINDS), _at(day, rng), carer_ids, now)
    if rng.random() < 0.08:
        day = today + dt.timedelta(days=rng.randint(0, 6))
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        _meeting(
            session,
            family_id,
            rng.choice(_KINDS[:2]),
            _at(day, rng),
            carer_ids,
            now,
            status=MeetingStatus.BOOKED,
        )
    if rng.random() < 0.15:
        family.next_check_in_on = today + dt.timedelta(days=rng.randint(-5, 20))
    if carer_ids and family.new_arrival_date is None and rng.random() < 0.04:
        carer = session.get(Caregiver, carer_ids[0])
        assert carer is not None
        carer.volunteer_since = _weekday_back(today, rng.randint(30, 600))


def _meeting(
    session: Session,
    family_id: int,
    kind: MeetingKind,
    starts_at: dt.datetime,
    carer_ids: list[int],
    now: dt.datetime,
    status: MeetingStatus = MeetingStatus.HELD,
) -> Meeting:
    meeting = Meeting(
        family_id=family_id,
        kind=kind,
        status=status,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        place="Family room" if kind != MeetingKind.PHONE_CALL else None,
        notes=_NOTES.get(kind) if status == MeetingStatus.HELD else None,
        author="Demo Officer",
        created_at=min(starts_at, now),
        updated_at=min(starts_at, now),
        attendees=[
            MeetingAttendee(role=AttendeeRole.CAREGIVER, caregiver_id=cid) for cid in carer_ids[:1]
        ],
    )
    session.add(meeting)
    session.flush()
    return meeting
