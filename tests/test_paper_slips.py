"""Issue 18, paper: the reply slip is whole, at the foot of the last page, with its reference and
QR code together; a letter fits one sheet when it can; answer boxes carry words; the slip's
geometry is the same on every letter; the reply deadline never defaults to the event's date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pdfplumber
import pytest

from liaison.errors import ValidationError
from liaison.services import families as fam
from liaison.services import letters
from liaison.services.letters import bookbag
from liaison.services.letters.templates import get_template
from liaison.store.database import Database

TRIP = {"event": "Museum trip", "place": "the Science Museum", "date": "10/12/2026"}
MEETING = {"date": "03/12/2026", "time": "15:30", "place": "the family room", "interpreter": "yes"}
MM = 72 / 25.4


def _family(db: Database, language: str = "ARA", **carer: str) -> tuple[int, int]:
    names = {"given_name": "Layla", "family_name": "Haddad", **carer}
    family_id = fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(
                    key="m",
                    main_language=language,
                    letter_language=language,
                    languages=[fam.LanguageSkill(language, True, True)],
                    is_main_contact=True,
                    **names,
                )
            ],
            pupils=[
                fam.PupilDraft(
                    key="p",
                    given_name="Omar",
                    family_name="Haddad",
                    class_name="3A",
                    year_group=3,
                    links=[fam.LinkDraft("m")],
                )
            ],
        ),
    )
    return family_id, fam.load_draft(db, family_id).pupils[0].id or 0


def _print(db: Database, tmp_path: Path, key: str, language: str, fields: dict) -> Path:
    family_id, pupil_id = _family(db, language)
    prepared = letters.prepare(
        db, key, family_id, pupil_id=pupil_id, language=language, fields=fields
    )
    out = tmp_path / f"{key}-{language}.pdf"
    letters.print_document(db, prepared, out)
    return out


def _slip_parts(page: pdfplumber.page.Page) -> dict[str, object]:
    words = page.extract_words()
    refs = [w for w in words if re.fullmatch(r"R[2-9A-Z]{6}", w["text"])]
    return {"words": words, "refs": refs, "images": page.images}


@pytest.mark.parametrize("key", ["trip_consent", "meeting_invitation"])
def test_every_language_fits_one_sheet_with_the_slip_whole(
    db: Database, tmp_path: Path, key: str
) -> None:
    fields = TRIP if key == "trip_consent" else MEETING
    codes = sorted(get_template(db, key).variants)
    assert len(codes) >= 13
    for code in codes:
        out = _print(db, tmp_path, key, code, fields)
        with pdfplumber.open(out) as pdf:
            assert len(pdf.pages) == 1, (key, code, len(pdf.pages))
            page = pdf.pages[0]
            parts = _slip_parts(page)
            text = page.extract_text()
            # The reference, its QR code, the answers in words and the signature line together.
            assert len(parts["refs"]) == 1, (key, code)
            assert len(parts["images"]) == 1, (key, code)
            answers = (
                ("Yes, I agree", "No, I do not agree")
                if key == "trip_consent"
                else ("Yes, I will come", "No, I cannot come")
            )
            for words in answers:
                assert words in text, (key, code, words)
            assert "Signed (parent or carer)" in text, (key, code)
            # The slip sits at the foot of the page: the QR in the lowest quarter.
            qr = parts["images"][0]
            assert qr["bottom"] > page.height * 0.75, (key, code)


def test_the_cut_line_runs_the_full_width_of_the_sheet(db: Database, tmp_path: Path) -> None:
    out = _print(db, tmp_path, "trip_consent", "POL", TRIP)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        qr_top = page.images[0]["top"]
        # The dashes of the cut line, just above the QR code.
        dashes = [
            e
            for e in page.edges
            if e["orientation"] == "h" and qr_top - 15 * MM < e["top"] < qr_top
        ]
        assert dashes
        assert min(e["x0"] for e in dashes) < 3
        assert max(e["x1"] for e in dashes) > page.width - 3


def test_the_slip_geometry_is_the_same_on_every_letter(db: Database, tmp_path: Path) -> None:
    """The QR code and each answer box at fixed places relative to the slip's corner, whatever
    the language or the letter's length (issue 22 reads slips back from scans)."""
    from liaison.documents import slip as geometry

    seen = []
    for code, key, fields in (
        ("POL", "trip_consent", TRIP),
        ("ARA", "trip_consent", TRIP),
        ("TIG", "meeting_invitation", MEETING),
        ("CHI", "meeting_invitation", MEETING),
    ):
        out = _print(db, tmp_path, key, code, fields)
        with pdfplumber.open(out) as pdf:
            page = pdf.pages[-1]
            qr = page.images[0]
            boxes = sorted(
                (round(r["x0"], 1), round(r["top"], 1), round(r["width"], 1))
                for r in page.rects
                if abs(r["width"] - r["height"]) < 0.5 and 4 * MM < r["width"] < 9 * MM
            )
            seen.append(((round(qr["x0"], 1), round(qr["top"], 1)), boxes))
            # Where the slip module says: its corner at the foot of the text area.
            corner_x, corner_y = geometry.corner_on_page_pt()
            assert qr["x0"] == pytest.approx(corner_x + geometry.QR.x * MM, abs=0.6)
            assert qr["top"] == pytest.approx(corner_y + geometry.QR.y * MM, abs=0.6)
            assert qr["width"] == pytest.approx(geometry.QR.width * MM, abs=0.6)
            assert len(boxes) == 2
            for (x, y, w), box in zip(boxes, geometry.ANSWER_BOXES, strict=True):
                assert x == pytest.approx(corner_x + box.x * MM, abs=0.6)
                assert y == pytest.approx(corner_y + box.y * MM, abs=0.6)
                assert w == pytest.approx(box.width * MM, abs=0.6)
    assert len(set(map(repr, seen))) == 1, seen


