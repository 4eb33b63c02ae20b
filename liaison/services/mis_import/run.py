"""Reading an MIS file and running its import: what the UI and the CLI call."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from liaison.imports import csv_mis
from liaison.imports.csv_mis import FIELDS, CsvTable, guess_mapping
from liaison.imports.csv_stream import ReadProgress
from liaison.imports.ctf import read_ctf
from liaison.imports.records import ParsedFile
from liaison.jobs import CancelCheck, Progress
from liaison.services import mis_files
from liaison.services.mis_import.apply import ImportResult, apply

if TYPE_CHECKING:
    from liaison.store.database import Database


MAPPING_SETTING = "import_csv_mapping"


def _read(path: Path) -> bytes:
    return mis_files.read_bytes(path)


def kind_of(path: Path, data: bytes | None = None) -> str:
    return mis_files.kind_of(path, data)


def limits() -> str:
    """What a CSV import accepts, to say before it starts (the help, the wizard)."""
    return csv_mis.limits()


def read_headers(path: Path) -> list[str]:
    """A CSV file's column names (its first line), read without the rest."""
    return csv_mis.read_headers(Path(path))


def read_table(path: Path, progress: ReadProgress | None = None) -> CsvTable:
    """A CSV file's columns, a sample of rows and their number, for the mapping page."""
    return csv_mis.read_table(Path(path), progress)


def read_file(
    path: Path, mapping: dict[str, str] | None = None, progress: ReadProgress | None = None
) -> ParsedFile:
    """Read a CTF or CSV file. For CSV, `mapping` is {field: column}; None guesses it. A CSV
    is read as a stream, one row at a time; `progress` hears (rows, bytes read, bytes)."""
    path = Path(path)
    if kind_of(path) == "ctf":
        return read_ctf(_read(path), path.name)
    if mapping is None:
        mapping = guess_mapping(read_headers(path))
    return csv_mis.read_pupils(path, path.name, mapping, progress)


def load_mapping_file(path: Path) -> dict[str, str]:
    """A JSON mapping file: {"given_name": "Forename", ...} (field: column header)."""
    return mis_files.load_mapping_file(path, [f.key for f in FIELDS], '"given_name": "Forename"')


def remembered_mapping(db: Database) -> dict[str, str]:
    return mis_files.remembered_mapping(db, MAPPING_SETTING)


def remember_mapping(db: Database, mapping: dict[str, str]) -> None:
    mis_files.remember_mapping(db, MAPPING_SETTING, csv_mis.FIELD_KEYS, mapping)


def run(
    db: Database,
    parsed: ParsedFile,
    *,
    skip: frozenset[str] = frozenset(),
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    checking: Progress | None = None,
) -> ImportResult:
    """Write the import in one transaction; any error or a cancel leaves the database as it was.
    The result says how many of its families now have a letter language assumed from their
    pupils' first language (to review and confirm). `checking` hears the plan being made."""
    from liaison.services.letters import assumed

    result = apply(db, parsed, skip=skip, progress=progress, cancel=cancel, checking=checking)
    result.assumed_language_families = len(assumed.assumed_families(db, result.family_ids))
    return result
