"""Issue 18, paper: mixed lines in PDFs keep the order they were composed in. Checked by where
each glyph is drawn (pdfplumber), since judging right-to-left text by eye is not reliable."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from liaison.services import families as fam
from liaison.services.letters import bookbag
from liaison.store.database import Database

NAME, CARER = "محمد الحسن", "سارة الحسن"
TRIP = {"event": "Museum trip", "place": "the museum", "date": "10/12/2026"}


def _arabic_family(db: Database) -> int:
    return fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(
                    key="m",
                    given_name="سارة",
                    family_name="الحسن",
                    main_language="ARA",
                    letter_language="ARA",
                    languages=[fam.LanguageSkill("ARA", True, True)],
                    is_main_contact=True,
                )
            ],
            pupils=[
                fam.PupilDraft(
                    key="p",
                    given_name="محمد",
                    family_name="الحسن",
                    class_name="3A",
                    year_group=3,
                    links=[fam.LinkDraft("m")],
                )
            ],
        ),
    )


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)


def _lines(page: pdfplumber.page.Page) -> list[list[dict]]:
    """Characters grouped into lines by their vertical middle (Arabic and Latin glyphs of one
    line sit at slightly different heights)."""
    lines: list[list[dict]] = []
    for char in sorted(page.chars, key=lambda c: (c["top"] + c["bottom"]) / 2):
        middle = (char["top"] + char["bottom"]) / 2
        if lines and abs(middle - lines[-1][0]["middle"]) < 6:
            lines[-1].append({**char, "middle": lines[-1][0]["middle"]})
        else:
            lines.append([{**char, "middle": middle}])
    return lines


def _class_then_name(line: list[dict]) -> None:
    """'3A · محمد الحسن': the class whole, then the separator, then the Arabic name."""
    three = next(c for c in line if c["text"] == "3")
    a = next(c for c in line if c["text"] == "A" and c["x0"] > three["x0"])
    dot = next(c for c in line if c["text"] == "·" and c["x0"] > three["x0"])
    # The name: the Arabic to the right of the class (the slip's line starts with a label,
    # "Pupil · التلميذ:", in the home language too).
    arabic = [c for c in line if _is_arabic(c["text"]) and c["x0"] > three["x0"]]
    assert arabic
    assert three["x0"] < a["x0"] < dot["x0"] < min(c["x0"] for c in arabic), [
        (c["text"], round(c["x0"])) for c in sorted(line, key=lambda c: c["x0"])
    ]
    # Nothing drawn between the 3 and the A.
    assert not [c for c in line if three["x0"] < c["x0"] < a["x0"] and c["text"].strip()]


def test_class_labels_on_letters_keep_class_and_name_in_order(db: Database, tmp_path: Path) -> None:
    family_id = _arabic_family(db)
    plan = bookbag.plan(db, "trip_consent", bookbag.Selection(family_ids=(family_id,)))
    out = tmp_path / "labels.pdf"
    bookbag.run(db, plan, out, fields=TRIP, bilingual=True)
    with pdfplumber.open(out) as pdf:
        letter = pdf.pages[1]  # after the class's cover sheet
        label = _lines(letter)[0]
        _class_then_name(label)
        # The reply slip names the pupil the same way, class first.
        slip_line = next(
            line
            for line in _lines(letter)[1:]
            if {"P", "3", "·"} <= {c["text"] for c in line}
            and any(_is_arabic(c["text"]) for c in line)
        )
        _class_then_name(slip_line)
        # The cover sheet: the name, then what language the letter is in.
        cover = pdf.pages[0]
        entry = next(line for line in _lines(cover) if any(_is_arabic(c["text"]) for c in line))
        arabic = [c for c in entry if _is_arabic(c["text"])]
        latin = [c for c in entry if c["text"].isascii() and c["text"].isalpha()]
        assert max(c["x1"] for c in arabic) < min(c["x0"] for c in latin)


def test_a_note_in_arabic_with_an_english_word_reads_in_order_in_a_bundle(
    db: Database, tmp_path: Path
) -> None:
    """'Body: <note>' is an English line around free text: the note, isolated, keeps its own
    right-to-left order, so the English word stays where the writer put it."""
    import datetime as dt

    from liaison.services.privacy import subject_access as sar

    family_id = _arabic_family(db)
    # "I wrote a very long letter to Tesco yesterday": Tesco near the end of the sentence.
    fam.add_note(db, family_id, "كتبت رسالة طويلة جدا إلى Tesco أمس")
    request_id = sar.log_request(
        db, family_id, kind=sar.GDPR, requester="سارة", received_on=dt.date(2026, 11, 23)
    )
    pdf_path, _ = sar.produce(db, request_id, tmp_path)
    with pdfplumber.open(pdf_path) as pdf:
        line = next(
            line
            for page in pdf.pages
            for line in _lines(page)
            if {"T", "e", "s", "c", "o"} <= {c["text"] for c in line}
            and any(_is_arabic(c["text"]) for c in line)
        )
    t = next(c for c in line if c["text"] == "T")
    arabic = [c for c in line if _is_arabic(c["text"])]
    left = [c for c in arabic if c["x0"] < t["x0"]]
    right = [c for c in arabic if c["x0"] > t["x0"]]
    # Read right to left, the long part comes first (rightmost) and "أمس" last (leftmost).
    assert len(right) > 3 * len(left), (len(left), len(right))