def test_a_letter_too_long_for_one_sheet_carries_the_slip_whole_on_the_second(
    db: Database, tmp_path: Path
) -> None:
    family_id, pupil_id = _family(db, "POL")
    long_place = " ".join(["the Natural History Museum, Cromwell Road, South Kensington"] * 40)
    prepared = letters.prepare(
        db,
        "trip_consent",
        family_id,
        pupil_id=pupil_id,
        language="POL",
        fields={**TRIP, "place": long_place},
    )
    out = tmp_path / "long.pdf"
    letters.print_document(db, prepared, out)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages[:-1]:
            assert not page.images and not _slip_parts(page)["refs"]
        last = pdf.pages[-1]
        assert len(last.images) == 1 and len(_slip_parts(last)["refs"]) == 1
        assert "Signed (parent or carer)" in last.extract_text()


def test_answer_boxes_carry_the_home_language_words_when_translated(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liaison.services.letters import templates

    polish = dict(templates._language_files()["POL"])
    polish["paper"] = {"slip_agree": "Tak, zgadzam się", "slip_disagree": "Nie, nie zgadzam się"}
    monkeypatch.setitem(templates._language_files(), "POL", polish)
    out = _print(db, tmp_path, "trip_consent", "POL", TRIP)
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[-1].extract_text()
    for words in ("Tak, zgadzam się", "Nie, nie zgadzam się", "Yes, I agree", "No, I do not agree"):
        assert words in text, words
    # A language with no paper words yet: English alone, never an empty box.
    out = _print(db, tmp_path, "trip_consent", "SOM", TRIP)
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[-1].extract_text()
    assert "Yes, I agree" in text and "No, I do not agree" in text


def test_the_reply_deadline_defaults_to_school_days_before_the_event(db: Database) -> None:
    family_id, pupil_id = _family(db, "POL")
    prepared = letters.prepare(
        db, "trip_consent", family_id, pupil_id=pupil_id, language="POL", fields=TRIP
    )
    english = " ".join(b.text for b in prepared.document.sections[-1].blocks)
    # The trip is on Thursday 10 December; three school days before is Monday 7 December.
    assert "by 7 December 2026" in english
    assert "by 10 December 2026" not in english
    slip = prepared.document.slip
    assert slip is not None and "7 December 2026" in slip.return_by[1]
    # A deadline after the event is refused, naming the field.
    with pytest.raises(ValidationError) as failure:
        letters.prepare(
            db,
            "trip_consent",
            family_id,
            language="POL",
            fields={**TRIP, "deadline": "11/12/2026"},
        )
    assert "deadline" in failure.value.errors


def test_reply_deadline_default_rule() -> None:
    from liaison.services.letters.deadlines import default_deadline

    today = dt.date(2026, 11, 23)  # a Monday
    assert default_deadline(dt.date(2026, 12, 10), today) == dt.date(2026, 12, 7)
    # Over a weekend: three school days before Tuesday 8 December is Thursday 3 December.
    assert default_deadline(dt.date(2026, 12, 8), today) == dt.date(2026, 12, 3)
    # Too close for three school days: the day after today, still before the event.
    assert default_deadline(dt.date(2026, 11, 26), today) == dt.date(2026, 11, 24)
    # Tomorrow's event leaves no day to reply by.
    assert default_deadline(dt.date(2026, 11, 24), today) is None


def test_a_trip_consent_batch_prints_one_sheet_per_letter(
    demo_db: Database, tmp_path: Path
) -> None:
    plan = bookbag.plan(
        demo_db, "trip_consent", bookbag.Selection(whole_school=True), sibling_rule="each"
    )
    result = bookbag.run(demo_db, plan, tmp_path / "trip.pdf", fields=TRIP, bilingual=True)
    covers = len(plan.per_class())
    with pdfplumber.open(tmp_path / "trip.pdf") as pdf:
        pages = len(pdf.pages)
    # Cover sheets are one page each at this size (the demo's classes are small).
    assert pages == result.pages == result.letters + covers


def test_the_command_line_defaults_the_deadline_and_refuses_a_late_one(
    capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    from liaison.services import school
    from liaison.services.access import open_database
    from tests.conftest import PASSPHRASE, run_cli

    # The command line runs on today's date: a trip on a Thursday in the third week of a term
    # at least a fortnight away, so the three school days before it are Monday to Wednesday.
    db = open_database(env, passphrase=PASSPHRASE)
    try:
        terms = school.list_terms(db)
    finally:
        db.close()
    today = dt.date.today()
    # (Past the demo's last term, every weekday counts.)
    ahead = [t.starts_on for t in terms if t.starts_on > today + dt.timedelta(days=14)]
    start = ahead[0] if ahead else max(today, terms[-1].ends_on) + dt.timedelta(days=1)
    day = start + dt.timedelta(days=14 + (3 - start.weekday()) % 7)
    expected = day - dt.timedelta(days=3)
    args = ["letter", "--template", "trip_consent", "--family", "F00001", "--single"]
    args += ["--language", "ENG", "--field", "event=Trip", "--field", "place=the zoo"]
    args += ["--field", f"date={day:%d/%m/%Y}", "--out", str(tmp_path / "trip.pdf")]
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    assert f"back by {expected:%d/%m/%Y}" in out
    with pdfplumber.open(tmp_path / "trip.pdf") as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    assert f"by {expected.day} {expected:%B %Y}" in text
    late = day + dt.timedelta(days=1)
    code, _, err = run_cli(capsys, *args, "--field", f"deadline={late:%d/%m/%Y}")
    assert code == 2 and "after the day itself" in err


def test_the_qr_code_reads_back_as_the_printed_reference(db: Database, tmp_path: Path) -> None:
    """A full QR code (phone cameras skip Micro QR), read from the page rendered at 150 dpi,
    as a scanner would see it, where the slip's geometry puts it."""
    import pypdfium2 as pdfium
    import zxingcpp

    from liaison.documents import slip as geometry

    for code in ("ARA", "POL"):
        out = _print(db, tmp_path, "trip_consent", code, TRIP)
        with pdfplumber.open(out) as pdf:
            reference = _slip_parts(pdf.pages[0])["refs"][0]["text"]
        document = pdfium.PdfDocument(str(out))
        try:
            image = document[0].render(scale=150 / 72).to_pil().convert("L")
        finally:
            document.close()
        found = zxingcpp.read_barcodes(image)
        assert [(r.text, r.format) for r in found] == [
            (reference, zxingcpp.BarcodeFormat.QRCode)
        ], code
        corner_x, corner_y = geometry.corner_on_page_mm()
        where = found[0].position.top_left
        x_mm, y_mm = where.x / 150 * 25.4, where.y / 150 * 25.4
        assert corner_x + geometry.QR.x < x_mm < corner_x + geometry.QR.right
        assert corner_y + geometry.QR.y < y_mm < corner_y + geometry.QR.bottom


def test_letters_printed_before_keep_their_slip_when_reprinted(tmp_path: Path) -> None:
    """A record made before issue 18 holds the slip as a block of the letter; a reprint still
    shows its reference and QR code, and a record made now keeps its slip too."""
    from liaison.documents.render import render_pdf
    from liaison.services.letters.printed import _from_snapshot

    old = {
        "title": "School trip consent letter (Polish)",
        "letterhead": {"school_name": "Northbridge", "address_lines": [], "contact": ""},
        "sections": [
            {
                "language": "POL",
                "direction": "ltr",
                "date_line": "23 listopada 2026",
                "subject": "Wycieczka",
                "blocks": [
                    {"kind": "p", "text": "Szanowni Państwo,", "items": []},
                    {
                        "kind": "reply",
                        "text": "R7K3Q9M",
                        "items": ["Wycieczka", "Omar", "□ ✓        □ ×", "_______"],
                    },
                ],
            }
        ],
        "signer": "A. Officer",
        "signer_role": "Family Liaison Officer",
        "footer": "",
    }
    document = _from_snapshot(old, None)
    assert document.slip is None and not document.one_sheet
    render_pdf([document], tmp_path / "old.pdf")
    with pdfplumber.open(tmp_path / "old.pdf") as pdf:
        assert "R7K3Q9M" in pdf.pages[-1].extract_text() and pdf.pages[-1].images


def test_a_reprint_carries_the_same_slip(db: Database, tmp_path: Path) -> None:
    family_id, pupil_id = _family(db, "ARA")
    prepared = letters.prepare(
        db, "trip_consent", family_id, pupil_id=pupil_id, language="ARA", fields=TRIP
    )
    printed_id = letters.print_document(db, prepared, tmp_path / "first.pdf")
    letters.reprint(db, printed_id, tmp_path / "again.pdf")
    for name in ("first.pdf", "again.pdf"):
        with pdfplumber.open(tmp_path / name) as pdf:
            assert len(pdf.pages) == 1
            refs = [r["text"] for r in _slip_parts(pdf.pages[0])["refs"]]
            assert refs == [prepared.reply_ref], name
            assert "Yes, I agree" in pdf.pages[0].extract_text()
