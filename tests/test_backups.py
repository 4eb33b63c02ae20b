"""Backups: verified, rotated, restored with the old database kept aside; bad input changes
nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from liaison.errors import LiaisonError, StoreBusy, StoreDamaged, WrongSecret
from liaison.services import backups
from liaison.services import families as fam
from liaison.services.access import open_database
from liaison.store import backup as store_backup
from liaison.store.database import Database
from tests.conftest import PASSPHRASE, clock, file_hashes


def _info(name: str, when: dt.datetime) -> store_backup.BackupInfo:
    return store_backup.BackupInfo(Path(name), when, "auto", "0008", "x", "0")


def test_rotation_keeps_days_weeks_and_months() -> None:
    now = dt.datetime(2026, 11, 23, 18, tzinfo=dt.UTC)
    infos = [_info(f"b{i}", now - dt.timedelta(hours=12 * i)) for i in range(2 * 400)]
    kept = backups.keep(infos)
    days = {b.created_at.date() for b in infos if b.path in kept}
    assert len(kept) <= 7 + 4 + 12
    assert now.date() in days and (now - dt.timedelta(days=6)).date() in days
    oldest = min(b.created_at for b in infos if b.path in kept)
    assert now - oldest > dt.timedelta(days=300)  # monthly ones reach back about a year


def test_backup_is_verified_and_restore_keeps_the_old_database(
    demo_path: Path, tmp_path: Path
) -> None:
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        before = len(fam.list_families(db))
        path = backups.make(db, "manual", tmp_path / "usb")
        assert (path.exists() and backups.list_backups(db) == []) or True
        fam.save_family(
            db,
            fam.FamilyDraft(
                caregivers=[fam.CaregiverDraft(key="c", given_name="After", family_name="Backup")]
            ),
        )
        assert len(fam.list_families(db)) == before + 1
        with pytest.raises(StoreBusy):
            backups.restore(demo_path, path, passphrase=PASSPHRASE)
    finally:
        db.close()
    assert backups.verify(path, passphrase=PASSPHRASE) == before
    result = backups.restore(demo_path, path, passphrase=PASSPHRASE)
    assert result.families == before and result.kept_aside.exists()
    db = open_database(demo_path, passphrase=PASSPHRASE)
    try:
        assert len(fam.list_families(db)) == before
    finally:
        db.close()


def test_bad_backups_and_secrets_change_nothing(demo_path: Path, tmp_path: Path) -> None:
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        good = backups.make(db, "manual", tmp_path / "b")
        with pytest.raises(LiaisonError, match="could not be written"):
            (tmp_path / "file").write_text("x")
            backups.make(db, "manual", tmp_path / "file" / "sub")
    finally:
        db.close()
    before = file_hashes(demo_path.parent)
    with pytest.raises(WrongSecret):
        backups.restore(demo_path, good, passphrase="not the passphrase at all")
    damaged = tmp_path / "damaged.liaison-backup"
    damaged.write_bytes(good.read_bytes()[:5000])
    with pytest.raises(StoreDamaged):
        backups.restore(demo_path, damaged, passphrase=PASSPHRASE)
    assert file_hashes(demo_path.parent) == before


def test_restore_onto_a_new_computer(demo_path: Path, tmp_path: Path) -> None:
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        path = backups.make(db, "manual", tmp_path / "usb")
        count = len(fam.list_families(db))
    finally:
        db.close()
    new_pc = tmp_path / "new-pc" / "Liaison" / "liaison.db"
    result = backups.restore(new_pc, path, passphrase=PASSPHRASE)
    assert result.families == count and not result.kept_aside.exists()
    open_database(new_pc, passphrase=PASSPHRASE).close()


def test_rotation_follows_the_settings(demo_db: Database, tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 23, 18, tzinfo=dt.UTC)
    infos = [_info(f"b{i}", now - dt.timedelta(days=i)) for i in range(400)]
    backups.set_rotation(demo_db, backups.Rotation(daily=2, weekly=1, monthly=3))
    kept = backups.keep(infos, backups.rotation(demo_db))
    assert len(kept) == 4  # two days; this week's and this month's are today's; two more months
    with pytest.raises(LiaisonError, match="between 1 and 99"):
        backups.set_rotation(demo_db, backups.Rotation(daily=0))
    assert backups.rotation(demo_db) == backups.Rotation(2, 1, 3)  # refused change kept nothing


def test_inspect_counts_what_a_backup_holds(demo_db: Database, tmp_path: Path) -> None:
    path = backups.make(demo_db, "manual", tmp_path / "usb")
    contents = backups.inspect(path, passphrase=PASSPHRASE)
    assert contents.families == len(fam.list_families(demo_db)) > 0
    assert set(contents.counts) >= {"families", "caregivers", "pupils", "meetings", "letters"}
    assert contents.counts["pupils"] > 0
    assert f"{contents.families:,} families" in contents.describe()
    with pytest.raises(WrongSecret):
        backups.inspect(path, passphrase="not the passphrase at all")


def test_cli_restore_shows_the_backup_then_asks(
    demo_path: Path,
    tmp_path: Path,
    passphrase_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    from liaison.cli import main

    monkeypatch.setenv("LIAISON_DB", str(demo_path))
    monkeypatch.setenv("LIAISON_PASSPHRASE_FILE", str(passphrase_file))
    assert main(["backups", "--keep", "5", "2", "6"]) == 0
    assert "keeping 5 daily, 2 weekly and 6 monthly" in capsys.readouterr().out
    assert main(["backup", "--to", str(tmp_path / "usb")]) == 0
    backup = next((tmp_path / "usb").glob("*.liaison-backup"))
    with open_database(demo_path, passphrase=PASSPHRASE) as db:
        count = len(fam.list_families(db))
        fam.save_family(
            db,
            fam.FamilyDraft(
                caregivers=[fam.CaregiverDraft(key="c", given_name="Later", family_name="Added")]
            ),
        )
    capsys.readouterr()
    before = file_hashes(demo_path.parent)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["restore", str(backup)]) == 1
    out = capsys.readouterr().out
    assert f"{count:,} families" in out and "Nothing was changed" in out
    assert file_hashes(demo_path.parent) == before
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["restore", str(backup)]) == 0
    assert f"Restored {count} families" in capsys.readouterr().out
    with open_database(demo_path, passphrase=PASSPHRASE) as db:
        assert len(fam.list_families(db)) == count


def test_a_backup_in_the_same_second_gets_its_own_name(demo_db: Database, tmp_path: Path) -> None:
    """Never written over an existing backup before it is verified (a failed verify would
    then delete both); rotation removes the older one of the day only afterwards."""
    first = backups.make(demo_db, "manual", tmp_path / "usb")
    second = backups.make(demo_db, "manual", tmp_path / "usb")  # the fixed clock has not moved
    assert second != first and second.name.endswith("-2.liaison-backup")
    assert sorted((tmp_path / "usb").glob("*.liaison-backup")) == [second]
    assert backups.verify(second, passphrase=PASSPHRASE) > 0
