"""The termly summary for school leadership: aggregate figures only, never names or notes.

Every figure is a count, a sum or a median computed in SQL over one period (a term from the
settings, or any date range) and the period before it (the previous term, or the same number of
days just before the range). Figures are kept exact here; the small-number rule (counts from 1
to 4 shown as "fewer than 5") is applied only when they are presented (`shown`, `change`).

What counts (dates are the school's local dates; a period includes its first and last day):
- **Families supported**: families with a meeting or contact held, an interpreter booking that
  took place, a referral suggested, made or closed, an event attended or a Friendly Faces match
  in the period. Letters are not support (a whole-school letter reaches every family).
- **Families on roll**: known by the end of the period (created, arrived or a pupil admitted)
  and not archived before it began. History is history: an archived family's meetings still
  count in the terms they happened.
- **No contact**: families on roll with no meeting or contact held and no event attended.
- **Contacts** are meetings held (calls, texts, visits, meetings); booked, cancelled and
  not-attended ones are not contacts. The channel follows the kind: calls are phone, texts are
  text, everything else face to face.
- **Interpreter bookings** are placed by their start; hours are those of bookings that took
  place; cost is that of completed bookings and no-shows (agencies charge for no-shows).
- **Referrals** are placed on the day of referral (or of the suggestion if never referred);
  outcomes on the day they closed; the median runs from referral to outcome.
- **Letters** and **agreements** are placed on the day they were printed; an agreement counts
  as returned if it has come back by the day the report is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison.errors import LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.models.enums import (
    AuditAction,
    BookingStatus,
    EventKind,
    InterpretingMode,
    MeetingKind,
    NeedCategory,
    ReferralStatus,
    ServiceCategory,
)
from liaison.services import audit, school
from liaison.services.report_figures import Figures, Period, TrendPoint, figures, trend_counts
from liaison.validation import pounds

if TYPE_CHECKING:
    from liaison.store.database import Database

SMALL = "fewer than 5"
HIDDEN = "not shown"
NONE = "–"
SMALL_NOTE = (
    f'Counts from 1 to 4 are shown as "{SMALL}", and rates or medians resting on fewer than 5 '
    f'as "{HIDDEN}", so that no family can be identified.'
)
TOP_LANGUAGES = 8
TREND_TERMS = 6

# ---------------------------------------------------------------------------------------------
# periods


def _term_period(term: school.TermView) -> Period:
    return Period(term.name, term.starts_on, term.ends_on, is_term=True)


def range_period(start: dt.date, end: dt.date) -> Period:
    return Period(f"{start:%d/%m/%Y} to {end:%d/%m/%Y}", start, end)


def resolve(
    db: Database,
    *,
    term: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[Period, Period | None]:
    """The period asked for and the one to compare it with (None if there is no earlier term)."""
    if term is not None:
        found, before = school.term_by_name(db, term)
        return _term_period(found), _term_period(before) if before else None
    if start is None or end is None:
        raise ValidationError({"period": "choose a term, or both a start and an end date"})
    if end < start:
        raise ValidationError({"period": "the end date is before the start date"})
    period = range_period(start, end)
    before_end = start - dt.timedelta(days=1)
    return period, range_period(before_end - dt.timedelta(days=period.days - 1), before_end)


def default_term(db: Database) -> school.TermView | None:
    """The term running today, else the latest that has begun, else the first one set."""
    terms = school.list_terms(db)
    today = db.clock.today()
    begun = [t for t in terms if t.starts_on <= today]
    if begun:
        return begun[-1]
    return terms[0] if terms else None


# ---------------------------------------------------------------------------------------------
# the report tree


@dataclass(frozen=True)
class Row:
    """One figure for this period and the previous one (None: not known for that period).

    `kind` says how to show it: count, percent (0-100), pence, hours or days. For percent and
    days, `base` and `base_previous` count what the value rests on (for the small-number rule).
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
    if row.kind in ("percent", "days"):
        return is_small(row.base if which == "current" else row.base_previous)
    return False


def _fmt(value: float, kind: str) -> str:
    if kind == "count":
        return f"{int(value):,}"
    if kind == "percent":
        return f"{value:.0f}%"
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
    return row.current - row.previous


