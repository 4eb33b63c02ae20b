"""The rules, stated once: an attendance rate and the DfE absence flags, with the sessions
behind each figure.

- The rate is over the pupil's own possible sessions: a pupil who joined in January is measured
  from January, not from September.
- Persistent absence: missing 10% or more of possible sessions; severe absence: 50% or more
  (the DfE's definitions). Both are decided on whole sessions (missed x 10 >= possible), never
  on a rounded percentage, so 12 missed of 120 is persistent and 11 is not.
- No possible sessions yet (a pupil whose first day is tomorrow): no rate and no flag.
- Only a percentage (an export without sessions): the same thresholds on the percentage
  (90% or less attending is persistent), and the figure says the sessions are unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PERSISTENT_PERCENT = 10  # missing this share of sessions or more
SEVERE_PERCENT = 50
NONE, PERSISTENT, SEVERE = "", "persistent", "severe"
_ORDER = {NONE: 0, PERSISTENT: 1, SEVERE: 2}


def academic_year(day: dt.date) -> int:
    """The year an academic year starts: 1 September 2026 to 31 August 2027 is 2026."""
    return day.year if day.month >= 9 else day.year - 1


def worse(level: str, than: str) -> bool:
    return _ORDER[level] > _ORDER[than]


@dataclass(frozen=True)
class Rate:
    """A pupil's attendance to a date: sessions possible and present, or only a percentage."""

    possible: int | None
    present: int | None
    percent: float | None = None

    @property
    def has_sessions(self) -> bool:
        return self.possible is not None and self.present is not None

    @property
    def missed(self) -> int | None:
        if not self.has_sessions:
            return None
        assert self.possible is not None and self.present is not None
        return self.possible - self.present

    @property
    def attendance(self) -> float | None:
        """Per cent of possible sessions attended; None with no sessions yet."""
        if self.has_sessions:
            assert self.possible is not None and self.present is not None
            return 100.0 * self.present / self.possible if self.possible else None
        return self.percent

    @property
    def level(self) -> str:
        """NONE, PERSISTENT or SEVERE."""
        missed = self.missed
        if missed is not None and self.possible:
            if missed * 100 >= SEVERE_PERCENT * self.possible:
                return SEVERE
            if missed * 100 >= PERSISTENT_PERCENT * self.possible:
                return PERSISTENT
            return NONE
        if self.possible == 0 or self.percent is None:
            return NONE
        if 100 - self.percent >= SEVERE_PERCENT:
            return SEVERE
        return PERSISTENT if 100 - self.percent >= PERSISTENT_PERCENT else NONE

    def describe(self) -> str:
        """'84.2% (19 of 120 sessions missed)', 'no sessions yet', '91.0% (sessions not given)'."""
        value = self.attendance
        if value is None:
            return "no sessions yet"
        if not self.has_sessions:
            return f"{value:.1f}% (sessions not given)"
        return f"{value:.1f}% ({self.missed} of {self.possible} sessions missed)"

    def label(self) -> str:
        """The flag in words: 'persistently absent', 'severely absent' or ''."""
        return {NONE: "", PERSISTENT: "persistently absent", SEVERE: "severely absent"}[self.level]
