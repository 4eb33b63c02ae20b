"""The termly report's PDF, workbook and CSV: the figures are there, names never are."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from PIL import Image
from sqlalchemy import select

from liaison import demo
from liaison.i18n import languages
from liaison.models import (
    Agency,
    AuditEntry,
    Caregiver,
    Family,
    FamilyNote,
    Interpreter,
    Meeting,
    Pupil,
)
from liaison.models.enums import (
    AuditAction,
    EventKind,
    InterpretingMode,
    MeetingKind,
    NeedCategory,
    ReferralStatus,
    ServiceCategory,
)
from liaison.services import reporting as report
from liaison.services import school
from liaison.services.access import create_database
from liaison.services.letters.templates import list_templates
from liaison.services.reporting import pdf as report_pdf
from liaison.services.reporting import tables as report_tables
from liaison.store.database import Database
from tests.conftest import CHEAP_KDF, PASSPHRASE, clock
from tests.conftest import run_cli as run
from tests.report_data import Known, build_known

DEMO_FAMILIES = 80


@pytest.fixture
def known(db: Database) -> Known:
    return build_known(db)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_pdf_leads_with_the_headline_figures(known: Known) -> None:
    r = report.for_term(known.db, "Summer 2026")
    data = report_pdf.render_bytes(r, suppress=False)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        first = page.extract_text()
        # the headline tiles stand in four columns near the top of the first page
        column = report_pdf.WIDTH / 4
        tiles = [
            page.crop(
                (report_pdf.MARGIN + i * column, 0, report_pdf.MARGIN + (i + 1) * column, 330)
            )
            .extract_text()
            .replace("\n", " ")
            for i in range(4)
        ]
        fonts = {c["fontname"] for page in pdf.pages for c in page.chars}
        pages = len(pdf.pages)
    assert 2 <= pages <= 6
    assert "Family liaison: termly summary" in first
    assert "Summer 2026" in first and "13/04/2026 to 22/07/2026" in first
    assert "compared with Spring 2026" in first
    assert "Made 23/11/2026" in first
    # headline tiles: the number, what it is, the change on last term
    assert "4 Families supported +1 on Spring 2026" in tiles[0]
    assert "3 Referrals made +2 on Spring 2026" in tiles[0]
    assert "1 New arrivals +1 on Spring 2026" in tiles[1]
    assert "10 Contacts and meetings held +8 on Spring 2026" in tiles[2]
    assert "3.5 Interpreter hours +3.5 on Spring 2026" in tiles[3]
    assert "3 Letters sent home +3 on Spring 2026" in tiles[3]
    text = pdf_text(data)
    assert "Contacts and meetings held 10 2 +8" in text
    assert "Cost £130.00 £0.00 +£130.00" in text
    assert "Median days from referral to outcome 50.5" in text
    # Noto Sans embedded (a subset), no standard font that a reader would substitute
    assert fonts and all(re.fullmatch(r"[A-Z]{6}\+NotoSans-Regular", f) for f in fonts)
    assert b"/FontFile2" in data


def test_pdf_hides_small_numbers_by_default(known: Known) -> None:
    r = report.for_term(known.db, "Summer 2026")
    text = pdf_text(report_pdf.render_bytes(r))
    assert "Families supported fewer than 5 fewer than 5 –" in text
    assert "Contacts and meetings held 10 fewer than 5 –" in text
    assert "Share of meetings with an interpreter 20% not shown –" in text
    assert "Counts from 1 to 4 shown as “fewer than 5”" in text
    assert not re.search(r"Families supported [1-4] ", text)


def test_pdf_carries_the_logo_and_survives_a_bad_one(known: Known) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), "black").save(buffer, "PNG")
    details = school.get_school(known.db)
    details.name, details.officer_name, details.logo_png = (
        "Hillside Primary",
        "A. Officer",
        (buffer.getvalue()),
    )
    school.save_school(known.db, details)
    r = report.for_term(known.db, "Summer 2026")
    with pdfplumber.open(io.BytesIO(report_pdf.render_bytes(r))) as pdf:
        assert len(pdf.pages[0].images) == 1
        assert "Hillside Primary" in pdf.pages[0].extract_text()
    broken = report.Report(**{**r.__dict__, "logo_png": b"\x89PNG\r\n\x1a\nnot really"})
    with pdfplumber.open(io.BytesIO(report_pdf.render_bytes(broken))) as pdf:
        assert pdf.pages[0].images == []


def test_workbook_and_csv_hold_the_numbers(known: Known, tmp_path: Path) -> None:
    r = report.for_term(known.db, "Summer 2026")
    out = tmp_path / "out"
    out.mkdir()
    exported = report.export(
        known.db,
        r,
        pdf=out / "summer.pdf",
        xlsx=out / "summer.xlsx",
        csv_dir=out / "csv",
        suppress=False,
    )
    # only the files asked for: no temporary or side files left behind
    assert sorted(p.name for p in out.iterdir()) == ["csv", "summer.pdf", "summer.xlsx"]
    assert [p.name for p in exported.csv] == [
        "00-headlines.csv",
        "01-families.csv",
        "02-contacts.csv",
        "03-interpreting.csv",
        "04-referrals.csv",
        "05-events.csv",
        "06-letters.csv",
    ]
    wb = openpyxl.load_workbook(out / "summer.xlsx")
    assert wb.sheetnames == [
        "Summary",
        "Families",
        "Contacts and meetings",
        "Interpreters",
        "Referrals and needs",
        "Engagement events",
        "Letters and agreements",
    ]
    rows = {row[0]: row[1:4] for row in wb["Contacts and meetings"].iter_rows(values_only=True)}
    assert rows["Contacts and meetings held"] == (10, 2, 8)
    assert rows["Share of meetings with an interpreter"] == (0.2, 0, 20)
    assert wb["Contacts and meetings"]["B2"].number_format == "#,##0"
    money = {row[0]: row[1:4] for row in wb["Interpreters"].iter_rows(values_only=True)}
    assert money["Cost"] == (130, 0, 130) and money["Agency A"] == (80, 0, 80)
    summary = [row for row in wb["Summary"].iter_rows(values_only=True)]
    assert ("Period", "Summer 2026", "13/04/2026 to 22/07/2026", None) in summary
    with open(out / "csv" / "02-contacts.csv", encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0] == ["table", "measure", "Summer 2026", "Spring 2026", "change"]
    assert ["Contacts", "Contacts and meetings held", "10", "2", "+8"] in lines
    with known.db.read() as session:
        entry = session.execute(
            select(AuditEntry.entity, AuditEntry.detail).where(
                AuditEntry.action == AuditAction.EXPORTED
            )
        ).one()
    assert tuple(entry) == ("report", "Summer 2026: pdf, xlsx, csv (small numbers shown)")


def test_workbook_hides_small_numbers_as_text(known: Known) -> None:
    r = report.for_term(known.db, "Summer 2026")
    wb = openpyxl.load_workbook(io.BytesIO(report_tables.workbook_bytes(r)))
    rows = {row[0]: row[1:4] for row in wb["Families"].iter_rows(values_only=True)}
    assert rows["Families supported"] == ("fewer than 5", "fewer than 5", "–")
    assert rows["Share of families on roll supported"] == ("not shown", "not shown", "–")
    files = report_tables.csv_files(r)
    assert "Families,Families supported,fewer than 5,fewer than 5,–" in files[
        "01-families.csv"
    ].decode("utf-8-sig")


# -- no names, over a whole demo database ----------------------------------------------------
@pytest.fixture(scope="module")
def demo_report_db(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("report-demo") / "liaison.db"
    db, _ = create_database(path, PASSPHRASE, kdf=CHEAP_KDF, clock=clock())
    demo.build_demo(db, families=DEMO_FAMILIES, seed=11)
    yield db
    db.close()


def _report_vocabulary(db: Database) -> set[str]:
    """Every word the report may print on its own: its labels and vocabularies."""
    words: set[str] = set()
    empty = report.build(db, report.range_period(*_far_past()), None)
    texts = [row["measure"] for row in report.plain_rows(empty)]
    texts += [t.title for s in empty.sections for t in s.tables]
    texts += [s.title for s in empty.sections] + [t.note for s in empty.sections for t in s.tables]
    texts += [lang.english for lang in languages.all_languages()]
    for enum in (MeetingKind, InterpretingMode, ReferralStatus, ServiceCategory, NeedCategory):
        texts += [m.label for m in enum]
    texts += [m.label for m in EventKind] + [t.title for t in list_templates(db)]
    texts += [report_pdf.TITLE, report.SMALL_NOTE, school.get_school(db).name]
    with db.read() as session:
        texts += list(session.scalars(select(Agency.name)))
    for text in texts:
        words |= set(re.findall(r"\w+", text.casefold()))
    return words


def _far_past():
    import datetime as dt

    return dt.date(1990, 1, 1), dt.date(1990, 12, 31)


def test_no_family_or_pupil_name_leaves_in_any_export(
    demo_report_db: Database, tmp_path: Path
) -> None:
    db = demo_report_db
    with db.read() as session:
        assert session.scalar(select(Family.id).limit(1)) is not None
        people = session.execute(
            select(
                Caregiver.given_name,
                Caregiver.family_name,
                Caregiver.preferred_name,
                Caregiver.given_name_latin,
                Caregiver.family_name_latin,
            ).union_all(
                select(
                    Pupil.given_name,
                    Pupil.family_name,
                    Pupil.preferred_name,
                    Pupil.given_name_latin,
                    Pupil.family_name_latin,
                )
            )
        ).all()
        interpreters = list(session.scalars(select(Interpreter.name)))
        notes = list(session.scalars(select(FamilyNote.body))) + [
            n for n in session.scalars(select(Meeting.notes)) if n
        ]
        references = list(session.scalars(select(Family.reference)))
        upns = [u for u in session.scalars(select(Pupil.upn)) if u]
        phones = [p for p in session.scalars(select(Caregiver.phone_mobile)) if p]
    full_names = {f"{p[0]} {p[1]}".casefold() for p in people} | {
        f"{p[3]} {p[4]}".casefold() for p in people if p[3] and p[4]
    }
    allowed = _report_vocabulary(db)
    tokens = {
        word
        for person in people
        for part in person
        if part
        for word in re.findall(r"\w+", part.casefold())
        if len(word) > 1
    } - allowed
    assert len(tokens) > 100  # the demo really has names to leak

    texts = {}
    for term in ("Autumn 2026", "Summer 2026", "Spring 2025"):
        r = report.for_term(db, term)
        for suppress in (True, False):
            out = tmp_path / f"{term}-{suppress}".replace(" ", "-")
            out.mkdir()
            report.export(
                db,
                r,
                pdf=out / "r.pdf",
                xlsx=out / "r.xlsx",
                csv_dir=out / "csv",
                suppress=suppress,
            )
            texts[f"{out.name}.pdf"] = pdf_text((out / "r.pdf").read_bytes())
            wb = openpyxl.load_workbook(out / "r.xlsx")
            texts[f"{out.name}.xlsx"] = "\n".join(
                " ".join(str(v) for v in row if v is not None)
                for ws in wb.worksheets
                for row in ws.iter_rows(values_only=True)
            )
            texts[f"{out.name}.csv"] = "\n".join(
                p.read_text("utf-8-sig") for p in sorted((out / "csv").iterdir())
            )
            texts[f"{out.name}.json"] = json.dumps(report.to_plain(r, suppress), ensure_ascii=False)
    assert "Families supported" in texts["Autumn-2026-True.pdf"]
    for name, text in texts.items():
        folded = " ".join(text.casefold().split())
        words = set(re.findall(r"\w+", folded))
        assert not (words & tokens), (name, sorted(words & tokens)[:10])
        assert not [n for n in full_names if n in folded], name
        assert not [n for n in interpreters if n.casefold() in folded], name
        assert not [n for n in notes if n.casefold() in folded], name
        assert not [r for r in references if r.casefold() in words], name
        assert not [u for u in upns if u.casefold() in words], name
        assert not [p for p in phones if p in text], name


# -- command line ----------------------------------------------------------------------------
def test_cli_report_writes_every_format(
    capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys,
        "report",
        "--term",
        "autumn  2026",
        "--out",
        str(tmp_path / "autumn.pdf"),
        "--xlsx",
        str(tmp_path / "autumn.xlsx"),
        "--csv",
        str(tmp_path / "csv"),
    )
    assert code == 0, err
    assert "termly summary, Autumn 2026 (02/09/2026 to 19/12/2026) against Summer 2026" in out
    assert "Families supported" in out and "Wrote PDF" in out
    assert (tmp_path / "autumn.pdf").read_bytes().startswith(b"%PDF")
    assert openpyxl.load_workbook(tmp_path / "autumn.xlsx").sheetnames[0] == "Summary"
    # The demo holds attendance (issue 23), so its report has the attendance section too.
    assert len(list((tmp_path / "csv").iterdir())) == 8
    assert (tmp_path / "csv" / "07-attendance.csv").exists()
    code, out, _ = run(capsys, "report", "--from", "01/09/2026", "--to", "23/11/2026", "--json")
    data = json.loads(out)
    assert code == 0 and data["period"]["name"] == "01/09/2026 to 23/11/2026"
    assert data["previous"] == {
        "name": "09/06/2026 to 31/08/2026",
        "from": "2026-06-09",
        "to": "2026-08-31",
    }
    assert data["small_numbers_hidden"] is True
    code, out, _ = run(
        capsys, "report", "--term", "Autumn 2026", "--json", "--small-numbers", "show"
    )
    assert json.loads(out)["small_numbers_hidden"] is False


def test_cli_report_errors_are_one_clear_line(
    capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "report", "--term", "Winter 2026", "--json")
    assert code == 9
    assert err.startswith("liaison: There is no term called 'Winter 2026'. The terms in Settings")
    assert "Autumn 2026" in err and err.count("\n") == 1
    code, _, err = run(capsys, "report", "--from", "31/02/2026", "--to", "01/03/2026", "--json")
    assert code == 2 and err == (
        "liaison: --from: '31/02/2026' is not a date; type the day, month and year as dd/mm/yyyy\n"
    )
    code, _, err = run(capsys, "report", "--from", "01/03/2026", "--to", "01/02/2026", "--json")
    assert code == 2 and "end date is before the start date" in err
    code, _, err = run(capsys, "report", "--term", "Autumn 2026")
    assert code == 1 and "--out FILE.pdf" in err
    code, _, err = run(capsys, "report", "--json")
    assert code == 1 and "--term" in err
    missing = tmp_path / "nowhere" / "r.pdf"
    code, _, err = run(capsys, "report", "--term", "Autumn 2026", "--out", str(missing))
    assert code == 1 and err == f"liaison: The folder {missing.parent} does not exist.\n"
