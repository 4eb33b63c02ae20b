"""Attendance from the MIS: a hand-written CTF (a whole term, a mid-year joiner, a pupil with no
attendance element, a leaver, a pupil with two years, a first day) and attendance CSVs, each
import a dated snapshot; importing again changes nothing; an older snapshot goes in date order."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liaison.errors import ImportFileError
from liaison.models import AttendanceRecord, AuditEntry, Pupil
from liaison.models.enums import AuditAction
from liaison.services import attendance
from liaison.services import mis_import as imports
from liaison.store.database import Database
from tests.conftest import file_hashes

DATA = Path(__file__).parent / "data" / "attendance"
CTF = DATA / "ctf_attendance.xml"


def _at(db: Database, day: dt.date) -> None:
    db.clock.instant = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def _import_pupils(db: Database, tmp_path: Path) -> imports.ImportResult:
    """Chidi is held from an earlier export (before he left); then the CTF with his leaving
    date and everyone's attendance comes in through the pupil import."""
    earlier = tmp_path / "earlier.xml"
    text = CTF.read_text("utf-8").replace("<LeavingDate>2026-10-16</LeavingDate>", "")
    earlier.write_text(re.sub(r"\n\s*<Attendance>.*?</Attendance>", "", text, flags=re.S), "utf-8")
    imports.run(db, imports.read_file(earlier))
    return imports.run(db, imports.read_file(CTF))


def _records(db: Database) -> dict[tuple[str, dt.date], AttendanceRecord]:
    with db.read() as session:
        rows = session.execute(
            select(Pupil.given_name, AttendanceRecord).join(
                Pupil, Pupil.id == AttendanceRecord.pupil_id
            )
        ).all()
        session.expunge_all()  # read once, kept as they were
        return {(name, r.as_at): r for name, r in rows}


def _data_files(folder: Path) -> dict[str, str]:
    """The database, its WAL and key file; not the WAL's shared-memory index (-shm), which a
    transaction that writes nothing still touches and which holds no record."""
    return {k: v for k, v in file_hashes(folder).items() if not k.endswith("-shm")}


def _count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(AttendanceRecord)) or 0)


def test_ctf_attendance_comes_in_with_the_pupils(db: Database, tmp_path: Path) -> None:
    result = _import_pupils(db, tmp_path)
    as_at = dt.date(2026, 11, 20)  # the header's DateTime
    records = _records(db)
    assert sorted(name for name, _ in records) == ["Amira", "Ana", "Chidi", "Omar", "Zofia"]
    amira = records[("Amira", as_at)]
    assert (amira.possible, amira.present, amira.authorised, amira.unauthorised) == (100, 95, 3, 2)
    assert amira.academic_year == 2026 and amira.start_date == dt.date(2026, 9, 3)
    assert amira.source == "ctf_attendance.xml"
    # Omar: this year's figures at this school, not last year's at another.
    omar = records[("Omar", as_at)]
    assert (omar.possible, omar.present) == (100, 45)
    # Zofia joined in October: her own 60 sessions, the start date read from AttendSessions;
    # 6 missed of 60 is exactly 10%, so she is persistently absent.
    zofia = records[("Zofia", as_at)]
    assert (zofia.possible, zofia.present, zofia.start_date) == (60, 54, dt.date(2026, 10, 5))
    assert attendance.Rate(zofia.possible, zofia.present).level == "persistent"
    # The leaver keeps his figures to his last day; a first day has no sessions yet.
    assert (records[("Chidi", as_at)].possible, records[("Chidi", as_at)].present) == (58, 40)
    ana = records[("Ana", as_at)]
    assert attendance.Rate(ana.possible, ana.present).describe() == "no sessions yet"
    plan = result.attendance
    assert plan is not None
    assert plan.counts()["new"] == 5 and plan.counts()["changed"] == 0
    assert plan.without == ["Pupil 4 (UPN E820885120104)"]  # Rahim: no <Attendance>
    with db.read() as session:
        left = session.scalar(select(Pupil.left_date).where(Pupil.given_name == "Chidi"))
    assert left == dt.date(2026, 10, 16)


def test_importing_the_same_file_twice_changes_nothing(db: Database, tmp_path: Path) -> None:
    _import_pupils(db, tmp_path)
    before = _count(db)
    with db.read() as session:
        audits = session.scalar(select(func.count()).select_from(AuditEntry))
    plan = attendance.run(db, attendance.read_file(CTF))
    assert plan.counts()["unchanged"] == 5 and plan.counts()["new"] == 0
    assert plan.counts()["changed"] == 0
    assert _count(db) == before
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audits