def change(row: Row, suppress: bool = True) -> str:
    delta = change_value(row, suppress)
    if delta is None:
        return NONE
    places = {"percent": 0, "pence": 0, "hours": 1, "days": 1}.get(row.kind, 0)
    magnitude = round(abs(delta), places)
    if magnitude == 0:
        return "no change"
    sign = "+" if delta > 0 else "−"
    if row.kind == "percent":
        return f"{sign}{magnitude:.0f} pts"
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
                "tables": [{"title": t.title, "rows": rows(t.rows)} for t in s.tables],
            }
            for s in report.sections
        ],
        "trend": [
            {"term": p.term, "families_supported": p.families_supported, "contacts": p.contacts}
            for p in report.trend
        ],
    }


# ---------------------------------------------------------------------------------------------
# assembling the report


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def _rate(label: str, cur: tuple[int, int], prev: tuple[int, int] | None) -> Row:
    """A share `part / whole` as a percent, resting on `whole` for the small-number rule."""
    return Row(
        label,
        _percent(*cur),
        _percent(*prev) if prev else None,
        "percent",
        base=cur[1],
        base_previous=prev[1] if prev else None,
    )


def _breakdown(
    cur: dict[str, int],
    prev: dict[str, int] | None,
    label: Callable[[str], str],
    *,
    order: Iterable[str] | None = None,
    top: int | None = None,
    other: str = "Other",
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
        )
        for name, members in groups
    )


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


