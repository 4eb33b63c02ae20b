"""Subject access requests (deadlines, everything held, withholding, the bundle) and retention
with erasure (nothing of the family left: not in search, not in audit, not in later backups)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select, text

from liaison.errors import ValidationError
from liaison.models import AuditEntry, Pupil
from liaison.services import backups, school, search
from liaison.services import families as fam
from liaison.services.casework import meetings
from liaison.services.privacy import retention
from liaison.services.privacy import subject_access as sar
from liaison.store import backup as store_backup
from liaison.store import connection as rawdb
from liaison.store.database import Database
from liaison.store.keyfile import KeyFile
from tests.conftest import PASSPHRASE


def _family(db: Database, given: str = "Layla", surname: str = "Haddad") -> int:
    family_id = fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(key="m", given_name=given, family_name=surname),
                fam.CaregiverDraft(key="d", given_name="Karim", family_name=surname),
            ],
            pupils=[
                fam.PupilDraft(
                    key="p",
                    given_name="Omar",
                    family_name=surname,
                    links=[fam.LinkDraft("m"), fam.LinkDraft("d")],
                )
            ],
            address_line1="4 Elm Street",
        ),
    )
    fam.add_note(db, family_id, "Prefers mornings; walks to school.")
    return family_id


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    return " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_deadlines(db: Database) -> None:
    assert sar.due_date(db, sar.GDPR, dt.date(2026, 11, 23)) == dt.date(2026, 12, 23)
    assert sar.due_date(db, sar.GDPR, dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)
    for kind, start, end in school.standard_terms(2026):
        school.add_term(db, kind, start, end)
    # 15 school days from Monday 14 December 2026: three days before Christmas, then January.
    due = sar.due_date(db, sar.EDUCATIONAL_RECORD, dt.date(2026, 12, 14))
    assert due.year == 2027 and due.month == 1
    with pytest.raises(ValidationError):
        sar.due_date(db, "whenever", dt.date(2026, 11, 23))


def test_request_collects_everything_and_honours_withholding(db: Database, tmp_path: Path) -> None:
    family_id = _family(db)
    draft = fam.load_draft(db, family_id)
    mum = draft.caregivers[0].id
    meetings.save_meeting(
        db,
        meetings.MeetingDraft(
            family_id=family_id,
            kind="home_visit",
            starts_at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC),
            notes="Talked about housing worries.",
            confidential=True,
            attendees=[meetings.AttendeeDraft(role="caregiver", caregiver_id=mum)],
        ),
    )
    request_id = sar.log_request(
        db, family_id, kind=sar.GDPR, requester="Layla Haddad", received_on=dt.date(2026, 11, 23)
    )
    items = sar.collect(db, request_id)
    kinds = {i.kind for i in items}
    assert {"Family", "Caregiver", "Pupil", "Meeting", "Meeting attendee", "Audit entry"} <= kinds
    meeting = next(i for i in items if i.kind == "Meeting")
    assert meeting.confidential and "housing" in meeting.fields["notes"]
    note = next(i for i in items if i.kind == "Family note")

    with pytest.raises(ValidationError):
        sar.withhold(db, request_id, meeting.key, "Because", "")
    sar.withhold(db, request_id, meeting.key, sar.EXEMPTIONS[0], "Risk to a family member")
    pdf, data = sar.produce(db, request_id, tmp_path)
    text_out = _pdf_text(pdf)
    assert "Layla" in text_out and "Karim" in text_out and "Elm Street" in text_out
    assert "housing" not in text_out and "1 item(s) withheld" in text_out
    payload = json.loads(data.read_text("utf-8"))
    keys = {i["key"] for i in payload["items"]}
    assert note.key in keys and meeting.key not in keys
    assert payload["items_withheld_under_exemptions"] == 1
    done = sar.get_request(db, request_id)
    assert done.completed_on == dt.date(2026, 11, 23)
    assert done.withheld[meeting.key]["reason"] == "Risk to a family member"


def test_one_caregivers_request_leaves_out_the_other_caregiver(db: Database) -> None:
    family_id = _family(db)
    mum, dad = (c.id for c in fam.load_draft(db, family_id).caregivers)
    request_id = sar.log_request(
        db,
        family_id,
        kind=sar.GDPR,
        requester="Karim Haddad",
        received_on=dt.date(2026, 11, 23),
        caregiver_id=dad,
    )
    caregivers = [i for i in sar.collect(db, request_id) if i.kind == "Caregiver"]
    assert [c.fields["id"] for c in caregivers] == [dad]
    assert mum != dad


def _leave(db: Database, family_id: int, on: dt.date) -> None:
    with db.session() as session:
        for pupil in session.scalars(select(Pupil).where(Pupil.family_id == family_id)):
            pupil.left_date = on


def test_erasure_removes_the_family_for_good(db: Database, tmp_path: Path) -> None:
    old = _family(db, "Zainab", "Qureshi")
    recent = _family(db, "Amina", "Farouk")
    staying = _family(db, "Layla", "Haddad")
    _leave(db, old, dt.date(2019, 7, 20))
    _leave(db, recent, dt.date(2024, 7, 20))
    sar.log_request(
        db, old, kind=sar.GDPR, requester="Zainab Qureshi", received_on=dt.date(2026, 1, 5)
    )
    past = retention.past_retention(db)
    assert [p.family_id for p in past] == [old]
    assert past[0].keep_until == dt.date(2025, 7, 20)

    with pytest.raises(ValidationError):
        retention.erase(db, [old, recent])  # refused whole: nothing erased
    assert search.search(db, "Qureshi")

    assert retention.erase(db, [old]) == 1
    assert not search.search(db, "Qureshi") and not search.search(db, "Zainab")
    assert search.search(db, "Farouk") and search.search(db, "Haddad")
    with db.read() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.family_id == old)).all()
        assert entries == []
        erased = session.scalars(select(AuditEntry).where(AuditEntry.action == "erased")).one()
        assert erased.detail == "1 families erased after the retention period"
        # Not in the FTS index's own pages either (they would be inside the encrypted file).
        rows = session.execute(
            text("SELECT count(*) FROM search_index WHERE search_index MATCH 'Qureshi'")
        ).scalar()
        assert rows == 0
    requests = sar.list_requests(db)
    assert requests[0].family_id is None and requests[0].requester == ""
    assert staying in {r.id for r in fam.list_families(db)}

    # A backup made afterwards holds nothing of the family.
    backup = backups.make(db, "manual", to=tmp_path / "b")
    db_file, keys = store_backup.extract(backup, tmp_path / "x")
    conn = rawdb.connect(db_file, KeyFile.load(keys).unwrap_with_passphrase(PASSPHRASE))
    try:
        hits = "SELECT count(*) FROM search_index WHERE search_index MATCH ?"
        assert conn.execute(hits, ("Qureshi",)).fetchone()[0] == 0
        assert conn.execute(hits, ("Haddad",)).fetchone()[0] > 0
        people = "SELECT count(*) FROM caregiver WHERE family_name = 'Qureshi'"
        assert conn.execute(people).fetchone()[0] == 0
    finally:
        conn.close()


def test_retention_years_setting(db: Database) -> None:
    assert retention.years(db) == 6
    retention.set_years(db, 7)
    assert retention.years(db) == 7
    with pytest.raises(ValidationError):
        retention.set_years(db, 0)
