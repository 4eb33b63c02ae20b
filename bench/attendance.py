"""Attendance (issue 23): a 2,000-pupil attendance import, and the termly report with its
"Attendance and impact" section on a 2,000-family school with three years of history.

Part 1, a fresh SQLCipher database: a fictional 2,000-pupil CTF (liaison/demo/ctf_sample.py)
given an <Attendance><YearData> per pupil here, imported with its pupils once (not timed);
then timed: reading the attendance alone (the baseline), importing the same pupils' figures
as the next snapshot (one transaction), the same file again (every figure unchanged), and a
2,000-row attendance CSV as a third snapshot.

Part 2, the 2,000-family demo database (built once into a cache folder; its demo history has
fortnightly snapshots over the last 15 months): the whole report (figures for the term and the
one before, the six-term trend, the attendance section, the PDF and the workbook) against the
budget of 1 s, the attendance figures alone, support first, and the Today page.

    .venv/bin/python bench/attendance.py [--pupils 2000] [--families 2000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import PASSPHRASE, build

from liaison.demo.ctf_sample import fictional_ctf
from liaison.models import AttendanceRecord, Meeting
from liaison.services import attendance
from liaison.services import families as fam
from liaison.services import mis_import as imports
from liaison.services import reporting as report
from liaison.services.access import create_database, open_database
from liaison.services.casework import today
from liaison.services.reporting.attendance_figures import attendance_figures


def with_attendance(data: bytes, as_at: dt.date, seed: int) -> bytes:
    """The CTF with a <DateTime> and each pupil's year so far (most near 95%, some below 90%)."""
    rng = random.Random(seed)
    root = ET.fromstring(data)
    header = root.find("Header")
    assert header is not None
    ET.SubElement(header, "DateTime").text = f"{as_at.isoformat()}T16:00:00"
    weeks = max(1, (as_at - dt.date(2026, 9, 3)).days // 7)
    for pupil in root.iter("Pupil"):
        possible = 10 * weeks - rng.choice((0, 0, 0, 10, 20))
        rate = rng.choice((0.97, 0.96, 0.95, 0.93, 0.88, 0.6))
        present = round(possible * rate)
        absent = possible - present
        year = ET.SubElement(ET.SubElement(pupil, "Attendance"), "YearData")
        for tag, value in (
            ("Year", "2026"),
            ("SessionsPossible", possible),
            ("SessionsAttended", present),
            ("SessionsAuthorised", absent // 2),
            ("SessionsUnauthorised", absent - absent // 2),
        ):
            ET.SubElement(year, tag).text = str(value)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def csv_for(ctf: Path, as_at: dt.date, out: Path) -> None:
    root = ET.fromstring(ctf.read_bytes())
    lines = ["UPN,Possible Sessions,Present,Authorised Absences,Unauthorised Absences,As At"]
    rng = random.Random(7)
    for pupil in root.iter("Pupil"):
        possible = 120
        present = round(possible * rng.choice((0.98, 0.95, 0.92, 0.87, 0.55)))
        absent = possible - present
        lines.append(
            f"{pupil.findtext('UPN')},{possible},{present},{absent // 2},"
            f"{absent - absent // 2},{as_at:%d/%m/%Y}"
        )
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(fn, runs: int = 5) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of this process. On a machine shared with
    other work the CPU seconds stay close to what a quiet machine's wall clock would show."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def show(label: str, took: tuple[float, float], base: tuple[float, float] | None = None) -> None:
    ratio = f"  {took[1] / base[1]:4.1f}x (CPU)" if base else ""
    print(f"  {label:<34} {took[0]:6.2f} s wall, {took[1]:5.2f} s CPU{ratio}")


def part_import(pupils: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        first, second, third = dt.date(2026, 11, 6), dt.date(2026, 11, 20), dt.date(2026, 12, 4)
        base = fictional_ctf(pupils, 1)
        ctf = folder / "export.xml"
        ctf.write_bytes(with_attendance(base, first, 1))
        db, _ = create_database(folder / "liaison.db", PASSPHRASE)
        plans: list[attendance.SnapshotPlan] = []
        try:
            imports.run(db, imports.read_file(ctf))  # the pupils and the first snapshot
            ctf.write_bytes(with_attendance(base, second, 2))
            read = timed(lambda: attendance.read_file(ctf), runs=3)
            fresh = timed(lambda: plans.append(attendance.run(db, attendance.read_file(ctf))), 1)
            again = timed(lambda: plans.append(attendance.run(db, attendance.read_file(ctf))), 1)
            sheet = folder / "attendance.csv"
            csv_for(ctf, third, sheet)
            csv = timed(lambda: plans.append(attendance.run(db, attendance.read_file(sheet))), 1)
            with db.read() as session:
                rows = session.scalar(select(func.count()).select_from(AttendanceRecord))
        finally:
            db.close()
    assert plans[0].counts()["new"] == pupils and plans[1].counts()["unchanged"] == pupils
    assert plans[2].counts()["new"] == pupils
    print(f"Part 1: {pupils} pupils, {rows} attendance rows after three snapshots")
    show("read + check the CTF's attendance", read)
    show("import as a snapshot", fresh, read)
    show("the same file again (unchanged)", again, read)
    show(f"a {pupils}-row attendance CSV", csv, read)


def part_report(families: int) -> None:
    path = Path(tempfile.gettempdir()) / f"liaison-bench-attendance-{families}" / "liaison.db"
    if not path.exists():
        print("building the demo database (once)...", file=sys.stderr)
        t = time.perf_counter()
        build(path, families)
        print(f"built in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    db = open_database(path, passphrase=PASSPHRASE)
    try:
        from liaison.services.reporting import pdf as report_pdf
        from liaison.services.reporting import tables as report_tables

        with db.read() as session:
            rows = session.scalar(select(func.count()).select_from(AttendanceRecord))
            meetings = session.scalar(select(func.count()).select_from(Meeting))
        snapshots = attendance.list_snapshots(db)
        term = report.default_term(db)
        assert term is not None
        period, previous = report.resolve(db, term=term.name)

        def whole() -> None:
            made = report.build(db, period, previous)
            report_pdf.render_bytes(made)
            report_tables.workbook_bytes(made)

        whole()  # imports, the font
        whole_t = timed(whole)
        made = report.build(db, period, previous)
        assert made.section("attendance").tables
        figures_t = timed(lambda: report.build(db, period, previous))

        def impact() -> None:
            with db.read() as session:
                attendance_figures(session, period)
                if previous is not None:
                    attendance_figures(session, previous)

        impact_t = timed(impact)
        support_t = timed(lambda: attendance.support_first(db))
        today_t = timed(lambda: today.compute(db))
        list_t = timed(lambda: fam.list_families(db))
        lines = len(attendance.support_first(db))
    finally:
        db.close()
    print(
        f"Part 2: {families} families, {meetings} meetings, {rows} attendance rows in "
        f"{len(snapshots)} snapshots ({snapshots[-1].as_at:%d/%m/%Y} to "
        f"{snapshots[0].as_at:%d/%m/%Y}); report for {period.name}; medians of 5"
    )
    show("families list (the baseline)", list_t)
    show("whole report (budget < 1 s)", whole_t, list_t)
    show("figures, every section", figures_t, list_t)
    show("attendance figures, 2 periods", impact_t, list_t)
    show(f"support first ({lines} families)", support_t, list_t)
    show("the whole Today page", today_t, list_t)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--families", type=int, default=2000)
    args = parser.parse_args()
    part_import(args.pupils)
    part_report(args.families)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