def _assemble(
    cur: Figures, prev: Figures | None, templates: dict[str, str]
) -> tuple[tuple[Row, ...], tuple[Section, ...]]:
    def row(label: str, getter: Callable[[Figures], float | None], kind: str = "count") -> Row:
        return Row(label, getter(cur), getter(prev) if prev is not None else None, kind)

    def pair(part: Callable[[Figures], int], whole: Callable[[Figures], int]) -> Any:
        return (part(cur), whole(cur)), ((part(prev), whole(prev)) if prev is not None else None)

    p = prev  # short alias for the optional previous figures

    headlines = (
        row("Families supported", lambda f: f.supported),
        row("New arrivals", lambda f: f.new_arrivals),
        row("Contacts and meetings held", lambda f: f.contacts),
        row("Interpreter hours", lambda f: f.interpreter_hours, "hours"),
        row("Referrals made", lambda f: f.referrals),
        row("Needs met", lambda f: f.needs_met),
        row("Families at events", lambda f: f.families_attending),
        row("Letters sent home", lambda f: f.letters),
    )

    families = Section(
        "families",
        "Families",
        (
            Table(
                "Families",
                (
                    row("Families on roll", lambda f: f.on_roll),
                    row("Families supported", lambda f: f.supported),
                    _rate(
                        "Share of families on roll supported",
                        *pair(lambda f: f.supported, lambda f: f.on_roll),
                    ),
                    row("New arrivals", lambda f: f.new_arrivals),
                ),
            ),
            Table(
                "Families supported by home language",
                _breakdown(
                    cur.languages,
                    p.languages if p else None,
                    _language_name,
                    top=TOP_LANGUAGES,
                    other="Other languages",
                ),
                chart=True,
                note="The main contact's main language; the largest languages, then the rest.",
            ),
        ),
    )

    contacts = Section(
        "contacts",
        "Contacts and meetings",
        (
            Table(
                "Contacts",
                (
                    row("Contacts and meetings held", lambda f: f.contacts),
                    row("Families contacted", lambda f: f.families_contacted),
                    row("Families with no contact this period", lambda f: f.no_contact),
                    row("Meetings with an interpreter", lambda f: f.with_interpreter),
                    _rate(
                        "Share of meetings with an interpreter",
                        *pair(lambda f: f.with_interpreter, lambda f: f.contacts),
                    ),
                    row("Cancelled or family did not attend", lambda f: f.not_held),
                ),
            ),
            Table(
                "Contacts by kind",
                _breakdown(
                    cur.contacts_by_kind,
                    p.contacts_by_kind if p else None,
                    _enum_label(MeetingKind),
                    order=[k.value for k in MeetingKind],
                ),
                chart=True,
            ),
            Table(
                "Contacts by channel",
                _breakdown(
                    cur.contacts_by_channel,
                    p.contacts_by_channel if p else None,
                    str,
                    order=["Face to face", "Phone", "Text message"],
                ),
            ),
        ),
    )

    def status(s: BookingStatus) -> Callable[[Figures], int]:
        return lambda f: f.bookings_by_status.get(s.value, 0)

    interpreting = Section(
        "interpreting",
        "Interpreters",
        (
            Table(
                "Interpreter bookings",
                (
                    row("Bookings", lambda f: f.bookings),
                    row("Took place", status(BookingStatus.COMPLETED)),
                    row("Still to come", lambda f: _upcoming(f)),
                    row("Cancelled", status(BookingStatus.CANCELLED)),
                    row("No-shows", status(BookingStatus.NO_SHOW)),
                    row("Hours interpreted", lambda f: f.interpreter_hours, "hours"),
                    row("Cost", lambda f: f.cost_pence, "pence"),
                ),
                note="Cost covers bookings that took place and no-shows, which agencies charge.",
            ),
            Table(
                "Bookings by language",
                _breakdown(
                    cur.bookings_by_language,
                    p.bookings_by_language if p else None,
                    _language_name,
                    top=TOP_LANGUAGES,
                    other="Other languages",
                ),
                chart=True,
                note="Bookings not cancelled.",
            ),
            Table(
                "Bookings by mode",
                _breakdown(
                    cur.bookings_by_mode,
                    p.bookings_by_mode if p else None,
                    _enum_label(InterpretingMode),
                    order=[m.value for m in InterpretingMode],
                ),
            ),
            Table(
                "Cost by agency",
                tuple(
                    Row(r.label, r.current, r.previous, "pence")
                    for r in _breakdown(cur.cost_by_agency, p.cost_by_agency if p else None, str)
                ),
            ),
        ),
    )

    referrals = Section(
        "referrals",
        "Referrals and needs",
        (
            Table(
                "Referrals",
                (
                    row("Referrals made", lambda f: f.referrals),
                    row("Outcomes recorded", lambda f: sum(f.outcomes.values())),
                    row("Completed", lambda f: f.outcomes.get(ReferralStatus.COMPLETED.value, 0)),
                    row("Declined", lambda f: f.outcomes.get(ReferralStatus.DECLINED.value, 0)),
                    Row(
                        "Median days from referral to outcome",
                        cur.median_days,
                        p.median_days if p else None,
                        "days",
                        base=len(cur.outcome_days),
                        base_previous=len(p.outcome_days) if p else None,
                    ),
                    row("Needs identified", lambda f: f.needs_identified),
                    row("Needs met", lambda f: f.needs_met),
                ),
            ),
            Table(
                "Referrals by category",
                _breakdown(
                    cur.referrals_by_category,
                    p.referrals_by_category if p else None,
                    _enum_label(ServiceCategory),
                    order=[c.value for c in ServiceCategory],
                ),
                chart=True,
            ),
            Table(
                "Referrals by status now",
                _breakdown(
                    cur.referrals_by_status,
                    p.referrals_by_status if p else None,
                    _enum_label(ReferralStatus),
                    order=[s.value for s in ReferralStatus],
                ),
            ),
            Table(
                "Needs identified by category",
                _breakdown(
                    cur.needs_by_category,
                    p.needs_by_category if p else None,
                    _enum_label(NeedCategory),
                    order=[c.value for c in NeedCategory],
                ),
            ),
        ),
    )

    engagement = Section(
        "events",
        "Engagement events",
        (
            Table(
                "Events",
                (
                    row("Events held", lambda f: f.events),
                    row("Families invited", lambda f: f.families_invited),
                    row("Attendances", lambda f: f.attendances),
                    row("Families attending at least once", lambda f: f.families_attending),
                    _rate(
                        "Share of invited families attending",
                        *pair(lambda f: f.families_attending, lambda f: f.families_invited),
                    ),
                    row("Friendly Faces matches made", lambda f: f.matches),
                ),
                note="Attendances count each caregiver at each event.",
            ),
            Table(
                "Events by kind",
                _breakdown(
                    cur.events_by_kind,
                    p.events_by_kind if p else None,
                    _enum_label(EventKind),
                    order=[k.value for k in EventKind],
                ),
            ),
        ),
    )

    letters = Section(
        "letters",
        "Letters and agreements",
        (
            Table(
                "Letters and home-school agreements",
                (
                    row("Letters sent home", lambda f: f.letters),
                    row("Agreements issued", lambda f: f.agreements),
                    row("Agreements returned", lambda f: f.agreements_returned),
                    _rate(
                        "Agreements returned (rate)",
                        *pair(lambda f: f.agreements_returned, lambda f: f.agreements),
                    ),
                ),
            ),
            Table(
                "Letters by template",
                _breakdown(
                    cur.letters_by_template,
                    p.letters_by_template if p else None,
                    lambda key: templates.get(key, key),
                ),
            ),
            Table(
                "Letters by language",
                _breakdown(
                    cur.letters_by_language,
                    p.letters_by_language if p else None,
                    _language_name,
                    top=TOP_LANGUAGES,
                    other="Other languages",
                ),
                chart=True,
            ),
        ),
    )
    return headlines, (families, contacts, interpreting, referrals, engagement, letters)


