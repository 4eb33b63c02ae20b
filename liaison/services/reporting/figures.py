"""The termly report's figures for one period, as SQL aggregates (never ORM objects, never a
name or a note); sections.py arranges them. What counts is described in the package."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, union
from sqlalchemy.orm import Session

from liaison.models import (
    Agency,
    Booking,
    Caregiver,
    Event,
    EventAttendance,
    EventInvite,
    Family,
    FamilyNeed,
    FriendlyMatch,
    Meeting,
    PrintedDocument,
    Pupil,
    Referral,
    Service,
)
from liaison.models.enums import BookingStatus, MeetingStatus, NeedStatus
from liaison.services.reporting.periods import Period


@dataclass(frozen=True)
class TrendPoint:
    term: str
    families_supported: int
    contacts: int


@dataclass
class Figures:
    """Exact figures for one period; breakdowns map a label to a count."""

    on_roll: int = 0
    supported: int = 0
    new_arrivals: int = 0
    languages: dict[str, int] = field(default_factory=dict)  # DfE code ("" not recorded)
    contacts: int = 0
    contacts_by_kind: dict[str, int] = field(default_factory=dict)
    contacts_by_channel: dict[str, int] = field(default_factory=dict)
    with_interpreter: int = 0
    not_held: int = 0
    families_contacted: int = 0
    no_contact: int = 0
    bookings: int = 0
    bookings_by_status: dict[str, int] = field(default_factory=dict)
    bookings_by_language: dict[str, int] = field(default_factory=dict)
    bookings_by_mode: dict[str, int] = field(default_factory=dict)
    interpreter_hours: float = 0.0
    cost_pence: int = 0
    cost_by_agency: dict[str, int] = field(default_factory=dict)
    referrals: int = 0
    referrals_by_category: dict[str, int] = field(default_factory=dict)
    referrals_by_status: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    outcome_days: list[float] = field(default_factory=list)
    needs_identified: int = 0
    needs_by_category: dict[str, int] = field(default_factory=dict)
    needs_met: int = 0
    events: int = 0
    events_by_kind: dict[str, int] = field(default_factory=dict)
    families_invited: int = 0
    attendances: int = 0
    families_attending: int = 0
    matches: int = 0
    letters: int = 0
    letters_by_template: dict[str, int] = field(default_factory=dict)
    letters_by_language: dict[str, int] = field(default_factory=dict)
    agreements: int = 0
    agreements_returned: int = 0

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.outcome_days) if self.outcome_days else None


def _count(session: Session, stmt: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def _grouped(session: Session, column: Any, *where: Any, join: Any = None) -> dict[str, int]:
    stmt = select(column, func.count())
    if join is not None:
        stmt = stmt.join_from(*join)
    rows = session.execute(stmt.where(*where).group_by(column)).all()
    return {_key(key): int(n) for key, n in rows}


def _key(value: Any) -> str:
    return "" if value is None else str(getattr(value, "value", value))


def _in_days(column: Any, p: Period) -> Any:
    return column.between(p.start, p.end)


def supported_ids(p: Period) -> Any:
    """Families given support in the period (a UNION of family ids)."""
    lo, hi = p.bounds()
    return union(
        select(Meeting.family_id).where(
            Meeting.status == MeetingStatus.HELD, Meeting.starts_at >= lo, Meeting.starts_at < hi
        ),
        select(Booking.family_id).where(
            Booking.status == BookingStatus.COMPLETED,
            Booking.starts_at >= lo,
            Booking.starts_at < hi,
        ),
        select(Referral.family_id).where(
            or_(
                _in_days(Referral.suggested_on, p),
                _in_days(Referral.referred_on, p),
                _in_days(Referral.closed_on, p),
            )
        ),
        select(EventAttendance.family_id)
        .join(Event, Event.id == EventAttendance.event_id)
        .where(EventAttendance.attended.is_(True), Event.starts_at >= lo, Event.starts_at < hi),
        select(FriendlyMatch.family_id).where(_in_days(FriendlyMatch.matched_on, p)),
    )


def contacted_ids(p: Period) -> Any:
    lo, hi = p.bounds()
    return union(
        select(Meeting.family_id).where(
            Meeting.status == MeetingStatus.HELD, Meeting.starts_at >= lo, Meeting.starts_at < hi
        ),
        select(EventAttendance.family_id)
        .join(Event, Event.id == EventAttendance.event_id)
        .where(EventAttendance.attended.is_(True), Event.starts_at >= lo, Event.starts_at < hi),
    )


def _on_roll(p: Period) -> Any:
    lo, hi = p.bounds()
    admitted = exists(
        select(Pupil.id).where(Pupil.family_id == Family.id, Pupil.admission_date <= p.end)
    )
    return and_(
        or_(Family.created_at < hi, Family.new_arrival_date <= p.end, admitted),
        or_(Family.archived_at.is_(None), Family.archived_at >= lo),
    )


def _channel(kind: str) -> str:
    return {"phone_call": "Phone", "text": "Text message"}.get(kind, "Face to face")


def figures(session: Session, p: Period) -> Figures:
    """Every figure of the report for one period, one area at a time."""
    f = Figures()
    for area in (_families, _contacts, _interpreting, _referrals, _events, _letters):
        area(session, p, f)
    return f


def _families(session: Session, p: Period, f: Figures) -> None:
    """Families."""
    f.on_roll = _count(session, select(Family.id).where(_on_roll(p)))
    supported = supported_ids(p)
    f.supported = _count(session, supported)
    f.new_arrivals = _count(session, select(Family.id).where(_in_days(Family.new_arrival_date, p)))
    ranked = (
        select(
            Caregiver.family_id,
            Caregiver.main_language,
            func.row_number()
            .over(
                partition_by=Caregiver.family_id,
                order_by=(Caregiver.is_main_contact.desc(), Caregiver.id),
            )
            .label("rank"),
        )
        .where(Caregiver.family_id.in_(supported))
        .subquery()
    )
    f.languages = _grouped(session, ranked.c.main_language, ranked.c.rank == 1)
    with_language = sum(f.languages.values())
    if f.supported > with_language:
        f.languages[""] = f.languages.get("", 0) + f.supported - with_language


def _contacts(session: Session, p: Period, f: Figures) -> None:
    """Contacts and meetings."""
    lo, hi = p.bounds()
    in_period = (Meeting.starts_at >= lo, Meeting.starts_at < hi)
    held = (Meeting.status == MeetingStatus.HELD, *in_period)
    f.contacts_by_kind = _grouped(session, Meeting.kind, *held)
    f.contacts = sum(f.contacts_by_kind.values())
    for kind, n in f.contacts_by_kind.items():
        channel = _channel(kind)
        f.contacts_by_channel[channel] = f.contacts_by_channel.get(channel, 0) + n
    f.with_interpreter = _count(
        session, select(Meeting.id).where(*held, Meeting.interpreter_present.is_(True))
    )
    f.not_held = _count(
        session,
        select(Meeting.id).where(
            Meeting.status.in_((MeetingStatus.CANCELLED, MeetingStatus.NOT_ATTENDED)), *in_period
        ),
    )
    contacted = contacted_ids(p)
    f.families_contacted = _count(session, contacted)
    f.no_contact = _count(
        session, select(Family.id).where(_on_roll(p), Family.id.not_in(contacted))
    )


def _interpreting(session: Session, p: Period, f: Figures) -> None:
    """Interpreter bookings."""
    lo, hi = p.bounds()
    booked = (Booking.starts_at >= lo, Booking.starts_at < hi)
    f.bookings_by_status = _grouped(session, Booking.status, *booked)
    f.bookings = sum(f.bookings_by_status.values())
    not_cancelled = (*booked, Booking.status != BookingStatus.CANCELLED)
    f.bookings_by_language = _grouped(session, Booking.language, *not_cancelled)
    f.bookings_by_mode = _grouped(session, Booking.mode, *not_cancelled)
    hours = session.scalar(
        select(
            func.sum((func.julianday(Booking.ends_at) - func.julianday(Booking.starts_at)) * 24)
        ).where(*booked, Booking.status == BookingStatus.COMPLETED)
    )
    f.interpreter_hours = round(float(hours or 0), 2)
    charged = (*booked, Booking.status.in_((BookingStatus.COMPLETED, BookingStatus.NO_SHOW)))
    agency = func.coalesce(Agency.name, "No agency")
    rows = session.execute(
        select(agency, func.sum(func.coalesce(Booking.cost_pence, 0)))
        .select_from(Booking)
        .outerjoin(Agency, Agency.id == Booking.agency_id)
        .where(*charged)
        .group_by(agency)
    ).all()
    f.cost_by_agency = {str(name): int(pence or 0) for name, pence in rows}
    f.cost_pence = sum(f.cost_by_agency.values())


def _referrals(session: Session, p: Period, f: Figures) -> None:
    """Referrals and needs."""
    made = _in_days(func.coalesce(Referral.referred_on, Referral.suggested_on), p)
    f.referrals_by_category = _grouped(
        session, Service.category, made, join=(Referral, Service, Referral.service_id == Service.id)
    )
    f.referrals = sum(f.referrals_by_category.values())
    f.referrals_by_status = _grouped(session, Referral.status, made)
    closed = (_in_days(Referral.closed_on, p),)
    f.outcomes = _grouped(session, Referral.status, *closed)
    f.outcome_days = [
        float(d)
        for d in session.scalars(
            select(func.julianday(Referral.closed_on) - func.julianday(Referral.referred_on)).where(
                *closed, Referral.referred_on.is_not(None)
            )
        )
    ]
    f.needs_by_category = _grouped(
        session, FamilyNeed.category, _in_days(FamilyNeed.identified_on, p)
    )
    f.needs_identified = sum(f.needs_by_category.values())
    f.needs_met = _count(
        session,
        select(FamilyNeed.id).where(
            FamilyNeed.status == NeedStatus.MET, _in_days(FamilyNeed.resolved_on, p)
        ),
    )


def _events(session: Session, p: Period, f: Figures) -> None:
    """Engagement events."""
    lo, hi = p.bounds()
    event_ids = select(Event.id).where(Event.starts_at >= lo, Event.starts_at < hi)
    f.events_by_kind = _grouped(session, Event.kind, Event.starts_at >= lo, Event.starts_at < hi)
    f.events = sum(f.events_by_kind.values())
    f.families_invited = _count(
        session,
        select(EventInvite.family_id).where(EventInvite.event_id.in_(event_ids)).distinct(),
    )
    came = (EventAttendance.event_id.in_(event_ids), EventAttendance.attended.is_(True))
    f.attendances = _count(session, select(EventAttendance.id).where(*came))
    f.families_attending = _count(
        session, select(EventAttendance.family_id).where(*came).distinct()
    )
    f.matches = _count(
        session, select(FriendlyMatch.id).where(_in_days(FriendlyMatch.matched_on, p))
    )


def _letters(session: Session, p: Period, f: Figures) -> None:
    """Letters and agreements."""
    lo, hi = p.bounds()
    printed = (PrintedDocument.printed_at >= lo, PrintedDocument.printed_at < hi)
    letter = (PrintedDocument.kind == "letter", *printed)
    f.letters_by_template = _grouped(session, PrintedDocument.template_key, *letter)
    f.letters = sum(f.letters_by_template.values())
    f.letters_by_language = _grouped(session, PrintedDocument.language, *letter)
    agreement = (PrintedDocument.kind == "agreement", *printed)
    f.agreements = _count(session, select(PrintedDocument.id).where(*agreement))
    f.agreements_returned = _count(
        session,
        select(PrintedDocument.id).where(*agreement, PrintedDocument.returned_on.is_not(None)),
    )


def trend_counts(session: Session, p: Period) -> TrendPoint:
    lo, hi = p.bounds()
    contacts = session.scalar(
        select(func.count(Meeting.id)).where(
            Meeting.status == MeetingStatus.HELD, Meeting.starts_at >= lo, Meeting.starts_at < hi
        )
    )
    return TrendPoint(p.name, _count(session, supported_ids(p)), int(contacts or 0))
