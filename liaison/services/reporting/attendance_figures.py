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
from liaison.services.attendance.impact import Comparison, Snap, compare
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


# Plain text: thousands of rows come back as bare tuples (no result processing), and the dates
# stay the ISO text they are stored as, which compares in date order. Both read only the
# covering date index (ix_attendance_record_by_date), never the table.
_SELECT = (
    "SELECT pupil_id, {as_at}, academic_year, possible, present FROM attendance_record "
    "WHERE possible IS NOT NULL AND present IS NOT NULL AND "
)
# Each pupil's last snapshot before the period: SQLite takes the bare columns of a query with
# one max() from the row holding the maximum.
_ANCHORS = text(
    _SELECT.format(as_at="max(as_at)") + "as_at >= :lo AND as_at <= :start GROUP BY pupil_id"
)
_WITHIN = text(_SELECT.format(as_at="as_at") + "as_at > :start AND as_at <= :hi ORDER BY as_at")
_PUPILS = text("SELECT id, family_id, first_language FROM pupil")


def _pairs(
    session: Session, p: Period, first: dict[int, dt.date], comparison_day: dt.date
) -> list[_Pair]:
    """Each pupil's S0 (the last snapshot with sessions on or before their split day: the
    family's first support, else the comparison day) and S1 (the last in the period): from
    their last snapshot before the period and those in it, no more."""
    bounds = {
        "lo": (p.start - LOOK_BACK).isoformat(),
        "start": p.start.isoformat(),
        "hi": p.end.isoformat(),
    }
    anchors = {row[0]: row for row in session.execute(_ANCHORS, bounds).all()}
    by_pupil: dict[int, list[Any]] = {}
    for row in session.execute(_WITHIN, bounds).all():
        rows = by_pupil.get(row[0])
        if rows is None:
            anchor = anchors.get(row[0])
            rows = by_pupil[row[0]] = [anchor] if anchor is not None else []
        rows.append(row)
    splits = {family: day.isoformat() for family, day in first.items()}
    other = comparison_day.isoformat()
    out: list[_Pair] = []
    for pupil_id, family_id, language in session.execute(_PUPILS).all():
        rows = by_pupil.get(pupil_id)
        if not rows:
            continue
        split = splits.get(family_id, other)
        before = [row for row in rows if row[1] <= split]
        if before:
            out.append((pupil_id, family_id, language or "", _snap(before[-1]), _snap(rows[-1])))
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
    pairs = _pairs(session, p, first, found.comparison_day)
    supported = [x for x in pairs if x[1] in first]
    found.supported = compare((pupil, s0, s1) for pupil, _, _, s0, s1 in supported)
    found.comparison = compare((pupil, s0, s1) for pupil, f, _, s0, s1 in pairs if f not in first)
    languages: dict[str, list[tuple[int, Snap, Snap]]] = {}
    for pupil, _, language, s0, s1 in supported:
        languages.setdefault(language, []).append((pupil, s0, s1))
    found.by_language = {language: compare(members) for language, members in languages.items()}
    # A language whose pupils have no before and after to compare adds nothing to show.
    found.by_language = {k: v for k, v in found.by_language.items() if v.pupils}
    return found
