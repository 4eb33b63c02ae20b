"""The report's "Attendance and impact" section against a count made independently of the code,
on a school built by hand (tests/attendance_data.py): sessions-weighted rates before and after
the first contact, moves out of persistent and severe absence, the comparison group, the
languages, with small numbers hidden; and the section in every format the report is made in."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

from liaison.services import reporting as report
from liaison.services.reporting import pdf as report_pdf
from liaison.services.reporting import tables as report_tables
from liaison.store.database import Database
from tests.attendance_data import DATES, POSSIBLE, SERIES, School, build


@pytest.fixture
def known(db: Database, tmp_path: Path) -> School:
    return build(db, tmp_path)


def _independent(group: list[str], split_of: dict[str, dt.date]) -> dict[str, float]:
    """The figures counted straight from the table of snapshots in attendance_data: for each
    pupil the last snapshot on or before the split day and the last one of the term."""
    totals = dict.fromkeys(("pupils", "bp", "bq", "ap", "aq", "pa", "out_pa", "sa", "out_sa"), 0.0)
    for name in group:
        present = SERIES[name][1]
        i = max(k for k, day in enumerate(DATES) if day <= split_of[name])
        j = len(DATES) - 1
        totals["pupils"] += 1
        totals["bp"] += POSSIBLE[i]
        totals["bq"] += present[i]
        totals["ap"] += POSSIBLE[j] - POSSIBLE[i]
        totals["aq"] += present[j] - present[i]
        missed_before = (POSSIBLE[i] - present[i]) / POSSIBLE[i]
        missed_after = (POSSIBLE[j] - present[j]) / POSSIBLE[j]
        if missed_before >= 0.1:
            totals["pa"] += 1
            totals["out_pa"] += missed_after < 0.1
        if missed_before >= 0.5:
            totals["sa"] += 1
            totals["out_sa"] += missed_after < 0.5
    return totals


SUPPORTED = ["s1", "s2", "s3", "s4", "s5", "s6"]
COMPARISON = ["c1", "c2", "c3", "c4", "c5"]


def test_impact_figures_match_an_independent_count(known: School) -> None:
    r = report.for_term(known.db, "Summer 2026")
    split = {n: SERIES[n][2] for n in SUPPORTED}
    s = _independent(SUPPORTED, split)
    # By hand: 1,336 of 1,640 sessions before (81.5%), 603 of 640 since (94.2%).
    assert (s["bq"], s["bp"], s["aq"], s["ap"]) == (1336, 1640, 603, 640)
    assert (s["pa"], s["out_pa"], s["sa"], s["out_sa"]) == (4, 1, 1, 1)
    rows = {row.label: row for t in r.section("attendance").tables for row in t.rows}
    assert rows["Supported: before"].current == pytest.approx(100 * 1336 / 1640)
    assert rows["Supported: since"].current == pytest.approx(100 * 603 / 640)
    assert rows["Pupils compared"].current == 6  # s7 (percentages) and s8 (joined later) out
    assert rows["Sessions possible before the first contact"].current == 1640
    assert rows["Sessions possible since the first contact"].current == 640
    assert rows["Persistently absent before the first contact"].current == 4
    assert rows["Out of persistent absence since the first contact"].current == 1
    assert rows["Severely absent before the first contact"].current == 1
    assert rows["Out of severe absence since the first contact"].current == 1
    # The comparison group is split on the middle of the supported pupils' first contacts:
    # four on 01/05 and two on 10/06, so 01/05.
    c = _independent(COMPARISON, dict.fromkeys(COMPARISON, dt.date(2026, 5, 1)))
    assert (c["bq"], c["bp"], c["aq"], c["ap"]) == (1175, 1300, 559, 600)
    assert rows["Not supported: before"].current == pytest.approx(100 * 1175 / 1300)
    assert rows["Not supported: since"].current == pytest.approx(100 * 559 / 600)
    assert rows["Pupils compared, not supported"].current == 5
    assert rows["Persistently absent before the comparison day"].current == c["pa"] == 2
    # Urdu: s1-s5; Panjabi: s6 alone.
    u = _independent(SUPPORTED[:5], split)
    assert rows["Urdu: attendance before"].current == pytest.approx(100 * u["bq"] / u["bp"])
    assert rows["Urdu: attendance since"].current == pytest.approx(100 * u["aq"] / u["ap"])
    assert rows["Panjabi: pupils compared"].current == 1


def test_small_numbers_are_hidden_on_every_figure(known: School) -> None:
    r = report.for_term(known.db, "Summer 2026")
    shown = {row["measure"]: row["this"] for row in report.plain_rows(r, suppress=True)}
    assert shown["Supported: before"] == "81.5%"
    assert shown["Supported: since"] == "94.2%"
    assert shown["Not supported: before"] == "90.4%"
    assert shown["Not supported: since"] == "93.2%"
    assert shown["Pupils compared"] == "6"
    assert shown["Persistently absent before the first contact"] == "fewer than 5"
    assert shown["Out of persistent absence since the first contact"] == "fewer than 5"
    assert shown["Out of severe absence since the first contact"] == "fewer than 5"
    assert shown["Persistently absent before the comparison day"] == "fewer than 5"
    assert shown["Out of severe absence since the comparison day"] == "0"
    # One Panjabi-speaking pupil: the count is hidden and the rates resting on it too.
    assert shown["Panjabi: pupils compared"] == "fewer than 5"
    assert shown["Panjabi: attendance before"] == "not shown"
    assert shown["Urdu: attendance since"] == "94.1%"
    # Nobody was supported in the spring: nothing to show, and no change to work out.
    changes = {row["measure"]: row["change"] for row in report.plain_rows(r, suppress=True)}
    assert changes["Supported: before"] == "–"
    assert changes["Pupils compared"] == "+6"
    unhidden = {row["measure"]: row["this"] for row in report.plain_rows(r, suppress=False)}
    assert unhidden["Persistently absent before the first contact"] == "4"
    assert unhidden["Panjabi: attendance before"] == "83.3%"


def test_the_section_is_in_every_format_and_says_it_is_not_a_controlled_study(
    known: School, tmp_path: Path
) -> None:
    r = report.for_term(known.db, "Summer 2026")
    section = r.section("attendance")
    assert section.title == "Attendance and impact"
    data = report_pdf.render_bytes(r)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    flat = " ".join(text.split())
    assert "Attendance and impact" in flat
    assert "Not a controlled study: these figures show what happened alongside the" in flat
    assert "Supported: since 94.2%" in flat
    wb = openpyxl.load_workbook(io.BytesIO(report_tables.workbook_bytes(r)))
    sheet = {row[0]: row[1:4] for row in wb["Attendance and impact"].iter_rows(values_only=True)}
    assert sheet["Supported: before"][0] == pytest.approx(1336 / 1640)
    assert wb["Attendance and impact"]["B2"].number_format == "0.0%"
    assert any(k and k.startswith("Not a controlled study") for k in sheet)
    files = report_tables.csv_files(r)
    attendance_csv = files["07-attendance.csv"].decode("utf-8-sig")
    assert "Supported: since,94.2%,–,–" in attendance_csv
    assert "Note: Not a controlled study" in attendance_csv
    plain = report.to_plain(r)
    tables = next(s for s in plain["sections"] if s["key"] == "attendance")["tables"]
    assert tables[0]["note"].startswith("Not a controlled study")
    assert json.dumps(plain, ensure_ascii=False)  # JSON-ready


def test_a_school_without_attendance_has_no_such_section(db: Database) -> None:
    r = report.for_range(db, dt.date(2026, 9, 1), dt.date(2026, 11, 20))
    assert [s.key for s in r.sections] == [
        "families",
        "contacts",
        "interpreting",
        "referrals",
        "events",
        "letters",
    ]
