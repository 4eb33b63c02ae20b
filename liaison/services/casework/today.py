"""The Today page: what the officer must do or must not forget, computed from the records.

Rules (settings hold the numbers):
- meetings booked today, and for the rest of this week (Monday to Sunday);
- actions not done whose due date falls before the next school day (so on a Friday, or on
  the last day before a holiday, what falls due over the break shows now), overdue ones first;
- check-ins whose date falls before the next school day;
- families with no contact for longer than the rule, counted in school days: 6 weeks by
  default, 2 weeks for new arrivals in their first term. Contact is a meeting held, a call or
  text recorded, or attendance at an event. A reminder the officer snoozed (with a reason,
  services.casework.snoozes) stays away until its day;
- new arrivals (in the last year) with no admissions / Day 1 meeting booked or held;
- booked meetings of the last 60 days whose time has passed, to mark held or cancelled;
- interpreter bookings whose free-cancellation window closes before the next school day, and
  requested ones nobody has confirmed that take place by the end of the next school day;
- referral follow-ups due before the next school day;
- support first: pupils newly persistently or severely absent whose family has had no recent
  contact (services.attendance.support states the rule).
Archived families never appear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from liaison.clock import LONDON
from liaison.models import Action, Event, EventAttendance, Family, Meeting
from liaison.models.enums import MeetingKind, MeetingStatus
from liaison.services import school
from liaison.services.attendance.support import SupportLine, support_first
from liaison.services.casework import snoozes
from liaison.services.casework.booking_decisions import BookingDecision, decisions
from liaison.services.casework.meetings import MeetingView, list_meetings
from liaison.services.casework.referrals import ReferralView, list_referrals
from liaison.services.families import family_titles, is_new_arrival
from liaison.services.school.calendar import SchoolCalendar

if TYPE_CHECKING:
    from liaison.store.database import Database

SCHOOL_DAYS_PER_WEEK = 5


@dataclass(frozen=True)
class TodayLine:
    kind: str  # meeting | action | check_in | no_contact | no_day1
    family_id: int
    reference: str
    family: str
    when: dt.date
    text: str
    ref_id: int | None = None
    overdue: bool = False


@dataclass
class TodayPage:
    today: dt.date
    next_school_day: dt.date
    meetings_today: list[MeetingView] = field(default_factory=list)
    meetings_this_week: list[MeetingView] = field(default_factory=list)
    actions: list[TodayLine] = field(default_factory=list)
    check_ins: list[TodayLine] = field(default_factory=list)
    no_contact: list[TodayLine] = field(default_factory=list)
    no_day1: list[TodayLine] = field(default_factory=list)
    # Booked meetings whose time has passed: held, cancelled or not attended?
    to_update: list[MeetingView] = field(default_factory=list)
    # Interpreter bookings to confirm or cancel: unconfirmed ones soon, and those whose free
    # cancellation ends before the next school day.
    booking_decisions: list[BookingDecision] = field(default_factory=list)
    referral_follow_ups: list[ReferralView] = field(default_factory=list)
    # The family's name for every family on the page (referrals and bookings carry only ids).
    family_names: dict[int, str] = field(default_factory=dict)
    # "No contact" reminders hidden today because the officer snoozed them.
    snoozed: int = 0
    # Families to reach about attendance (issue 23), siblings together.
    support_first: list[SupportLine] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.meetings_today)
            + len(self.actions)
            + len(self.check_ins)
            + len(self.no_contact)
            + len(self.no_day1)
            + len(self.to_update)
            + len(self.booking_decisions)
            + len(self.referral_follow_ups)
            + len(self.support_first)
        )


def _local_date(value: str | dt.datetime) -> dt.date:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(LONDON).date()


@dataclass
class _Records:
    """What the family rules read, in a few queries for the whole school."""

    families: list[Any]  # id, created_at, new_arrival_date, next_check_in_on (not archived)
    actions: list[Any]  # id, family_id, what, due_on, owner (not done, due before the horizon)
    last_contact: dict[int, dt.date]  # a meeting held or an event attended
    with_day1: set[int]  # families with an admissions meeting booked or held

    @property
    def active(self) -> set[int]:
        return {row.id for row in self.families}


# A line before its family's name is known: (kind, family_id, when, text, extra fields).
_Raw = tuple[str, int, dt.date, str, dict[str, object]]


def compute(db: Database, today: dt.date | None = None) -> TodayPage:
    today = today or db.clock.today()
    calendar = SchoolCalendar(school.list_terms(db))
    horizon = calendar.next_school_day(today)
    page = TodayPage(today, horizon, support_first=support_first(db, today, calendar))
    records = _records(db, today, horizon)
    active = records.active
    _meetings(db, page, active)
    raw: dict[str, list[_Raw]] = {
        "actions": _action_lines(records, today),
        "check_ins": _check_in_lines(records, today, horizon),
        "no_contact": _no_contact_lines(db, page, records, calendar),
        "no_day1": _no_day1_lines(records, today),
    }
    # The window must be acted on by the end of the last school day before it closes.
    page.booking_decisions = [d for d in decisions(db, horizon) if d.booking.family_id in active]
    page.referral_follow_ups = [
        r for r in list_referrals(db, follow_up_before=horizon) if r.family_id in active
    ]
    _name_lines(db, page, raw)
    return page


def _meetings(db: Database, page: TodayPage, active: set[int]) -> None:
    """Today's meetings, the rest of this week's, and booked ones whose time has passed."""
    today = page.today
    week_end = today + dt.timedelta(days=6 - today.weekday())
    meetings = [
        m
        for m in list_meetings(db, start=today, end=week_end)
        if m.status in (MeetingStatus.BOOKED, MeetingStatus.HELD)
    ]
    page.meetings_today = [m for m in meetings if m.starts_at.date() == today]
    page.meetings_this_week = [
        m for m in meetings if m.starts_at.date() > today and m.status == MeetingStatus.BOOKED
    ]
    now = db.clock.now()
    page.to_update = [
        m
        for m in list_meetings(db, start=today - dt.timedelta(days=60), status=MeetingStatus.BOOKED)
        if m.starts_at < now and (m.ends_at or m.starts_at) < now and m.family_id in active
    ]


def _records(db: Database, today: dt.date, horizon: dt.date) -> _Records:
    with db.read() as session:
        families = session.execute(
            select(
                Family.id, Family.created_at, Family.new_arrival_date, Family.next_check_in_on
            ).where(Family.archived_at.is_(None))
        ).all()
        actions = session.execute(
            select(Action.id, Action.family_id, Action.what, Action.due_on, Action.owner)
            .where(Action.done_on.is_(None), Action.due_on < horizon)
            .order_by(Action.due_on, Action.id)
        ).all()
        contact: dict[int, dt.date] = {}
        held = session.execute(
            select(Meeting.family_id, func.max(Meeting.starts_at))
            .where(Meeting.status == MeetingStatus.HELD)
            .group_by(Meeting.family_id)
        ).all()
        for family_id, latest in held:
            contact[family_id] = _local_date(latest)
        attended = session.execute(
            select(EventAttendance.family_id, func.max(Event.starts_at))
            .join(Event, Event.id == EventAttendance.event_id)
            .where(EventAttendance.attended.is_(True))
            .group_by(EventAttendance.family_id)
        ).all()
        for family_id, latest in attended:
            day = _local_date(latest)
            if day <= today and day > contact.get(family_id, dt.date.min):
                contact[family_id] = day
        with_day1 = set(
            session.scalars(
                select(Meeting.family_id).where(
                    Meeting.kind == MeetingKind.ADMISSIONS,
                    Meeting.status.in_((MeetingStatus.BOOKED, MeetingStatus.HELD)),
                )
            )
        )
    return _Records(list(families), list(actions), contact, with_day1)


def _action_lines(records: _Records, today: dt.date) -> list[_Raw]:
    """Actions not done, due before the next school day, of families not archived."""
    active = records.active
    return [
        (
            "action",
            family_id,
            due_on,
            f"{what} ({owner.label.lower()})",
            {"ref_id": action_id, "overdue": due_on < today},
        )
        for action_id, family_id, what, due_on, owner in records.actions
        if family_id in active
    ]


def _check_in_lines(records: _Records, today: dt.date, horizon: dt.date) -> list[_Raw]:
    return [
        (
            "check_in",
            row.id,
            row.next_check_in_on,
            "Check-in due",
            {"overdue": row.next_check_in_on < today},
        )
        for row in records.families
        if row.next_check_in_on is not None and row.next_check_in_on < horizon
    ]


def _no_contact_lines(
    db: Database, page: TodayPage, records: _Records, calendar: SchoolCalendar
) -> list[_Raw]:
    """Families past the contact rule in school days (snoozed ones counted, not listed)."""
    today = page.today
    snoozed = snoozes.active(db, today)
    weeks = int(school.get_setting(db, "contact_rule_weeks"))
    new_weeks = int(school.get_setting(db, "contact_rule_new_arrival_weeks"))
    lines: list[_Raw] = []
    for row in records.families:
        arrival = row.new_arrival_date
        new_in_first_term = arrival is not None and today <= calendar.first_term_end(arrival)
        limit_weeks = new_weeks if new_in_first_term else weeks
        last = records.last_contact.get(row.id)
        since = last or max(_local_date(row.created_at), arrival or dt.date.min)
        gap = calendar.school_days_between(since, today)
        if gap <= limit_weeks * SCHOOL_DAYS_PER_WEEK:
            continue
        if row.id in snoozed:
            page.snoozed += 1
            continue
        text = (
            f"No contact since {since:%d/%m/%Y}"
            if last
            else f"No contact recorded since {since:%d/%m/%Y}"
        )
        rule = f" ({gap} school days; rule {limit_weeks} weeks"
        lines.append(
            (
                "no_contact",
                row.id,
                since,
                text + rule + (", new arrival)" if new_in_first_term else ")"),
                {},
            )
        )
    return lines


def _no_day1_lines(records: _Records, today: dt.date) -> list[_Raw]:
    return [
        (
            "no_day1",
            row.id,
            row.new_arrival_date,
            f"Arrived {row.new_arrival_date:%d/%m/%Y}; no Day 1 meeting",
            {},
        )
        for row in records.families
        if is_new_arrival(row.new_arrival_date, today) and row.id not in records.with_day1
    ]


def _name_lines(db: Database, page: TodayPage, raw: dict[str, list[Any]]) -> None:
    """Each line with its family's reference and name, in date order. Titles only for the
    families listed (a few dozen, not thousands), bookings and referrals included."""
    listed = {family_id for lines in raw.values() for _, family_id, _, _, _ in lines}
    listed |= {r.family_id for r in page.referral_follow_ups}
    listed |= {d.booking.family_id for d in page.booking_decisions}
    with db.read() as session:
        titles = family_titles(session, sorted(listed))
    page.family_names = {fid: title for fid, (_, title, _) in titles.items()}
    for name, lines in raw.items():
        made = [
            TodayLine(kind, fid, titles[fid][0], titles[fid][1], when, text, **extra)
            for kind, fid, when, text, extra in lines
        ]
        made.sort(key=lambda x: (x.when, x.reference))
        setattr(page, name, made)
