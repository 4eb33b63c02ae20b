"""The termly report's attendance figures for one period (issue 23): for pupils whose families
were supported in the period, attendance before the family's first support that period and
after it, beside the same figures for pupils whose families were not supported.

Read with SQL aggregates and plain columns (never a name or a note); the arithmetic is in
liaison.services.attendance.impact. "Supported" is the report's own definition (figures.py):
a meeting or contact held, an interpreter booking that took place, a referral, an event
attended or a Friendly Faces match; the family's first such day in the period splits each of
its pupils' attendance into before and after. Pupils not supported are split on one common
day, the middle of the supported pupils' split days (or of the period when nobody was
supported), so both groups are measured over much the same weeks.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, func, or_, select, text
from sqlalchemy.orm import Session

from liaison.clock import LONDON
from liaison.models import (
    AttendanceRecord,
    Booking,
    Event,
    EventAttendance,
    FriendlyMatch,
    Meeting,
    Pupil,
    Referral,
)
from liaison.models.enums import BookingStatus, MeetingStatus
from liaison.services.attendance.impact import Comparison, Snap, usable
from liaison.services.reporting.periods import Period

# How far before the period a "before" snapshot may lie (a summer holiday, a half-termly import).
LOOK_BACK = dt.timedelta(days=150)


@dataclass
class AttendanceFigures:
    supported_families: int = 0
    supported: Comparison = field(default_factory=Comparison)
    comparison: Comparison = field(default_factory=Comparison)
    comparison_day: dt.date | None = None
    # The supported pupils by first language (DfE code; "" not recorded).
    by_language: dict[str, Comparison] = field(default_factory=dict)


def attendance_held(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(AttendanceRecord.id.is_not(None)))))


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(LONDON).date()
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value).astimezone(LONDON).date()
    return value


def first_support_days(session: Session, p: Period) -> dict[int, dt.date]:
    """Each family supported in the period, and the first day it was (school's local date)."""
    lo, hi = p.bounds()
    grouped = [
        select(Meeting.family_id, func.min(Meeting.starts_at))
        .where(
            Meeting.status == MeetingStatus.HELD, Meeting.starts_at >= lo, Meeting.starts_at < hi
        )
        .group_by(Meeting.family_id),
        select(Booking.family_id, func.min(Booking.starts_at))
        .where(
            Booking.status == BookingStatus.COMPLETED,
            Booking.starts_at >= lo,
            Booking.starts_at < hi,
        )
        .group_by(Booking.family_id),
        select(EventAttendance.family_id, func.min(Event.starts_at))
        .join(Event, Event.id == EventAttendance.event_id)
        .where(EventAttendance.attended.is_(True), Event.starts_at >= lo, Event.starts_at < hi)
        .group_by(EventAttendance.family_id),
        select(FriendlyMatch.family_id, func.min(FriendlyMatch.matched_on))
        .where(FriendlyMatch.matched_on.between(p.start, p.end))
        .group_by(FriendlyMatch.family_id),
    ]
    found: dict[int, dt.date] = {}

    def note(family_id: int, day: dt.date) -> None:
        if p.start <= day <= p.end and day < found.get(family_id, dt.date.max):
            found[family_id] = day

    for query in grouped:
        for family_id, when in session.execute(query):
            note(family_id, _day(when))
    days = (Referral.suggested_on, Referral.referred_on, Referral.closed_on)
    in_period = or_(*(d.between(p.start, p.end) for d in days))
    for family_id, *dates in session.execute(select(Referral.family_id, *days).where(in_period)):
        for day in dates:
            if day is not None:
                note(family_id, day)
    return found


_Pair = tuple[int, int, str, Snap, Snap]  # pupil, family, first language, S0, S1


# Plain text, so rows come back as bare tuples (no result processing) and dates stay the ISO
# text they are stored as, which compares in date order. Each query hands back one row per
# pupil, whatever the school's history: the choosing happens inside SQLite, on the covering
# date index (ix_attendance_record_by_date) and the (pupil, date) index.
_SESSIONS = "possible IS NOT NULL AND present IS NOT NULL"
# Each pupil's last snapshot within dates: SQLite takes the bare columns of a query with one
# max() from the row holding the maximum.
_LAST = text(
    "SELECT pupil_id, max(as_at), academic_year, possible, present FROM attendance_record "
    f"WHERE {_SESSIONS} AND as_at > :after AND as_at <= :until GROUP BY pupil_id"
)
# The supported pupils' last snapshot on or before their family's first support: the days
# travel as one JSON object {family: day}, read as a table (json_each) that leads the join.
_BEFORE_SUPPORT = text(
    "SELECT p.id, r.as_at, r.academic_year, r.possible, r.present "
    "FROM json_each(:splits) AS s JOIN pupil AS p ON p.family_id = CAST(s.key AS INTEGER) "
    "JOIN attendance_record AS r ON r.pupil_id = p.id AND r.as_at = ("
    "SELECT max(as_at) FROM attendance_record WHERE pupil_id = p.id AND as_at <= s.value "
    f"AND as_at > :after AND {_SESSIONS})"
)
_PUPILS = text("SELECT id, family_id, first_language FROM pupil")


def _pairs(
    session: Session, p: Period, first: dict[int, dt.date], comparison_day: dt.date
) -> list[_Pair]:
    """Each pupil's S0 (the last snapshot with sessions on or before their split day: the
    family's first support, else the comparison day, within LOOK_BACK of the period) and S1
    (the last in the period)."""
    lo = (p.start - LOOK_BACK - dt.timedelta(days=1)).isoformat()

    def last(after: str, until: dt.date) -> dict[int, Any]:
        rows = session.execute(_LAST, {"after": after, "until": until.isoformat()}).all()
        return {row[0]: row for row in rows}

    s1 = last(p.start.isoformat(), p.end)
    others = last(lo, comparison_day)
    splits = json.dumps({str(family): day.isoformat() for family, day in first.items()})
    found = session.execute(_BEFORE_SUPPORT, {"splits": splits, "after": lo}).all()
    supported = {row[0]: row for row in found}
    out: list[_Pair] = []
    for pupil_id, family_id, language in session.execute(_PUPILS).all():
        after = s1.get(pupil_id)
        before = (supported if family_id in first else others).get(pupil_id)
        if after is not None and before is not None:
            out.append((pupil_id, family_id, language or "", _snap(before), _snap(after)))
    return out


def _snap(row: Any) -> Snap:
    return Snap(_date(row[1]), row[2], row[3], row[4])


def _date(value: Any) -> dt.date:
    # max() hands back the stored text, the plain column a date.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _middle(days: list[dt.date], p: Period) -> dt.date:
    if not days:
        return p.start + dt.timedelta(days=(p.end - p.start).days // 2)
    return sorted(days)[(len(days) - 1) // 2]


def _comparison_day(session: Session, first: dict[int, dt.date], p: Period) -> dt.date:
    """The middle of the supported families' first contacts, counted once per pupil."""
    if not first:
        return _middle([], p)
    pupils = session.execute(
        select(Pupil.family_id, func.count())
        .where(Pupil.family_id.in_(first))
        .group_by(Pupil.family_id)
    ).all()
    return _middle([first[family] for family, n in pupils for _ in range(n)], p)


def attendance_figures(session: Session, p: Period) -> AttendanceFigures:
    first = first_support_days(session, p)
    found = AttendanceFigures(supported_families=len(first))
    found.comparison_day = _comparison_day(session, first, p)
    for pupil, family, language, s0, s1 in _pairs(session, p, first, found.comparison_day):
        if not usable(s0, s1):
            continue
        if family in first:
            found.supported.add(pupil, s0, s1)
            found.by_language.setdefault(language, Comparison()).add(pupil, s0, s1)
        else:
            found.comparison.add(pupil, s0, s1)
    return found
