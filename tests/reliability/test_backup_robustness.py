"""Backups when things go wrong around them: a folder that cannot be written or has vanished,
and a damaged database being backed up. (Truncated and altered backups on restore are in
test_tampering.py; a full disk's OSError path is in tests/test_backups.py.)"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from liaison.cli.main import main as cli_main
from liaison.clock import FixedClock
from liaison.errors import LiaisonError, StoreDamaged
from liaison.services import backups, school
from liaison.services import families as fam
from liaison.services.access import open_database
from liaison.store.database import Database
from tests.conftest import NOW, PASSPHRASE, clock

PAGE = 4096


def _families(db: Database) -> list[tuple[object, ...]]:
    with db.read() as session:
        return sorted(map(tuple, session.execute(text("SELECT * FROM family"))))


def _backed_up(db: Database) -> int:
    with db.read() as session:
        return session.execute(
            text("SELECT count(*) FROM audit_entry WHERE action = 'backed_up'")
        ).scalar_one()


def test_vanished_backup_folder_is_a_clear_message_and_not_recreated(
    demo_db: Database, tmp_path: Path
) -> None:
    """The USB stick is pulled between choosing the folder and the next backup: the folder is
    not silently re-created on this PC's disk, and nothing changes."""
    usb = tmp_path / "media" / "STICK" / "Liaison backups"
    usb.mkdir(parents=True)
    school.set_setting(demo_db, "backup_folder", str(usb))
    first = backups.make(demo_db, "auto")
    before, logged = _families(demo_db), _backed_up(demo_db)
    shutil.rmtree(tmp_path / "media" / "STICK")
    with pytest.raises(LiaisonError, match=r"is not there\. Plug in the drive"):
        backups.make(demo_db, "auto")
    assert not first.parent.exists() and not (tmp_path / "media" / "STICK").exists()
    assert _families(demo_db) == before and _backed_up(demo_db) == logged
    assert demo_db.check().ok


def test_unwritable_backup_folder_is_one_line_from_the_cli(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A read-only folder (as root, which ignores permissions: a "folder" that is a file)."""
    target = tmp_path / "usb"
    if os.geteuid() == 0:
        target.write_text("not a folder")
    else:
        target.mkdir()
        target.chmod(0o500)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE)
    try:
        code = cli_main(
            [
                "backup",
                "--to",
                str(target),
                "--db",
                str(demo_path),
                "--passphrase-file",
                str(secret),
            ]
        )
    finally:
        if target.is_dir():
            target.chmod(0o700)
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [err.strip()] and "could not be written" in err
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        assert _backed_up(db) == 0 and db.check().ok
    finally:
        db.close()


def test_backup_of_a_damaged_database_is_refused_and_good_backups_are_kept(
    demo_path: Path, tmp_path: Path
) -> None:
    """SQLite's online backup re-encrypts a page that failed its HMAC under a fresh one, so the
    copy would pass cipher_integrity_check: the structural check must refuse it, or rotation
    would soon replace every good backup with damaged ones."""
    usb = tmp_path / "usb"
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        good = backups.make(db, "manual", usb)
    finally:
        db.close()
    size = demo_path.stat().st_size
    data = bytearray(demo_path.read_bytes())
    data[size - PAGE + 1000] ^= 0x01  # the last page: not read by opening
    demo_path.write_bytes(bytes(data))
    # An hour later: a backup made in the same second takes the same name and replaces the
    # first before it is verified (noted, not changed here).
    db = open_database(
        demo_path, passphrase=PASSPHRASE, clock=FixedClock(NOW + dt.timedelta(hours=1))
    )
    try:
        with pytest.raises(StoreDamaged, match="does not read back correctly"):
            backups.make(db, "manual", usb)
        # That connection met the damaged page and SQLCipher made it read-only: writing now
        # is a clear message, not a driver error.
        draft = fam.FamilyDraft(
            caregivers=[fam.CaregiverDraft(key="c", given_name="After", family_name="Damage")]
        )
        with pytest.raises(LiaisonError, match="cannot write to the database"):
            for _ in range(3):  # whichever pooled connection the session gets
                fam.save_family(db, draft)
    finally:
        db.close()
    assert sorted(usb.iterdir()) == [good]
    assert backups.verify(good, passphrase=PASSPHRASE) > 0