def test_csv_snapshots_build_a_history_in_date_order(db: Database, tmp_path: Path) -> None:
    _import_pupils(db, tmp_path)
    _at(db, dt.date(2026, 12, 7))
    plan = attendance.run(db, attendance.read_file(DATA / "attendance.csv"))
    assert plan.as_at == dt.date(2026, 12, 4)  # from the file's "As At" column
    lines = {line.name: line for line in plan.lines}
    assert lines["Zofia Nowak"].action == attendance.NEW  # no UPN: found by name and birth date
    assert lines["Robin Grey"].action == attendance.NOT_HELD
    assert lines["Rahim Begum"].rate.describe() == "83.3% (20 of 120 sessions missed)"
    # An older export, imported afterwards: it joins the history before, overwrites nothing.
    older = tmp_path / "october.csv"
    older.write_text(
        "UPN,Possible,Present\nM820885120101,40,40\nB820885120102,40,30\n", encoding="utf-8"
    )
    newest = _records(db)[("Amira", dt.date(2026, 12, 4))]
    plan = attendance.run(db, attendance.read_file(older, as_at=dt.date(2026, 10, 2)))
    assert plan.older and plan.newest_held == dt.date(2026, 12, 4)
    assert "older than the snapshot of 04/12/2026" in plan.describe()
    records = _records(db)
    assert records[("Amira", dt.date(2026, 12, 4))].present == newest.present == 110
    held = attendance.list_snapshots(db)
    assert [s.as_at for s in held] == [
        dt.date(2026, 12, 4),
        dt.date(2026, 11, 20),
        dt.date(2026, 10, 2),
    ]
    assert held[0].pupils == 4 and held[0].persistent == 3 and held[0].severe == 1
    with db.read() as session:
        family_id = session.scalar(select(Pupil.family_id).where(Pupil.given_name == "Omar"))
    assert family_id is not None
    trend = attendance.family_attendance(db, family_id)
    omar = next(p for p in trend.pupils if p.name == "Omar Haddad")
    assert [p.as_at for p in omar.points] == [
        dt.date(2026, 10, 2),
        dt.date(2026, 11, 20),
        dt.date(2026, 12, 4),
    ]
    assert [p.rate.describe() for p in omar.points] == [
        "75.0% (10 of 40 sessions missed)",
        "45.0% (55 of 100 sessions missed)",
        "43.3% (68 of 120 sessions missed)",
    ]


def test_a_corrected_file_for_the_same_date_updates_that_date(db: Database, tmp_path: Path) -> None:
    _import_pupils(db, tmp_path)
    fixed = tmp_path / "fixed.csv"
    fixed.write_text("UPN,Possible,Present\nM820885120101,100,97\n", encoding="utf-8")
    plan = attendance.run(db, attendance.read_file(fixed, as_at=dt.date(2026, 11, 20)))
    assert [(line.name, line.action) for line in plan.lines] == [
        ("M820885120101", attendance.CHANGED)
    ]
    amira = _records(db)[("Amira", dt.date(2026, 11, 20))]
    assert (amira.possible, amira.present, amira.source) == (100, 97, "fixed.csv")
    with db.read() as session:
        details = list(
            session.scalars(
                select(AuditEntry.detail).where(
                    AuditEntry.action == AuditAction.IMPORTED, AuditEntry.entity == "attendance"
                )
            )
        )
    assert details[-1].startswith("CSV fixed.csv as at 20/11/2026: 0 new, 1 changed")
    assert "Amira" not in " ".join(details)  # counts, never names


def test_a_percentage_only_export(db: Database, tmp_path: Path) -> None:
    _import_pupils(db, tmp_path)
    plan = attendance.run(
        db, attendance.read_file(DATA / "attendance_percent.csv", as_at=dt.date(2026, 11, 21))
    )
    assert [line.rate.describe() for line in plan.lines] == [
        "96.5% (sessions not given)",
        "41.0% (sessions not given)",
        "90.0% (sessions not given)",
    ]
    assert [line.rate.level for line in plan.lines] == ["", "severe", "persistent"]
    assert attendance.list_snapshots(db)[0].percent_only == 3


