"""The day a reply slip should be back by, when the officer has not chosen one.

A deadline on the event's own day is no deadline: the slips come back as the coach leaves. The
default is three school days before the event (time to chase the ones not returned), never
earlier than tomorrow; an event tomorrow or sooner gets no "return by" line at all.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from liaison.errors import ValidationError

if TYPE_CHECKING:
    from liaison.services.school.calendar import SchoolCalendar
    from liaison.store.database import Database

LEAD_SCHOOL_DAYS = 3


def default_deadline(
    event: dt.date, today: dt.date, calendar: SchoolCalendar | None = None
) -> dt.date | None:
    """Three school days before `event` (weekdays when no calendar is given), else tomorrow if
    that is still before the event, else None."""
    day, counted = event, 0
    for _ in range(366):
        day -= dt.timedelta(days=1)
        counted += _school_day(day, calendar)
        if counted == LEAD_SCHOOL_DAYS:
            break
    tomorrow = today + dt.timedelta(days=1)
    if day >= tomorrow:
        return day
    return tomorrow if tomorrow < event else None


def _school_day(day: dt.date, calendar: SchoolCalendar | None) -> bool:
    # Beyond the last term the school has entered, weekdays count (as in SchoolCalendar).
    if calendar is None or not calendar.terms or day > calendar.terms[-1].ends_on:
        return day.weekday() < 5
    return calendar.is_school_day(day)


def school_calendar(db: Database) -> SchoolCalendar:
    from liaison.services import school

    return school.SchoolCalendar(school.list_terms(db))


def check_deadline(deadline: dt.date, event: dt.date | None, today: dt.date) -> None:
    """A deadline the officer typed: not after the event, not already past."""
    if event is not None and deadline > event:
        raise ValidationError(
            {"deadline": f"the reply deadline is after the day itself ({event:%d/%m/%Y})"}
        )
    if deadline < today:
        raise ValidationError({"deadline": f"the reply deadline {deadline:%d/%m/%Y} has passed"})
