"""MIS CSV import: encodings, delimiters, UK dates, column mapping (remembered), merged rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liaison.errors import ImportFileError
from liaison.imports import csv_mis
from liaison.services import families as fam
from liaison.services import mis_import as imports
from liaison.store.database import Database
from tests.import_helpers import DATA, dump


def test_utf8_comma_with_guessed_columns(db: Database) -> None:
    table = imports.read_table(DATA / "csv_utf8.csv")
    assert (table.encoding, table.delimiter) == ("UTF-8", ",")
    mapping = imports.guess_mapping(table.headers)
    assert mapping["family_name"] == "Legal Surname" and mapping["c2_phone"] == "Contact 2 Mobile"
    assert "first_language" not in mapping  # "Home Lang" is for the officer to choose
    parsed = imports.read_file(DATA / "csv_utf8.csv", {**mapping, "first_language": "Home Lang"})
    by_upn = {p.upn: p for p in parsed.pupils}
    lucja = by_upn["N820885120009"]
    assert (lucja.given_name, lucja.family_name) == ("Łucja", "Wiśniewska")
    assert lucja.date_of_birth.isoformat() == "2018-05-04"  # dd/mm/yyyy, not mm/dd
    assert lucja.first_language == "POL"
    assert by_upn["C820885120012"].date_of_birth.isoformat() == "2019-08-30"  # ISO too
    assert by_upn["N820885120011"].given_name == "নাসরিন"
    assert by_upn["Z820885120010"].preferred_name == "Janek"
    ama = by_upn["C820885120012"].contacts[1]
    assert ama.relationship.value == "step_mother" and not ama.parental_responsibility
    result = imports.run(db, parsed)
    counts = result.counts()
    assert counts["families_created"] == 3 and counts["pupils_created"] == 4
    assert counts["pupils_skipped"] == 1  # Hodan left in October and was never held
    rows = fam.list_families(db)
    wisniewski = next(r for r in rows if "Agnieszka" in r.caregivers)
    assert "Łucja" in wisniewski.pupils and "Janek" in wisniewski.pupils


def test_utf8_with_bom(db: Database) -> None:
    table = imports.read_table(DATA / "csv_utf8_bom.csv")
    assert table.encoding == "UTF-8 with BOM" and table.headers[0] == "First Name"
    parsed = imports.read_file(DATA / "csv_utf8_bom.csv")
    assert [p.first_language for p in parsed.pupils] == ["RMN", "RMN", "UKR"]
    assert parsed.pupils[1].year_group == 0
    plan = imports.preview(db, parsed)
    assert plan.counts()["families_created"] == 2  # the Popa siblings share their mother


def test_windows_1252_and_one_row_per_contact(db: Database) -> None:
    raw = (DATA / "csv_cp1252.csv").read_bytes()
    assert "Zoë Brontë".encode("cp1252")[:3] in raw  # the file really is cp1252
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    table = imports.read_table(DATA / "csv_cp1252.csv")
    assert table.encoding == "Windows-1252"
    parsed = imports.read_file(DATA / "csv_cp1252.csv")
    assert [f"{p.given_name} {p.family_name}" for p in parsed.pupils] == [
        "Zoë Brontë",
        "José Núñez",
    ]
    jose = parsed.pupils[1]
    assert [c.given_name for c in jose.contacts] == ["Inés", "Andrés"]
    assert [c.priority for c in jose.contacts] == [1, 2]
    imports.run(db, parsed)
    titles = [r.title for r in fam.list_families(db)]
    assert "Inés Núñez and Andrés Núñez" in titles


def test_semicolon_file_needs_the_mapping(db: Database) -> None:
    with pytest.raises(ImportFileError, match="Choose the columns for Pupil forename"):
        imports.read_file(DATA / "csv_semicolon.csv")
    mapping = imports.load_mapping_file(DATA / "semicolon_mapping.json")
    table = imports.read_table(DATA / "csv_semicolon.csv")
    assert table.delimiter == ";"
    parsed = imports.read_file(DATA / "csv_semicolon.csv", mapping)
    assert [p.given_name for p in parsed.pupils] == ["Maja", "Adam", "Rami"]
    assert any("'QQQ'" in w for w in parsed.warnings)  # unknown code: a warning, not a crash
    assert parsed.pupils[2].first_language is None
    result = imports.run(db, parsed)
    assert result.counts()["families_created"] == 2


def test_mapping_is_remembered(db: Database) -> None:
    mapping = imports.load_mapping_file(DATA / "semicolon_mapping.json")
    imports.remember_mapping(db, mapping)
    assert imports.remembered_mapping(db) == mapping
    headers = imports.read_table(DATA / "csv_semicolon.csv").headers
    assert imports.guess_mapping(headers, imports.remembered_mapping(db)) == mapping


def test_bad_date_names_the_line_and_changes_nothing(demo_db: Database) -> None:
    before = dump(demo_db)
    with pytest.raises(ImportFileError) as err:
        imports.run(demo_db, imports.read_file(DATA / "csv_bad_date.csv"))
    assert err.value.message.startswith("Line 5, column 'DOB': '31/02/2019' is not a date")
    assert dump(demo_db) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"Forename,Surname\n", "no pupils"),
        (b"Forename,Surname\nA\x00,B\n", "NUL"),
        (b"Forename,Surname\n\x81\x8d,B\n", "neither UTF-8 nor Windows-1252"),
        (b"Name,Other\nA,B\n", "Choose the columns"),
        (b"Forename,Surname,Year\nA,B,Year 3\nC,,4\n", "Line 3, column 'Surname': this is"),
    ],
)
def test_bad_csv_says_what_is_wrong(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=expected):
        imports.read_file(path)


def test_delimiters_and_year_words() -> None:
    for delimiter in (",", ";", "\t", "|"):
        text = delimiter.join(["Forename", "Surname", "Year"]) + "\n"
        text += delimiter.join(["Ana", "Silva", "Reception"]) + "\n"
        text += delimiter.join(["Rui", "Silva", "Y6"]) + "\n"
        table = csv_mis.read_table(text.encode())
        assert table.delimiter == delimiter
        parsed = csv_mis.pupils_from_table(table, "x.csv", csv_mis.guess_mapping(table.headers))
        assert [p.year_group for p in parsed.pupils] == [0, 6]


def test_mapping_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"shoe_size": "Shoes"}), "utf-8")
    with pytest.raises(ImportFileError, match="shoe_size"):
        imports.load_mapping_file(path)
    path.write_text("{not json", "utf-8")
    with pytest.raises(ImportFileError, match="not JSON"):
        imports.load_mapping_file(path)
