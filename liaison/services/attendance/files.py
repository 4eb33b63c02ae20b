"""Reading an attendance file (a CTF, or an attendance CSV with a column mapping) and settling
the date its figures are "as at". What the UI and the CLI call before the import itself.

The date: a CTF says when the MIS wrote it (<Header><DateTime>), a CSV may have an "as at"
column; otherwise the officer gives it (`as_at`). When the file and the officer disagree the
import stops: a snapshot put on the wrong date would bend every trend drawn from it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from liaison.errors import ImportFileError
from liaison.imports import attendance_csv
from liaison.imports.attendance import AttendanceFile
from liaison.imports.csv_mis import CsvTable
from liaison.imports.ctf import read_ctf
from liaison.services import mis_files

if TYPE_CHECKING:
    from liaison.store.database import Database

MAPPING_SETTING = "attendance_csv_mapping"
FIELDS = attendance_csv.FIELDS


def _read(path: Path) -> bytes:
    return mis_files.read_bytes(path)


def kind_of(path: Path, data: bytes | None = None) -> str:
    return mis_files.kind_of(path, data)


def read_table(path: Path) -> CsvTable:
    """A CSV file's columns and first rows, for the mapping page."""
    return attendance_csv.read_table(_read(path))


def guess_mapping(headers: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    return attendance_csv.guess_mapping(headers, remembered)


def missing_columns(table: CsvTable, mapping: dict[str, str]) -> list[str]:
    return attendance_csv.check_mapping(table, mapping)


def read_file(
    path: Path, mapping: dict[str, str] | None = None, as_at: dt.date | None = None
) -> AttendanceFile:
    """Read a CTF or an attendance CSV (`mapping` {field: column}; None guesses it) and settle
    its date. Raises ImportFileError, naming the place, for anything wrong; nothing is written."""
    data = _read(path)
    name = Path(path).name
    if kind_of(path, data) == "ctf":
        parsed = read_ctf(data, name)
        assert parsed.attendance is not None
        found = parsed.attendance
        found.warnings = [*parsed.warnings, *found.warnings]
    else:
        table = attendance_csv.read_table(data)
        chosen = mapping if mapping is not None else guess_mapping(table.headers)
        found = attendance_csv.rows_from_table(table, name, chosen)
    return settle_date(found, as_at)


def settle_date(found: AttendanceFile, as_at: dt.date | None) -> AttendanceFile:
    if as_at is not None and found.as_at is not None and as_at != found.as_at:
        raise ImportFileError(
            f"The file says its figures are as at {found.as_at:%d/%m/%Y}, but {as_at:%d/%m/%Y} "
            "was given. Leave the date out to use the file's, or check the file. "
            "Nothing was imported."
        )
    found.as_at = found.as_at or as_at
    if found.as_at is None:
        raise ImportFileError(
            f"{found.name} does not say the date its figures are as at: give it (the date the "
            "MIS report was run, e.g. --as-at 27/11/2026). Nothing was imported."
        )
    return found


def load_mapping_file(path: Path) -> dict[str, str]:
    """A JSON mapping file: {"possible": "Possible Sessions", ...} (field: column header)."""
    keys = [f.key for f in FIELDS]
    return mis_files.load_mapping_file(path, keys, '"possible": "Possible Sessions"')


def remembered_mapping(db: Database) -> dict[str, str]:
    return mis_files.remembered_mapping(db, MAPPING_SETTING)


def remember_mapping(db: Database, mapping: dict[str, str]) -> None:
    mis_files.remember_mapping(db, MAPPING_SETTING, attendance_csv.FIELD_KEYS, mapping)
