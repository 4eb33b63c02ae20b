"""Read an attendance CSV exported from the MIS: one row per pupil, any columns, mapped to ours.

The same steps as the pupils' CSV (csv_mis.py): the text is decoded and split the same way,
`guess_mapping` fills {field: column header} from the headers (and a remembered mapping), and
the officer corrects it once. A pupil is found by UPN, else by names and date of birth. The
figures are sessions (possible, present, authorised and unauthorised absence) or, when that is
all the report gives, an attendance percentage. The date the figures are "as at" comes from an
"as at" column when the file has one; otherwise whoever imports it says.
"""

from __future__ import annotations

import datetime as dt
import re

from liaison.errors import ImportFileError
from liaison.imports import attendance as att
from liaison.imports import csv_mis
from liaison.imports import records as r
from liaison.imports.csv_mis import CsvTable, Field

FIELDS: list[Field] = [
    Field("upn", "UPN", ("upn", "uniquepupilnumber", "pupilupn")),
    Field(
        "given_name",
        "Pupil forename",
        ("forename", "legalforename", "firstname", "givenname", "pupilforename"),
    ),
    Field(
        "family_name",
        "Pupil surname",
        ("surname", "legalsurname", "lastname", "familyname", "pupilsurname"),
    ),
    Field("date_of_birth", "Date of birth", ("dob", "dateofbirth", "birthdate", "pupildob")),
    Field(
        "possible",
        "Sessions possible",
        ("possible", "sessionspossible", "possiblesessions", "possiblemarks", "sessions", "poss"),
    ),
    Field(
        "present",
        "Sessions present",
        (
            "present",
            "attended",
            "sessionspresent",
            "sessionsattended",
            "presentmarks",
            "attend",
            "pres",
        ),
    ),
    Field(
        "authorised",
        "Authorised absences (sessions)",
        (
            "authorised",
            "authorized",
            "authorisedabsence",
            "authorisedabsences",
            "authabs",
            "auth",
        ),
    ),
    Field(
        "unauthorised",
        "Unauthorised absences (sessions)",
        ("unauthorised", "unauthorized", "unauthorisedabsence", "unauthorisedabsences", "unauth"),
    ),
    Field(
        "percent",
        "Attendance %",
        (
            "attendance",
            "attendancepercent",
            "attendancepercentage",
            "percent",
            "pct",
            "attendance%",
        ),
    ),
    Field("as_at", "As at (date)", ("asat", "asatdate", "date", "reportdate", "todate", "enddate")),
]
FIELD_KEYS = {f.key for f in FIELDS}


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9%]", "", header.casefold())


def guess_mapping(headers: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    """{field: header}: a remembered mapping first (where its columns exist), then by name."""
    mapping = {k: h for k, h in (remembered or {}).items() if k in FIELD_KEYS and h in headers}
    used = set(mapping.values())
    for f in FIELDS:
        if f.key in mapping:
            continue
        for header in headers:
            norm = _norm(header)
            if header not in used and (norm in f.synonyms or norm.rstrip("%") in f.synonyms):
                mapping[f.key] = header
                used.add(header)
                break
    return mapping


def check_mapping(table: CsvTable, mapping: dict[str, str]) -> list[str]:
    """What is missing before the file can be read (empty: ready)."""
    index = set(table.headers)
    chosen = {k for k, h in mapping.items() if h in index}
    missing = []
    if "upn" not in chosen and not {"given_name", "family_name", "date_of_birth"} <= chosen:
        missing.append("the UPN, or the pupil's forename, surname and date of birth")
    if "possible" not in chosen and "percent" not in chosen:
        missing.append("sessions possible (with present or absences), or the attendance %")
    return missing


def _fractions(table: CsvTable, column: int | None) -> bool:
    """A percentage column written as fractions (0.935 for 93.5%): every value at most 1, one
    with a decimal point, and no per cent sign."""
    if column is None:
        return False
    values = [cells[column].strip() for _, cells in table.rows if column < len(cells)]
    values = [v for v in values if v]
    if not values or any("%" in v for v in values):
        return False
    try:
        numbers = [float(v.replace(",", ".")) for v in values]
    except ValueError:
        return False
    return all(n <= 1 for n in numbers) and any("." in v or "," in v for v in values)


def read_table(data: bytes) -> CsvTable:
    return csv_mis.read_table(data)


def rows_from_table(table: CsvTable, name: str, mapping: dict[str, str]) -> att.AttendanceFile:
    missing = check_mapping(table, mapping)
    if missing:
        raise ImportFileError(
            f"Choose the columns for {' and '.join(missing)} before importing "
            f"(the file's columns: {', '.join(table.headers)[:200]})."
        )
    index = {h: i for i, h in enumerate(table.headers)}
    found = att.AttendanceFile(kind="csv", name=name)
    found.source = f"{table.encoding}, {csv_mis.describe_delimiter(table.delimiter)}-separated"
    fraction = _fractions(table, index.get(mapping.get("percent", "")))
    if fraction:
        found.warnings.append(
            f"Column '{mapping['percent']}' read as fractions (0.935 is 93.5% attendance)"
        )
    dates: set[dt.date] = set()
    for line, cells in table.rows:

        def cell(key: str, cells: list[str] = cells) -> str | None:
            i = index.get(mapping.get(key, ""))
            return cells[i].strip() or None if i is not None and i < len(cells) else None

        def at(key: str, line: int = line) -> str:
            return f"Line {line}, column '{mapping.get(key, key)}'"

        as_at = r.date(cell("as_at"), at("as_at"))
        if as_at is not None:
            dates.add(as_at)
        row = _row(line, cell, at, fraction)
        if row is None:
            found.without.append(f"Line {line}")
        else:
            found.rows.append(row)
    if len(dates) > 1:
        shown = ", ".join(f"{d:%d/%m/%Y}" for d in sorted(dates)[:4])
        raise ImportFileError(
            f"The file's '{mapping['as_at']}' column holds several dates ({shown}); a snapshot "
            "is one date. Export the figures for one date at a time. Nothing was imported."
        )
    found.as_at = next(iter(dates), None)
    if not found.rows and not found.without:
        raise ImportFileError("The file has a header line but no pupils.")
    return found


def _row(line, cell, at, fraction: bool) -> att.AttendanceRow | None:
    upn = r.upn(cell("upn"), at("upn"))
    given, family = cell("given_name"), cell("family_name")
    dob = r.date(cell("date_of_birth"), at("date_of_birth"))
    if upn is None and not (given and family and dob):
        raise r.fail(
            f"Line {line}", "the pupil has no UPN, and no forename, surname and date of birth"
        )
    figures = att.Figures(
        possible=att.count(cell("possible"), at("possible")),
        present=att.count(cell("present"), at("present")),
        authorised=att.count(cell("authorised"), at("authorised")),
        unauthorised=att.count(cell("unauthorised"), at("unauthorised")),
        percent=att.percent(cell("percent"), at("percent"), fraction=fraction),
    )
    checked = att.checked(figures, f"Line {line}")
    if checked is None:
        return None
    return att.AttendanceRow(
        where=f"Line {line}",
        figures=checked,
        upn=upn,
        given_name=r.text(given, at("given_name"), max_len=100),
        family_name=r.text(family, at("family_name"), max_len=100),
        date_of_birth=dob,
    )


def read_attendance_csv(data: bytes, name: str, mapping: dict[str, str]) -> att.AttendanceFile:
    return rows_from_table(read_table(data), name, mapping)
