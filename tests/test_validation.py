"""Parsers of what people type: property tests with hypothesis, plus the cases that matter."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison import validation as v
from liaison.store import recovery


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_uk_dates_round_trip(day: dt.date) -> None:
    assert v.parse_uk_date(v.uk_date(day)) == day


@pytest.mark.parametrize("text", ["22/11/2026", "22-11-2026", "22.11.2026", " 22/11/2026 "])
def test_uk_date_forms(text: str) -> None:
    assert v.parse_uk_date(text) == dt.date(2026, 11, 22)


@pytest.mark.parametrize("text", ["31/02/2026", "2026-11-22x", "11/22/2026", "", "tomorrow"])
def test_bad_dates_say_so(text: str) -> None:
    with pytest.raises(ValueError, match="day, month and year as dd/mm/yyyy"):
        v.parse_uk_date(text)


@given(st.text(max_size=30))
def test_phone_parser_never_crashes_and_is_idempotent(text: str) -> None:
    try:
        cleaned = v.uk_phone(text)
    except ValueError:
        return
    assert cleaned is None or v.uk_phone(cleaned) == cleaned


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("07700900123", "07700 900123"),
        ("+44 7700 900123", "07700 900123"),
        ("020 7946 0000", "020 7946 0000"),
        ("0161 496 0000", "0161 496 0000"),
    ],
)
def test_uk_phone_numbers(typed: str, shown: str) -> None:
    assert v.uk_phone(typed) == shown


@given(st.from_regex(r"[0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]", fullmatch=True))
def test_upn_check_letter(body12: str) -> None:
    upn = v.upn_check_letter(body12) + body12
    assert v.upn(upn) == upn
    wrong = next(ch for ch in "ABCD" if ch != upn[0])
    with pytest.raises(ValueError):
        v.upn(wrong + body12)


@given(st.text(max_size=60))
def test_recovery_code_normaliser_never_crashes(text: str) -> None:
    result = recovery.normalise(text)
    assert result is None or len(result) == 40


def test_recovery_codes_are_unique_and_well_formed() -> None:
    codes = {recovery.generate() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert recovery.format_code(recovery.normalise(code)) == code


@given(st.integers(min_value=0, max_value=10_000_000))
def test_money_round_trips_through_what_is_shown(pence: int) -> None:
    assert v.parse_pounds(v.pounds(pence)) == pence


@pytest.mark.parametrize("text", ["abc", "-5", "nan", "12.3.4"])
def test_bad_amounts_say_so(text: str) -> None:
    with pytest.raises(ValueError, match="an amount like"):
        v.parse_pounds(text)
