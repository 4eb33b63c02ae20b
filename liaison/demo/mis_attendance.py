"""Demo attendance: fortnightly snapshots from the MIS over the last school year and a bit, so
the family chart, "support first" on Today and the report's impact section have something true
to the rules to show.

Each pupil has a usual attendance (most 93-99%, some persistently absent, a few severely); a
family's support helps: after its first meeting or contact held in a term, a pupil below 92%
closes part of the gap. A few pupils dip in the last weeks and become persistently absent at
the latest snapshot (some of whose families have had no recent contact: Today lists them);
some persistently absent pupils already had an attendance support meeting. Registered after
the meetings history (this module is imported last), it reads the meetings made for the family.

Its own random generator, seeded from the family id, leaves the shared one untouched, so the
families themselves are the same with or without attendance.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from functools import cache

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from liaison.clock import LONDON
from liaison.demo.builder import register_history
from liaison.models import AttendanceRecord, Meeting, MeetingAttendee, Pupil, Term
from liaison.models.enums import AttendeeRole, MeetingKind, MeetingStatus

SOURCE = "demo MIS export"
HISTORY_DAYS = 450
_SUPPORT_NOTE = (
    "Attendance now (from the MIS): below 90% this term.\n"
    "Barriers to attendance (in the family's words): mornings are hard with a younger child; "
    "the bus is often late.\n"
    "Agreed actions: breakfast club place offered; school to text on any morning absence; "
    "family to phone the office by 9:00.\n"
    "Other help considered: school nurse for the recurring illness.\n"
    "Review date: in four weeks."
)


@cache
def _calendar(terms: tuple[tuple[dt.date, dt.date], ...]) -> tuple[list[dt.date], list[dt.date]]:
    """School days (weekdays in a term) in order, and the snapshot days (every other Friday)."""
    days = [
        start + dt.timedelta(days=i)
        for start, end in terms
        for i in range((end - start).days + 1)
        if (start + dt.timedelta(days=i)).weekday() < 5
    ]
    fridays = [d for d in days if d.weekday() == 4]
    return days, fridays[::-2][::-1]


def _year_start(day: dt.date, terms: tuple[tuple[dt.date, dt.date], ...]) -> dt.date:
    year = day.year if day.month >= 9 else day.year - 1
    return min((s for s, _ in terms if s >= dt.date(year, 8, 1)), default=dt.date(year, 9, 1))


def _usual(rng: random.Random) -> float:
    roll = rng.random()
    if roll < 0.03:
        return rng.uniform(0.35, 0.55)  # severely absent
    if roll < 0.17:
        return rng.uniform(0.78, 0.9)  # persistently absent
    return rng.uniform(0.93, 0.995)


@register_history
def attendance_history(
    session: Session, rng: random.Random, family_id: int, today: dt.date
) -> None:
    own = random.Random(f"attendance-{family_id}")
    terms = tuple(
        (t.starts_on, t.ends_on) for t in session.scalars(select(Term).order_by(Term.starts_on))
    )
    if not terms:
        return
    days, snapshots = _calendar(terms)
    snapshots = [d for d in snapshots if today - dt.timedelta(days=HISTORY_DAYS) <= d <= today]
    pupils = session.execute(
        select(Pupil.id, Pupil.admission_date, Pupil.left_date).where(Pupil.family_id == family_id)
    ).all()
    contacts = sorted(
        when.astimezone(LONDON).date()
        for when in session.scalars(
            select(Meeting.starts_at).where(
                Meeting.family_id == family_id, Meeting.status == MeetingStatus.HELD
            )
        )
    )
    rows = []
    for pupil_id, admitted, left in pupils:
        usual = _usual(own)
        dips = own.random() < 0.04 and usual > 0.9  # becomes persistently absent lately
        rows += _pupil_rows(
            own, pupil_id, usual, dips, admitted, left, days, snapshots, contacts, terms, today
        )
    if rows:
        session.execute(insert(AttendanceRecord), rows)
        _support_meetings(session, own, family_id, rows, today)


def _rate_on(
    day: dt.date,
    usual: float,
    dips: bool,
    contacts: list[dt.date],
    today: dt.date,
    term_start: dt.date,
) -> float:
    rate = usual
    helped = [c for c in contacts if term_start <= c < day]
    if helped and usual < 0.93:
        rate += (0.97 - usual) * 0.6  # the support helps a good part of the way
    if dips and (today - day).days < 14:
        rate = 0.05  # the last fortnight: barely in school
    return rate


def _pupil_rows(
    own, pupil_id, usual, dips, admitted, left, days, snapshots, contacts, terms, today
):
    rows = []
    possible = present = 0
    count_start: dt.date | None = None
    previous = None
    for snap in snapshots:
        start = _year_start(snap, terms)
        if count_start is None or start != count_start:
            count_start, possible, present, previous = (
                start,
                0,
                0,
                max(start, admitted or start) - dt.timedelta(days=1),
            )
        if admitted and admitted > snap:
            continue
        if left and left < snap:
            break
        lo = bisect.bisect_right(days, previous)
        hi = bisect.bisect_right(days, snap)
        block = 2 * (hi - lo)
        term_start = max((s for s, _ in terms if s <= snap), default=start)
        rate = _rate_on(snap, usual, dips, contacts, today, term_start)
        rate = min(1.0, max(0.0, rate + own.uniform(-0.03, 0.03)))
        possible += block
        present += round(block * rate)
        previous = snap
        absent = possible - present
        authorised = round(absent * own.uniform(0.4, 0.8))
        rows.append(
            {
                "pupil_id": pupil_id,
                "as_at": snap,
                "academic_year": start.year,
                "start_date": max(start, admitted) if admitted else start,
                "possible": possible,
                "present": present,
                "authorised": authorised,
                "unauthorised": absent - authorised,
                "percent": None,
                "source": SOURCE,
                "imported_at": dt.datetime.combine(snap, dt.time(16, 30), LONDON).astimezone(
                    dt.UTC
                ),
            }
        )
    return rows


def _support_meetings(
    session: Session, own: random.Random, family_id: int, rows, today: dt.date
) -> None:
    """Some families of a persistently absent pupil have had an attendance support meeting."""
    flagged = [
        r for r in rows if r["possible"] and (r["possible"] - r["present"]) * 10 >= r["possible"]
    ]
    if not flagged or own.random() > 0.5:
        return
    day = flagged[0]["as_at"] + dt.timedelta(days=own.randint(3, 12))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    if day >= today:
        return
    starts = dt.datetime.combine(day, dt.time(9, 0), LONDON).astimezone(dt.UTC)
    pupil = session.scalar(select(Pupil.id).where(Pupil.id == flagged[0]["pupil_id"]))
    session.add(
        Meeting(
            family_id=family_id,
            kind=MeetingKind.ATTENDANCE_SUPPORT,
            status=MeetingStatus.HELD,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=45),
            place="Family room",
            notes=_SUPPORT_NOTE,
            author="Demo Officer",
            created_at=starts,
            updated_at=starts,
            attendees=[MeetingAttendee(role=AttendeeRole.PUPIL, pupil_id=pupil)] if pupil else [],
        )
    )
