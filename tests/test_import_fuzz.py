"""Property tests: whatever bytes arrive, the import ends in its own clear error or a good
import, never another exception, and a failed import leaves the database exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison.errors import ImportFileError
from liaison.services import mis_import as imports
from liaison.store.database import Database
from tests.import_helpers import DATA, dump

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CTF = (DATA / "ctf_families.xml").read_bytes()
CSV = (DATA / "csv_utf8.csv").read_bytes()
CP1252 = (DATA / "csv_cp1252.csv").read_bytes()


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "delete", "insert", "duplicate", "truncate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "insert":
            data[at:at] = draw(
                st.sampled_from([b"<", b">", b"&", b"\x00", b"\xff", b'"', b",", b";", b"\n"])
                | st.binary(min_size=1, max_size=12)
            )
        elif op == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        else:
            del data[at:]
    return bytes(data)


def _attempt(db: Database, path: Path, content: bytes, baseline: list[dict]) -> None:
    path.write_bytes(content)
    try:
        imports.preview(db, imports.read_file(path))
        imports.run(db, imports.read_file(path))
    except ImportFileError as exc:
        assert exc.message and "\n" not in exc.message.strip()
        assert dump(db) == baseline[0], "a failed import changed the database"
        return
    baseline[0] = dump(db)  # a mutation can still be a valid file: then it imported


@SETTINGS
@given(content=mutated(CTF))
def test_mutated_ctf(db: Database, tmp_path: Path, content: bytes) -> None:
    baseline = [dump(db)]
    _attempt(db, tmp_path / "mutated.xml", content, baseline)


@SETTINGS
@given(content=st.one_of(mutated(CSV), mutated(CP1252)))
def test_mutated_csv(db: Database, tmp_path: Path, content: bytes) -> None:
    baseline = [dump(db)]
    _attempt(db, tmp_path / "mutated.csv", content, baseline)


@SETTINGS
@given(content=st.binary(max_size=600), suffix=st.sampled_from([".xml", ".csv", ".dat"]))
def test_random_bytes(db: Database, tmp_path: Path, content: bytes, suffix: str) -> None:
    baseline = [dump(db)]
    _attempt(db, tmp_path / f"random{suffix}", content, baseline)


@SETTINGS
@given(text=st.text(max_size=300))
def test_random_text_as_csv_and_xml(db: Database, tmp_path: Path, text: str) -> None:
    baseline = [dump(db)]
    _attempt(db, tmp_path / "text.csv", ("Forename,Surname,DOB\n" + text).encode(), baseline)
    _attempt(db, tmp_path / "text.xml", f"<CTfile>{text}</CTfile>".encode(), baseline)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        # Found by the fuzz tests on fresh clones; kept as fixed cases.
        ("bad.xml", b'<?xml version="1.0" encoding="U-F-8"?>\n<CTfile/>', "unknown character set"),
        ("bad.csv", b";", "no column names"),
        ("bad.csv", b";;\r\n;;\r\n", "no column names"),
    ],
)
def test_found_by_fuzzing(
    db: Database, tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = dump(db)
    with pytest.raises(ImportFileError, match=words):
        imports.run(db, imports.read_file(path))
    assert dump(db) == before
