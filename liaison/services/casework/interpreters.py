"""Interpreter directory and bookings: clash checks, costs, cancellation windows, .ics export."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison import validation as v
from liaison.clock import LONDON, to_local
from liaison.errors import NotFound, ValidationError
from liaison.i18n import languages
from liaison.models import Agency, Booking, Caregiver, Family, Interpreter
from liaison.models.enums import AuditAction, BookingStatus, InterpretingMode
from liaison.services import audit
from liaison.services.casework.booking_notice import late_notice
from liaison.services.casework.interpreter_directory import InterpreterView
from liaison.services.families.chronology import ChronologyItem, register_chronology

if TYPE_CHECKING:
    from liaison.store.database import Database

BILLING_BLOCK_MINUTES = 15


class BookingWarnings(ValidationError):
    """Problems a person may knowingly accept (a clash, a language the interpreter lacks)."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__({"booking": "; ".join(warnings)})
        self.warnings = warnings


# -- directory -----------------------------------------------------------------------------


# -- bookings ------------------------------------------------------------------------------
@dataclass
class BookingDraft:
    family_id: int
    language: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: InterpretingMode = InterpretingMode.IN_PERSON
    interpreter_id: int | None = None
    caregiver_id: int | None = None
    meeting_id: int | None = None
    dialect: str | None = None
    place: str | None = None
    status: BookingStatus = BookingStatus.REQUESTED
    agency_reference: str | None = None
    cost_pence: int | None = None  # set to override the computed cost
    notes: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        # Callers (Qt combo boxes, the CLI) may hand in the plain string values.
        self.mode = InterpretingMode(self.mode)
        self.status = BookingStatus(self.status)


@dataclass(frozen=True)
class BookingView:
    id: int
    family_id: int
    family_reference: str
    caregiver: str | None
    meeting_id: int | None
    interpreter_id: int | None
    interpreter: str | None
    agency: str | None
    language: str
    dialect: str | None
    mode: InterpretingMode
    starts_at: dt.datetime  # London
    ends_at: dt.datetime
    place: str | None
    status: BookingStatus
    agency_reference: str | None
    cost_pence: int | None
    cost_overridden: bool
    notes: str | None
    cancel_by: dt.datetime | None  # London; after this a cancellation is charged


def compute_cost(
    interpreter: Interpreter | InterpreterView | None, starts: dt.datetime, ends: dt.datetime
) -> int | None:
    """Fixed fee if there is one, else the hourly rate over billed time (15-minute blocks,
    at least the interpreter's minimum). None when nothing is known about fees."""
    if interpreter is None:
        return None
    if interpreter.fixed_fee_pence is not None:
        return interpreter.fixed_fee_pence
    if interpreter.hourly_rate_pence is None:
        return None
    minutes = max((ends - starts).total_seconds() / 60, interpreter.minimum_minutes)
    billed = math.ceil(minutes / BILLING_BLOCK_MINUTES) * BILLING_BLOCK_MINUTES
    return round(interpreter.hourly_rate_pence * billed / 60)


def check_booking(db: Database, draft: BookingDraft) -> list[str]:
    """What a careful officer would want to know before saving; empty when all is well."""
    with db.read() as session:
        return _warnings(session, draft) + _notice(session, draft, db.clock.now())


def _notice(session: Session, draft: BookingDraft, now: dt.datetime) -> list[str]:
    return late_notice(
        session,
        interpreter_id=draft.interpreter_id,
        starts_at=draft.starts_at,
        status=draft.status,
        booking_id=draft.id,
        now=now,
    )


def _warnings(session: Session, draft: BookingDraft) -> list[str]:
    warnings: list[str] = []
    if draft.interpreter_id is None:
        return warnings
    person = session.get(Interpreter, draft.interpreter_id)
    if person is None:
        raise NotFound(f"There is no interpreter with id {draft.interpreter_id}.")
    name = person.name
    if not person.active:
        warnings.append(f"{name} is marked inactive")
    wanted = draft.language[:3]
    listed = [(x.language, x.dialect) for x in person.languages if x.language[:3] == wanted]
    lang_name = languages.describe(draft.language)
    if not listed:
        warnings.append(f"{name} does not list {lang_name}")
    elif draft.dialect and not any(
        (d or "").casefold() == draft.dialect.casefold() for _, d in listed
    ):
        dialects = ", ".join(d for _, d in listed if d) or "no dialect"
        warnings.append(f"{name} lists {dialects} for {lang_name}, not {draft.dialect}")
    if person.modes and InterpretingMode(draft.mode).value not in person.modes:
        warnings.append(f"{name} does not work {InterpretingMode(draft.mode).label.lower()}")
    if draft.caregiver_id is not None:
        carer = session.get(Caregiver, draft.caregiver_id)
        if carer is not None:
            if (
                carer.interpreter_gender
                and person.gender
                and carer.interpreter_gender != person.gender
            ):
                warnings.append(
                    f"{carer.display_name} asked for a {carer.interpreter_gender} interpreter"
                )
            if (
                carer.interpreter_dialect
                and draft.dialect
                and carer.interpreter_dialect.casefold() != draft.dialect.casefold()
            ):
                warnings.append(
                    f"{carer.display_name}'s recorded dialect is {carer.interpreter_dialect}"
                )
    if draft.status.occupies:
        others = session.scalars(
            select(Booking).where(
                Booking.interpreter_id == draft.interpreter_id,
                Booking.status.in_([s for s in BookingStatus if s.occupies]),
                Booking.starts_at < draft.ends_at,
                Booking.ends_at > draft.starts_at,
            )
        )
        for other in others:
            if other.id == draft.id:
                continue
            start, end = to_local(other.starts_at), to_local(other.ends_at)
            warnings.append(
                f"{name} is already booked {start:%d/%m/%Y %H:%M}-{end:%H:%M} (booking {other.id})"
            )
    return warnings


