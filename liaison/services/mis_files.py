"""What the two MIS imports (pupils and contacts; attendance) share about their files: reading
one with a clear message, telling a CTF from a CSV, and the CSV column mapping a school
chooses once (from a JSON file, or remembered in the encrypted settings)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from liaison.errors import ImportFileError
from liaison.imports.ctf import looks_like_ctf

if TYPE_CHECKING:
    from liaison.store.database import Database


def read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def kind_of(path: Path, data: bytes | None = None) -> str:
    """ "ctf" or "csv": by the name, else by the first bytes (read alone when not given)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xml":
        return "ctf"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if data is None:  # the start is enough to tell XML from CSV
        try:
            with Path(path).open("rb") as handle:
                data = handle.read(64 * 1024)
        except OSError as exc:
            raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    return "ctf" if looks_like_ctf(data) else "csv"


def load_mapping_file(path: Path, keys: Iterable[str], example: str) -> dict[str, str]:
    """A JSON mapping file {field: column header}; `example` shows one pair in the message."""
    known = list(keys)
    try:
        value = json.loads(read_bytes(path).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFileError(f"The mapping file {path} is not JSON: {exc}.") from None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ImportFileError(
            f"The mapping file {path} must map fields to column names: {{{example}, ...}}."
        )
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise ImportFileError(
            f"The mapping file names fields Liaison does not have: {', '.join(unknown)} "
            f"(known: {', '.join(known)})."
        )
    return value


def remembered_mapping(db: Database, setting: str) -> dict[str, str]:
    from liaison.services import school

    value = school.get_setting(db, setting)
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def remember_mapping(
    db: Database, setting: str, keys: Iterable[str], mapping: dict[str, str]
) -> None:
    """Keep the columns chosen for the known fields, for the next export of the same report."""
    known = set(keys)
    clean = {k: v for k, v in mapping.items() if k in known and v}
    if clean != remembered_mapping(db, setting):
        from liaison.services import school

        school.set_setting(db, setting, clean)
