"""Passphrase files as Windows users make them: Notepad's UTF-8 with a byte-order mark,
PowerShell 5.1's `echo > file` (UTF-16 with a BOM and CRLF), an "ANSI" (cp1252) file with a
pound sign. Read the way the passphrase was typed; a file far too big is refused without
being read; no message ever shows a byte of a passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison.services.access import create_database
from tests.conftest import CHEAP_KDF, PASSPHRASE, clock, run_cli

POUND = "our goat costs £12 a week"


@pytest.fixture
def pound_db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "liaison.db"
    create_database(path, POUND, kdf=CHEAP_KDF, clock=clock())[0].close()
    return path


def _check(capsys: pytest.CaptureFixture[str], db: Path, secret: Path) -> tuple[int, str]:
    code, _, err = run_cli(capsys, "check", "--db", str(db), "--passphrase-file", str(secret))
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notepad-utf8-bom", b"\xef\xbb\xbf" + POUND.encode("utf-8") + b"\r\n"),
        ("powershell-utf16", POUND.encode("utf-16") + "\r\n".encode("utf-16-le")),
        ("utf16-be", b"\xfe\xff" + (POUND + "\n").encode("utf-16-be")),
        ("ansi-cp1252", POUND.encode("cp1252") + b"\r\n"),
        ("plain-utf8", POUND.encode("utf-8") + b"\n"),
    ],
)
def test_windows_passphrase_files_open_the_database(
    name: str, data: bytes, pound_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / f"{name}.txt"
    secret.write_bytes(data)
    code, err = _check(capsys, pound_db, secret)
    assert code == 0, err


def test_a_bom_is_not_part_of_a_new_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Made with a BOM file at init, the typed passphrase (a plain file here) opens it."""
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(b"\xef\xbb\xbf" + PASSPHRASE.encode() + b"\r\n")
    db = tmp_path / "data" / "liaison.db"
    code, _, err = run_cli(capsys, "init", "--db", str(db), "--passphrase-file", str(with_bom))
    assert code == 0, err
    typed = tmp_path / "typed.txt"
    typed.write_text(PASSPHRASE)
    assert _check(capsys, db, typed)[0] == 0


def test_a_huge_file_is_refused_without_being_read(
    pound_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(133 * 1024 * 1024)  # sparse: 133 MB that take no disk
    code, err = _check(capsys, pound_db, huge)
    assert code == 2 and "too big" in err and str(huge) in err


def test_unreadable_bytes_are_never_echoed(
    pound_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"secret\x81\x8dpart")  # not UTF-8, and undefined in cp1252
    code, err = _check(capsys, pound_db, bad)
    assert code == 2 and "cannot be read as text" in err
    for leak in ("secret", "part", "81", "8d", "\\x"):
        assert leak not in err
