"""Support first: the families to reach now about attendance (a rule on the Today page).

A pupil needs support first when, at their latest snapshot, they have become persistently or
severely absent (or gone from persistent to severe) since their snapshot before, and the family
has had no contact in the last N school days (the setting `attendance_contact_school_days`,
10 by default; contact is a meeting or call held, or an event attended). A pupil's first
snapshot counts as "become" only if the school already held snapshots before it (a joiner); the
very first import is a baseline, not a list of every absent pupil. A flag resting on fewer
than 20 possible sessions (two school weeks) waits for more. Pupils who have left and archived
families never show; nor does a family with an attendance support meeting booked.
Siblings are shown together: the family's line names every child now at 90% or below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, or_, select, text

from liaison.clock import LONDON
from liaison.models import AttendanceRecord, Event, EventAttendance, Family, Meeting, Pupil
from liaison.models.enums import MeetingKind, MeetingStatus
from liaison.services import school
from liaison.services.attendance.rules import NONE, Rate, worse
from liaison.services.families import family_titles
from liaison.services.school.calendar import SchoolCalendar
from liaison.validation import year_label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from liaison.store.database import Database

SETTING = "attendance_contact_school_days"
# How far back from the newest snapshot a pupil's latest and previous figures are looked for:
# a summer holiday and a half-termly export fit; a pupil gone from the MIS for longer does not.
RECENT = dt.timedelta(days=150)
# A flag on fewer sessions than two school weeks is noise (2 missed of 10 is "20% absent"):
# the first days of a year, or of a joiner, do not put a family on Today.
MIN_SESSIONS = 20
DEFAULT_SCHOOL_DAYS = 10
_WORDS = {2: "Two", 3: "Three", 4: "Four", 5: "Five"}


@dataclass(frozen=True)
class SupportPupil:
    pupil_id: int
    name: str
    year_group: int | None
    rate: Rate
    newly: bool  # became persistently or severely absent at this snapshot

    def describe(self) -> str:
        year = year_label(self.year_group)
        flag = self.rate.label()
        return (
            f"{self.name}{f' ({year})' if year else ''} {self.rate.describe()}"
            + (f", {flag}" if flag else "")
            + (" since the last snapshot" if self.newly else "")
        )


@dataclass(frozen=True)
class SupportLine:
    """One family to support first, with each of its children at 90% or below."""

    family_id: int
    reference: str
    family: str
    as_at: dt.date
    pupils: tuple[SupportPupil, ...]
    last_contact: dt.date | None

    @property
    def text(self) -> str:
        n = len(self.pupils)
        head = (
            f"{_WORDS.get(n, str(n))} children in this family are at 90% or below: "
            if n > 1
            else ""
        )
        contact = (
            f"last contact {self.last_contact:%d/%m/%Y}" if self.last_contact else "no contact yet"
        )
        return (
            head
            + "; ".join(p.describe() for p in self.pupils)
            + f" (as at {self.as_at:%d/%m/%Y}; {contact})."
        )


def school_days(db: Database) -> int:
    value = school.get_setting(db, SETTING)
    return int(value) if value is not None else DEFAULT_SCHOOL_DAYS


def support_first(
    db: Database, today: dt.date | None = None, calendar: SchoolCalendar | None = None
) -> list[SupportLine]:
    today = today or db.clock.today()
    calendar = calendar or SchoolCalendar(school.list_terms(db))
    quiet_days = school_days(db)
    with db.read() as session:
        first = session.scalar(select(func.min(AttendanceRecord.as_at)))
        if first is None:
            return []
        newest = session.scalar(
            select(func.max(AttendanceRecord.as_at)).where(AttendanceRecord.as_at <= today)
        )
        if newest is None:
            return []
        latest = _latest_two(session, today, newest - RECENT)
        flagged = _flagged(latest, first)
        if not flagged:
            return []
        families = set(flagged)
        contacts = _last_contacts(session, families, today)
        booked = _support_booked(session, families, db.clock.now())
        lines = []
        for family_id, pupils in flagged.items():
            last = contacts.get(family_id)
            recent = last is not None and calendar.school_days_between(last, today) < quiet_days
            if recent or family_id in booked:
                continue
            lines.append((family_id, pupils, last))
        titles = family_titles(session, sorted(f for f, _, _ in lines))
    made = [
        SupportLine(
            family_id,
            titles[family_id][0],
            titles[family_id][1],
            max(as_at for _, as_at in pupils),
            tuple(sorted((p for p, _ in pupils), key=_sort_key)),
            last,
        )
        for family_id, pupils, last in lines
    ]
    # The severely absent first, then the lowest attendance.
    made.sort(key=lambda x: (min(_sort_key(p) for p in x.pupils), x.reference))
    return made


def _sort_key(p: SupportPupil) -> tuple[int, float]:
    return (0 if p.rate.level == "severe" else 1, p.rate.attendance or 0.0)


@dataclass
class _Latest:
    pupil_id: int
    family_id: int
    name: str
    year_group: int | None
    as_at: dt.date
    rate: Rate
    before: Rate | None = None


# Each pupil's latest figures (SQLite takes the bare columns of a query with one max() from
# the row holding the maximum) and the ones before them, one row per pupil, read from the
# covering date index and the (pupil, date) index; dates stay ISO text.
_LATEST_TWO = text(
    "SELECT l.pupil_id, l.as_at, l.possible, l.present, l.percent, "
    "r.possible, r.present, r.percent FROM ("
    "SELECT pupil_id, max(as_at) AS as_at, possible, present, percent FROM attendance_record "
    "WHERE as_at <= :today AND as_at >= :since GROUP BY pupil_id) AS l "
    "LEFT JOIN attendance_record AS r ON r.pupil_id = l.pupil_id AND r.as_at = ("
    "SELECT max(as_at) FROM attendance_record "
    "WHERE pupil_id = l.pupil_id AND as_at < l.as_at AND as_at >= :since)"
)


def _latest_two(session: Session, today: dt.date, since: dt.date) -> list[_Latest]:
    """Each current pupil's latest record since `since`, and the one before it (the recent
    history only: a school's three years would be ten times the rows)."""
    bounds = {"today": today.isoformat(), "since": since.isoformat()}
    figures = {row[0]: row for row in session.execute(_LATEST_TWO, bounds).all()}
    pupils = session.execute(
        select(
            Pupil.id,
            Pupil.family_id,
            Pupil.given_name,
            Pupil.preferred_name,
            Pupil.year_group,
            Pupil.family_name,
        )
        .join(Family, Family.id == Pupil.family_id)
        .where(
            Family.archived_at.is_(None),
            Pupil.archived_at.is_(None),
            or_(Pupil.left_date.is_(None), Pupil.left_date > today),
        )
    ).all()
    out: list[_Latest] = []
    for pupil_id, family_id, given, preferred, year, family in pupils:
        row = figures.get(pupil_id)
        if row is None:
            continue
        latest = _Latest(
            pupil_id,
            family_id,
            f"{preferred or given} {family}",
            year,
            dt.date.fromisoformat(row[1]),
            Rate(row[2], row[3], row[4]),
        )
        if any(x is not None for x in row[5:]):
            latest.before = Rate(row[5], row[6], row[7])
        out.append(latest)
    return out


