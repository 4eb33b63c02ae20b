"""Restoring a backup of another database (its own passphrase may well be the same) says so
and asks, rather than quietly replacing this school's records with "0 families"."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from liaison.services import backups
from liaison.services import families as fam
from liaison.services.access import open_database
from tests.conftest import PASSPHRASE, clock, copy_db, file_hashes, run_cli


def backup_of_another_database(empty_template: tuple[Path, str], folder: Path) -> Path:
    """A backup of a different (empty) database made with the same passphrase."""
    path = copy_db(empty_template[0], folder / "other")
    with open_database(path, passphrase=PASSPHRASE, clock=clock()) as other:
        return backups.make(other, "manual", folder / "other-usb")


@pytest.fixture
def other_backup(empty_template: tuple[Path, str], tmp_path: Path) -> Path:
    return backup_of_another_database(empty_template, tmp_path)


def test_cli_names_another_database_and_asks(
    demo_path: Path,
    other_backup: Path,
    passphrase_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = file_hashes(demo_path.parent)
    secret = ("--db", str(demo_path), "--passphrase-file", str(passphrase_file))
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, _ = run_cli(capsys, "restore", str(other_backup), *secret)
    assert code == 1, out
    assert "different database" in out and "Nothing was changed" in out
    # "y" is not enough: she has to type that she means the other database.
    assert file_hashes(demo_path.parent) == before
    code, out, err = run_cli(capsys, "restore", str(other_backup), "--yes", *secret)
    assert code == 2 and "--other-database" in err
    assert file_hashes(demo_path.parent) == before
    code, out, err = run_cli(
        capsys, "restore", str(other_backup), "--yes", "--other-database", *secret
    )
    assert code == 0, err
    with open_database(demo_path, passphrase=PASSPHRASE) as db:
        assert fam.list_families(db) == []
