"""Time in one place, so tests can fix it and the app shows UK local time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock:
    """The real clock. Stored datetimes are UTC; the school's calendar is Europe/London."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return self.now().astimezone(LONDON).date()


@dataclass
class FixedClock(Clock):
    """A clock that reads a set instant; tests move it with `advance`."""

    instant: dt.datetime

    def __post_init__(self) -> None:
        if self.instant.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")

    def now(self) -> dt.datetime:
        return self.instant.astimezone(dt.UTC)

    def advance(self, delta: dt.timedelta) -> None:
        self.instant = self.instant + delta


def to_local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(LONDON)
