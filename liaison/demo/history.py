"""Demo history for each fictional family: past meetings, bookings, actions, check-ins."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.clock import LONDON
from liaison.demo.builder import register_history, register_setup
from liaison.models import (
    Action,
    Agency,
    Booking,
    Caregiver,
    Consent,
    Family,
    FamilyNeed,
    Interpreter,
    InterpreterLanguage,
    Meeting,
    MeetingAttendee,
    Referral,
    Service,
)
from liaison.models.enums import (
    ActionOwner,
    AttendeeRole,
    BookingStatus,
    ConsentKind,
    ConsentStatus,
    InterpretingMode,
    MeetingKind,
    MeetingStatus,
    NeedCategory,
    ReferralStatus,
    ServiceCategory,
)

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


# -- interpreters, services, bookings and referrals -----------------------------------------
_INTERPRETING = [
    ("ARA", "Levantine", "female"),
    ("ARA", "Sudanese", "male"),
    ("URD", None, "female"),
    ("PNJM", None, "male"),
    ("BNGS", None, "female"),
    ("BNG", None, "female"),
    ("POL", None, "female"),
    ("RMN", None, "male"),
    ("SOM", None, "female"),
    ("TIG", None, "male"),
    ("PAT", None, "male"),
    ("PRSD", None, "female"),
    ("KURS", None, "female"),
    ("UKR", None, "female"),
    ("TUR", None, "male"),
]
_DEMO_SERVICES = [
    ("Northbridge Food Bank (demo)", ServiceCategory.FOOD_BANK),
    ("Library ESOL classes (demo)", ServiceCategory.ESOL),
    ("Council housing options (demo)", ServiceCategory.HOUSING),
    ("Free immigration advice clinic (demo)", ServiceCategory.IMMIGRATION_LEGAL),
    ("School uniform swap (demo)", ServiceCategory.UNIFORM),
    ("Laptop lending scheme (demo)", ServiceCategory.DIGITAL_DEVICES),
    ("SENDIAS service (demo)", ServiceCategory.SEND),
]


@register_setup
def support_directory(session: Session, rng: random.Random) -> None:
    agencies = [
        Agency(name="Example Language Services (demo)", cancellation_hours=24),
        Agency(name="Northbridge Interpreting (demo)", cancellation_hours=48),
    ]
    session.add_all(agencies)
    session.flush()
    for i, (code, dialect, gender) in enumerate(_INTERPRETING):
        person = Interpreter(
            name=f"Interpreter {i + 1:02d} (demo)",
            agency_id=agencies[i % 2].id,
            gender=gender,
            modes=["in_person", "phone"] if i % 3 else ["in_person", "phone", "video"],
            hourly_rate_pence=rng.choice((2800, 3000, 3250, 3500)),
            minimum_minutes=60,
            active=True,
            languages=[InterpreterLanguage(language=code, dialect=dialect)],
        )
        session.add(person)
    for name, category in _DEMO_SERVICES:
        session.add(Service(name=name, category=category, languages=[], active=True))


@register_history
def support_history(session: Session, rng: random.Random, family_id: int, today: dt.date) -> None:
    carers = session.scalars(select(Caregiver).where(Caregiver.family_id == family_id)).all()
    needing = [c for c in carers if c.interpreter_needed and c.interpreter_language]
    now = dt.datetime.combine(today, dt.time(7, 0), LONDON).astimezone(dt.UTC)
    if needing and rng.random() < 0.6:
        carer = needing[0]
        people = session.scalars(
            select(Interpreter)
            .join(InterpreterLanguage)
            .where(InterpreterLanguage.language == carer.interpreter_language)
        ).all()
        for _ in range(rng.randint(1, 3) if people else 0):
            days = rng.randint(-300, 12)
            day = today + dt.timedelta(days=days)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            start = _at(day, rng)
            person = rng.choice(people) if people else None
            past = day < today
            status = (
                rng.choice(
                    (BookingStatus.COMPLETED,) * 8
                    + (BookingStatus.CANCELLED, BookingStatus.NO_SHOW)
                )
                if past
                else rng.choice((BookingStatus.REQUESTED, BookingStatus.CONFIRMED))
            )
            session.add(
                Booking(
                    family_id=family_id,
                    caregiver_id=carer.id,
                    interpreter_id=person.id if person else None,
                    agency_id=person.agency_id if person else None,
                    language=carer.interpreter_language,
                    mode=InterpretingMode.IN_PERSON,
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=1),
                    place="Family room",
                    status=status,
                    cost_pence=person.hourly_rate_pence if person else None,
                    created_at=min(start, now),
                    updated_at=min(start, now),
                )
            )
    needs = session.scalars(select(FamilyNeed).where(FamilyNeed.family_id == family_id)).all()
    services = {s.category: s for s in session.scalars(select(Service))}
    for need in needs:
        category = _SERVICE_FOR_NEED.get(need.category)
        if category is None or category not in services or rng.random() < 0.4:
            continue
        referred = need.identified_on + dt.timedelta(days=rng.randint(1, 10))
        if referred > today:
            continue
        consent = Consent(
            family_id=family_id,
            kind=ConsentKind.SHARE,
            status=ConsentStatus.GIVEN,
            service=services[category].name,
            recorded_on=referred,
        )
        session.add(consent)
        session.flush()
        done = not need.status.is_open
        session.add(
            Referral(
                family_id=family_id,
                need_id=need.id,
                service_id=services[category].id,
                status=ReferralStatus.COMPLETED if done else ReferralStatus.REFERRED,
                suggested_on=referred,
                referred_on=referred,
                consent_id=consent.id,
                consent_on=referred,
                follow_up_on=None
                if done
                else min(
                    today + dt.timedelta(days=rng.randint(0, 20)), referred + dt.timedelta(days=300)
                ),
                outcome="Support given" if done else None,
                closed_on=need.resolved_on if done else None,
                created_at=now,
                updated_at=now,
            )
        )


_SERVICE_FOR_NEED = {
    NeedCategory.FOOD: ServiceCategory.FOOD_BANK,
    NeedCategory.ESOL: ServiceCategory.ESOL,
    NeedCategory.HOUSING: ServiceCategory.HOUSING,
    NeedCategory.IMMIGRATION_ADVICE: ServiceCategory.IMMIGRATION_LEGAL,
    NeedCategory.UNIFORM: ServiceCategory.UNIFORM,
    NeedCategory.DIGITAL_DEVICE: ServiceCategory.DIGITAL_DEVICES,
    NeedCategory.SEND: ServiceCategory.SEND,
}
