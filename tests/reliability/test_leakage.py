"""After a whole working session (demo, letters, a book-bag batch, a subject access bundle, the
termly report exported as PDF, workbook and CSV, a backup, locking) no name or note appears in
plaintext under the data folder, the backup folder or the temp folder: only in the files the
officer exported."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest

from liaison import demo
from liaison.services import backups, letters, school
from liaison.services import families as fam
from liaison.services import reporting as report
from liaison.services.access import create_database
from liaison.services.letters import bookbag
from liaison.services.privacy import subject_access as sar
from tests.conftest import CHEAP_KDF, PASSPHRASE, clock
from tests.test_no_plaintext import _needles, _personal_strings, _scan

FIELDS = {"date": "25/11/2026", "time": "15:30", "place": "Room 7", "interpreter": "yes"}


def test_a_full_session_leaves_no_plaintext(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, backup_folder, temp, exports = (
        tmp_path / "data",
        tmp_path / "usb",
        tmp_path / "tmp",
        tmp_path / "exports",
    )
    for folder in (data, backup_folder, temp, exports):
        folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    db, _ = create_database(data / "liaison.db", PASSPHRASE, kdf=CHEAP_KDF, clock=clock())
    try:
        demo.build_demo(db, families=40, seed=5)
        school.set_setting(db, "backup_folder", str(backup_folder))
        strings = _personal_strings(db)
        needles = _needles(strings)
        assert len(needles) > 100

        row = fam.list_families(db)[0]
        prepared = letters.prepare(db, "meeting_invitation", row.id, fields=FIELDS)
        letters.print_document(db, prepared, exports / "letter.pdf")
        plan = bookbag.plan(db, "welcome", bookbag.Selection(whole_school=True))
        bookbag.run(db, plan, exports / "bookbag.pdf")
        request = sar.log_request(
            db, row.id, kind=sar.GDPR, requester="A parent", received_on=dt.date(2026, 11, 23)
        )
        sar.produce(db, request, exports)
        termly = report.default_term(db)
        assert termly is not None
        made = report.export(
            db,
            report.for_term(db, termly.name),
            pdf=exports / "report.pdf",
            xlsx=exports / "report.xlsx",
            csv_dir=exports / "report-csv",
        )
        assert made.pdf_bytes > 0 and made.csv
        backups.make(db, "manual")
        assert list(backup_folder.iterdir())
        # While open (WAL in use) and after locking.
        assert _scan(data, needles) == []
    finally:
        db.close()
    for folder in (data, backup_folder, temp):
        assert _scan(folder, needles) == [], folder
    # The scanner finds what it looks for: the exported letters do hold names.
    assert _scan(exports, needles)
