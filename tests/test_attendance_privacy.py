"""Attendance is personal data: it is in a subject access bundle (PDF and JSON, the right
child's for one caregiver's request) and it goes when the family is erased."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdfium2 as pdfium
from sqlalchemy import func, select

from liaison.models import AttendanceRecord, Pupil
from liaison.services import attendance
from liaison.services import families as fam
from liaison.services.privacy import retention
from liaison.services.privacy import subject_access as sar
from liaison.store.database import Database
from liaison.validation import upn_check_letter

UPNS = [upn_check_letter(b) + b for b in ("820885120301", "820885120302", "820885120303")]


def _family(db: Database, surname: str, upn: str, second_upn: str | None = None) -> int:
    pupils = [
        fam.PupilDraft(
            key="p", given_name="Omar", family_name=surname, upn=upn, links=[fam.LinkDraft("m")]
        )
    ]
    if second_upn:
        pupils.append(
            fam.PupilDraft(
                key="q",
                given_name="Sara",
                family_name=surname,
                upn=second_upn,
                links=[fam.LinkDraft("d")],
            )
        )
    return fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(key="m", given_name="Layla", family_name=surname),
                fam.CaregiverDraft(key="d", given_name="Karim", family_name=surname),
            ],
            pupils=pupils,
        ),
    )


def _snapshot(db: Database, tmp_path: Path, day: dt.date, rows: str) -> None:
    path = tmp_path / f"{day}.csv"
    path.write_text("UPN,Possible,Present\n" + rows, encoding="utf-8")
    attendance.run(db, attendance.read_file(path, as_at=day))


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    return " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_subject_access_bundle_holds_the_attendance(db: Database, tmp_path: Path) -> None:
    family_id = _family(db, "Haddad", UPNS[0], UPNS[1])
    _snapshot(db, tmp_path, dt.date(2026, 10, 9), f"{UPNS[0]},60,51\n{UPNS[1]},60,60\n")
    _snapshot(db, tmp_path, dt.date(2026, 11, 20), f"{UPNS[0]},100,87\n{UPNS[1]},100,99\n")
    request_id = sar.log_request(
        db, family_id, kind=sar.GDPR, requester="Layla Haddad", received_on=dt.date(2026, 11, 23)
    )
    items = [i for i in sar.collect(db, request_id) if i.kind == "Attendance record"]
    assert len(items) == 4
    assert {i.title for i in items} >= {"Attendance record 1, 09/10/2026"}
    pdf, data = sar.produce(db, request_id, tmp_path)
    text = _pdf_text(pdf)
    assert "Attendance record" in text and "Possible: 100" in text and "Present: 87" in text
    assert "As at: 20/11/2026" in text
    payload = json.loads(data.read_text("utf-8"))
    held = [i for i in payload["items"] if i["kind"] == "Attendance record"]
    assert sorted((i["fields"]["as_at"], i["fields"]["present"]) for i in held) == [
        ("2026-10-09", 51),
        ("2026-10-09", 60),
        ("2026-11-20", 87),
        ("2026-11-20", 99),
    ]
    # Karim asks for his own: Sara is linked to him, Omar to Layla only.
    karim = fam.load_draft(db, family_id).caregivers[1].id
    own = sar.log_request(
        db,
        family_id,
        kind=sar.GDPR,
        requester="Karim Haddad",
        received_on=dt.date(2026, 11, 23),
        caregiver_id=karim,
    )
    with db.read() as session:
        sara = session.scalar(select(Pupil.id).where(Pupil.given_name == "Sara"))
    mine = [i for i in sar.collect(db, own) if i.kind == "Attendance record"]
    assert len(mine) == 2 and {i.fields["pupil_id"] for i in mine} == {sara}


def test_erasure_takes_the_attendance_with_the_family(db: Database, tmp_path: Path) -> None:
    old = _family(db, "Qureshi", UPNS[0])
    staying = _family(db, "Farouk", UPNS[2])
    _snapshot(db, tmp_path, dt.date(2019, 7, 12), f"{UPNS[0]},380,350\n")
    _snapshot(db, tmp_path, dt.date(2026, 11, 20), f"{UPNS[2]},100,96\n")
    with db.session() as session:
        for pupil in session.scalars(select(Pupil).where(Pupil.family_id == old)):
            pupil.left_date = dt.date(2019, 7, 20)
    assert retention.erase(db, [old]) == 1
    with db.read() as session:
        left = session.execute(
            select(Pupil.family_id, func.count(AttendanceRecord.id))
            .join(Pupil, Pupil.id == AttendanceRecord.pupil_id)
            .group_by(Pupil.family_id)
        ).all()
        total = session.scalar(select(func.count()).select_from(AttendanceRecord))
    assert left == [(staying, 1)] and total == 1
    assert [s.as_at for s in attendance.list_snapshots(db)] == [dt.date(2026, 11, 20)]