def save_booking(db: Database, draft: BookingDraft, *, accept_warnings: bool = False) -> int:
    """Save; warnings (clashes, language, preferences) refuse unless knowingly accepted."""
    errors: dict[str, str] = {}
    if draft.starts_at.tzinfo is None or draft.ends_at.tzinfo is None:
        raise ValueError("booking times must be time-zone aware")
    if draft.ends_at <= draft.starts_at:
        errors["ends_at"] = "the end must be after the start"
    draft.language = v.collect(errors, "language", v.language_code, draft.language) or ""
    if not draft.language:
        errors.setdefault("language", "choose the language to interpret")
    if draft.cost_pence is not None and not 0 <= draft.cost_pence <= 1_000_000:
        errors["cost_pence"] = "a cost between £0 and £10,000"
    if draft.id is None and draft.starts_at < db.clock.now() - dt.timedelta(days=366):
        errors["starts_at"] = "that is more than a year ago; check the year"
    if errors:
        raise ValidationError(errors)
    now = db.clock.now()
    with db.session() as session:
        if session.get(Family, draft.family_id) is None:
            raise NotFound(f"There is no family with id {draft.family_id}.")
        if draft.caregiver_id is not None:
            carer = session.get(Caregiver, draft.caregiver_id)
            if carer is None or carer.family_id != draft.family_id:
                raise ValidationError({"caregiver_id": "that caregiver is not in this family"})
        warnings = _warnings(session, draft) + _notice(session, draft, now)
        if warnings and not accept_warnings:
            raise BookingWarnings(warnings)
        person = session.get(Interpreter, draft.interpreter_id) if draft.interpreter_id else None
        if draft.id is None:
            booking = Booking(family_id=draft.family_id, created_at=now)
            session.add(booking)
        else:
            found = session.get(Booking, draft.id)
            if found is None:
                raise NotFound(f"There is no booking with id {draft.id}.")
            booking = found
        booking.interpreter_id = draft.interpreter_id
        booking.agency_id = person.agency_id if person else None
        booking.caregiver_id, booking.meeting_id = draft.caregiver_id, draft.meeting_id
        booking.language, booking.dialect = draft.language, draft.dialect
        booking.mode = InterpretingMode(draft.mode)
        booking.starts_at, booking.ends_at = draft.starts_at, draft.ends_at
        booking.place, booking.status = draft.place, BookingStatus(draft.status)
        booking.agency_reference, booking.notes = draft.agency_reference, draft.notes
        booking.cost_overridden = draft.cost_pence is not None
        booking.cost_pence = (
            draft.cost_pence
            if draft.cost_pence is not None
            else compute_cost(person, draft.starts_at, draft.ends_at)
        )
        booking.updated_at = now
        session.flush()
        audit.record(
            session,
            db,
            AuditAction.CREATED if draft.id is None else AuditAction.CHANGED,
            entity="booking",
            entity_id=booking.id,
            family_id=booking.family_id,
            detail=booking.status.value + ("; warnings accepted" if warnings else ""),
        )
        return booking.id


def set_booking_status(db: Database, booking_id: int, status: BookingStatus | str) -> None:
    with db.session() as session:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise NotFound(f"There is no booking with id {booking_id}.")
        booking.status = BookingStatus(status)
        booking.updated_at = db.clock.now()
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="booking",
            entity_id=booking.id,
            family_id=booking.family_id,
            detail=booking.status.value,
        )


