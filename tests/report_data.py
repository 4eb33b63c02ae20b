"""A hand-built dataset whose every figure is known, for the termly report's tests.

Summer 2026 (Mon 13 Apr - Wed 22 Jul) is the term reported; Spring 2026 the one before it.
Times are London local (BST in summer), so a contact at 00:30 on 23 Jul is 23:30 UTC on the
22nd and must still fall outside the term.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from liaison.clock import LONDON
from liaison.models import (
    Agency,
    Booking,
    Caregiver,
    Event,
    EventAttendance,
    EventInvite,
    FamilyNeed,
    FriendlyMatch,
    Meeting,
    PrintedDocument,
    Referral,
    Service,
)
from liaison.models.enums import (
    BookingStatus,
    EventKind,
    InterpretingMode,
    MeetingKind,
    MeetingStatus,
    NeedCategory,
    NeedStatus,
    ReferralStatus,
    ServiceCategory,
    TermKind,
)
from liaison.services import families as fam
from liaison.services import school
from liaison.store.database import Database

SPRING = (TermKind.SPRING, dt.date(2026, 1, 5), dt.date(2026, 3, 27))
SUMMER = (TermKind.SUMMER, dt.date(2026, 4, 13), dt.date(2026, 7, 22))
AUTUMN = (TermKind.AUTUMN, dt.date(2026, 9, 2), dt.date(2026, 12, 18))
D = dt.date


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def set_now(db: Database, day: dt.date) -> None:
    db.clock.instant = at(day, 9)


@dataclass
class Known:
    db: Database
    f1: int
    f2: int
    f3: int
    f4: int
    f5: int
    f6: int


def _family(
    db: Database,
    created: dt.date,
    language: str,
    *,
    name: str,
    second: str | None = None,
    arrival: dt.date | None = None,
    admitted: dt.date | None = None,
) -> int:
    set_now(db, created)
    carers = [
        fam.CaregiverDraft(key="a", given_name=name, family_name="Example", main_language=language)
    ]
    if second:
        carers.append(
            fam.CaregiverDraft(
                key="b",
                given_name=second,
                family_name="Example",
                main_language=language,
                is_main_contact=True,  # the main contact is not the first caregiver here
            )
        )
    pupils = []
    if admitted:
        pupils.append(
            fam.PupilDraft(
                key="p", given_name="Pupil", family_name="Example", admission_date=admitted
            )
        )
    return fam.save_family(
        db,
        fam.FamilyDraft(new_arrival_date=arrival, caregivers=carers, pupils=pupils),
    )


def _meeting(
    kind: MeetingKind,
    family_id: int,
    when: dt.datetime,
    status: MeetingStatus = MeetingStatus.HELD,
    interpreter: bool = False,
) -> Meeting:
    return Meeting(
        family_id=family_id,
        kind=kind,
        status=status,
        starts_at=when,
        ends_at=when + dt.timedelta(minutes=30),
        interpreter_present=interpreter,
        notes="Private note: must never reach the report",
        author="Officer",
        created_at=when,
        updated_at=when,
    )


def _booking(
    family_id: int,
    language: str,
    mode: InterpretingMode,
    start: dt.datetime,
    minutes: int,
    status: BookingStatus,
    cost: int,
    agency_id: int | None,
) -> Booking:
    return Booking(
        family_id=family_id,
        language=language,
        mode=mode,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        status=status,
        cost_pence=cost,
        agency_id=agency_id,
        created_at=start,
        updated_at=start,
    )


def _referral(
    family_id: int,
    service_id: int,
    status: ReferralStatus,
    suggested: dt.date,
    referred: dt.date | None,
    closed: dt.date | None = None,
) -> Referral:
    now = at(suggested)
    return Referral(
        family_id=family_id,
        service_id=service_id,
        status=status,
        suggested_on=suggested,
        referred_on=referred,
        closed_on=closed,
        outcome="Private outcome text" if closed else None,
        created_at=now,
        updated_at=now,
    )


def _printed(
    family_id: int,
    kind: str,
    template: str,
    language: str,
    when: dt.datetime,
    returned: dt.date | None = None,
) -> PrintedDocument:
    return PrintedDocument(
        family_id=family_id,
        kind=kind,
        template_key=template,
        language=language,
        version=1,
        translation_status="draft",
        bilingual=True,
        snapshot={},
        printed_at=when,
        printed_by="Officer",
        returned_on=returned,
    )


def build_known(db: Database) -> Known:
    for kind, start, end in (SPRING, SUMMER, AUTUMN):
        school.add_term(db, kind, start, end)
    f1 = _family(db, D(2025, 1, 6), "ENG", name="Olwen", second="Dafydd", admitted=D(2024, 9, 3))
    f3 = _family(db, D(2025, 1, 6), "ARA", name="Samira")
    f4 = _family(db, D(2025, 1, 6), "SOM", name="Hodan")
    f5 = _family(db, D(2025, 1, 6), "URD", name="Nasreen")
    # Arrived in the summer term: not on roll in spring.
    f2 = _family(db, D(2026, 5, 10), "POL", name="Zofia", arrival=D(2026, 5, 10))
    # Created after the summer term.
    f6 = _family(db, D(2026, 9, 10), "RMN", name="Ioana")
    set_now(db, D(2026, 3, 1))
    fam.archive_family(db, f4, "moved away")  # before the summer term
    set_now(db, D(2026, 6, 30))
    fam.archive_family(db, f3, "moved away")  # during the summer term: still counted
    set_now(db, D(2026, 11, 23))

    with db.session() as s:
        rows = s.execute(select(Caregiver.family_id, Caregiver.id).order_by(Caregiver.id)).all()
        carers = {family_id: carer_id for family_id, carer_id in rows}
        f1_carers = [carer_id for family_id, carer_id in rows if family_id == f1]
        s.get(Caregiver, f1_carers[0]).volunteer_since = D(2025, 6, 1)
        # -- meetings: summer
        s.add_all(
            [
                _meeting(MeetingKind.CHECK_IN, f1, at(D(2026, 4, 13), 9)),  # first day
                _meeting(MeetingKind.PHONE_CALL, f1, at(D(2026, 7, 22), 23, 30)),  # last day
                _meeting(MeetingKind.PHONE_CALL, f1, at(D(2026, 7, 23), 0, 30)),  # day after
                _meeting(MeetingKind.HOME_VISIT, f1, at(D(2026, 4, 12), 11)),  # day before
                _meeting(MeetingKind.ADMISSIONS, f2, at(D(2026, 5, 11)), interpreter=True),
                _meeting(MeetingKind.PARENT_MEETING, f3, at(D(2026, 6, 1)), interpreter=True),
                _meeting(MeetingKind.TEXT, f3, at(D(2026, 6, 2))),
                _meeting(MeetingKind.CHECK_IN, f2, at(D(2026, 6, 10)), MeetingStatus.CANCELLED),
                _meeting(MeetingKind.CHECK_IN, f5, at(D(2026, 7, 1)), MeetingStatus.BOOKED),
            ]
            + [
                _meeting(MeetingKind.PHONE_CALL, f1, at(D(2026, 5, 4 + i)))
                for i in range(5)  # five more calls: six in all, over the small-number line
            ]
            # -- meetings: spring
            + [
                _meeting(MeetingKind.CHECK_IN, f4, at(D(2026, 2, 2))),
                _meeting(MeetingKind.PHONE_CALL, f1, at(D(2026, 3, 3))),
            ]
        )
        # -- interpreter bookings
        agency_a, agency_b = Agency(name="Agency A"), Agency(name="Agency B")
        s.add_all([agency_a, agency_b])
        s.flush()
        s.add_all(
            [
                _booking(
                    f2,
                    "POL",
                    InterpretingMode.IN_PERSON,
                    at(D(2026, 5, 11)),
                    90,
                    BookingStatus.COMPLETED,
                    4500,
                    agency_a.id,
                ),
                _booking(
                    f3,
                    "ARA",
                    InterpretingMode.PHONE,
                    at(D(2026, 6, 1)),
                    60,
                    BookingStatus.COMPLETED,
                    3000,
                    agency_b.id,
                ),
                _booking(
                    f3,
                    "ARA",
                    InterpretingMode.IN_PERSON,
                    at(D(2026, 6, 15)),
                    60,
                    BookingStatus.CANCELLED,
                    3000,
                    agency_b.id,
                ),
                _booking(
                    f2,
                    "POL",
                    InterpretingMode.IN_PERSON,
                    at(D(2026, 7, 1)),
                    60,
                    BookingStatus.NO_SHOW,
                    3500,
                    agency_a.id,
                ),
                _booking(
                    f5,
                    "URD",
                    InterpretingMode.VIDEO,
                    at(D(2026, 7, 22), 16),
                    60,
                    BookingStatus.COMPLETED,
                    2000,
                    None,
                ),
                _booking(
                    f5,
                    "URD",
                    InterpretingMode.VIDEO,
                    at(D(2026, 7, 23), 9),
                    60,
                    BookingStatus.COMPLETED,
                    2000,
                    None,
                ),
            ]
        )
        # -- services, referrals and needs
        food = Service(name="Food bank", category=ServiceCategory.FOOD_BANK)
        esol = Service(name="ESOL", category=ServiceCategory.ESOL)
        housing = Service(name="Housing", category=ServiceCategory.HOUSING)
        s.add_all([food, esol, housing])
        s.flush()
        s.add_all(
            [
                _referral(
                    f1,
                    food.id,
                    ReferralStatus.COMPLETED,
                    D(2026, 4, 20),
                    D(2026, 4, 20),
                    D(2026, 4, 30),
                ),
                _referral(f2, esol.id, ReferralStatus.REFERRED, D(2026, 4, 14), D(2026, 4, 14)),
                _referral(
                    f3,
                    housing.id,
                    ReferralStatus.DECLINED,
                    D(2026, 2, 10),
                    D(2026, 2, 10),
                    D(2026, 5, 12),
                ),
                _referral(f5, esol.id, ReferralStatus.SUGGESTED, D(2026, 7, 22), None),
            ]
        )
        now = at(D(2026, 11, 23))
        s.add_all(
            [
                FamilyNeed(
                    family_id=f1,
                    category=NeedCategory.FOOD,
                    status=NeedStatus.MET,
                    identified_on=D(2026, 4, 18),
                    resolved_on=D(2026, 4, 30),
                    updated_at=now,
                ),
                FamilyNeed(
                    family_id=f2,
                    category=NeedCategory.ESOL,
                    status=NeedStatus.IN_PROGRESS,
                    identified_on=D(2026, 3, 20),
                    updated_at=now,
                ),
                FamilyNeed(
                    family_id=f3,
                    category=NeedCategory.HOUSING,
                    status=NeedStatus.MET,
                    identified_on=D(2026, 2, 1),
                    resolved_on=D(2026, 7, 22),
                    updated_at=now,
                ),
                FamilyNeed(
                    family_id=f3,
                    category=NeedCategory.UNIFORM,
                    status=NeedStatus.IDENTIFIED,
                    identified_on=D(2026, 7, 23),
                    updated_at=now,
                ),
            ]
        )
        # -- events: two in the summer term, one the day after it
        e1 = Event(kind=EventKind.COFFEE_MORNING, title="Coffee", starts_at=at(D(2026, 5, 5)))
        e2 = Event(kind=EventKind.WORKSHOP, title="Phonics", starts_at=at(D(2026, 7, 22), 18))
        e3 = Event(kind=EventKind.COFFEE_MORNING, title="Coffee", starts_at=at(D(2026, 7, 23)))
        for e in (e1, e2, e3):
            e.created_at = e.starts_at
        s.add_all([e1, e2, e3])
        s.flush()
        for event, families in ((e1, (f1, f2, f3, f5)), (e2, (f1, f2)), (e3, (f1,))):
            for family_id in families:
                s.add(EventInvite(event_id=event.id, family_id=family_id, invited_on=D(2026, 4, 1)))
        marks = [
            (e1, f1, f1_carers[0], True),
            (e1, f2, carers[f2], True),
            (e1, f3, carers[f3], False),
            (e2, f1, f1_carers[0], True),
            (e2, f1, f1_carers[1], True),
            (e3, f1, f1_carers[0], True),
        ]
        for event, family_id, carer_id, came in marks:
            s.add(
                EventAttendance(
                    event_id=event.id, family_id=family_id, caregiver_id=carer_id, attended=came
                )
            )
        s.add(FriendlyMatch(family_id=f2, volunteer_id=f1_carers[0], matched_on=D(2026, 5, 12)))
        # -- letters and agreements
        s.add_all(
            [
                _printed(f2, "letter", "meeting_invitation", "POL", at(D(2026, 5, 1))),
                _printed(f1, "letter", "event_invitation", "ENG", at(D(2026, 6, 1))),
                _printed(f3, "letter", "event_invitation", "ENG", at(D(2026, 6, 1))),
                _printed(f1, "letter", "event_invitation", "ENG", at(D(2026, 7, 23), 0, 30)),
                _printed(
                    f2,
                    "agreement",
                    "home_school_agreement",
                    "POL",
                    at(D(2026, 4, 20)),
                    D(2026, 5, 1),
                ),
                _printed(f3, "agreement", "home_school_agreement", "ARA", at(D(2026, 5, 2))),
                _printed(f5, "agreement", "home_school_agreement", "URD", at(D(2026, 7, 23))),
            ]
        )
    return Known(db, f1, f2, f3, f4, f5, f6)
