"""What the report shows, as data: each headline, table and breakdown names the figure it reads,
so adding a measure is adding a line here, and `assemble` is the only code that walks it.

A spec never computes: `figures.py` counts (in SQL), `model.py` presents (the small-number
rule). A figure is read by name from `Figures` (a plain attribute or property), so a spec line
such as `Count("Families on roll", "on_roll")` says exactly which number it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from liaison.i18n import languages
from liaison.models.enums import (
    BookingStatus,
    EventKind,
    InterpretingMode,
    MeetingKind,
    NeedCategory,
    ReferralStatus,
    ServiceCategory,
)
from liaison.services.reporting.figures import Figures
from liaison.services.reporting.model import Row, Section, Table

TOP_LANGUAGES = 8
OTHER_LANGUAGES = "Other languages"


# -- the kinds of line ---------------------------------------------------------------------
@dataclass(frozen=True)
class Count:
    """A figure read off `Figures` by attribute name (or `key` within a breakdown dict)."""

    label: str
    figure: str
    key: str | None = None
    kind: str = "count"

    def value(self, f: Figures) -> float:
        found = getattr(f, self.figure)
        return found.get(self.key, 0) if self.key is not None else found


@dataclass(frozen=True)
class Sum:
    """Several breakdown keys (or every key) of one figure, added."""

    label: str
    figure: str
    keys: tuple[str, ...] = ()

    def value(self, f: Figures) -> float:
        found: dict[str, int] = getattr(f, self.figure)
        return sum(found.get(k, 0) for k in self.keys) if self.keys else sum(found.values())


@dataclass(frozen=True)
class Share:
    """`part / whole` as a percent; it rests on `whole` for the small-number rule."""

    label: str
    part: str
    whole: str


@dataclass(frozen=True)
class Median:
    """A median (in days) of a list of values; it rests on how many values there are."""

    label: str
    figure: str
    values: str


Line = Count | Sum | Share | Median


@dataclass(frozen=True)
class Lines:
    """A table of named lines, one row each."""

    title: str
    lines: tuple[Line, ...]
    chart: bool = False
    note: str = ""


@dataclass(frozen=True)
class Breakdown:
    """A table with one row per key of a breakdown dict: in `order` (a vocabulary) else
    biggest first; past `top` the rest are one row; "not recorded" last."""

    title: str
    figure: str
    labels: str  # a name in the labellers table built per report (see `_labellers`)
    order: tuple[str, ...] | None = None
    top: int | None = None
    other: str = "Other"
    kind: str = "count"
    chart: bool = False
    note: str = ""


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    tables: tuple[Lines | Breakdown, ...]


def _values(enum_cls: Any) -> tuple[str, ...]:
    return tuple(member.value for member in enum_cls)


# -- the report ----------------------------------------------------------------------------
HEADLINES: tuple[Line, ...] = (
    Count("Families supported", "supported"),
    Count("New arrivals", "new_arrivals"),
    Count("Contacts and meetings held", "contacts"),
    Count("Interpreter hours", "interpreter_hours", kind="hours"),
    Count("Referrals made", "referrals"),
    Count("Needs met", "needs_met"),
    Count("Families at events", "families_attending"),
    Count("Letters sent home", "letters"),
)

_LANGUAGE_NOTE = "The main contact's main language; the largest languages, then the rest."
_COST_NOTE = "Cost covers bookings that took place and no-shows, which agencies charge."
_UPCOMING = (BookingStatus.REQUESTED.value, BookingStatus.CONFIRMED.value)

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "families",
        "Families",
        (
            Lines(
                "Families",
                (
                    Count("Families on roll", "on_roll"),
                    Count("Families supported", "supported"),
                    Share("Share of families on roll supported", "supported", "on_roll"),
                    Count("New arrivals", "new_arrivals"),
                ),
            ),
            Breakdown(
                "Families supported by home language",
                "languages",
                "language",
                top=TOP_LANGUAGES,
                other=OTHER_LANGUAGES,
                chart=True,
                note=_LANGUAGE_NOTE,
            ),
        ),
    ),
    SectionSpec(
        "contacts",
        "Contacts and meetings",
        (
            Lines(
                "Contacts",
                (
                    Count("Contacts and meetings held", "contacts"),
                    Count("Families contacted", "families_contacted"),
                    Count("Families with no contact this period", "no_contact"),
                    Count("Meetings with an interpreter", "with_interpreter"),
                    Share("Share of meetings with an interpreter", "with_interpreter", "contacts"),
                    Count("Cancelled or family did not attend", "not_held"),
                ),
            ),
            Breakdown(
                "Contacts by kind",
                "contacts_by_kind",
                "meeting_kind",
                order=_values(MeetingKind),
                chart=True,
            ),
            Breakdown(
                "Contacts by channel",
                "contacts_by_channel",
                "plain",
                order=("Face to face", "Phone", "Text message"),
            ),
        ),
    ),
    SectionSpec(
        "interpreting",
        "Interpreters",
        (
            Lines(
                "Interpreter bookings",
                (
                    Count("Bookings", "bookings"),
                    Count("Took place", "bookings_by_status", BookingStatus.COMPLETED.value),
                    Sum("Still to come", "bookings_by_status", _UPCOMING),
                    Count("Cancelled", "bookings_by_status", BookingStatus.CANCELLED.value),
                    Count("No-shows", "bookings_by_status", BookingStatus.NO_SHOW.value),
                    Count("Hours interpreted", "interpreter_hours", kind="hours"),
                    Count("Cost", "cost_pence", kind="pence"),
                ),
                note=_COST_NOTE,
            ),
            Breakdown(
                "Bookings by language",
                "bookings_by_language",
                "language",
                top=TOP_LANGUAGES,
                other=OTHER_LANGUAGES,
                chart=True,
                note="Bookings not cancelled.",
            ),
            Breakdown(
                "Bookings by mode",
                "bookings_by_mode",
                "interpreting_mode",
                order=_values(InterpretingMode),
            ),
            Breakdown("Cost by agency", "cost_by_agency", "plain", kind="pence"),
        ),
    ),
    SectionSpec(
        "referrals",
        "Referrals and needs",
        (
            Lines(
                "Referrals",
                (
                    Count("Referrals made", "referrals"),
                    Sum("Outcomes recorded", "outcomes"),
                    Count("Completed", "outcomes", ReferralStatus.COMPLETED.value),
                    Count("Declined", "outcomes", ReferralStatus.DECLINED.value),
                    Median("Median days from referral to outcome", "median_days", "outcome_days"),
                    Count("Needs identified", "needs_identified"),
                    Count("Needs met", "needs_met"),
                ),
            ),
            Breakdown(
                "Referrals by category",
                "referrals_by_category",
                "service_category",
                order=_values(ServiceCategory),
                chart=True,
            ),
            Breakdown(
                "Referrals by status now",
                "referrals_by_status",
                "referral_status",
                order=_values(ReferralStatus),
            ),
            Breakdown(
                "Needs identified by category",
                "needs_by_category",
                "need_category",
                order=_values(NeedCategory),
            ),
        ),
    ),
    SectionSpec(
        "events",
        "Engagement events",
        (
            Lines(
                "Events",
                (
                    Count("Events held", "events"),
                    Count("Families invited", "families_invited"),
                    Count("Attendances", "attendances"),
                    Count("Families attending at least once", "families_attending"),
                    Share(
                        "Share of invited families attending",
                        "families_attending",
                        "families_invited",
                    ),
                    Count("Friendly Faces matches made", "matches"),
                ),
                note="Attendances count each caregiver at each event.",
            ),
            Breakdown("Events by kind", "events_by_kind", "event_kind", order=_values(EventKind)),
        ),
    ),
    SectionSpec(
        "letters",
        "Letters and agreements",
        (
            Lines(
                "Letters and home-school agreements",
                (
                    Count("Letters sent home", "letters"),
                    Count("Agreements issued", "agreements"),
                    Count("Agreements returned", "agreements_returned"),
                    Share("Agreements returned (rate)", "agreements_returned", "agreements"),
                ),
            ),
            Breakdown("Letters by template", "letters_by_template", "template"),
            Breakdown(
                "Letters by language",
                "letters_by_language",
                "language",
                top=TOP_LANGUAGES,
                other=OTHER_LANGUAGES,
                chart=True,
            ),
        ),
    ),
)


# -- walking the specs ---------------------------------------------------------------------
def _language_name(code: str) -> str:
    if not code:
        return "Not recorded"
    lang = languages.get(code)
    return lang.english if lang is not None else languages.describe(code)


def _enum_label(enum_cls: Any) -> Callable[[str], str]:
    def label(value: str) -> str:
        try:
            return enum_cls(value).label
        except ValueError:
            return value

    return label


def _labellers(templates: dict[str, str]) -> dict[str, Callable[[str], str]]:
    return {
        "plain": str,
        "language": _language_name,
        "template": lambda key: templates.get(key, key),
        "meeting_kind": _enum_label(MeetingKind),
        "interpreting_mode": _enum_label(InterpretingMode),
        "service_category": _enum_label(ServiceCategory),
        "referral_status": _enum_label(ReferralStatus),
        "need_category": _enum_label(NeedCategory),
        "event_kind": _enum_label(EventKind),
    }


def _percent(part: float, whole: float) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def _line(line: Line, cur: Figures, prev: Figures | None) -> Row:
    if isinstance(line, Share):
        parts = [(getattr(f, line.part), getattr(f, line.whole)) for f in (cur, prev) if f]
        previous = _percent(*parts[1]) if prev is not None else None
        base_previous = parts[1][1] if prev is not None else None
        return Row(line.label, _percent(*parts[0]), previous, "percent", parts[0][1], base_previous)
    if isinstance(line, Median):
        return Row(
            line.label,
            getattr(cur, line.figure),
            getattr(prev, line.figure) if prev else None,
            "days",
            base=len(getattr(cur, line.values)),
            base_previous=len(getattr(prev, line.values)) if prev else None,
        )
    kind = line.kind if isinstance(line, Count) else "count"
    return Row(line.label, line.value(cur), line.value(prev) if prev else None, kind)


def breakdown_rows(
    cur: dict[str, int],
    prev: dict[str, int] | None,
    label: Callable[[str], str],
    *,
    order: Iterable[str] | None = None,
    top: int | None = None,
    other: str = "Other",
    kind: str = "count",
) -> tuple[Row, ...]:
    """Rows for a breakdown: in `order` (a vocabulary), else biggest first; past `top` the rest
    are one row; the empty key ("not recorded") comes last."""
    before = prev or {}
    seen = set(cur) | set(before)
    if order is not None:
        wanted = list(order)
        keys = [k for k in wanted if k in seen] + sorted(seen - set(wanted) - {""})
    else:
        keys = sorted(seen - {""}, key=lambda k: (-cur.get(k, 0), -before.get(k, 0), label(k)))
    spill: list[str] = []
    if top is not None and len(keys) > top:
        keys, spill = keys[:top], keys[top:]
    groups = [(label(k), [k]) for k in keys if k != ""]
    if spill:
        groups.append((other, spill))
    if "" in seen:
        groups.append((label(""), [""]))
    return tuple(
        Row(
            name,
            sum(cur.get(k, 0) for k in members),
            None if prev is None else sum(before.get(k, 0) for k in members),
            kind,
        )
        for name, members in groups
    )


def _table(spec: Lines | Breakdown, cur: Figures, prev: Figures | None, labels: Any) -> Table:
    if isinstance(spec, Lines):
        rows = tuple(_line(line, cur, prev) for line in spec.lines)
    else:
        rows = breakdown_rows(
            getattr(cur, spec.figure),
            getattr(prev, spec.figure) if prev else None,
            labels[spec.labels],
            order=spec.order,
            top=spec.top,
            other=spec.other,
            kind=spec.kind,
        )
    return Table(spec.title, rows, chart=spec.chart, note=spec.note)


def assemble(
    cur: Figures, prev: Figures | None, templates: dict[str, str]
) -> tuple[tuple[Row, ...], tuple[Section, ...]]:
    """The headlines and sections of a report, from this period's and the previous figures."""
    labels = _labellers(templates)
    headlines = tuple(_line(line, cur, prev) for line in HEADLINES)
    sections = tuple(
        Section(s.key, s.title, tuple(_table(t, cur, prev, labels) for t in s.tables))
        for s in SECTIONS
    )
    return headlines, sections
