"""School-day counts agree with their dates, across years, holidays and any order of asking.

Issue 18: "No contact since 07/04/2025 (100 school days)" sat above "25/07/2025 (278 school
days)". The running count was grown for one end of a gap and read for the other from a
different origin.
"""

from __future__ import annotations

import datetime as dt
import random

from liaison.clock import LONDON
from liaison.models.enums import MeetingKind
from liaison.services import families as fam
from liaison.services import school
from liaison.services.casework import meetings, today
from liaison.services.school.calendar import SchoolCalendar
from liaison.services.school.terms import TermView, standard_terms
from liaison.store.database import Database

YEARS = (2023, 2024, 2025, 2026)


def _terms() -> list[TermView]:
    out = []
    for year in YEARS:
        for kind, start, end in standard_terms(year):
            out.append(TermView(len(out) + 1, kind, start, end))
    return out


def _brute(terms: list[TermView], start: dt.date, end: dt.date) -> int:
    """School days in (start, end], counted one day at a time."""
    count, day = 0, start + dt.timedelta(days=1)
    while day <= end:
        in_term = any(t.starts_on <= day <= t.ends_on for t in terms)
        count += day.weekday() < 5 and in_term
        day += dt.timedelta(days=1)
    return count


def test_counts_match_a_day_by_day_count_in_any_order() -> None:
    terms = _terms()
    shared = SchoolCalendar(terms)  # grows its running count as it is asked
    rng = random.Random(18)
    first, last = dt.date(2023, 8, 1), dt.date(2027, 8, 31)
    span = (last - first).days
    for _ in range(200):
        a = first + dt.timedelta(days=rng.randrange(span))
        b = first + dt.timedelta(days=rng.randrange(span))
        start, end = min(a, b), max(a, b)
        expected = _brute(terms, start, end)
        assert shared.school_days_between(start, end) == expected, (start, end)
        assert SchoolCalendar(terms).school_days_between(start, end) == expected, (start, end)


def test_an_earlier_date_never_has_fewer_school_days() -> None:
    today_ = dt.date(2026, 11, 23)
    for order in ((dt.date(2025, 4, 7), dt.date(2025, 7, 25)), (dt.date(2025, 7, 25),)):
        calendar = SchoolCalendar(_terms())
        counts = {day: calendar.school_days_between(day, today_) for day in order}
        older = calendar.school_days_between(dt.date(2025, 4, 7), today_)
        recent = calendar.school_days_between(dt.date(2025, 7, 25), today_)
        assert older > recent, counts
        assert counts[order[0]] == (older if order[0].month == 4 else recent)
    calendar = SchoolCalendar(_terms())
    # Summer holiday: 23/07/2025 to 01/09/2025 adds nothing.
    assert calendar.school_days_between(dt.date(2025, 7, 22), dt.date(2025, 9, 1)) == 0


def test_no_contact_lines_agree_with_their_dates(db: Database) -> None:
    for year in YEARS:
        for kind, start, end in standard_terms(year):
            school.add_term(db, kind, start, end)
    db.clock.instant = dt.datetime(2026, 11, 23, 9, tzinfo=LONDON)
    contacts = [dt.date(2025, 4, 7), dt.date(2025, 7, 25), dt.date(2026, 1, 12)]
    for index, day in enumerate(contacts):
        family_id = fam.save_family(
            db,
            fam.FamilyDraft(
                caregivers=[fam.CaregiverDraft(key="c", given_name=f"P{index}", family_name="X")]
            ),
        )
        meetings.save_meeting(
            db,
            meetings.MeetingDraft(
                family_id=family_id,
                kind=MeetingKind.PHONE_CALL,
                starts_at=dt.datetime.combine(day, dt.time(9), LONDON),
            ),
        )
    lines = today.compute(db).no_contact
    terms = school.list_terms(db)
    seen = []
    for line in lines:
        days = int(line.text.split("(")[1].split(" school days")[0])
        assert days == _brute(terms, line.when, dt.date(2026, 11, 23)), line.text
        seen.append((line.when, days))
    assert len(seen) == 3
    ordered = sorted(seen)
    assert [d for _, d in ordered] == sorted((d for _, d in seen), reverse=True)
