"""The period a report covers and the one it is compared with: a term from the settings, or
any date range and the same number of days just before it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from liaison.clock import LONDON
from liaison.errors import ValidationError
from liaison.services import school

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date
    end: dt.date  # inclusive
    is_term: bool = False

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def dates(self) -> str:
        return f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """UTC instants [from, to) covering the local days of the period."""
        lo = dt.datetime.combine(self.start, dt.time(0), tzinfo=LONDON).astimezone(dt.UTC)
        after = self.end + dt.timedelta(days=1)
        hi = dt.datetime.combine(after, dt.time(0), tzinfo=LONDON).astimezone(dt.UTC)
        return lo, hi


TREND_TERMS = 6


def _term_period(term: school.TermView) -> Period:
    return Period(term.name, term.starts_on, term.ends_on, is_term=True)


def range_period(start: dt.date, end: dt.date) -> Period:
    return Period(f"{start:%d/%m/%Y} to {end:%d/%m/%Y}", start, end)


def resolve(
    db: Database,
    *,
    term: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[Period, Period | None]:
    """The period asked for and the one to compare it with (None if there is no earlier term)."""
    if term is not None:
        found, before = school.term_by_name(db, term)
        return _term_period(found), _term_period(before) if before else None
    if start is None or end is None:
        raise ValidationError({"period": "choose a term, or both a start and an end date"})
    if end < start:
        raise ValidationError({"period": "the end date is before the start date"})
    period = range_period(start, end)
    before_end = start - dt.timedelta(days=1)
    return period, range_period(before_end - dt.timedelta(days=period.days - 1), before_end)


def default_term(db: Database) -> school.TermView | None:
    """The term running today, else the latest that has begun, else the first one set."""
    terms = school.list_terms(db)
    today = db.clock.today()
    begun = [t for t in terms if t.starts_on <= today]
    if begun:
        return begun[-1]
    return terms[0] if terms else None


def trend_periods(db: Database, period: Period) -> list[Period]:
    terms = [t for t in school.list_terms(db) if t.starts_on <= period.end]
    return [_term_period(t) for t in terms[-TREND_TERMS:]]
