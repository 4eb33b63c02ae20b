"""Issue 22: what a scan read is recorded only when asked, the way a typed slip or an entered
page is; an unsure box is left unrecorded until the officer settles it; reading the same scan
again records nothing twice; a bad file gives a clear message and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, select

from liaison.errors import NotFound, ValidationError
from liaison.models import AuditEntry, PrintedDocument, QuestionnaireAnswer, QuestionnairePage
from liaison.services.access import open_database
from liaison.services.scans import Found, read_scans, record_scans
from liaison.store.database import Database
from tests.conftest import PASSPHRASE, clock, copy_db, file_hashes
from tests.scan_stack import School


@pytest.fixture
def db(scanned_school: School, tmp_path: Path):
    database = open_database(
        copy_db(scanned_school.db_path, tmp_path / "data"), passphrase=PASSPHRASE, clock=clock()
    )
    yield database
    database.close()


def _truth_choices(scanned_school: School):
    out = {}
    for unsure in scanned_school.summary.unsure:
        truth = scanned_school.stack.truths[unsure.key]
        out[unsure.key] = () if truth.answer is None else (truth.answer,)
    return out


def _state(db: Database) -> tuple[int, int, int, int]:
    with db.read() as s:
        return (
            s.scalar(select(func.count()).where(PrintedDocument.reply.is_not(None))) or 0,
            s.scalar(select(func.count()).where(QuestionnairePage.entered_at.is_not(None))) or 0,
            s.scalar(select(func.count()).select_from(QuestionnaireAnswer)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def test_nothing_is_recorded_by_reading(scanned_school: School) -> None:
    db = open_database(scanned_school.db_path, passphrase=PASSPHRASE, clock=clock())
    try:
        assert _state(db)[:3] == (0, 0, 0)
    finally:
        db.close()


def test_recorded_answers_are_the_parents_and_a_second_reading_records_nothing(
    scanned_school: School,
    db: Database,
) -> None:
    truths = scanned_school.stack.truths
    result = record_scans(db, scanned_school.summary, _truth_choices(scanned_school))
    assert not result.refused and not result.left
    with db.read() as s:
        replies = dict(
            s.execute(
                select(PrintedDocument.reply_ref, PrintedDocument.reply).where(
                    PrintedDocument.reply.is_not(None)
                )
            ).all()
        )
        answers = {
            (ref, key): value
            for ref, key, value in s.execute(
                select(
                    QuestionnairePage.reference,
                    QuestionnaireAnswer.question_key,
                    QuestionnaireAnswer.value,
                ).join(QuestionnairePage, QuestionnairePage.id == QuestionnaireAnswer.page_id)
            )
        }
    slips = {ref for (ref, q) in truths if q == "reply"}
    for ref in slips:
        expected = truths[(ref, "reply")].answer
        assert replies.get(ref) == expected, ref  # a blank slip stays unanswered
    assert set(result.slips) == {r for r in slips if truths[(r, "reply")].answer}
    pages = {ref for (ref, q) in truths if q != "reply"}
    for (ref, key), truth in truths.items():
        if ref in pages:
            assert answers.get((ref, key)) == truth.answer, (ref, key)
    assert set(result.pages) == pages
    before = _state(db)
    again = read_scans(db, scanned_school.scan_pdf)
    answered = {r for r in slips if truths[(r, "reply")].answer} | pages
    assert {p.found for p in again.pages if p.reference in answered} == {Found.ALREADY}
    second = record_scans(db, again, _truth_choices(scanned_school))
    assert second.slips == [] and second.pages == []
    # Even the first summary, recorded twice, changes nothing more.
    third = record_scans(db, scanned_school.summary, _truth_choices(scanned_school))
    assert third.slips == [] and third.pages == []
    assert set(third.already) == set(result.slips) | set(result.pages)
    assert _state(db) == before


def test_an_unsure_box_is_left_unrecorded_until_settled(
    scanned_school: School, db: Database
) -> None:
    result = record_scans(db, scanned_school.summary)  # no choices: the unsure pages wait
    unsure_pages = {u.reference for u in scanned_school.summary.unsure}
    assert unsure_pages and set(result.left) == unsure_pages
    with db.read() as s:
        done = set(
            s.scalars(select(PrintedDocument.reply_ref).where(PrintedDocument.reply.is_not(None)))
        )
        entered = set(
            s.scalars(
                select(QuestionnairePage.reference).where(QuestionnairePage.entered_at.is_not(None))
            )
        )
    assert not (done | entered) & unsure_pages
    assert "left to enter by hand" in result.describe()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("letter.pdf", b"Dear parents, this is not a PDF", "not a PDF Liaison can open"),
        ("empty.pdf", b"", "not a PDF Liaison can open"),
        ("scan.png", b"\x89PNG\r\n\x1a\n broken", "not an image Liaison can open"),
        ("notes.docx", b"PK\x03\x04", "is not a scan Liaison reads"),
    ],
)
def test_a_bad_file_gives_a_clear_message_and_changes_nothing(
    db: Database, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(content)
    hashes = file_hashes(tmp_path / "data")
    try:
        summary = read_scans(db, path)
    except ValidationError as exc:
        assert message in str(exc)
    else:
        assert [p.found for p in summary.pages] == [Found.UNREADABLE]
        assert message in summary.pages[0].note
        result = record_scans(db, summary)
        assert result.slips == result.pages == []
    assert file_hashes(tmp_path / "data") == hashes


def test_a_damaged_pdf_and_missing_paths_are_refused(
    scanned_school: School,
    db: Database,
    tmp_path: Path,
) -> None:
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(scanned_school.scan_pdf.read_bytes()[:5000])
    summary = read_scans(db, cut)
    assert {p.found for p in summary.pages} == {Found.UNREADABLE}
    with pytest.raises(NotFound, match="There is no file or folder"):
        read_scans(db, tmp_path / "nowhere.pdf")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValidationError, match="holds no scans"):
        read_scans(db, tmp_path / "empty")


def test_the_command_line_shows_then_records_with_answers_given(
    scanned_school: School, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    from tests.conftest import run_cli

    path = copy_db(scanned_school.db_path, tmp_path / "data")
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", "utf-8")
    monkeypatch.setenv("LIAISON_DB", str(path))
    monkeypatch.setenv("LIAISON_PASSPHRASE_FILE", str(secret))
    slip = next(u for u in scanned_school.summary.unsure if u.question.key == "reply")
    # A small scan: the page with that slip and the three after it (the copier's own pages).
    first = next(
        i for i, p in enumerate(scanned_school.summary.pages) if p.reference == slip.reference
    )
    small = pdfium.PdfDocument.new()
    small.import_pages(pdfium.PdfDocument(str(scanned_school.scan_pdf)), [first, first + 1])
    scan = str(tmp_path / "small.pdf")
    small.save(scan)
    hashes = file_hashes(tmp_path / "data")
    code, out, _ = run_cli(capsys, "scans", scan)
    assert code == 0 and "Nothing recorded" in out and "To confirm" in out
    assert file_hashes(tmp_path / "data") == hashes
    truth = scanned_school.stack.truths[slip.key].answer
    code, out, err = run_cli(capsys, "scans", scan, "--answer", f"{slip.reference}=nonsense")
    assert code != 0 and "is not a box" in out + err
    code, out, _ = run_cli(
        capsys, "scans", scan, "--record", "--answer", f"{slip.reference}={truth}"
    )
    assert code == 0 and "recorded" in out
    with open_database(path, passphrase=PASSPHRASE, clock=clock()) as db, db.read() as s:
        reply = s.scalar(
            select(PrintedDocument.reply).where(PrintedDocument.reply_ref == slip.reference)
        )
    assert reply == truth
    code, out, _ = run_cli(capsys, "scans", scan, "--record")
    assert "0 reply slip(s) and 0 questionnaire page(s) recorded" in out
