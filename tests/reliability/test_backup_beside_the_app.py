"""A nightly backup scheduled by the school (Task Scheduler running `liaison backup`) while
the app is open all day: it reads beside the app, through SQLite's own locking, without
the app's lock, and holds what the app committed a moment before."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from liaison.services import backups
from liaison.services import families as fam
from liaison.services.access import open_database
from liaison.services.casework import meetings as mt
from liaison.store.database import Database
from tests.conftest import PASSPHRASE, clock
from tests.reliability.crashing import ROOT


def _cli(db_path: Path, passphrase_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "LIAISON_DB": str(db_path),
        "LIAISON_PASSPHRASE_FILE": str(passphrase_file),
    }
    return subprocess.run(
        [sys.executable, "-m", "liaison.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _add_meeting(db: Database, note: str) -> int:
    family_id = fam.list_families(db)[0].id
    draft = mt.MeetingDraft(
        family_id=family_id,
        kind="phone_call",
        starts_at=dt.datetime(2026, 11, 20, 14, tzinfo=dt.UTC),
        notes=note,
    )
    return mt.save_meeting(db, draft)


def _meetings(db: Database) -> int:
    with db.read() as session:
        return int(session.execute(text("SELECT count(*) FROM meeting")).scalar_one())


def test_a_scheduled_backup_works_while_the_app_is_open(
    demo_path: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    app = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        _add_meeting(app, "Phoned about the trip, just before the backup")
        expected = _meetings(app)
        backup = _cli(demo_path, passphrase_file, "backup", "--to", str(usb))
        assert backup.returncode == 0, backup.stderr
        assert "Backed up and verified" in backup.stdout
        check = _cli(demo_path, passphrase_file, "check")
        assert check.returncode == 0 and "All checks passed." in check.stdout, check.stderr
        # The app goes on saving as before.
        _add_meeting(app, "Saved after the backup")
        assert _meetings(app) == expected + 1
    finally:
        app.close()
    (made,) = usb.glob("*.liaison-backup")
    assert backups.inspect(made, passphrase=PASSPHRASE).counts["meetings"] == expected
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        assert db.check().ok and _meetings(db) == expected + 1
    finally:
        db.close()
