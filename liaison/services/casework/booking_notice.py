"""The agency's cancellation notice, checked when a booking is saved: a booking made (or moved)
after its free-cancellation time is charged if it is cancelled, and the officer should know."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from liaison.clock import to_local
from liaison.models import Agency, Booking, Interpreter
from liaison.models.enums import BookingStatus

OPEN = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


def late_notice(
    session: Session,
    *,
    interpreter_id: int | None,
    starts_at: dt.datetime,
    status: BookingStatus,
    booking_id: int | None,
    now: dt.datetime,
) -> list[str]:
    """A warning when a booking is made (or moved) inside its agency's cancellation notice."""
    if interpreter_id is None or status not in OPEN:
        return []
    person = session.get(Interpreter, interpreter_id)
    agency = session.get(Agency, person.agency_id) if person and person.agency_id else None
    if agency is None or not agency.cancellation_hours:
        return []
    if booking_id is not None:
        stored = session.get(Booking, booking_id)
        if stored is not None and to_local(stored.starts_at) == to_local(starts_at):
            return []  # not moved: the officer was told when it was made
    cancel_by = starts_at - dt.timedelta(hours=agency.cancellation_hours)
    if cancel_by >= now:
        return []
    return [
        f"{agency.name} charges for cancelling less than {agency.cancellation_hours} hours "
        f"before: free cancellation for this booking ended {to_local(cancel_by):%d/%m %H:%M}, so "
        "cancelling it will be charged"
    ]
