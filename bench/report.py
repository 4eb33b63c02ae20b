"""Termly report on a 2,000-family demo database with about three years of history.

Times the whole report (figures for the term and the one before, the six-term trend, the PDF
and the workbook; target under 3 s) and each part, median of 5 runs after a first run that also
pays for loading reportlab and registering the font; and the ratio to loading the families list
from the same database in the same process (the list the officer sees anyway).
The demo database is built once into a cache folder (real Argon2id cost), outside the timing.

    .venv/bin/python bench/report.py [--families 2000] [--term "Summer 2026"]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from liaison.services.access import open_database

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import PASSPHRASE, build

from liaison.models import Event, EventAttendance, Meeting, PrintedDocument
from liaison.services import families
from liaison.services import reporting as report


def timed(fn, runs: int = 5) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--term", help="default: the term running today (or the last begun)")
    args = parser.parse_args()
    # Its own cache: the report needs the demo's engagement history (events, letters).
    path = Path(tempfile.gettempdir()) / f"liaison-bench-report-{args.families}" / "liaison.db"
    if not path.exists():
        print("building the demo database (once)...", file=sys.stderr)
        t = time.perf_counter()
        build(path, args.families)
        print(f"built in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    db = open_database(path, passphrase=PASSPHRASE)
    try:
        from liaison.services.reporting import pdf as report_pdf
        from liaison.services.reporting import tables as report_tables

        with db.read() as session:
            n_meetings = session.scalar(select(func.count()).select_from(Meeting))
            first = session.scalar(select(func.min(Meeting.starts_at)))
            n_events = session.scalar(select(func.count()).select_from(Event))
            n_attendance = session.scalar(select(func.count()).select_from(EventAttendance))
            n_letters = session.scalar(select(func.count()).select_from(PrintedDocument))
        term = args.term or report.default_term(db).name
        period, previous = report.resolve(db, term=term)

        def whole() -> tuple[bytes, bytes]:
            made = report.build(db, period, previous)
            return report_pdf.render_bytes(made), report_tables.workbook_bytes(made)

        t = time.perf_counter()
        pdf, xlsx = whole()
        cold = time.perf_counter() - t
        made = report.build(db, period, previous)
        whole_s = timed(whole)
        figures_s = timed(lambda: report.build(db, period, previous))
        pdf_s = timed(lambda: report_pdf.render_bytes(made))
        xlsx_s = timed(lambda: report_tables.workbook_bytes(made))
        list_s = timed(lambda: families.list_families(db))
    finally:
        db.close()
    med = statistics.median
    print(
        f"{args.families} families, {n_meetings} meetings since {first:%d/%m/%Y}, "
        f"{n_events} events ({n_attendance} attendances), {n_letters} letters and agreements"
    )
    print(
        f"Report for {period.name} against {previous.name if previous else 'nothing'}: "
        f"PDF {len(pdf) // 1024} KB, workbook {len(xlsx) // 1024} KB"
    )
    print(f"first report in this process (imports, font): {cold:.2f} s")
    print(
        f"whole report (figures + PDF + workbook): median {med(whole_s):.2f} s, "
        f"max {max(whole_s):.2f} s (target < 3 s)"
    )
    print(f"  figures {med(figures_s):.2f} s, PDF {med(pdf_s):.2f} s, workbook {med(xlsx_s):.2f} s")
    print(
        f"baseline families list: median {med(list_s):.2f} s -> ratio "
        f"{med(whole_s) / med(list_s):.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
