"""Today rules around weekends and term boundaries, with a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.clock import LONDON
from liaison.models.enums import MeetingKind, MeetingStatus, TermKind
from liaison.services import families as fam
from liaison.services import school
from liaison.services.casework import meetings, today
from liaison.store.database import Database

# Autumn term 2026: Thu 3 Sep - Fri 18 Dec, with half term Mon 26 - Fri 30 Oct.
TERMS = [
    (TermKind.SUMMER, dt.date(2026, 4, 13), dt.date(2026, 7, 22)),
    (TermKind.AUTUMN, dt.date(2026, 9, 3), dt.date(2026, 10, 23)),
    (TermKind.AUTUMN, dt.date(2026, 11, 2), dt.date(2026, 12, 18)),
    (TermKind.SPRING, dt.date(2027, 1, 5), dt.date(2027, 3, 26)),
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def _set_today(db: Database, day: dt.date, hour: int = 8) -> None:
    db.clock.instant = _at(day, hour)


@pytest.fixture
def termly(db: Database) -> Database:
    for kind, start, end in TERMS:
        school.add_term(db, kind, start, end)
    return db


def _family(db: Database, name: str, arrival: dt.date | None = None) -> int:
    return fam.save_family(
        db,
        fam.FamilyDraft(
            new_arrival_date=arrival,
            caregivers=[fam.CaregiverDraft(key="c", given_name=name, family_name="Example")],
        ),
    )


def _contact(db: Database, family_id: int, day: dt.date, kind: MeetingKind, hour: int = 7) -> int:
    """Before 08:00, the time tests set the clock to: held if today, booked if later."""
    return meetings.save_meeting(
        db, meetings.MeetingDraft(family_id=family_id, kind=kind, starts_at=_at(day, hour))
    )


def test_action_due_at_the_weekend_shows_on_friday(termly: Database) -> None:
    db = termly
    family_id = _family(db, "Ana")
    _set_today(db, dt.date(2026, 11, 23))  # a Monday
    action_id = meetings.add_action(
        db, family_id, meetings.ActionDraft("Send uniform voucher", dt.date(2026, 11, 28))
    )
    _set_today(db, dt.date(2026, 11, 26))  # Thursday: not yet
    assert today.compute(db).actions == []
    _set_today(db, dt.date(2026, 11, 27))  # Friday: due tomorrow, Saturday
    page = today.compute(db)
    assert [(x.ref_id, x.overdue) for x in page.actions] == [(action_id, False)]
    assert page.next_school_day == dt.date(2026, 11, 30)
    _set_today(db, dt.date(2026, 11, 30))  # Monday after: overdue
    assert [x.overdue for x in today.compute(db).actions] == [True]
    meetings.complete_action(db, action_id)
    assert today.compute(db).actions == []


def test_things_due_over_a_holiday_show_on_the_last_day_of_term(termly: Database) -> None:
    db = termly
    family_id = _family(db, "Bo")
    _set_today(db, dt.date(2026, 12, 1))
    meetings.set_next_check_in(db, family_id, dt.date(2026, 12, 30))
    _set_today(db, dt.date(2026, 12, 17))
    assert today.compute(db).check_ins == []
    _set_today(db, dt.date(2026, 12, 18))  # last day of the autumn term
    page = today.compute(db)
    assert page.next_school_day == dt.date(2027, 1, 5)
    assert [x.family_id for x in page.check_ins] == [family_id]


def test_no_contact_rule_counts_school_days_only(termly: Database) -> None:
    db = termly
    _set_today(db, dt.date(2026, 9, 1))
    family_id = _family(db, "Chen")
    _contact(db, family_id, dt.date(2026, 9, 1), MeetingKind.PHONE_CALL)
    # Six school weeks = 30 school days after 1 Sep: 3 Sep .. 14 Oct is exactly 30.
    _set_today(db, dt.date(2026, 10, 14))
    assert today.compute(db).no_contact == []
    _set_today(db, dt.date(2026, 10, 15))
    assert [x.family_id for x in today.compute(db).no_contact] == [family_id]
    # Half term does not count: after contact on Fri 23 Oct, 30 school days run to Fri 11 Dec
    # (calendar days alone would have flagged the family from 4 Dec).
    _set_today(db, dt.date(2026, 10, 23))
    _contact(db, family_id, dt.date(2026, 10, 23), MeetingKind.TEXT)
    _set_today(db, dt.date(2026, 12, 11))
    assert today.compute(db).no_contact == []
    _set_today(db, dt.date(2026, 12, 14))
    assert len(today.compute(db).no_contact) == 1


def test_new_arrivals_have_a_two_week_rule_in_their_first_term(termly: Database) -> None:
    db = termly
    _set_today(db, dt.date(2026, 11, 2))
    family_id = _family(db, "Dawit", arrival=dt.date(2026, 11, 2))
    _contact(db, family_id, dt.date(2026, 11, 2), MeetingKind.ADMISSIONS)
    _set_today(db, dt.date(2026, 11, 16))  # 10 school days later
    assert today.compute(db).no_contact == []
    _set_today(db, dt.date(2026, 11, 17))
    lines = today.compute(db).no_contact
    assert [x.family_id for x in lines] == [family_id] and "new arrival" in lines[0].text
    # After the first term ends the ordinary 6-week rule applies: 11 school days is fine.
    _set_today(db, dt.date(2026, 12, 18))
    _contact(db, family_id, dt.date(2026, 12, 18), MeetingKind.PHONE_CALL)
    _set_today(db, dt.date(2027, 1, 19))
    assert today.compute(db).no_contact == []


def test_new_arrival_without_day1_meeting(termly: Database) -> None:
    db = termly
    _set_today(db, dt.date(2026, 11, 23))
    newcomer = _family(db, "Esra", arrival=dt.date(2026, 11, 20))
    _family(db, "Old", arrival=None)
    assert [x.family_id for x in today.compute(db).no_day1] == [newcomer]
    meetings.save_meeting(
        db,
        meetings.MeetingDraft(
            family_id=newcomer, kind=MeetingKind.ADMISSIONS, starts_at=_at(dt.date(2026, 11, 25))
        ),
    )
    page = today.compute(db)
    assert page.no_day1 == []
    assert [m.family_id for m in page.meetings_this_week] == [newcomer]
    assert page.meetings_this_week[0].status == MeetingStatus.BOOKED


def test_meetings_today_and_this_week_ignore_cancelled_and_archived(termly: Database) -> None:
    db = termly
    _set_today(db, dt.date(2026, 11, 23), hour=7)
    a, b = _family(db, "Fatma"), _family(db, "Gosia")
    m1 = _contact(db, a, dt.date(2026, 11, 23), MeetingKind.CHECK_IN, hour=10)
    m2 = _contact(db, b, dt.date(2026, 11, 26), MeetingKind.HOME_VISIT)
    _contact(db, b, dt.date(2026, 11, 30), MeetingKind.HOME_VISIT)  # next week
    page = today.compute(db)
    assert [m.id for m in page.meetings_today] == [m1]
    assert [m.id for m in page.meetings_this_week] == [m2]
    meetings.set_status(db, m2, MeetingStatus.CANCELLED)
    fam.archive_family(db, a)
    page = today.compute(db)
    assert page.meetings_this_week == []
    # Once its time has passed, a meeting still marked booked asks to be updated.
    _set_today(db, dt.date(2026, 11, 24))
    fam.unarchive_family(db, a)
    assert [m.id for m in today.compute(db).to_update] == [m1]
    fam.archive_family(db, a)
    page = today.compute(db)
    assert all(x.family_id != a for x in page.no_contact + page.no_day1 + page.check_ins)
