"""Checks for what people type: UK phone numbers, emails, postcodes, UPNs, dates.

Each function returns the cleaned value or raises ValueError with a message fit to show next to
the field.
"""

from __future__ import annotations

import datetime as dt
import re

from liaison.i18n import languages

_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def collect(errors: dict[str, str], key: str, fn, *args, **kwargs):
    """Run one parser; on ValueError note its message under `key` and return None, so a form
    is checked whole and every field at fault is named at once."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        errors[key] = str(exc)
        return None


def clean_text(value: str | None, *, max_len: int, required: bool = False) -> str | None:
    # Runs of white space to one space, trimmed (str.split's white space is re's \s).
    text = " ".join((value or "").split())
    if not text:
        if required:
            raise ValueError("this is required")
        return None
    if len(text) > max_len:
        raise ValueError(f"keep this under {max_len} characters")
    return text


def uk_phone(value: str | None) -> str | None:
    """A UK number in the usual spacing, or an international number starting with +."""
    text = (value or "").strip()
    if not text:
        return None
    digits = re.sub(r"[\s\-().]", "", text)
    if digits.startswith("+44"):
        digits = "0" + digits[3:].lstrip("0")
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].lstrip("0")
    if digits.startswith("+"):
        if re.fullmatch(r"\+[1-9][0-9]{6,14}", digits):
            return digits
        raise ValueError("an international number is + then 7 to 15 digits")
    if not re.fullmatch(r"0[1-9][0-9]{8,9}", digits):
        raise ValueError("enter a UK number such as 07700 900123 or 0161 496 0123")
    if digits.startswith("07"):
        if len(digits) != 11:
            raise ValueError("a mobile number has 11 digits, such as 07700 900123")
        return f"{digits[:5]} {digits[5:]}"
    if digits.startswith("02") and len(digits) == 11:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits.startswith("01") and len(digits) == 11 and "1" not in (digits[2], digits[3]):
        return f"{digits[:5]} {digits[5:]}"
    if len(digits) == 11:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:5]} {digits[5:]}"


def email(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > 200 or not _EMAIL.match(text):
        raise ValueError("enter an email address such as name@example.org")
    return text


def postcode(value: str | None) -> str | None:
    text = (value or "").strip().upper()
    if not text:
        return None
    match = _POSTCODE.match(text)
    if not match:
        raise ValueError("enter a UK postcode such as M1 1AE")
    return f"{match.group(1)} {match.group(2)}"


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it (DfE UPN rules)."""
    total = 0
    for position, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else _UPN_LETTERS.index(char)
        total += position * value
    return _UPN_LETTERS[total % 23]


def upn(value: str | None) -> str | None:
    text = (value or "").strip().upper().replace(" ", "")
    if not text:
        return None
    if not re.fullmatch(r"[A-Z][0-9]{11}[0-9A-Z]", text):
        raise ValueError("a UPN is a letter, 11 digits, then a digit or letter (13 characters)")
    if text[-1].isalpha() and text[-1] not in _UPN_LETTERS:
        raise ValueError("a UPN cannot end in I, O or S")
    if upn_check_letter(text[1:]) != text[0]:
        raise ValueError("this UPN's check letter does not match; check it for a typing error")
    return text


def language_code(value: str | None, *, allow_reserved: bool = False) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    lang = languages.get(text)
    if lang is not None:
        return lang.dfe
    if allow_reserved and languages.is_reserved(text):
        return text.upper()
    raise ValueError(f"'{text}' is not a language code Liaison knows")


def past_date(value: dt.date | None, today: dt.date, *, what: str) -> dt.date | None:
    if value is not None and value > today:
        raise ValueError(f"{what} cannot be in the future")
    return value


# A date where only the future makes sense (a check-in, a follow-up, an action due): the past
# is refused, and so is one this far ahead (a mistyped year); the window asks about one over a
# year ahead (QUESTION_AHEAD) before saving.
TOO_FAR_AHEAD = dt.timedelta(days=2 * 366)
QUESTION_AHEAD = dt.timedelta(days=366)


def ahead_date(value: dt.date | None, today: dt.date, *, what: str) -> dt.date | None:
    """`value` if it is today or later and not years away; ValueError naming `what` if not."""
    if value is None:
        return None
    if value < today:
        raise ValueError(f"{what} cannot be in the past ({uk_date(value)})")
    if value - today > TOO_FAR_AHEAD:
        years = (value - today).days // 365
        raise ValueError(f"{what} is {years} years away ({uk_date(value)}); check the year")
    return value


def year_group(value: int | None) -> int | None:
    if value is None:
        return None
    if not -1 <= value <= 13:
        raise ValueError("year group runs from Nursery (-1) and Reception (0) to Year 13")
    return value


def year_label(value: int | None) -> str:
    if value is None:
        return ""
    return {-1: "Nursery", 0: "Reception"}.get(value, f"Year {value}")


def uk_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


NOT_A_DATE = "is not a date; type the day, month and year as dd/mm/yyyy"


def parse_uk_date(text: str) -> dt.date:
    """Read 22/11/2026 (also 22-11-2026, 22.11.26) or ISO 2026-11-22."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d.%m.%y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    # A sample date here read as the date to type (issue 18): name the parts instead.
    raise ValueError(f"'{text}' {NOT_A_DATE}")


def pounds(pence: int | None, none: str = "") -> str:
    """Money kept in integer pence, shown the UK way: 1234 -> "£12.34"."""
    from babel.numbers import format_currency

    return none if pence is None else format_currency(pence / 100, "GBP", locale="en_GB")


def parse_pounds(text: str | None) -> int | None:
    """What a person types for money ("32.50", "£32.50", "1,200") as integer pence."""
    cleaned = (text or "").strip().lstrip("£").replace(",", "").strip()
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError("an amount like 32.50") from None
    if value < 0 or value != value:  # negative or NaN
        raise ValueError("an amount like 32.50")
    return round(value * 100)
