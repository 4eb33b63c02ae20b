"""What a backup killed part-way leaves behind (a hidden, complete encrypted copy of the
database, and a half-written zip) is removed at the next start and by the next backup, so a
family erased since is not kept in it; a backup still being written is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison.services import backups, school
from liaison.services.access import open_database
from liaison.store import backup as store_backup
from tests.conftest import PASSPHRASE, clock, run_cli
from tests.reliability.crashing import needs_sigkill, run_child

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not needs_sigkill, reason="needs SIGKILL"),
]


def _debris(folder: Path) -> list[str]:
    """Files in the backup folder that are not backups."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(store_backup.SUFFIX))


def _half_written(point: tuple[str, str]) -> bool:
    """The zip on the stick is open and the database copy is being added to it."""
    kind, where = point
    return kind == "open" and where.startswith("usb/.backup-") and where.endswith("'r'")


@pytest.fixture
def usb(demo_path: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    school.set_setting(db, "backup_folder", str(folder))
    db.close()
    return folder


def _kill_a_backup(demo_path: Path, tmp_path: Path, usb: Path) -> None:
    run_child("backup", tmp_path, demo_path, PASSPHRASE, usb)  # one good backup first
    run = run_child("backup", tmp_path, demo_path, PASSPHRASE, usb, kill_if=_half_written)
    assert run.killed_at is not None
    left = _debris(usb)
    assert any(name.startswith(".backup-") for name in left), left
    assert any(name.endswith(".zip") for name in left), left  # the half-written zip


def test_debris_of_a_killed_backup_goes_at_the_next_start(
    demo_path: Path,
    tmp_path: Path,
    usb: Path,
    passphrase_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _kill_a_backup(demo_path, tmp_path, usb)
    code, out, err = run_cli(
        capsys, "backups", "--db", str(demo_path), "--passphrase-file", str(passphrase_file)
    )
    assert code == 0, err
    assert _debris(usb) == []
    assert "1 backups" in out  # the calibration run's backup, still offered


def test_debris_of_a_killed_backup_goes_with_the_next_backup(
    demo_path: Path, tmp_path: Path, usb: Path
) -> None:
    _kill_a_backup(demo_path, tmp_path, usb)
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        made = backups.make(db, "manual")
    finally:
        db.close()
    assert _debris(usb) == []
    assert made.exists() and backups.verify(made, passphrase=PASSPHRASE) > 0


def test_a_backup_being_written_is_never_cleaned_away(
    demo_path: Path, tmp_path: Path, usb: Path, passphrase_file: Path
) -> None:
    """Another process (a scheduled backup) is half-way through writing to the same folder
    when this one starts: its files are left alone and its backup completes and verifies."""
    seen: list[list[str]] = []

    def meanwhile(number: int, point: tuple[str, str]) -> None:
        if not _half_written(point):
            return
        before = _debris(usb)
        store_backup.clean_debris(usb)
        seen.append(before)
        assert _debris(usb) == before

    run = run_child("backup", tmp_path, demo_path, PASSPHRASE, usb, on_point=meanwhile)
    assert seen and seen[0], "the child had files in progress"
    (done,) = run.done
    assert backups.verify(usb / done.split()[1], passphrase=PASSPHRASE) > 0
    assert _debris(usb) == []
