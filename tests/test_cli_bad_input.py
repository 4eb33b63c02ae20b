"""Bad input at the command line: one clear line, a non-zero exit, and no file changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from liaison.store import recovery
from liaison.store.database import Database
from tests.conftest import file_hashes
from tests.conftest import run_cli as run


def _assert_one_clear_line(err: str, *words: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("liaison: ")
    assert "Traceback" not in err
    for word in words:
        assert word.lower() in lines[0].lower(), lines[0]


def _flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def test_check_passes_on_a_good_database(
    capsys: pytest.CaptureFixture[str], demo_path: Path, passphrase_file: Path
) -> None:
    before = file_hashes(demo_path.parent)
    code, out, _ = run(
        capsys, "check", "--db", str(demo_path), "--passphrase-file", str(passphrase_file)
    )
    assert code == 0
    assert "All checks passed." in out
    for name in ("integrity_check", "cipher_integrity_check", "schema", "key_slots"):
        assert f"{name}: ok" in out
    assert file_hashes(demo_path.parent) == before  # checking writes nothing


def test_wrong_passphrase(
    capsys: pytest.CaptureFixture[str], demo_path: Path, wrong_passphrase_file: Path
) -> None:
    before = file_hashes(demo_path.parent)
    code, _, err = run(
        capsys,
        "families",
        "list",
        "--db",
        str(demo_path),
        "--passphrase-file",
        str(wrong_passphrase_file),
    )
    assert code == 3
    _assert_one_clear_line(err, "passphrase")
    assert file_hashes(demo_path.parent) == before


def test_wrong_recovery_code(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path, passphrase_file: Path
) -> None:
    code_file = tmp_path / "code.txt"
    code_file.write_text(recovery.generate())
    before = file_hashes(demo_path.parent)
    code, _, err = run(
        capsys,
        "recover",
        "--db",
        str(demo_path),
        "--recovery-code-file",
        str(code_file),
        "--new-passphrase-file",
        str(passphrase_file),
    )
    assert code == 3
    _assert_one_clear_line(err, "recovery code")
    assert file_hashes(demo_path.parent) == before


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        ("truncate", ["truncated"]),
        ("empty", ["empty"]),
        ("flip_header", ["damaged"]),
        ("plain_sqlite", ["unencrypted"]),
        ("missing", ["no liaison database"]),
    ],
)
def test_unreadable_database_files(
    capsys: pytest.CaptureFixture[str],
    demo_path: Path,
    passphrase_file: Path,
    damage: str,
    words: list[str],
) -> None:
    if damage == "truncate":
        demo_path.write_bytes(demo_path.read_bytes()[:10_000])
    elif damage == "empty":
        demo_path.write_bytes(b"")
    elif damage == "flip_header":
        _flip_byte(demo_path, 100)
    elif damage == "plain_sqlite":
        demo_path.unlink()
        with sqlite3.connect(demo_path) as conn:
            conn.execute("CREATE TABLE family (id INTEGER PRIMARY KEY, name TEXT)")
    elif damage == "missing":
        demo_path.unlink()
    before = file_hashes(demo_path.parent)
    for argv in (["check"], ["families", "list"]):
        code, _, err = run(
            capsys, *argv, "--db", str(demo_path), "--passphrase-file", str(passphrase_file)
        )
        assert code != 0
        _assert_one_clear_line(err, *words)
    assert file_hashes(demo_path.parent) == before


def test_one_byte_flipped_inside_the_data_is_found_by_check(
    capsys: pytest.CaptureFixture[str], demo_path: Path, passphrase_file: Path
) -> None:
    size = demo_path.stat().st_size
    _flip_byte(demo_path, size - 4096 + 1234)  # inside the last page, far from the schema
    before = file_hashes(demo_path.parent)
    code, out, err = run(
        capsys, "check", "--db", str(demo_path), "--passphrase-file", str(passphrase_file)
    )
    assert code != 0
    assert "cipher_integrity_check: FAILED" in out
    _assert_one_clear_line(err, "cipher_integrity_check", "backup")
    assert file_hashes(demo_path.parent) == before


def test_missing_passphrase_file_is_a_clear_message(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "check", "--db", str(demo_path), "--passphrase-file", str(tmp_path / "nope.txt")
    )
    assert code == 1
    _assert_one_clear_line(err, "cannot read the passphrase file")


def test_second_process_gets_busy_message(
    capsys: pytest.CaptureFixture[str],
    demo_db: Database,
    passphrase_file: Path,
) -> None:
    code, _, err = run(
        capsys,
        "families",
        "list",
        "--db",
        str(demo_db.path),
        "--passphrase-file",
        str(passphrase_file),
    )
    assert code == 6
    _assert_one_clear_line(err, "open")


def test_output_piped_into_head_is_not_an_error(demo_path: Path, passphrase_file: Path) -> None:
    """`liaison families list | head -1`: the reader goes away; no traceback, no error."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "LIAISON_DB": str(demo_path),
        "LIAISON_PASSPHRASE_FILE": str(passphrase_file),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "liaison.cli", "families", "list"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline().strip()
    child.stdout.close()
    err = child.stderr.read().decode()
    assert child.wait() == 0
    assert err == ""
