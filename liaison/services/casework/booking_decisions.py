"""Interpreter bookings the officer must act on before the agency charges or the day comes.

Two reasons put a booking on the Today page:
- it is still only *requested* (nobody has confirmed it) and takes place by the end of the
  next school day, or its free cancellation has already ended: chase the agency, or cancel;
- it is open (requested or confirmed) and its free-cancellation window closes before the next
  school day: decide now whether it is still needed.

A booking made after the agency's cancel-by time warns when it is saved (booking_notice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from liaison.clock import LONDON
from liaison.models.enums import BookingStatus
from liaison.services.casework.interpreters import BookingView, list_bookings

if TYPE_CHECKING:
    from liaison.store.database import Database

OPEN = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


@dataclass(frozen=True)
class BookingDecision:
    booking: BookingView
    why: str  # what to do, in a few words
    urgent: bool  # the day itself, or the free-cancellation window, is about to pass


def _when(value: dt.datetime) -> str:
    return f"{value:%d/%m %H:%M}"


def decisions(db: Database, next_school_day: dt.date) -> list[BookingDecision]:
    """Bookings to confirm or cancel now, soonest deadline first."""
    now = db.clock.now()
    horizon = dt.datetime.combine(next_school_day, dt.time(0), LONDON)
    end_of_next_day = horizon + dt.timedelta(days=1)
    found: list[tuple[dt.datetime, BookingDecision]] = []
    for b in list_bookings(db, start=now.astimezone(LONDON).date()):
        if b.status not in OPEN or b.starts_at <= now:
            continue
        requested = b.status == BookingStatus.REQUESTED
        window_passed = b.cancel_by is not None and b.cancel_by < now
        if b.cancel_by is not None and now <= b.cancel_by < horizon:
            why = f"free cancellation ends {_when(b.cancel_by)}"
            if requested:
                why = "not confirmed yet; " + why
            found.append((b.cancel_by, BookingDecision(b, why, True)))
        elif requested and (b.starts_at < end_of_next_day or window_passed):
            why = "not confirmed yet"
            if window_passed:
                assert b.cancel_by is not None
                why += f"; free cancellation ended {_when(b.cancel_by)}, cancelling is charged"
            found.append((b.starts_at, BookingDecision(b, why, b.starts_at < end_of_next_day)))
    found.sort(key=lambda pair: (pair[0], pair[1].booking.id))
    return [decision for _, decision in found]
