"""Reading an attendance file (a CTF, or an attendance CSV with a column mapping) and settling
the date its figures are "as at". What the UI and the CLI call before the import itself.

The date: a CTF says when the MIS wrote it (<Header><DateTime>), a CSV may have an "as at"
column; otherwise the officer gives it (`as_at`). When the file and the officer disagree the
import stops: a snapshot put on the wrong date would bend every trend drawn from it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from liaison.errors import ImportFileError
from liaison.imports import attendance_csv
from liaison.imports.attendance import AttendanceFile
from liaison.imports.csv_mis import CsvTable
from liaison.imports.ctf import looks_like_ctf, read_ctf

if TYPE_CHECKING:
    from liaison.store.database import Database

MAPPING_SETTING = "attendance_csv_mapping"
FIELDS = attendance_csv.FIELDS


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def kind_of(path: Path, data: bytes | None = None) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".xml":
        return "ctf"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    return "ctf" if looks_like_ctf(data if data is not None else _read(path)) else "csv"


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
    try:
        value = json.loads(_read(path).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFileError(f"The mapping file {path} is not JSON: {exc}.") from None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ImportFileError(
            f'The mapping file {path} must map fields to column names: {{"possible": '
            '"Possible Sessions", ...}.'
        )
    unknown = sorted(set(value) - attendance_csv.FIELD_KEYS)
    if unknown:
        raise ImportFileError(
            f"The mapping file names fields Liaison does not have: {', '.join(unknown)} "
            f"(known: {', '.join(f.key for f in FIELDS)})."
        )
    return value


def remembered_mapping(db: Database) -> dict[str, str]:
    from liaison.services import school

    value = school.get_setting(db, MAPPING_SETTING)
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def remember_mapping(db: Database, mapping: dict[str, str]) -> None:
    from liaison.services import school

    clean = {k: v for k, v in mapping.items() if k in attendance_csv.FIELD_KEYS and v}
    if clean != remembered_mapping(db):
        school.set_setting(db, MAPPING_SETTING, clean)
