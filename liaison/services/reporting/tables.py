"""The termly report as numbers for leaders who want them: an .xlsx workbook (one sheet per
section) and CSV files (one per section). The small-number rule applies here as in the PDF:
a hidden figure is the text "fewer than 5", never the number. Files are built in memory and
each written once, atomically; nothing else touches the disk.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from liaison.documents import safe_cells
from liaison.services.reporting import model as rp
from liaison.store.atomic import write_atomic

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
FORMATS = {
    "count": "#,##0",
    "percent": "0%",
    "rate": "0.0%",
    "pence": "£#,##0.00",
    "hours": "0.0",
    "days": "0.0",
}


def _cell_value(row: rp.Row, which: str, suppress: bool) -> object:
    """A number for the sheet where the figure may be shown, else the text shown instead."""
    value = row.current if which == "current" else row.previous
    if value is None or rp.hidden(row, which, suppress):
        return rp.shown(row, which, suppress)
    if row.kind in ("percent", "rate", "pence"):
        return value / 100
    if row.kind == "count":
        return int(value)
    return value


def _change_value(row: rp.Row, suppress: bool) -> object:
    delta = rp.change_value(row, suppress)
    if delta is None:
        return rp.NONE
    if row.kind == "percent":
        return round(delta)  # percentage points
    if row.kind == "rate":
        return round(delta, 1)
    if row.kind == "pence":
        return delta / 100
    return int(delta) if row.kind == "count" else delta


def _headers(report: rp.Report) -> tuple[str, str]:
    this = report.period.name
    before = report.previous.name if report.previous else "Previous"
    return this, before


def _write_table(
    ws: Worksheet, title: str, rows: tuple[rp.Row, ...], report: rp.Report, suppress: bool
) -> None:
    this, before = _headers(report)
    ws.append([title, this, before, "Change"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        ws.append(
            [
                row.label,
                _cell_value(row, "current", suppress),
                _cell_value(row, "previous", suppress),
                _change_value(row, suppress),
            ]
        )
        number_format = FORMATS.get(row.kind, "General")
        change_format = '+0" pts";-0" pts";0" pts"' if row.kind == "percent" else number_format
        if row.kind == "rate":
            change_format = '+0.0" pts";-0.0" pts";0.0" pts"'
        if row.kind == "count":
            change_format = "+#,##0;-#,##0;0"
        for cell, fmt in zip(
            ws[ws.max_row][1:], (number_format, number_format, change_format), strict=True
        ):
            if isinstance(cell.value, int | float):
                cell.number_format = fmt
            cell.alignment = Alignment(horizontal="right")
    ws.append([])


def workbook_bytes(report: rp.Report, *, suppress: bool = True) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    ws.append([report.school_name])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Family liaison: termly summary"])
    ws.append(["Period", report.period.name, report.period.dates])
    if report.previous is not None:
        ws.append(["Compared with", report.previous.name, report.previous.dates])
    ws.append(["Made", report.made_on.strftime("%d/%m/%Y")])
    if report.to_date:
        ws.append(["Note", f"The period has not ended: figures to {report.made_on:%d/%m/%Y}."])
    ws.append(["Privacy", "Aggregate figures only: no names or notes."])
    if suppress:
        ws.append(["", rp.SMALL_NOTE])
    ws.append([])
    _write_table(ws, "Headline figures", report.headlines, report, suppress)
    if report.trend:
        ws.append(["Term", "Families supported", "Contacts held"])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        for point in report.trend:
            ws.append(
                [
                    point.term,
                    rp.SMALL
                    if suppress and rp.is_small(point.families_supported)
                    else point.families_supported,
                    rp.SMALL if suppress and rp.is_small(point.contacts) else point.contacts,
                ]
            )
    _widths(ws)
    for section in report.sections:
        sheet = wb.create_sheet(section.title[:31])
        for table in section.tables:
            _write_table(sheet, table.title, table.rows, report, suppress)
            if table.note:
                sheet.append([table.note])
                sheet[sheet.max_row][0].font = Font(italic=True, size=9)
                sheet.append([])
        _widths(sheet)
    for sheet in wb.worksheets:
        safe_cells.text_only(sheet)  # a school or term name can never become a formula
    wb.properties.title = f"Family liaison: termly summary, {report.period.name}"
    wb.properties.creator = "Liaison"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _widths(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 44
    for column in "BCD":
        ws.column_dimensions[column].width = 16


def write_workbook(report: rp.Report, out: Path, *, suppress: bool = True) -> None:
    write_atomic(Path(out), workbook_bytes(report, suppress=suppress))


def csv_files(report: rp.Report, *, suppress: bool = True) -> dict[str, bytes]:
    """File name -> CSV bytes (UTF-8 with a byte-order mark, so Excel reads £ and – right)."""
    this, before = _headers(report)
    files: dict[str, bytes] = {}
    groups: list[tuple[str, list[tuple[str, rp.Row]], list[tuple[str, str]]]] = [
        ("headlines", [("Headline figures", row) for row in report.headlines], [])
    ]
    for section in report.sections:
        rows = [(table.title, row) for table in section.tables for row in table.rows]
        notes = [(table.title, table.note) for table in section.tables if table.note]
        groups.append((section.key, rows, notes))
    for index, (key, rows, notes) in enumerate(groups):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        # Every cell through safe_cells: text a spreadsheet would run as a formula is escaped.
        writer.writerow(safe_cells.csv_row(["table", "measure", this, before, "change"]))
        for title, row in rows:
            writer.writerow(
                safe_cells.csv_row(
                    [
                        title,
                        row.label,
                        rp.shown(row, "current", suppress),
                        rp.shown(row, "previous", suppress),
                        rp.change(row, suppress),
                    ]
                )
            )
        for title, note in notes:  # what the figures mean travels with them
            writer.writerow([title, f"Note: {note}", "", "", ""])
        files[f"{index:02d}-{key}.csv"] = buffer.getvalue().encode("utf-8-sig")
    return files


def write_csv(report: rp.Report, folder: Path, *, suppress: bool = True) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(exist_ok=True)
    written = []
    for name, data in csv_files(report, suppress=suppress).items():
        path = folder / name
        write_atomic(path, data)
        written.append(path)
    return written
