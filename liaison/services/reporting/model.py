"""The report as data (sections, tables, rows for this period and the previous) and how a figure
is presented under the small-number rule (counts from 1 to 4 shown as "fewer than 5")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from liaison.services.reporting.figures import TrendPoint
from liaison.services.reporting.periods import Period
from liaison.validation import pounds

if TYPE_CHECKING:
    pass

SMALL = "fewer than 5"
HIDDEN = "not shown"
NONE = "–"
SMALL_NOTE = (
    f'Counts from 1 to 4 are shown as "{SMALL}", and rates or medians resting on fewer than 5 '
    f'as "{HIDDEN}", so that no family can be identified.'
)


@dataclass(frozen=True)
class Row:
    """One figure for this period and the previous one (None: not known for that period).

    `kind` says how to show it: count, percent (0-100), rate (a percentage to one decimal
    place, for attendance), pence, hours or days. For percent, rate and days, `base` and
    `base_previous` count what the value rests on (for the small-number rule).
    """

    label: str
    current: float | None
    previous: float | None
    kind: str = "count"
    base: int | None = None
    base_previous: int | None = None


@dataclass(frozen=True)
class Table:
    title: str
    rows: tuple[Row, ...]
    chart: bool = False  # drawn as bars (this period beside the previous)
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Report:
    school_name: str
    logo_png: bytes | None
    period: Period
    previous: Period | None
    made_at: dt.datetime  # UTC
    made_on: dt.date  # the school's date when made
    headlines: tuple[Row, ...]
    sections: tuple[Section, ...]
    trend: tuple[TrendPoint, ...] = ()

    @property
    def to_date(self) -> bool:
        """The period has not ended yet: its figures run to the day the report was made."""
        return self.made_on < self.period.end

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def row(self, label: str) -> Row:
        """The first row with this label, searching headlines then every table."""
        for row in self.headlines:
            if row.label == label:
                return row
        for section in self.sections:
            for table in section.tables:
                for row in table.rows:
                    if row.label == label:
                        return row
        raise KeyError(label)


# ---------------------------------------------------------------------------------------------
# presenting: the small-number rule


def is_small(value: float | None) -> bool:
    return value is not None and 0 < value < 5


def hidden(row: Row, which: str, suppress: bool) -> bool:
    """Whether this value must not be shown under the small-number rule."""
    if not suppress:
        return False
    value = row.current if which == "current" else row.previous
    if row.kind == "count":
        return is_small(value)
    if row.kind in ("percent", "rate", "days"):
        return is_small(row.base if which == "current" else row.base_previous)
    return False


def _fmt(value: float, kind: str) -> str:
    if kind == "count":
        return f"{int(value):,}"
    if kind == "percent":
        return f"{value:.0f}%"
    if kind == "rate":
        return f"{value:.1f}%"
    if kind == "pence":
        return pounds(round(value))
    if kind == "hours":
        return f"{value:,.1f}"
    if kind == "days":
        return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return str(value)


def shown(row: Row, which: str = "current", suppress: bool = True) -> str:
    value = row.current if which == "current" else row.previous
    if value is None:
        return NONE
    if hidden(row, which, suppress):
        return SMALL if row.kind == "count" else HIDDEN
    return _fmt(value, row.kind)


def change_value(row: Row, suppress: bool = True) -> float | None:
    """This period minus the previous, or None when either is unknown or hidden."""
    if row.current is None or row.previous is None:
        return None
    if hidden(row, "current", suppress) or hidden(row, "previous", suppress):
        return None
    if row.kind == "percent":  # the difference of the percentages as shown
        return float(f"{row.current:.0f}") - float(f"{row.previous:.0f}")
    if row.kind == "rate":
        return round(float(f"{row.current:.1f}") - float(f"{row.previous:.1f}"), 1)
    return row.current - row.previous


def change(row: Row, suppress: bool = True) -> str:
    delta = change_value(row, suppress)
    if delta is None:
        return NONE
    places = {"percent": 0, "rate": 1, "pence": 0, "hours": 1, "days": 1}.get(row.kind, 0)
    magnitude = round(abs(delta), places)
    if magnitude == 0:
        return "no change"
    sign = "+" if delta > 0 else "−"
    if row.kind in ("percent", "rate"):
        return f"{sign}{magnitude:.{places}f} pts"
    if row.kind == "pence":
        return sign + pounds(round(magnitude))
    return sign + _fmt(magnitude, row.kind)


def worth_a_chart(rows: Iterable[Row], suppress: bool = True) -> bool:
    """Bars say something when at least two of this period's values, and at least half of
    them, can be shown (a chart of labels saying "fewer than 5" says nothing)."""
    rows = list(rows)
    visible = [r for r in rows if r.current and not hidden(r, "current", suppress)]
    return len(visible) >= 2 and 2 * len(visible) >= len(rows)


def plain_rows(report: Report, suppress: bool = True) -> list[dict[str, str]]:
    """Every figure as text, one dict per row (section, table, measure, this, previous, change)."""
    out = []
    for section, table, row in _all_rows(report):
        out.append(
            {
                "section": section,
                "table": table,
                "measure": row.label,
                "this": shown(row, "current", suppress),
                "previous": shown(row, "previous", suppress),
                "change": change(row, suppress),
            }
        )
    return out


def _all_rows(report: Report) -> Iterable[tuple[str, str, Row]]:
    for row in report.headlines:
        yield "Headlines", "Headline figures", row
    for section in report.sections:
        for table in section.tables:
            for row in table.rows:
                yield section.title, table.title, row


def to_plain(report: Report, suppress: bool = True) -> dict[str, Any]:
    """The report as JSON-ready data, with the small-number rule applied."""

    def rows(items: Iterable[Row]) -> list[dict[str, str]]:
        return [
            {
                "measure": r.label,
                "this": shown(r, "current", suppress),
                "previous": shown(r, "previous", suppress),
                "change": change(r, suppress),
            }
            for r in items
        ]

    return {
        "school": report.school_name,
        "period": {
            "name": report.period.name,
            "from": report.period.start.isoformat(),
            "to": report.period.end.isoformat(),
        },
        "previous": None
        if report.previous is None
        else {
            "name": report.previous.name,
            "from": report.previous.start.isoformat(),
            "to": report.previous.end.isoformat(),
        },
        "made_on": report.made_on.isoformat(),
        "small_numbers_hidden": suppress,
        "headlines": rows(report.headlines),
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "tables": [
                    {"title": t.title, "rows": rows(t.rows), "note": t.note} for t in s.tables
                ],
            }
            for s in report.sections
        ],
        "trend": [
            {"term": p.term, "families_supported": p.families_supported, "contacts": p.contacts}
            for p in report.trend
        ],
    }
