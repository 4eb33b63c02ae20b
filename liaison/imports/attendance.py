"""What an attendance file holds once read: each pupil's figures, where in the file they came
from, and the date they are "as at". The CTF reader (ctf.py) and the attendance CSV reader
(attendance_csv.py) both produce these; nothing here touches the database.

Figures are checked as they are read: a count that is not a whole number, more sessions
present than possible, or a percentage over 100 stops the import naming the place (a wrong
figure would put a family on the Today page, or keep one off it). A pupil with no figures at
all is left out with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from liaison.errors import ImportFileError

# A school year has about 380 sessions (190 days, morning and afternoon); 800 leaves room for
# odd calendars and still catches a number typed into the wrong column.
MAX_SESSIONS = 800


def fail(where: str, message: str) -> ImportFileError:
    # The same words as the pupil import's (records.fail), which imports this module.
    return ImportFileError(f"{where}: {message}. Nothing was imported; correct the file.")


@dataclass
class Figures:
    """A pupil's attendance over their year to date: sessions, or only a percentage."""

    possible: int | None = None
    present: int | None = None
    authorised: int | None = None
    unauthorised: int | None = None
    percent: float | None = None  # attendance, 0-100, when the sessions are not given
    start_date: dt.date | None = None  # when this count starts (a mid-year joiner's first day)
    year: int | None = None  # the academic year as the file writes it (CTF <Year>)


@dataclass
class AttendanceRow:
    """One pupil's figures and how to find the pupil: UPN, else names and date of birth."""

    where: str
    figures: Figures
    upn: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: dt.date | None = None

    @property
    def name(self) -> str:
        return " ".join(x for x in (self.given_name, self.family_name) if x) or (self.upn or "")


@dataclass
class AttendanceFile:
    kind: str  # "ctf" or "csv"
    name: str
    as_at: dt.date | None = None  # from the file (CTF header, or an "as at" column)
    rows: list[AttendanceRow] = field(default_factory=list)
    without: list[str] = field(default_factory=list)  # pupils the file gives no figures for
    warnings: list[str] = field(default_factory=list)
    source: str | None = None


def count(value: str | None, where: str, *, limit: int = MAX_SESSIONS) -> int | None:
    raw = (value or "").strip().replace(",", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise fail(where, f"'{raw[:20]}' is not a whole number of sessions")
    number = int(raw)
    if number > limit:
        raise fail(where, f"{number} sessions is more than a school year holds ({limit})")
    return number


def percent(value: str | None, where: str, *, fraction: bool = False) -> float | None:
    raw = (value or "").strip().rstrip("%").strip().replace(",", ".")
    if not raw:
        return None
    if not re.fullmatch(r"\d{1,3}(\.\d+)?", raw):
        raise fail(where, f"'{raw[:20]}' is not a percentage")
    number = float(raw) * (100 if fraction else 1)
    if number > 100:
        raise fail(where, f"{raw} is more than 100%")
    return round(number, 2)


def checked(figures: Figures, where: str) -> Figures | None:
    """The figures made whole and checked; None when the file gives none for this pupil.

    With sessions possible and the absences but no "present", present is what is left; with
    present but no split of the absences, the absences stay unknown (the rate does not need
    them)."""
    f = figures
    sessions = (f.possible, f.present, f.authorised, f.unauthorised)
    if all(x is None for x in sessions) and f.percent is None:
        return None
    if f.possible is None:
        if any(x is not None for x in sessions):
            raise fail(where, "sessions are given but not how many were possible")
        return f
    absent = (f.authorised or 0) + (f.unauthorised or 0)
    if f.present is None:
        if f.authorised is None and f.unauthorised is None:
            if f.percent is not None:
                return f
            raise fail(where, "sessions possible are given but neither present nor absences")
        f.present = f.possible - absent
    if f.present > f.possible:
        raise fail(where, f"{f.present} sessions present is more than the {f.possible} possible")
    if f.present + absent > f.possible:
        raise fail(
            where,
            f"{f.present} present and {absent} absent add up to more than the "
            f"{f.possible} sessions possible",
        )
    return f