def _enough(rate: Rate) -> bool:
    return not rate.has_sessions or (rate.possible or 0) >= MIN_SESSIONS


def _flagged(
    latest: list[_Latest], first_snapshot: dt.date
) -> dict[int, list[tuple[SupportPupil, dt.date]]]:
    """Families with a child newly flagged, and every child of theirs at 90% or below."""
    below: dict[int, list[tuple[SupportPupil, dt.date]]] = {}
    newly: set[int] = set()
    for x in latest:
        if x.rate.level == NONE:
            continue
        if not _enough(x.rate):
            continue
        if x.before is not None:
            # A flag the snapshot before rested on too few sessions was never acted on.
            was = x.before.level if _enough(x.before) else NONE
            new = worse(x.rate.level, was)
        else:
            new = x.as_at > first_snapshot  # a joiner since the first import
        pupil = SupportPupil(x.pupil_id, x.name, x.year_group, x.rate, new)
        below.setdefault(x.family_id, []).append((pupil, x.as_at))
        if new:
            newly.add(x.family_id)
    return {f: pupils for f, pupils in below.items() if f in newly}


def _last_contacts(session: Session, families: set[int], today: dt.date) -> dict[int, dt.date]:
    """The last day (up to today) each family had a meeting or call held, or came to an event."""
    until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), LONDON)
    found: dict[int, dt.date] = {}
    held = session.execute(
        select(Meeting.family_id, func.max(Meeting.starts_at))
        .where(
            Meeting.family_id.in_(families),
            Meeting.status == MeetingStatus.HELD,
            Meeting.starts_at < until,
        )
        .group_by(Meeting.family_id)
    )
    came = session.execute(
        select(EventAttendance.family_id, func.max(Event.starts_at))
        .join(Event, Event.id == EventAttendance.event_id)
        .where(
            EventAttendance.family_id.in_(families),
            EventAttendance.attended.is_(True),
            Event.starts_at < until,
        )
        .group_by(EventAttendance.family_id)
    )
    for family_id, when in [*held, *came]:
        if when is None:
            continue
        value = when if isinstance(when, dt.datetime) else dt.datetime.fromisoformat(when)
        day = value.astimezone(LONDON).date()
        if day > found.get(family_id, dt.date.min):
            found[family_id] = day
    return found


def _support_booked(session: Session, families: set[int], now: dt.datetime) -> set[int]:
    return set(
        session.scalars(
            select(Meeting.family_id).where(
                and_(
                    Meeting.family_id.in_(families),
                    Meeting.kind == MeetingKind.ATTENDANCE_SUPPORT,
                    Meeting.status == MeetingStatus.BOOKED,
                    Meeting.starts_at >= now - dt.timedelta(days=1),
                )
            )
        )
    )
