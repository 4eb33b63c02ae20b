"""The report's "Attendance and impact" section, as data in the style of sections.py: each line
names the figure it reads (a dotted path into AttendanceFigures), so a measure is a line here.

The section appears once any attendance is held. Every figure goes through the small-number
rule like the rest of the report: a count from 1 to 4 is "fewer than 5", and an attendance
rate resting on fewer than 5 pupils is "not shown".
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter

from liaison.i18n import languages
from liaison.services.attendance.impact import Comparison
from liaison.services.reporting.attendance_figures import AttendanceFigures
from liaison.services.reporting.model import Row, Section, Table

KEY, TITLE = "attendance", "Attendance and impact"
TOP_LANGUAGES = 6
NOT_CONTROLLED = (
    "Not a controlled study: these figures show what happened alongside the support, not what "
    "the support caused. Families were not chosen at random, and attendance changes for many "
    "reasons (illness, the time of year, other help). Pupils not supported are split on a "
    "comparison day instead of a first contact."
)
_HOW = (
    "Attendance is sessions attended over sessions possible, added up over the same pupils "
    "(sessions-weighted): before is each pupil's year to date at their family's first contact "
    "this period, since is the sessions after it. Supported means a meeting or contact held, an "
    "interpreter booking, a referral, an event attended or a Friendly Faces match. Persistent "
    "absence is missing 10% or more of sessions, severe absence 50% or more."
)
_COMPARISON = (
    "Pupils whose families were not supported this period, split on one day in the middle of "
    "the supported families' first contacts, as a rough comparison."
)
_LANGUAGE = (
    "Supported pupils by the first language the MIS records; the largest languages, then other "
    "languages, then not recorded."
)


@dataclass(frozen=True)
class Count:
    label: str
    figure: str  # a dotted path, e.g. "supported.pupils"


@dataclass(frozen=True)
class Rate:
    """A sessions-weighted attendance rate; it rests on `base` pupils (small-number rule)."""

    label: str
    figure: str
    base: str


@dataclass(frozen=True)
class Lines:
    title: str
    lines: tuple[Count | Rate, ...]
    chart: bool = False
    note: str = ""


def _group(who: str, day: str) -> tuple[Count | Rate, ...]:
    """The counts behind one group's rates, `who` naming the group where labels would repeat."""
    return (
        Count(f"Pupils compared{who}", f"{_ATTR[who]}.pupils"),
        Count(f"Sessions possible before the {day}", f"{_ATTR[who]}.before_possible"),
        Count(f"Sessions possible since the {day}", f"{_ATTR[who]}.after_possible"),
        Count(f"Persistently absent before the {day}", f"{_ATTR[who]}.persistent_before"),
        Count(f"Out of persistent absence since the {day}", f"{_ATTR[who]}.out_of_persistent"),
        Count(f"Severely absent before the {day}", f"{_ATTR[who]}.severe_before"),
        Count(f"Out of severe absence since the {day}", f"{_ATTR[who]}.out_of_severe"),
    )


_ATTR = {"": "supported", ", not supported": "comparison"}

TABLES: tuple[Lines, ...] = (
    Lines(
        "Attendance before and since the first contact",
        (
            Rate("Supported: before", "supported.before_rate", "supported.pupils"),
            Rate("Supported: since", "supported.after_rate", "supported.pupils"),
            Rate(
                "Not supported: before",
                "comparison.before_rate",
                "comparison.pupils",
            ),
            Rate(
                "Not supported: since",
                "comparison.after_rate",
                "comparison.pupils",
            ),
        ),
        chart=True,
        note=NOT_CONTROLLED,
    ),
    Lines("Pupils of families supported", _group("", "first contact"), note=_HOW),
    Lines(
        "Pupils of families not supported (for comparison)",
        _group(", not supported", "comparison day"),
        note=_COMPARISON,
    ),
)


def _value(figures: AttendanceFigures | None, path: str) -> float | None:
    return None if figures is None else attrgetter(path)(figures)


def _row(line: Count | Rate, cur: AttendanceFigures, prev: AttendanceFigures | None) -> Row:
    if isinstance(line, Rate):
        base = _value(prev, line.base)
        return Row(
            line.label,
            _value(cur, line.figure),
            _value(prev, line.figure),
            "rate",
            int(_value(cur, line.base) or 0),
            None if base is None else int(base),
        )
    return Row(line.label, _value(cur, line.figure), _value(prev, line.figure))


def _merged(groups: list[Comparison]) -> Comparison:
    total = Comparison()
    for group in groups:
        for f in fields(Comparison):
            setattr(total, f.name, getattr(total, f.name) + getattr(group, f.name))
    return total


def _language_name(code: str) -> str:
    if not code:
        return "Not recorded"
    lang = languages.get(code)
    return lang.english if lang is not None else languages.describe(code)


def _by_language(cur: AttendanceFigures, prev: AttendanceFigures | None) -> tuple[Row, ...]:
    """Three rows per language (pupils, before, since): the largest this period first."""
    before = prev.by_language if prev else {}
    keys = sorted(
        (set(cur.by_language) | set(before)) - {""},
        key=lambda k: (-_pupils(cur.by_language, k), -_pupils(before, k), _language_name(k)),
    )
    groups = [(_language_name(k), [k]) for k in keys[:TOP_LANGUAGES]]
    if keys[TOP_LANGUAGES:]:
        groups.append(("Other languages", keys[TOP_LANGUAGES:]))
    if "" in cur.by_language or "" in before:
        groups.append(("Not recorded", [""]))
    rows: list[Row] = []
    for name, members in groups:
        now = _merged([cur.by_language[k] for k in members if k in cur.by_language])
        then = _merged([before[k] for k in members if k in before]) if prev else None
        rows += [
            Row(f"{name}: pupils compared", now.pupils, then.pupils if then else None),
            Row(
                f"{name}: attendance before",
                now.before_rate,
                then.before_rate if then else None,
                "rate",
                now.pupils,
                then.pupils if then else None,
            ),
            Row(
                f"{name}: attendance since",
                now.after_rate,
                then.after_rate if then else None,
                "rate",
                now.pupils,
                then.pupils if then else None,
            ),
        ]
    return tuple(rows)


def _pupils(groups: dict[str, Comparison], key: str) -> int:
    return groups[key].pupils if key in groups else 0


def section(cur: AttendanceFigures, prev: AttendanceFigures | None) -> Section:
    tables = [
        Table(
            spec.title, tuple(_row(line, cur, prev) for line in spec.lines), spec.chart, spec.note
        )
        for spec in TABLES
    ]
    tables.append(
        Table("Supported pupils by first language", _by_language(cur, prev), note=_LANGUAGE)
    )
    return Section(KEY, TITLE, tuple(tables))
