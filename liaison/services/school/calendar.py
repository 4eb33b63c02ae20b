"""School days: weekdays inside a configured term (or every weekday when no terms are set).

The Today rules count time in school days, so a half-term holiday does not make every family
look neglected, and anything due over a weekend or a holiday shows on the last school day before.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

from liaison.services.school.terms import TermView


class SchoolCalendar:
    def __init__(self, terms: Sequence[TermView]) -> None:
        self.terms = sorted(terms, key=lambda t: t.starts_on)
        self._starts = [t.starts_on for t in self.terms]
        # A running count of school days over [_origin, _until], grown on demand.
        self._origin: dt.date | None = None
        self._until: dt.date | None = None
        self._running: list[int] = []

    def term_of(self, day: dt.date) -> TermView | None:
        index = bisect.bisect_right(self._starts, day) - 1
        if index >= 0 and self.terms[index].contains(day):
            return self.terms[index]
        return None

    def is_school_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        return not self.terms or self.term_of(day) is not None

    def next_school_day(self, after: dt.date) -> dt.date:
        """The first school day strictly after `after` (a weekday if no term lies ahead)."""
        day = after + dt.timedelta(days=1)
        last = self.terms[-1].ends_on if self.terms else after
        while not self.is_school_day(day):
            if self.terms and day > last:
                # Beyond the last configured term: fall back to weekdays.
                while day.weekday() >= 5:
                    day += dt.timedelta(days=1)
                return day
            day += dt.timedelta(days=1)
        return day

    def school_days_between(self, start: dt.date, end: dt.date) -> int:
        """School days in (start, end]; a running count makes thousands of calls cheap."""
        if end <= start:
            return 0
        # Both ends must be read from the same running count: growing it for one end moves
        # its origin, and a count read before that would no longer be comparable.
        self._cover(start, end)
        return self._count_to(end) - self._count_to(start)

    def _cover(self, low: dt.date, high: dt.date) -> None:
        origin, until = self._origin, self._until
        if origin is None or until is None or low < origin or high > until:
            self._build(min(low, origin or low), max(high, until or high))

    def _count_to(self, day: dt.date) -> int:
        """School days from an internal origin up to and including `day` (within the count)."""
        self._cover(day, day)
        assert self._origin is not None
        return self._running[(day - self._origin).days]

    def _build(self, first: dt.date, last: dt.date) -> None:
        low = first - dt.timedelta(days=400)
        high = last + dt.timedelta(days=400)
        running, total = [], 0
        current = low
        while current <= high:
            total += self.is_school_day(current)
            running.append(total)
            current += dt.timedelta(days=1)
        self._origin, self._until, self._running = low, high, running

    def first_term_end(self, arrival: dt.date) -> dt.date:
        """The end of the first term a family arriving on `arrival` spends at school."""
        for term in self.terms:
            if term.ends_on >= arrival:
                return term.ends_on
        return arrival + dt.timedelta(weeks=13)
