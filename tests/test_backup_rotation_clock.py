"""Rotation when the PC clock was wrong: the backup just made is never pruned, and backups
are ordered by when they were made (each one's number in the folder), not by a date that a
wrong clock wrote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from liaison.clock import FixedClock
from liaison.services import backups
from liaison.store.database import Database
from tests.conftest import NOW


def _daily(db: Database, usb: Path, days: int) -> list[Path]:
    made = []
    for _ in range(days):
        made.append(backups.make(db, "daily", usb))
        db.clock.advance(dt.timedelta(days=1))
    return made


def test_a_backup_made_with_the_clock_behind_is_kept(demo_db: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    _daily(demo_db, usb, 10)
    demo_db.clock = FixedClock(NOW + dt.timedelta(days=4, hours=-2))  # the CMOS battery died
    made = backups.make(demo_db, "manual", usb)
    assert made.exists(), "pruned right after 'Backed up and verified'"
    # It is the newest: made last, whatever its date says; the next one prunes properly.
    assert backups.list_backups_in(usb)[0].path == made


def test_one_backup_dated_in_the_future_does_not_prune_the_later_ones(
    demo_db: Database, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    backups.set_rotation(demo_db, backups.Rotation(daily=3, weekly=1, monthly=1))
    _daily(demo_db, usb, 2)
    real = demo_db.clock
    demo_db.clock = FixedClock(NOW + dt.timedelta(days=3 * 365))  # set wrong for one day
    future = backups.make(demo_db, "daily", usb)
    demo_db.clock = real
    later = _daily(demo_db, usb, 6)
    # The newest three days are kept, the future-dated one is not (it was made before them).
    kept = set(usb.glob("*.liaison-backup"))
    assert set(later[-3:]) <= kept
    assert future not in kept
