"""The termly report's "Parent voice" section: sent, returned and the response rate by language,
a chart per scale question, in the PDF, workbook, CSV and JSON; never a written answer."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import openpyxl
import pdfplumber

from liaison.services import parent_voice as pv
from liaison.services import reporting as report
from liaison.services.reporting import pdf as report_pdf
from liaison.services.reporting import tables as report_tables
from liaison.store.database import Database
from tests.parent_voice_helpers import send

SECRET = "Please ring me about my son"


def _answer_some(db: Database, run_id: int, share: float) -> int:
    rng = random.Random(8)
    entered = 0
    for w in pv.waiting(db, run_id):
        if rng.random() > share:
            continue
        page = pv.find_page(db, w.missing[0])
        answers = {q.key: rng.choice([o[0] for o in q.options]) for q in page.questions}
        pv.record_answers(db, w.missing[0], answers)
        entered += 1
    return entered


def test_the_report_has_a_parent_voice_section(demo_db: Database, tmp_path: Path) -> None:
    term = report.default_term(demo_db)
    assert term is not None
    no_voice = report.for_term(demo_db, term.name)
    assert "parent_voice" not in {s.key for s in no_voice.sections}
    _, result = send(demo_db, tmp_path)
    entered = _answer_some(demo_db, result.run_id, 0.75)
    first = next(w for w in pv.waiting(demo_db, result.run_id) if len(w.missing) == 2)
    pv.record_answers(demo_db, first.missing[1], {"anything_else": SECRET})
    made = report.for_term(demo_db, term.name)
    voice = made.section("parent_voice")
    assert voice.title == "Parent voice"
    sent = voice.tables[0]
    assert sent.rows[0].current == result.questionnaires
    assert sent.rows[1].current == entered + 1
    by_language = voice.tables[1]
    assert by_language.title.endswith("response rate by language")
    assert all(r.kind == "percent" for r in by_language.rows)
    charts = [t for t in voice.tables if t.chart]
    assert [t.title.split(": ", 1)[1] for t in charts] == [
        "1. Does your child feel happy at school?"
    ]
    written = next(t for t in voice.tables if "anything else" in t.title)
    assert written.rows[0].label == "Wrote something" and written.rows[0].current == 1

    pdf_bytes = report_pdf.render_bytes(made)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Parent voice" in text and "response rate by language" in text
    assert "Does your child feel happy at school?" in text
    assert SECRET not in text
    files = report_tables.csv_files(made)
    voice_csv = next(data for name, data in files.items() if name.endswith("parent_voice.csv"))
    rows = list(csv.reader(io.StringIO(voice_csv.decode("utf-8-sig"))))
    wrote = next(r for r in rows if r[1] == "Wrote something")
    assert wrote[2] == "fewer than 5"
    assert SECRET not in voice_csv.decode("utf-8-sig")
    book = tmp_path / "report.xlsx"
    report_tables.write_workbook(made, book)
    sheets = openpyxl.load_workbook(book).sheetnames
    assert any("Parent voice" in name for name in sheets)
    plain = report.to_plain(made)
    assert "parent_voice" in {s["key"] for s in plain["sections"]}
    assert SECRET not in repr(plain)
