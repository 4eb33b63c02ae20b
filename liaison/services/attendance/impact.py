"""Attendance before and after a family's first contact: the same pupils, sessions-weighted.

Snapshots count from the start of each pupil's academic year, so a pupil's attendance "before"
is their snapshot on or before the split day (S0: the family's first contact this term, or for
the comparison group a common day), and "after" is the sessions between S0 and their latest
snapshot in the period (S1): S1 minus S0 within one academic year, or S1 alone once the count
has started again (a new academic year, or figures that went down). Rates are sessions attended
over sessions possible, added up over the pupils (a pupil with more sessions weighs more).
"Moved out" of persistent or severe absence compares the flag at S0 with the flag at S1.
Pupils with only a percentage (no sessions) cannot be weighted and are left out.

Plain data in, figures out: reporting/attendance_figures.py fetches each pupil's S0 and S1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from liaison.services.attendance.rules import (
    NONE,
    PERSISTENT,
    PERSISTENT_PERCENT,
    SEVERE,
    SEVERE_PERCENT,
    Rate,
)


class Snap(NamedTuple):
    """One snapshot's sessions (a tuple: a school's worth of them is made per report)."""

    as_at: dt.date
    academic_year: int
    possible: int
    present: int

    @property
    def rate(self) -> Rate:
        return Rate(self.possible, self.present)

    @property
    def level(self) -> str:
        """The same as `rate.level` (rules.py), for a snapshot with sessions, made once per
        pupil per report without a Rate in between."""
        missed, possible = self.possible - self.present, self.possible
        if not possible:
            return NONE
        if missed * 100 >= SEVERE_PERCENT * possible:
            return SEVERE
        return PERSISTENT if missed * 100 >= PERSISTENT_PERCENT * possible else NONE


@dataclass
class Comparison:
    """Figures for one group of pupils: sessions before and after, and the flags that moved."""

    pupils: int = 0
    before_possible: int = 0
    before_present: int = 0
    after_possible: int = 0
    after_present: int = 0
    persistent_before: int = 0  # persistently absent at S0 (severe included)
    out_of_persistent: int = 0  # of those, not persistently absent at S1
    severe_before: int = 0
    out_of_severe: int = 0  # severely absent at S0, not at S1
    pupil_ids: list[int] = field(default_factory=list)

    @property
    def before_rate(self) -> float | None:
        return _percent(self.before_present, self.before_possible)

    @property
    def after_rate(self) -> float | None:
        return _percent(self.after_present, self.after_possible)

    def add(self, pupil_id: int, s0: Snap, s1: Snap) -> None:
        after_possible, after_present = after(s0, s1)
        self.pupils += 1
        self.pupil_ids.append(pupil_id)
        self.before_possible += s0.possible
        self.before_present += s0.present
        self.after_possible += after_possible
        self.after_present += after_present
        was, now = s0.level, s1.level
        if was != NONE:
            self.persistent_before += 1
            self.out_of_persistent += now == NONE
        if was == SEVERE:
            self.severe_before += 1
            self.out_of_severe += now in (NONE, PERSISTENT)


def _percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def after(s0: Snap, s1: Snap) -> tuple[int, int]:
    """Sessions possible and present between S0 and S1."""
    same_count = (
        s1.academic_year == s0.academic_year
        and s1.possible >= s0.possible
        and s1.present >= s0.present
    )
    if same_count:
        return s1.possible - s0.possible, s1.present - s0.present
    return s1.possible, s1.present


def usable(s0: Snap, s1: Snap) -> bool:
    """A before and an after to compare: sessions before, a later snapshot, sessions since."""
    return s0.possible > 0 and s1.as_at > s0.as_at and after(s0, s1)[0] > 0


def compare(pairs: Iterable[tuple[int, Snap, Snap]]) -> Comparison:
    """The pupils whose snapshots (S0 on or before their split day, S1 the last of the period)
    give a before and an after."""
    found = Comparison()
    for pupil_id, s0, s1 in pairs:
        if usable(s0, s1):
            found.add(pupil_id, s0, s1)
    return found
