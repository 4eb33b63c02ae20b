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

from sqlalchemy import exists, func, or_, select
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


def _series(session: Session, p: Period) -> list[tuple[int, int, str, list[Snap]]]:
    """(pupil, family, first language, snapshots oldest first) for pupils with sessions: each
    pupil's last snapshot on or before the period's first day (within LOOK_BACK) and those in
    the period, no more (a split day always lies in the period)."""
    r, pupil = AttendanceRecord.__table__.c, Pupil.__table__.c
    columns = (r.pupil_id, pupil.family_id, pupil.first_language, r.as_at, r.academic_year)
    sessions = (r.possible.is_not(None), r.present.is_not(None))
    # SQLite takes the bare columns of a max() query from the row holding the maximum: each
    # pupil's latest snapshot before the period, in one indexed pass.
    anchors = (
        select(*columns[:3], func.max(r.as_at), r.academic_year, r.possible, r.present)
        .join(Pupil.__table__, pupil.id == r.pupil_id)
        .where(r.as_at <= p.start, r.as_at >= p.start - LOOK_BACK, *sessions)
        .group_by(r.pupil_id)
    )
    within = (
        select(*columns, r.possible, r.present)
        .join(Pupil.__table__, pupil.id == r.pupil_id)
        .where(r.as_at > p.start, r.as_at <= p.end, *sessions)
        .order_by(r.as_at)  # the index's own order: oldest first for every pupil, no sort
    )
    # Plain columns through the connection: no ORM rows to build for tens of thousands.
    conn = session.connection()
    found: dict[int, tuple[int, int, str, list[Snap]]] = {}
    for query in (anchors, within):
        for pupil_id, family_id, language, as_at, year, possible, present in conn.execute(
            query
        ).all():
            entry = found.get(pupil_id)
            if entry is None:
                entry = found[pupil_id] = (pupil_id, family_id, language or "", [])
            entry[3].append(Snap(_date(as_at), year, possible, present))
    return list(found.values())


def _date(value: Any) -> dt.date:
    # max() hands back the stored text, the plain column a date.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _middle(days: list[dt.date], p: Period) -> dt.date:
    if not days:
        return p.start + dt.timedelta(days=(p.end - p.start).days // 2)
    return sorted(days)[(len(days) - 1) // 2]


def attendance_figures(session: Session, p: Period) -> AttendanceFigures:
    first = first_support_days(session, p)
    series = _series(session, p)
    found = AttendanceFigures(supported_families=len(first))
    split = {pupil: first[family] for pupil, family, _, _ in series if family in first}
    pairs = [(pupil, snaps) for pupil, _, _, snaps in series]
    found.supported = compare(pairs, split, p.end)
    chosen = set(found.supported.pupil_ids)
    found.comparison_day = _middle([split[pupil] for pupil in chosen], p)
    others = {pupil: found.comparison_day for pupil, family, _, _ in series if family not in first}
    found.comparison = compare(pairs, others, p.end)
    languages: dict[str, list[tuple[int, list[Snap]]]] = {}
    for pupil, _, language, snaps in series:
        if pupil in chosen:
            languages.setdefault(language, []).append((pupil, snaps))
    found.by_language = {
        language: compare(members, split, p.end) for language, members in languages.items()
    }
    return found
