"""The attendance rules against figures worked out by hand: the rate over the pupil's own
sessions, persistent absence at 10% missed and severe at 50%, decided on whole sessions, and
no rate (nor flag) without possible sessions."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.services.attendance import Rate, academic_year
from liaison.services.attendance.rules import NONE, PERSISTENT, SEVERE


@pytest.mark.parametrize(
    ("possible", "present", "attendance", "level", "words"),
    [
        # 12 of 120 missed is exactly 10%: persistent. 11 of 120 (9.2%) is not.
        (120, 108, 90.0, PERSISTENT, "90.0% (12 of 120 sessions missed)"),
        (120, 109, 90.8, NONE, "90.8% (11 of 120 sessions missed)"),
        # Exactly half missed is severe; one session fewer is persistent only.
        (60, 30, 50.0, SEVERE, "50.0% (30 of 60 sessions missed)"),
        (60, 31, 51.7, PERSISTENT, "51.7% (29 of 60 sessions missed)"),
        # A mid-year joiner: 40 sessions of their own, 4 missed = 10%.
        (40, 36, 90.0, PERSISTENT, "90.0% (4 of 40 sessions missed)"),
        # 19 missed of 120: 84.2%, persistent; every session attended: 100%.
        (120, 101, 84.2, PERSISTENT, "84.2% (19 of 120 sessions missed)"),
        (38, 38, 100.0, NONE, "100.0% (0 of 38 sessions missed)"),
    ],
)
def test_rate_and_flags_from_sessions(
    possible: int, present: int, attendance: float, level: str, words: str
) -> None:
    rate = Rate(possible, present)
    assert rate.attendance == pytest.approx(attendance, abs=0.05)
    assert rate.missed == possible - present
    assert rate.level == level
    assert rate.describe() == words


def test_no_possible_sessions_means_no_rate_and_no_flag() -> None:
    """A pupil whose first day has not come yet: nothing to measure, nobody to worry about."""
    rate = Rate(0, 0)
    assert rate.attendance is None
    assert rate.level == NONE
    assert rate.describe() == "no sessions yet"
    assert rate.label() == ""


@pytest.mark.parametrize(
    ("percent", "level"),
    [(90.0, PERSISTENT), (90.1, NONE), (50.0, SEVERE), (50.5, PERSISTENT), (100.0, NONE)],
)
def test_percentage_only(percent: float, level: str) -> None:
    rate = Rate(None, None, percent)
    assert rate.level == level
    assert rate.has_sessions is False
    assert rate.describe() == f"{percent:.1f}% (sessions not given)"


def test_labels() -> None:
    assert Rate(10, 9).label() == "persistently absent"
    assert Rate(10, 5).label() == "severely absent"
    assert Rate(10, 10).label() == ""


def test_academic_year_starts_in_september() -> None:
    assert academic_year(dt.date(2026, 9, 1)) == 2026
    assert academic_year(dt.date(2027, 8, 31)) == 2026
    assert academic_year(dt.date(2026, 8, 31)) == 2025
