"""Nothing personal reaches the disk in plaintext: database, WAL, key file, backups, logs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from liaison.cli import main
from liaison.models import Caregiver, FamilyNote, Pupil
from liaison.services.access import open_database
from liaison.store.database import Database
from tests.conftest import PASSPHRASE, clock


def _personal_strings(db: Database) -> set[str]:
    found: set[str] = set()
    with db.read() as session:
        for model in (Caregiver, Pupil):
            for row in session.scalars(select(model)):
                for value in (
                    row.given_name,
                    row.family_name,
                    row.given_name_latin,
                    row.family_name_latin,
                    f"{row.given_name} {row.family_name}",
                ):
                    if value:
                        found.add(value)
        for body in session.scalars(select(FamilyNote.body)):
            found.add(body[:40])
    return found


def _needles(strings: set[str]) -> list[tuple[str, bytes]]:
    needles = []
    for text in strings:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            data = text.encode(encoding)
            # Short needles would match random ciphertext by chance; 6 bytes cannot (2^-48).
            if len(data) >= 6:
                needles.append((f"{text!r} as {encoding}", data))
    return needles


def _scan(folder: Path, needles: list[tuple[str, bytes]]) -> list[str]:
    leaks = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        leaks += [f"{label} in {path.name}" for label, needle in needles if needle in data]
    return leaks


def test_demo_data_folder_holds_no_plaintext(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("LIAISON_DATA_DIR", str(data))
    monkeypatch.delenv("LIAISON_DB", raising=False)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE)
    code_file = tmp_path / "code.txt"
    assert (
        main(
            [
                "demo",
                "--families",
                "60",
                "--seed",
                "11",
                "--passphrase-file",
                str(secret),
                "--recovery-out",
                str(code_file),
            ]
        )
        == 0
    )
    capsys.readouterr()
    db_files = list(data.rglob("*.db"))
    assert len(db_files) == 1
    db = open_database(db_files[0], passphrase=PASSPHRASE, clock=clock())
    try:
        strings = _personal_strings(db)
        assert len(strings) > 200
        needles = _needles(strings)
        # Also while open, with a WAL holding fresh pages, and after a backup.
        from liaison.services import families

        family_id = families.list_families(db)[0].id
        families.add_note(db, family_id, "Discussed the Ramadan timetable with Ms Example.")
        needles += _needles({"Discussed the Ramadan timetable"})
        db.write_backup(data / "backups" / "manual.zip", "manual")
        leaks = _scan(data, needles)
        assert leaks == []
    finally:
        db.close()
    assert _scan(data, needles) == []
    # The sanity check of the scanner itself: plaintext exports are found.
    probe = data / "export.txt"
    probe.write_text(max(strings, key=len), "utf-8")
    assert _scan(data, needles)