def test_fractions_are_read_as_fractions(db: Database, tmp_path: Path) -> None:
    _import_pupils(db, tmp_path)
    path = tmp_path / "fractions.csv"
    path.write_text("UPN,Attendance\nM820885120101,0.935\nB820885120102,1\n", encoding="utf-8")
    found = attendance.read_file(path, as_at=dt.date(2026, 11, 21))
    assert [row.figures.percent for row in found.rows] == [93.5, 100.0]
    assert "read as fractions" in found.warnings[0]


def test_the_mapping_step_guesses_and_remembers(db: Database, tmp_path: Path) -> None:
    table = attendance.read_table(DATA / "attendance.csv")
    guessed = attendance.guess_mapping(table.headers)
    assert guessed == {
        "upn": "UPN",
        "given_name": "Legal Forename",
        "family_name": "Legal Surname",
        "date_of_birth": "DOB",
        "possible": "Possible Sessions",
        "present": "Present",
        "authorised": "Authorised Absences",
        "unauthorised": "Unauthorised Absences",
        "as_at": "As At",
    }
    odd = {"upn": "UPN", "possible": "Present", "present": "Possible Sessions"}
    attendance.remember_mapping(db, odd)
    assert (
        attendance.guess_mapping(table.headers, attendance.remembered_mapping(db))["possible"]
        == "Present"
    )
    assert attendance.missing_columns(table, {"possible": "Possible Sessions"}) == [
        "the UPN, or the pupil's forename, surname and date of birth"
    ]


@pytest.mark.parametrize(
    ("content", "as_at", "message"),
    [
        ("UPN,Possible,Present\nM820885120101,100,101\n", "21/11/2026", "101 sessions present"),
        ("UPN,Possible,Present\nM820885120101,ten,9\n", "21/11/2026", "not a whole number"),
        ("UPN,Possible,Present\nM820885120101,9000,9\n", "21/11/2026", "more than a school"),
        ("UPN,Attendance %\nM820885120101,120%\n", "21/11/2026", "more than 100%"),
        ("UPN,Possible,Present\nM820885120101,100,90\n", None, "does not say the date"),
        ("UPN,Possible,Present\nM820885120101,100,90\n", "24/12/2026", "after today"),
        (
            "UPN,Possible,Present,As at\nM820885120101,100,90,20/11/2026\n"
            "B820885120102,100,90,21/11/2026\n",
            None,
            "several dates",
        ),
        (
            "UPN,Possible,Present,As at\nM820885120101,100,90,20/11/2026\n",
            "21/11/2026",
            "was given",
        ),
        ("Name,Possible,Present\nAmira,100,90\n", "21/11/2026", "Choose the columns"),
        (
            "UPN,Possible,Present\nM820885120101,100,90\nM820885120101,100,91\n",
            "21/11/2026",
            "are the same pupil",
        ),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(
    db: Database, db_path: Path, tmp_path: Path, content: str, as_at: str | None, message: str
) -> None:
    _import_pupils(db, tmp_path)
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    before = _count(db)
    db.checkpoint()
    hashes = _data_files(db_path.parent)
    day = dt.datetime.strptime(as_at, "%d/%m/%Y").date() if as_at else None
    with pytest.raises(ImportFileError, match=message) as failure:
        attendance.run(db, attendance.read_file(path, as_at=day))
    assert "Nothing was imported" in failure.value.message or "Choose" in failure.value.message
    db.checkpoint()
    assert _count(db) == before
    assert _data_files(db_path.parent) == hashes


def test_a_ctf_with_a_bad_figure_names_the_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(
        CTF.read_text("utf-8").replace(
            "<SessionsAttended>95</SessionsAttended>", "<SessionsAttended>9x5</SessionsAttended>"
        ),
        "utf-8",
    )
    with pytest.raises(ImportFileError, match=r"Pupil 1 \(UPN M820885120101\) <Attendance>"):
        attendance.read_file(bad)


def test_an_import_tells_the_screens_attendance_changed(db: Database, tmp_path: Path) -> None:
    from liaison.services import changes

    _import_pupils(db, tmp_path)
    heard: list[frozenset[changes.Area]] = []
    changes.watch(db, heard.append)
    path = tmp_path / "next.csv"
    path.write_text("UPN,Possible,Present\nM820885120101,110,104\n", encoding="utf-8")
    attendance.run(db, attendance.read_file(path, as_at=dt.date(2026, 11, 21)))
    assert changes.Area.ATTENDANCE in heard[-1]
    attendance.run(db, attendance.read_file(path, as_at=dt.date(2026, 11, 21)))
    assert len(heard) == 1  # the same again: nothing written, nothing to tell
