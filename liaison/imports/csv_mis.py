"""Read a CSV export from an MIS (SIMS, Arbor, Bromcom reports): any columns, mapped to ours.

The file is read as a stream (csv_stream.py): the limits first (50 MB, 100,000 rows), then
the encoding (UTF-8 with or without a byte-order mark, else Windows-1252, what Excel on a school
PC saves as "CSV"), the delimiter (comma, semicolon, tab or bar, sniffed from the first lines),
then one row at a time. Dates: dd/mm/yyyy or ISO. One row per pupil with up to two contacts'
columns, or one row per pupil and contact: rows for the same pupil (same UPN, or same names and
date of birth) are merged.

A mapping says which column holds which field: {field: column header}. `guess_mapping` fills
one from the headers; the officer corrects it once and it is remembered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from liaison.errors import ImportFileError
from liaison.imports import csv_stream as stream
from liaison.imports import records as r
from liaison.imports.csv_stream import ReadProgress
from liaison.imports.records import ImportContact, ImportPupil, ParsedFile

CONTACTS = 2


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False


PUPIL_FIELDS = [
    Field("upn", "UPN", ("upn", "uniquepupilnumber", "pupilupn")),
    Field(
        "given_name",
        "Pupil forename",
        ("forename", "legalforename", "firstname", "givenname", "pupilforename", "pupilfirstname"),
        required=True,
    ),
    Field(
        "family_name",
        "Pupil surname",
        ("surname", "legalsurname", "lastname", "familyname", "pupilsurname", "pupillastname"),
        required=True,
    ),
    Field("preferred_name", "Preferred forename", ("preferredforename", "knownas", "preferred")),
    Field("date_of_birth", "Date of birth", ("dob", "dateofbirth", "birthdate", "pupildob")),
    Field("year_group", "Year group", ("year", "yeargroup", "ncyear", "ncyearactual", "yr")),
    Field(
        "class_name",
        "Class / registration group",
        ("reg", "reggroup", "registrationgroup", "class", "form", "tutorgroup", "regform"),
    ),
    Field(
        "first_language",
        "First language (DfE code)",
        ("firstlanguage", "language", "homelanguage", "languagecode", "firstlanguagecode"),
    ),
    Field("admission_date", "Admission date", ("admissiondate", "entrydate", "dateofadmission")),
    Field("leaving_date", "Leaving date", ("leavingdate", "dateofleaving", "leavedate")),
    Field("address_line1", "Address line 1", ("address1", "addressline1", "address", "street")),
    Field("address_line2", "Address line 2", ("address2", "addressline2", "locality")),
    Field("town", "Town", ("town", "city", "posttown")),
    Field("postcode", "Postcode", ("postcode", "zip", "postalcode")),
]
_CONTACT_PARTS = [
    ("given_name", "forename", ("forename", "firstname", "givenname")),
    ("family_name", "surname", ("surname", "lastname", "familyname")),
    ("title", "title", ("title",)),
    ("relationship", "relationship", ("relationship", "relation", "relationshiptopupil")),
    ("responsibility", "parental responsibility", ("parentalresponsibility", "responsibility")),
    ("priority", "priority", ("priority", "order", "contactpriority")),
    ("phone", "mobile phone", ("mobile", "phone", "telephone", "mobilephone", "phonemobile")),
    ("phone_other", "other phone", ("otherphone", "homephone", "workphone", "phone2")),
    ("email", "email", ("email", "emailaddress")),
]


def _contact_fields(n: int) -> list[Field]:
    prefixes = (f"contact{n}", f"c{n}", f"parent{n}", f"priority{n}", f"carer{n}")
    return [
        Field(f"c{n}_{key}", f"Contact {n} {label}", tuple(p + s for p in prefixes for s in syn))
        for key, label, syn in _CONTACT_PARTS
    ]


FIELDS: list[Field] = PUPIL_FIELDS + [f for n in range(1, CONTACTS + 1) for f in _contact_fields(n)]
FIELD_KEYS = {f.key for f in FIELDS}


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.casefold())


def guess_mapping(headers: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    """{field: header}: a remembered mapping first (where its columns exist), then by name."""
    mapping: dict[str, str] = {}
    present = set(headers)
    for key, header in (remembered or {}).items():
        if key in FIELD_KEYS and header in present:
            mapping[key] = header
    used = set(mapping.values())
    normed = [(_norm(h), h) for h in headers]
    for f in FIELDS:
        if f.key in mapping:
            continue
        for n, header in normed:
            if header not in used and n in f.synonyms:
                mapping[f.key] = header
                used.add(header)
                break
    return mapping


# -- reading -------------------------------------------------------------------------------
MAX_ROWS = 100_000
SAMPLE_ROWS = 50  # rows kept for the mapping page; the rest are counted, not kept


def limits() -> str:
    size = r.MAX_FILE_BYTES // 1_000_000
    return f"files of at most {size} MB, a CSV of at most {MAX_ROWS:,} rows"


@dataclass
class CsvTable:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # the first SAMPLE_ROWS: (line in the file, cells)
    encoding: str
    delimiter: str
    row_count: int = 0
    source: stream.Source | None = None


@dataclass
class _Opened:
    source: stream.Source
    codec: str
    encoding: str
    delimiter: str
    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]


def _open(value: bytes | Path | stream.Source, progress: ReadProgress | None) -> _Opened:
    """Check the size, settle the encoding and delimiter, read the header line; the data
    rows are then an iterator over the file."""
    source = stream.source_of(value)
    size = source.size()
    if size > r.MAX_FILE_BYTES:
        raise ImportFileError(
            f"The file is {size / 1e6:.0f} MB; Liaison imports {limits()}. Export only the "
            "pupils needed (one year group, or the new arrivals)."
        )
    codec, encoding, text_seen = stream.encoding_of(source)
    if not text_seen:
        raise ImportFileError("The file is empty.")
    delimiter = stream.delimiter_of(source, codec)
    found = stream.records(
        source, codec, delimiter, max_rows=MAX_ROWS, limits=limits(), progress=progress
    )
    first = next(found, None)
    if first is None:
        # Only delimiters and blank cells: nothing that could name a column.
        raise ImportFileError("The file has no column names and no values: it is empty.")
    headers = [c.strip() for c in first[1]]
    seen: set[str] = set()
    for i, header in enumerate(headers):
        if not header or header in seen:
            headers[i] = f"{header or 'Column'} ({i + 1})"
        seen.add(headers[i])
    return _Opened(source, codec, encoding, delimiter, headers, found)


def read_headers(value: bytes | Path) -> list[str]:
    return _open(value, None).headers


def read_table(value: bytes | Path, progress: ReadProgress | None = None) -> CsvTable:
    """The columns, a sample of rows and how many there are, for the mapping page (every
    row is read, so a row limit or a broken line is found now, not at import)."""
    opened = _open(value, progress)
    table = CsvTable(opened.headers, [], opened.encoding, opened.delimiter, 0, opened.source)
    for line, cells in opened.rows:
        table.row_count += 1
        if len(table.rows) < SAMPLE_ROWS:
            table.rows.append((line, cells))
    return table


def describe_delimiter(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(delimiter, delimiter)


# -- rows to pupils ------------------------------------------------------------------------
def read_csv(data: bytes, name: str, mapping: dict[str, str]) -> ParsedFile:
    return read_pupils(data, name, mapping)


def pupils_from_table(table: CsvTable, name: str, mapping: dict[str, str]) -> ParsedFile:
    assert table.source is not None
    return read_pupils(table.source, name, mapping)


def read_pupils(
    value: bytes | Path | stream.Source,
    name: str,
    mapping: dict[str, str],
    progress: ReadProgress | None = None,
) -> ParsedFile:
    """Every row made a pupil as it is read (the file is never held whole in memory)."""
    opened = _open(value, progress)
    table = CsvTable(opened.headers, [], opened.encoding, opened.delimiter)
    return _pupils(table, opened.rows, name, mapping)


def _pupils(
    table: CsvTable,
    rows: Iterator[tuple[int, list[str]]],
    name: str,
    mapping: dict[str, str],
) -> ParsedFile:
    index = {h: i for i, h in enumerate(table.headers)}
    missing = [f.label for f in FIELDS if f.required and mapping.get(f.key) not in index]
    if missing:
        raise ImportFileError(
            f"Choose the columns for {' and '.join(missing)} before importing "
            f"(the file's columns: {', '.join(table.headers)[:200]})."
        )
    unknown = [h for k, h in mapping.items() if k in FIELD_KEYS and h not in index]
    parsed = ParsedFile(kind="csv", name=name)
    if unknown:
        parsed.warnings.append(f"Columns in the mapping but not in the file: {', '.join(unknown)}")
    parsed.source = f"{table.encoding}, {describe_delimiter(table.delimiter)}-separated"
    by_key: dict[tuple[object, ...], ImportPupil] = {}
    for line, cells in rows:

        def cell(key: str, line: int = line, cells: list[str] = cells) -> str | None:
            header = mapping.get(key)
            i = index.get(header) if header is not None else None
            if i is None or i >= len(cells):
                return None
            return cells[i].strip() or None

        def at(key: str, line: int = line) -> str:
            return f"Line {line}, column '{mapping.get(key, key)}'"

        pupil = _row_pupil(line, cell, at, parsed.warnings)
        key: tuple[object, ...] = (
            ("upn", pupil.upn)
            if pupil.upn
            else (pupil.given_name.casefold(), pupil.family_name.casefold(), pupil.date_of_birth)
        )
        earlier = by_key.get(key)
        if earlier is None:
            by_key[key] = pupil
            parsed.pupils.append(pupil)
        else:
            _merge_rows(earlier, pupil)
    if not parsed.pupils:
        raise ImportFileError("The file has a header line but no pupils.")
    return parsed


def _row_pupil(line, cell, at, warnings: list[str]) -> ImportPupil:
    pupil = ImportPupil(
        where=f"Line {line}",
        given_name=r.name(cell("given_name"), at("given_name")),
        family_name=r.name(cell("family_name"), at("family_name")),
        upn=r.upn(cell("upn"), at("upn")),
        date_of_birth=r.date(cell("date_of_birth"), at("date_of_birth")),
        year_group=r.year_group(cell("year_group"), at("year_group"), warnings),
        class_name=r.text(cell("class_name"), at("class_name"), max_len=20),
        first_language=r.language(cell("first_language"), at("first_language"), warnings),
        admission_date=r.date(cell("admission_date"), at("admission_date")),
        leaving_date=r.date(cell("leaving_date"), at("leaving_date")),
    )
    preferred = r.text(cell("preferred_name"), at("preferred_name"), max_len=100)
    pupil.preferred_name = preferred if preferred != pupil.given_name else None
    pupil.address = r.address(
        [cell("address_line1"), cell("address_line2")],
        cell("town"),
        cell("postcode"),
        f"Line {line} (address)",
        warnings,
    )
    for n in range(1, CONTACTS + 1):
        contact = _row_contact(n, line, cell, at, pupil, warnings)
        if contact is not None:
            pupil.contacts.append(contact)
    return pupil


def _row_contact(n, line, cell, at, pupil, warnings) -> ImportContact | None:
    def c(part: str) -> str | None:
        return cell(f"c{n}_{part}")

    def where(part: str) -> str:
        return at(f"c{n}_{part}")

    forename, surname = c("given_name"), c("family_name")
    if not forename and not surname:
        return None
    code = c("relationship")
    key = r.relationship_key(code)
    if key in r.NOT_FAMILY:
        warnings.append(f"{where('relationship')}: {r.NOT_FAMILY[key]}, not a caregiver; left out")
        return None
    kind = r.relationship(code, None, where("relationship"), warnings, c("title"))
    order = c("priority")
    contact = ImportContact(
        where=f"Line {line}, contact {n}",
        given_name=r.name(forename or c("title") or "?", where("given_name")),
        family_name=r.name(surname or pupil.family_name, where("family_name")),
        title=r.text(c("title"), where("title"), max_len=20),
        relationship=kind,
        parental_responsibility=r.flag(
            c("responsibility"), r.default_responsibility(kind), where("responsibility"), warnings
        ),
        priority=int(order) if order and order.isdigit() and 0 < int(order) < 100 else n,
        phone_mobile=r.phone(c("phone"), where("phone"), warnings),
        phone_other=r.phone(c("phone_other"), where("phone_other"), warnings),
        email=r.email(c("email"), where("email"), warnings),
        address=pupil.address,
    )
    return contact


def _merge_rows(into: ImportPupil, other: ImportPupil) -> None:
    """A second row for the same pupil: its contacts are added, blanks filled."""
    for name in (
        "upn",
        "preferred_name",
        "date_of_birth",
        "year_group",
        "class_name",
        "first_language",
        "admission_date",
        "leaving_date",
        "address",
    ):
        if getattr(into, name) is None:
            setattr(into, name, getattr(other, name))
    for contact in other.contacts:
        taken = {c.priority for c in into.contacts}
        if contact.priority in taken:
            contact.priority = max(taken) + 1
        into.contacts.append(contact)
