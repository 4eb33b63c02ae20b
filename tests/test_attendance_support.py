"""Support first on Today: pupils newly persistently or severely absent whose family has had no
contact in the last N school days, siblings together; the first import is a baseline; leavers,
archived families and families with a support meeting booked never show."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from liaison.clock import LONDON
from liaison.models import Pupil
from liaison.models.enums import MeetingKind, MeetingStatus
from liaison.services import attendance, school
from liaison.services import families as fam
from liaison.services import mis_import as imports
from liaison.services.casework import meetings, today
from liaison.store.database import Database
from tests.conftest import PASSPHRASE, run_cli

DATA = Path(__file__).parent / "data" / "attendance"


def _at(db: Database, day: dt.date, hour: int = 8) -> None:
    db.clock.instant = dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def _csv(db: Database, tmp_path: Path, as_at: dt.date, rows: str) -> None:
    path = tmp_path / f"attendance-{as_at:%Y%m%d}.csv"
    path.write_text("UPN,Possible,Present\n" + rows, encoding="utf-8")
    attendance.run(db, attendance.read_file(path, as_at=as_at))


def _family_of(db: Database, given: str) -> int:
    with db.read() as session:
        found = session.scalar(select(Pupil.family_id).where(Pupil.given_name == given))
    assert found is not None
    return found


@pytest.fixture
def school_db(db: Database, tmp_path: Path) -> Database:
    """Chidi held before he left, with a snapshot from October; the CTF of 20/11 (the first
    snapshot for everyone else); the CSV of 04/12; and one more for the Haddads on 06/12."""
    earlier = tmp_path / "earlier.xml"
    text = (DATA / "ctf_attendance.xml").read_text("utf-8")
    text = text.replace("<LeavingDate>2026-10-16</LeavingDate>", "")
    earlier.write_text(re.sub(r"\n\s*<Attendance>.*?</Attendance>", "", text, flags=re.S))
    imports.run(db, imports.read_file(earlier))
    _csv(db, tmp_path, dt.date(2026, 10, 2), "U820885120105,40,40\n")  # Chidi, fine then
    imports.run(db, imports.read_file(DATA / "ctf_attendance.xml"))
    _at(db, dt.date(2026, 12, 7))
    attendance.run(db, attendance.read_file(DATA / "attendance.csv"))
    # Amira now misses 15 of 130 (11.5%): newly persistent. Omar is still severe.
    _csv(db, tmp_path, dt.date(2026, 12, 6), "M820885120101,130,115\nB820885120102,130,55\n")
    return db


def test_the_first_import_is_a_baseline(db: Database) -> None:
    imports.run(db, imports.read_file(DATA / "ctf_attendance.xml"))
    # Omar is severely absent and Zofia persistently, but nothing has "become" anything yet.
    assert attendance.support_first(db) == []


def test_newly_flagged_pupils_show_with_their_siblings(school_db: Database) -> None:
    db = school_db
    lines = {line.family_id: line for line in attendance.support_first(db)}
    haddad, begum = _family_of(db, "Amira"), _family_of(db, "Rahim")
    # Zofia was persistently absent at both snapshots: not new. Chidi left in October.
    assert set(lines) == {haddad, begum}
    line = lines[haddad]
    assert [p.name for p in line.pupils] == ["Omar Haddad", "Amira Haddad"]
    assert [p.newly for p in line.pupils] == [False, True]
    assert line.text == (
        "Two children in this family are at 90% or below: Omar Haddad (Year 5) 42.3% "
        "(75 of 130 sessions missed), severely absent; Amira Haddad (Year 3) 88.5% "
        "(15 of 130 sessions missed), persistently absent since the last snapshot "
        "(as at 06/12/2026; no contact yet)."
    )
    # Rahim's first figures came after the school's first snapshot (no <Attendance> in the
    # CTF): a pupil whose figures start out persistent shows as new.
    assert lines[begum].text.startswith(
        "Rahim Begum (Year 4) 83.3% (20 of 120 sessions missed), persistently absent since"
    )
    # The severely absent come first.
    assert attendance.support_first(db)[0].family_id == haddad


def test_recent_contact_hides_a_family_until_it_is_old(school_db: Database) -> None:
    db = school_db
    begum = _family_of(db, "Rahim")
    # No terms are set, so every weekday is a school day. Monday 07/12: contact on Tue 24/11
    # is 9 school days ago (inside 10); on Fri 20/11 it is 11 (outside).
    meetings.save_meeting(
        db,
        meetings.MeetingDraft(
            family_id=begum,
            kind=MeetingKind.PHONE_CALL,
            starts_at=dt.datetime(2026, 11, 20, 10, tzinfo=LONDON),
        ),
    )
    line = next(x for x in attendance.support_first(db) if x.family_id == begum)
    assert line.last_contact == dt.date(2026, 11, 20)
    assert line.text.endswith("(as at 04/12/2026; last contact 20/11/2026).")
    meetings.save_meeting(
        db,
        meetings.MeetingDraft(
            family_id=begum,
            kind=MeetingKind.CHECK_IN,
            starts_at=dt.datetime(2026, 11, 24, 10, tzinfo=LONDON),
        ),
    )
    assert begum not in {x.family_id for x in attendance.support_first(db)}
    school.set_setting(db, attendance.SETTING, 5)
    assert begum in {x.family_id for x in attendance.support_first(db)}


def test_a_booked_support_meeting_or_archiving_takes_the_family_off(school_db: Database) -> None:
    db = school_db
    haddad = _family_of(db, "Amira")
    meeting_id = meetings.save_meeting(
        db,
        meetings.MeetingDraft(
            family_id=haddad,
            kind=MeetingKind.ATTENDANCE_SUPPORT,
            starts_at=dt.datetime(2026, 12, 9, 9, tzinfo=LONDON),
        ),
    )
    assert meetings.get_meeting(db, meeting_id).status == MeetingStatus.BOOKED
    assert haddad not in {x.family_id for x in attendance.support_first(db)}
    begum = _family_of(db, "Rahim")
    fam.archive_family(db, begum, "left the school")
    assert attendance.support_first(db) == []


def test_today_lists_support_first_and_counts_it(school_db: Database) -> None:
    page = today.compute(school_db)
    assert page.support_first == attendance.support_first(school_db, page.today)
    assert len(page.support_first) == 2
    assert page.count == 2 + sum(
        len(getattr(page, name))
        for name in ("meetings_today", "actions", "check_ins", "no_contact", "no_day1")
    ) + len(page.to_update) + len(page.booking_decisions) + len(page.referral_follow_ups)


def test_the_command_line_shows_support_first(
    school_db: Database, db_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school_db.close()
    store = ("--db", str(db_path), "--passphrase-file", str(passphrase_file))
    code, out, err = run_cli(capsys, "today", "--date", "07/12/2026", *store)
    assert code == 0, err
    assert "Support first: attendance (2)" in out
    assert "Amira Haddad (Year 3) 88.5% (15 of 130 sessions missed)" in out
    code, out, err = run_cli(capsys, "attendance", "support", "--date", "07/12/2026", *store)
    assert code == 0, err
    assert out.startswith("Support first: 2 families with a child newly persistently")
    code, out, _ = run_cli(capsys, "attendance", "list", *store)
    assert out.splitlines()[0].startswith("06/12/2026      2 pupils")
    assert PASSPHRASE not in out


def test_a_flag_on_a_few_sessions_waits(school_db: Database, tmp_path: Path) -> None:
    """Ana's first school days: 2 missed of 10 is "20% absent", but too few to act on; at 20
    sessions the same share puts her family on the list."""
    db = school_db
    popescu = _family_of(db, "Ana")
    _csv(db, tmp_path, dt.date(2026, 12, 6), "H820885120106,10,8\n")
    assert popescu not in {x.family_id for x in attendance.support_first(db)}
    _csv(db, tmp_path, dt.date(2026, 12, 7), "H820885120106,20,16\n")
    line = next(x for x in attendance.support_first(db) if x.family_id == popescu)
    assert line.text.startswith("Ana Popescu (Year 1) 80.0% (4 of 20 sessions missed)")


def test_support_first_as_json(
    school_db: Database, db_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    school_db.close()
    store = ("--db", str(db_path), "--passphrase-file", str(passphrase_file))
    code, out, err = run_cli(
        capsys, "attendance", "support", "--date", "07/12/2026", "--json", *store
    )
    assert code == 0, err
    lines = json.loads(out)
    assert [x["as_at"] for x in lines] == ["2026-12-06", "2026-12-04"]
    assert lines[0]["text"].startswith("Two children in this family are at 90% or below")
    assert [p["new"] for p in lines[0]["pupils"]] == [False, True]