def _upcoming(f: Figures) -> int:
    return f.bookings_by_status.get(BookingStatus.REQUESTED.value, 0) + f.bookings_by_status.get(
        BookingStatus.CONFIRMED.value, 0
    )


def _trend_periods(db: Database, period: Period) -> list[Period]:
    terms = [t for t in school.list_terms(db) if t.starts_on <= period.end]
    return [_term_period(t) for t in terms[-TREND_TERMS:]]


def build(
    db: Database,
    period: Period,
    previous: Period | None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Compute every figure for `period` and `previous`; nothing is written."""
    from liaison.services.letter_templates import list_templates

    details = school.get_school(db)
    templates = {t.key: t.title for t in list_templates(db)}
    trend_periods = _trend_periods(db, period)
    steps = 2 + len(trend_periods)
    with db.read() as session:
        cur = figures(session, period)
        if progress:
            progress(1, steps)
        prev = figures(session, previous) if previous is not None else None
        if progress:
            progress(2, steps)
        trend = []
        for i, p in enumerate(trend_periods, start=3):
            trend.append(trend_counts(session, p))
            if progress:
                progress(i, steps)
    headlines, sections = _assemble(cur, prev, templates)
    return Report(
        school_name=details.name or "School",
        logo_png=details.logo_png,
        period=period,
        previous=previous,
        made_at=db.clock.now(),
        made_on=db.clock.today(),
        headlines=headlines,
        sections=sections,
        trend=tuple(trend),
    )


def for_term(db: Database, name: str) -> Report:
    period, previous = resolve(db, term=name)
    return build(db, period, previous)


def for_range(db: Database, start: dt.date, end: dt.date) -> Report:
    period, previous = resolve(db, start=start, end=end)
    return build(db, period, previous)


def suppress_small_default(db: Database) -> bool:
    return bool(school.get_setting(db, "report_suppress_small"))


@dataclass(frozen=True)
class Exported:
    pdf: Path | None = None
    pdf_bytes: int = 0
    xlsx: Path | None = None
    csv: tuple[Path, ...] = ()

    def describe(self) -> str:
        parts = []
        if self.pdf:
            parts.append(f"PDF {self.pdf}")
        if self.xlsx:
            parts.append(f"workbook {self.xlsx}")
        if self.csv:
            parts.append(f"{len(self.csv)} CSV files in {self.csv[0].parent}")
        return ", ".join(parts)


def export(
    db: Database,
    report: Report,
    *,
    pdf: Path | None = None,
    xlsx: Path | None = None,
    csv_dir: Path | None = None,
    suppress: bool = True,
) -> Exported:
    """Write the files asked for (each atomically) and note the export in the audit log.

    These are the only files the report ever writes: figures, never names or notes."""
    from liaison.documents import report_pdf, report_tables

    for target in (pdf, xlsx, csv_dir):
        if target is not None and not Path(target).parent.is_dir():
            raise LiaisonError(f"The folder {Path(target).parent} does not exist.")
    size = report_pdf.write_pdf(report, Path(pdf), suppress=suppress) if pdf else 0
    if xlsx:
        report_tables.write_workbook(report, Path(xlsx), suppress=suppress)
    written = (
        tuple(report_tables.write_csv(report, Path(csv_dir), suppress=suppress)) if csv_dir else ()
    )
    done = Exported(Path(pdf) if pdf else None, size, Path(xlsx) if xlsx else None, written)
    with db.session() as session:
        audit.record(
            session,
            db,
            AuditAction.EXPORTED,
            entity="report",
            detail=f"{report.period.name}: "
            + ", ".join(
                kind
                for kind, made in (("pdf", pdf), ("xlsx", xlsx), ("csv", csv_dir))
                if made is not None
            )
            + ("" if suppress else " (small numbers shown)"),
        )
    return done