def _views(session: Session, bookings: list[Booking]) -> list[BookingView]:
    people = {p.id: p for p in session.scalars(select(Interpreter))}
    agencies = {a.id: a for a in session.scalars(select(Agency))}
    family_ids = {b.family_id for b in bookings}
    refs = dict(
        session.execute(select(Family.id, Family.reference).where(Family.id.in_(family_ids))).all()
    )
    carers = {
        c.id: c.display_name
        for c in session.scalars(select(Caregiver).where(Caregiver.family_id.in_(family_ids)))
    }
    out = []
    for b in bookings:
        agency = agencies.get(b.agency_id) if b.agency_id else None
        cancel_by = (
            to_local(b.starts_at - dt.timedelta(hours=agency.cancellation_hours))
            if agency
            else None
        )
        person = people.get(b.interpreter_id) if b.interpreter_id else None
        out.append(
            BookingView(
                b.id,
                b.family_id,
                refs.get(b.family_id, ""),
                carers.get(b.caregiver_id) if b.caregiver_id else None,
                b.meeting_id,
                b.interpreter_id,
                person.name if person else None,
                agency.name if agency else None,
                b.language,
                b.dialect,
                b.mode,
                to_local(b.starts_at),
                to_local(b.ends_at),
                b.place,
                b.status,
                b.agency_reference,
                b.cost_pence,
                b.cost_overridden,
                b.notes,
                cancel_by,
            )
        )
    return out


def list_bookings(
    db: Database,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    family_id: int | None = None,
    status: BookingStatus | None = None,
    language: str | None = None,
) -> list[BookingView]:
    """Bookings in time order; `start`/`end` are London dates, inclusive (a week view)."""
    query = select(Booking).order_by(Booking.starts_at)
    if start:
        query = query.where(Booking.starts_at >= dt.datetime.combine(start, dt.time(0), LONDON))
    if end:
        query = query.where(
            Booking.starts_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), LONDON)
        )
    if family_id is not None:
        query = query.where(Booking.family_id == family_id)
    if status is not None:
        query = query.where(Booking.status == status)
    with db.read() as session:
        views = _views(session, list(session.scalars(query)))
    if language:
        views = [b for b in views if b.language[:3] == language[:3]]
    return views


def get_booking(db: Database, booking_id: int) -> BookingView:
    with db.read() as session:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise NotFound(f"There is no booking with id {booking_id}.")
        return _views(session, [booking])[0]


def decisions_due(db: Database, until: dt.datetime) -> list[BookingView]:
    """Open bookings whose free-cancellation window closes before `until` and has not passed."""
    now = db.clock.now()
    upcoming = [
        b
        for b in list_bookings(db, start=now.astimezone(LONDON).date())
        if b.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
        and b.starts_at > now
        and b.cancel_by is not None
    ]
    return [b for b in upcoming if now <= b.cancel_by < until]


@dataclass(frozen=True)
class CostLine:
    key: str
    bookings: int
    pence: int


def costs_by(db: Database, start: dt.date, end: dt.date, by: str = "language") -> list[CostLine]:
    """Money spent on completed and no-show bookings (no-shows are charged), grouped."""
    totals: dict[str, list[int]] = {}
    for b in list_bookings(db, start=start, end=end):
        if b.status not in (BookingStatus.COMPLETED, BookingStatus.NO_SHOW):
            continue
        key = {
            "language": languages.describe(b.language),
            "agency": b.agency or "No agency",
            "interpreter": b.interpreter or "Not named",
        }[by]
        line = totals.setdefault(key, [0, 0])
        line[0] += 1
        line[1] += b.cost_pence or 0
    return sorted((CostLine(k, n, p) for k, (n, p) in totals.items()), key=lambda c: -c.pence)


def to_ics(booking: BookingView, school_name: str) -> bytes:
    """An iCalendar event for the school calendar: no family names, only the reference."""
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    cal = Calendar()
    cal.add("prodid", "-//Liaison//interpreter booking//EN")
    cal.add("version", "2.0")
    event = IcsEvent()
    event.add("uid", f"booking-{booking.id}@liaison.local")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    lang = languages.describe(booking.language)
    event.add(
        "summary",
        f"{lang} interpreter ({booking.mode.label.lower()}) - family {booking.family_reference}",
    )
    if booking.place:
        event.add("location", booking.place)
    lines = [f"School: {school_name}", f"Status: {booking.status.label}"]
    if booking.interpreter:
        lines.append(f"Interpreter: {booking.interpreter}")
    if booking.agency_reference:
        lines.append(f"Agency reference: {booking.agency_reference}")
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if booking.status == BookingStatus.CANCELLED else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()


@register_chronology
def _booking_chronology(session: Session, family: Family) -> list[ChronologyItem]:
    return [
        ChronologyItem(
            to_local(b.starts_at),
            "booking",
            f"Interpreter booking: {languages.describe(b.language)} "
            f"({b.mode.label.lower()}), {b.status.label.lower()}",
            b.id,
        )
        for b in session.scalars(select(Booking).where(Booking.family_id == family.id))
    ]
