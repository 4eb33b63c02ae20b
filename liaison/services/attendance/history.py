"""A family's attendance over time: each child's figures at every snapshot, and the family's
contacts and meetings on the same time line (what the family page draws)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from liaison.clock import LONDON
from liaison.errors import NotFound
from liaison.models import AttendanceRecord, Event, EventAttendance, Family, Meeting, Pupil
from liaison.models.enums import MeetingKind, MeetingStatus
from liaison.services.attendance.rules import Rate

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass(frozen=True)
class Point:
    as_at: dt.date
    academic_year: int
    rate: Rate
    source: str


@dataclass(frozen=True)
class PupilTrend:
    pupil_id: int
    name: str
    year_group: int | None
    left_date: dt.date | None
    points: tuple[Point, ...]  # oldest first

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


@dataclass(frozen=True)
class Contact:
    """A meeting or contact with the family, or an event they came to, on the time line."""

    day: dt.date
    label: str
    held: bool  # False: booked (still to come, or not yet marked)
    support: bool  # an attendance support meeting


@dataclass(frozen=True)
class FamilyAttendance:
    pupils: tuple[PupilTrend, ...]
    contacts: tuple[Contact, ...]

    @property
    def has_figures(self) -> bool:
        return any(p.points for p in self.pupils)


def family_attendance(db: Database, family_id: int) -> FamilyAttendance:
    with db.read() as session:
        if session.get(Family, family_id) is None:
            raise NotFound(f"There is no family with id {family_id}.")
        pupils = session.scalars(
            select(Pupil).where(Pupil.family_id == family_id).order_by(Pupil.date_of_birth)
        ).all()
        records = session.execute(
            select(AttendanceRecord)
            .join(Pupil, Pupil.id == AttendanceRecord.pupil_id)
            .where(Pupil.family_id == family_id)
            .order_by(AttendanceRecord.as_at)
        ).scalars()
        by_pupil: dict[int, list[Point]] = {}
        for r in records:
            by_pupil.setdefault(r.pupil_id, []).append(
                Point(r.as_at, r.academic_year, Rate(r.possible, r.present, r.percent), r.source)
            )
        trends = tuple(
            PupilTrend(
                p.id,
                p.display_name,
                p.year_group,
                p.left_date,
                tuple(by_pupil.get(p.id, ())),
            )
            for p in pupils
        )
        return FamilyAttendance(trends, _contacts(session, family_id))


def _contacts(session, family_id: int) -> tuple[Contact, ...]:
    found: list[Contact] = []
    meetings = session.execute(
        select(Meeting.starts_at, Meeting.kind, Meeting.status).where(
            Meeting.family_id == family_id,
            Meeting.status.in_((MeetingStatus.HELD, MeetingStatus.BOOKED)),
        )
    )
    for starts_at, kind, status in meetings:
        found.append(
            Contact(
                starts_at.astimezone(LONDON).date(),
                kind.label,
                status == MeetingStatus.HELD,
                kind == MeetingKind.ATTENDANCE_SUPPORT,
            )
        )
    events = session.execute(
        select(Event.starts_at, Event.kind)
        .join(EventAttendance, EventAttendance.event_id == Event.id)
        .where(EventAttendance.family_id == family_id, EventAttendance.attended.is_(True))
        .distinct()
    )
    for starts_at, kind in events:
        found.append(Contact(starts_at.astimezone(LONDON).date(), kind.label, True, False))
    return tuple(sorted(found, key=lambda c: c.day))
