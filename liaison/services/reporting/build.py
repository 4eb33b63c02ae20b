"""Building the report from the database (nothing is written), and exporting it as PDF,
workbook and CSV (the only files it ever writes: figures, never names or notes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from liaison.errors import LiaisonError
from liaison.jobs import Progress
from liaison.models.enums import (
    AuditAction,
)
from liaison.services import audit, school
from liaison.services.reporting import attendance_section, parent_voice
from liaison.services.reporting import pdf as report_pdf
from liaison.services.reporting import tables as report_tables
from liaison.services.reporting.attendance_figures import attendance_figures, attendance_held
from liaison.services.reporting.figures import figures, trend_counts
from liaison.services.reporting.model import Report
from liaison.services.reporting.periods import Period, resolve, trend_periods
from liaison.services.reporting.sections import assemble

if TYPE_CHECKING:
    from liaison.store.database import Database


def build(
    db: Database,
    period: Period,
    previous: Period | None,
    *,
    progress: Progress | None = None,
) -> Report:
    """Compute every figure for `period` and `previous`; nothing is written."""
    from liaison.services.letters.templates import list_templates

    details = school.get_school(db)
    templates = {t.key: t.title for t in list_templates(db)}
    earlier = trend_periods(db, period)
    steps = 2 + len(earlier)
    with db.read() as session:
        cur = figures(session, period)
        if progress:
            progress(1, steps)
        prev = figures(session, previous) if previous is not None else None
        if progress:
            progress(2, steps)
        trend = []
        for i, p in enumerate(earlier, start=3):
            trend.append(trend_counts(session, p))
            if progress:
                progress(i, steps)
        # Attendance and impact (issue 23): a section once any attendance is held.
        held = attendance_held(session)
        att = [attendance_figures(session, p) if held and p else None for p in (period, previous)]
    headlines, sections = assemble(cur, prev, templates)
    voice = parent_voice.section(db, period, previous)  # questionnaires: only when any was sent
    if voice is not None:
        sections = (*sections, voice)
    if att[0] is not None:
        sections += (attendance_section.section(att[0], att[1]),)
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


def pdf_to_print(db: Database, report: Report, *, suppress: bool = True) -> bytes:
    """The report's PDF pages in memory, for the printer (nothing is written to disk); the
    printing is noted in the audit log as an export is."""
    data = report_pdf.render_bytes(report, suppress=suppress)
    with db.session() as session:
        audit.record(
            session,
            db,
            AuditAction.PRINTED,
            entity="report",
            detail=report.period.name + ("" if suppress else " (small numbers shown)"),
        )
    return data
