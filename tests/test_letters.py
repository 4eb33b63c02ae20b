"""Letters: every shipped language renders; names, phrases, dates; fonts embedded; right to left;
templates checked when saved; unwritten languages; missing glyphs refused; reprints."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import threading
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from liaison.documents.coverage import MissingGlyphs, missing_characters
from liaison.documents.layout import Block, Document, Letterhead, Section
from liaison.documents.pdf import Job
from liaison.documents.render import render_pdf, render_pdfs
from liaison.errors import Cancelled, ValidationError
from liaison.i18n.bidi import plain
from liaison.services import families as fam
from liaison.services import letters
from liaison.services.letters.templates import get_template, list_templates, save_variant
from liaison.store.database import Database

FIELDS = {"date": "25/11/2026", "time": "15:30", "place": "Room 7", "interpreter": "yes"}


@pytest.fixture
def family(db: Database) -> tuple[int, int, int]:
    family_id = fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(
                    key="m",
                    given_name="Layla",
                    family_name="Haddad",
                    main_language="ARA",
                    letter_language="ARA",
                    languages=[fam.LanguageSkill("ARA", True, True)],
                    is_main_contact=True,
                )
            ],
            pupils=[
                fam.PupilDraft(
                    key="p", given_name="Omar", family_name="Haddad", links=[fam.LinkDraft("m")]
                )
            ],
        ),
    )
    draft = fam.load_draft(db, family_id)
    return family_id, draft.caregivers[0].id, draft.pupils[0].id


def _text(path: Path) -> str:
    """What a reader copies from the PDF (pdfium, Chrome's engine), spaces normalised."""
    pdf = pdfium.PdfDocument(str(path))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return " ".join(text.split())


def _actual_text(path: Path) -> list[str]:
    """The ActualText of every text run, in painting order (what a reader that honours
    ActualText, such as a screen reader or Acrobat, takes as the run's characters)."""
    runs = []
    for page in PdfReader(str(path)).pages:
        content = page.get_contents().get_data().decode("latin-1")
        for hexa in re.findall(r"/ActualText <FEFF([0-9A-F]*)>", content):
            runs.append(bytes.fromhex(hexa).decode("utf-16-be"))
    return runs


def _text_objects(path: Path) -> int:
    return sum(
        page.get_contents().get_data().count(b"\nBT\n") for page in PdfReader(str(path)).pages
    )


def _embedded_fonts(path: Path) -> set[str]:
    with pdfplumber.open(path) as pdf:
        return {c["fontname"] for page in pdf.pages for c in page.chars}


def test_every_language_of_every_template_renders(
    db: Database, family: tuple[int, int, int], tmp_path: Path
) -> None:
    family_id, carer, _ = family
    templates = list_templates(db)
    assert len(templates) == 9
    for template in templates:
        # English and 43 languages (tests/test_shipped_translations.py checks each of them).
        assert len(template.variants) >= 44, template.key
        # Every shipped translation is ours and says so: none claims a review it has not had.
        assert {v.status for code, v in template.variants.items() if code != "ENG"} <= {"draft"}
        for code in sorted(template.variants):
            fields = {
                "event": "Coffee morning",
                "deadline": "24/11/2026",  # before the date (a later one is refused)
                "points": "You asked for more coffee mornings: we now hold one every month.",
                **FIELDS,
            }
            prepared = letters.prepare(
                db,
                template.key,
                family_id,
                caregiver_id=carer,
                language=code,
                fields={f: fields[f] for f in template.fields},
            )
            out = tmp_path / f"{template.key}-{code}.pdf"
            letters.print_document(db, prepared, out)
            fonts = _embedded_fonts(out)
            # Subset fonts are embedded (ABCDEF+Name); never a bare, unembedded base font.
            assert fonts and all("+" in name for name in fonts), fonts
            rtl = prepared.document.sections[0].direction == "rtl"
            # Every text object Qt wrote carries its characters as ActualText.
            runs = _actual_text(out)
            assert len(runs) == _text_objects(out), (template.key, code)
            words = {w.strip(",.:;،()") for w in " ".join(runs).split()}
            # A known phrase of the variant: its subject line as printed, without the names.
            # Without the invisible isolates around names and places of the other direction.
            subject = plain(prepared.document.sections[0].subject)
            pieces = re.split(r"Omar Haddad|Layla Haddad", subject)
            phrase = " ".join(max(pieces, key=len).split()).strip(" ,.:;،-")
            assert phrase, (template.key, code)
            named = template.key != "home_school_agreement"
            if named:
                assert {"Layla", "Haddad"} <= words
            if rtl:
                # Extractors run their own bidi over right-to-left runs, so each word is checked.
                wanted = {w.strip(",.:;،()") for w in phrase.split()}
                assert wanted <= words, (template.key, code, phrase)
                continue
            # Left-to-right scripts (Bengali, Gurmukhi, Chinese too) copy out as written.
            # pdfium adds a space where a run changes font ("আমন্ত্রিত :"): compare without spaces.
            text = _text(out)
            assert phrase.replace(" ", "") in text.replace(" ", ""), (template.key, code, phrase)
            assert not named or "Layla Haddad" in text
    printed = letters.printed_for(db, family_id)
    assert len(printed) == sum(len(t.variants) for t in templates)


def test_dates_and_times_are_formatted_for_the_language(
    db: Database, family: tuple[int, int, int]
) -> None:
    family_id = family[0]
    pol = letters.prepare(db, "meeting_invitation", family_id, language="POL", fields=FIELDS)
    body = " ".join(b.text for b in pol.document.sections[0].blocks)
    assert "25 listopada 2026" in body and "15:30" in body
    ara = letters.prepare(db, "meeting_invitation", family_id, language="ar", fields=FIELDS)
    body = " ".join(b.text for b in ara.document.sections[0].blocks)
    assert "نوفمبر" in body and ara.document.sections[0].direction == "rtl"
    assert ara.document.sections[1].language == "ENG"  # bilingual: English follows
    single = letters.prepare(
        db, "meeting_invitation", family_id, language="ARA", bilingual=False, fields=FIELDS
    )
    assert len(single.document.sections) == 1


def test_arabic_and_urdu_lines_run_right_to_left(
    db: Database, family: tuple[int, int, int], tmp_path: Path
) -> None:
    family_id, _, _ = family
    for code in ("ARA", "URD"):
        prepared = letters.prepare(
            db, "meeting_invitation", family_id, language=code, bilingual=False, fields=FIELDS
        )
        out = tmp_path / f"{code}.pdf"
        letters.print_document(db, prepared, out)
        with pdfplumber.open(out) as pdf:
            words = pdf.pages[0].extract_words()
        # The meeting line reads "... 25 November 2026 ... <time> ...": in a right-to-left line
        # the day comes first, so it is the rightmost, then the year, then the time.
        day = next(w for w in words if w["text"] == "25")
        line = [w for w in words if abs(w["top"] - day["top"]) < 4]
        year = next(w for w in line if w["text"] == "2026")
        time_word = next(w for w in line if ":" in w["text"])
        assert day["x0"] > year["x0"] > time_word["x0"], code
        # The digits of the time keep their own left-to-right order (3:30, not 03:3).
        assert time_word["text"].rstrip(",.") in ("15:30", "3:30"), time_word["text"]
        # The line is set against the right margin.
        assert day["x1"] > pdf.pages[0].width * 0.6


def test_template_edits_are_checked_when_saved(db: Database) -> None:
    template = get_template(db, "meeting_invitation")
    ara = template.variants["ARA"]
    with pytest.raises(ValidationError) as failure:
        save_variant(
            db,
            "meeting_invitation",
            "ARA",
            subject=ara.subject,
            body=ara.body.replace("{time}", "{hour}"),
            status="draft",
        )
    assert "unknown placeholder {hour}" in failure.value.errors["body"]
    assert "missing placeholder {time}" in failure.value.errors["body"]
    with pytest.raises(ValidationError, match="who reviewed"):
        save_variant(
            db, "meeting_invitation", "ARA", subject=ara.subject, body=ara.body, status="reviewed"
        )
    version = save_variant(
        db,
        "meeting_invitation",
        "ARA",
        subject=ara.subject,
        body=ara.body + "\n\nشكراً.",
        status="reviewed",
        reviewed_by="Mr Example (translator)",
        reviewed_on=dt.date(2026, 11, 20),
    )
    assert version == 2
    edited = get_template(db, "meeting_invitation").variants["ARA"]
    assert edited.edited and edited.status_label.startswith("reviewed by Mr Example")
    # A new language starts from the English text, as a draft.
    eng = template.variants["ENG"]
    save_variant(
        db, "meeting_invitation", "LIT", subject=eng.subject, body=eng.body, status="draft"
    )
    assert "LIT" in get_template(db, "meeting_invitation").variants
    with pytest.raises(ValidationError, match="rarely written"):
        save_variant(
            db, "meeting_invitation", "BNGS", subject="x", body="{pupil_name}", status="draft"
        )


def test_unwritten_language_gets_the_language_read_and_advice(db: Database) -> None:
    carer = fam.CaregiverDraft(
        given_name="Rahim",
        family_name="Miah",
        main_language="BNGS",
        languages=[fam.LanguageSkill("BNGS", True, False), fam.LanguageSkill("BNG", True, True)],
    )
    choice = letters.choose_language(carer, {"ENG", "BNG"})
    assert choice.language == "BNG" and "phone call" in choice.advice
    nobody_reads = fam.CaregiverDraft(
        given_name="A",
        family_name="B",
        main_language="PNJM",
        reads_english=False,
        languages=[fam.LanguageSkill("PNJM", True, False)],
    )
    choice = letters.choose_language(nobody_reads, {"ENG", "URD"})
    assert not choice.paper_works or choice.language == "URD"


def test_missing_fields_are_named(db: Database, family: tuple[int, int, int]) -> None:
    with pytest.raises(ValidationError) as failure:
        letters.prepare(
            db, "meeting_invitation", family[0], language="POL", fields={"date": "1/1/2027"}
        )
    assert set(failure.value.errors) == {"time", "place", "interpreter"}


def test_missing_glyphs_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    assert missing_characters("Hello مرحبا নাসরিন ሰላም 中文 Привіт") == []
    doc = Document(
        "x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi 𓀀", (Block("p", "x"),)),)
    )
    out = tmp_path / "x.pdf"
    with pytest.raises(MissingGlyphs, match="U\\+13000"):
        render_pdf([doc], out)
    assert list(tmp_path.iterdir()) == []


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    doc = Document("x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi", ()),))
    with pytest.raises(Cancelled):
        render_pdf([doc] * 5, tmp_path / "x.pdf", cancel=lambda: True)
    assert list(tmp_path.iterdir()) == []


def _in_a_thread(fn):
    """Run fn on a plain thread, as the desktop app's workers do; its result or exception."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=300)
    assert not thread.is_alive()
    return box


def test_off_the_main_thread_letters_render_in_a_child_process(tmp_path: Path) -> None:
    """A worker thread must not lay out text itself: PySide holds the GIL through Qt calls and
    the GUI thread can deadlock with it (see liaison.documents.isolated)."""
    doc = Document(
        "x", Letterhead("School"), (Section("ARA", "rtl", "اليوم", "مرحبا", (Block("p", "نص"),)),)
    )
    seen: list[tuple[int, int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total, len(multiprocessing.active_children())))

    jobs = [Job((doc,) * 3, tmp_path / "all.pdf", "All"), Job((doc,), tmp_path / "one.pdf")]
    box = _in_a_thread(lambda: render_pdfs(jobs, progress=progress))
    assert "error" not in box, box
    assert [(r.path.name, r.documents, r.pages) for r in box["result"]] == [
        ("all.pdf", 3, 3),
        ("one.pdf", 1, 1),
    ]
    assert [s[:2] for s in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert all(children == 1 for _, _, children in seen)  # drawn by the child, not this process
    with pdfplumber.open(tmp_path / "all.pdf") as pdf:
        assert len(pdf.pages) == 3
    # Cancel and a refused document come back as they would on the main thread.
    box = _in_a_thread(lambda: render_pdf([doc] * 5, tmp_path / "c.pdf", cancel=lambda: True))
    assert isinstance(box.get("error"), Cancelled)
    bad = Document(
        "x", Letterhead("School"), (Section("ENG", "ltr", "today", "Hi 𓀀", (Block("p", "x"),)),)
    )
    box = _in_a_thread(lambda: render_pdf([bad], tmp_path / "bad.pdf"))
    assert isinstance(box.get("error"), MissingGlyphs) and "U+13000" in str(box["error"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.pdf", "one.pdf"]
    assert multiprocessing.active_children() == []


def test_reprint_and_agreement_returned(
    db: Database, family: tuple[int, int, int], tmp_path: Path
) -> None:
    family_id, _, _ = family
    prepared = letters.prepare(db, "home_school_agreement", family_id, language="UKR")
    printed_id = letters.print_document(db, prepared, tmp_path / "a.pdf")
    letters.reprint(db, printed_id, tmp_path / "b.pdf")
    assert _text(tmp_path / "a.pdf") == _text(tmp_path / "b.pdf")
    assert len(pdfium.PdfDocument(str(tmp_path / "a.pdf"))) == 2  # each language on its page
    letters.agreement_returned(db, printed_id, dt.date(2026, 11, 23))
    chronology = fam.get_family(db, family_id).chronology
    summaries = [i.summary for i in chronology if i.kind == "agreement"]
    assert any("Agreement issued" in s for s in summaries)
    assert any("returned signed" in s for s in summaries)


def test_text_layer_reads_back_shaped_scripts(tmp_path: Path) -> None:
    """Arabic dotted letters (drawn as a dotless base plus dots), a Bengali conjunct, Chinese
    ideographs that share a glyph with a Kangxi radical, and spaces: each run's ActualText is
    the text as written, and the fonts' own maps give ideographs and spaces, not radicals and
    tabs."""
    arabic, bengali, chinese = "اجتماع بيت", "আমন্ত্রণ স্কুল", "见面 儿子"
    sections = (
        Section("ARA", "rtl", "today", arabic, (Block("p", arabic),)),
        Section("BNG", "ltr", "today", bengali, (Block("p", bengali),)),
        Section("CHI", "ltr", "today", chinese, (Block("p", chinese),)),
    )
    out = tmp_path / "x.pdf"
    render_pdf([Document("x", Letterhead("School"), sections)], out)
    words = " ".join(_actual_text(out)).split()
    for word in [*arabic.split(), *bengali.split()]:
        assert word in words, word
    text = _text(out)
    assert bengali in text and chinese in text
    with pdfplumber.open(out) as pdf:
        chars = "".join(c["text"] for c in pdf.pages[0].chars)  # ToUnicode only, no ActualText
    assert "见" in chars and "儿" in chars
    assert "⻅" not in chars and "⼉" not in chars and "\t" not in chars


def test_chinese_prints_at_regular_weight() -> None:
    """The CJK font is variable and its default instance is Thin; letters use Regular."""
    from PySide6.QtGui import QColor, QFont, QFontInfo, QImage, QPainter

    from liaison.documents.font_names import FAMILIES
    from liaison.documents.pdf import render_images

    cjk_family = next(f for f in FAMILIES if f.endswith("CJK SC"))

    text = "我们希望与您见面，谈谈孩子的情况。" * 3
    doc = Document("x", Letterhead(""), (Section("CHI", "ltr", "", "", (Block("p", text),)),))
    page = render_images(doc, width_px=900)[0]

    def ink(image: QImage) -> int:
        return sum(
            1
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
            if image.pixelColor(x, y).lightness() < 128
        )

    thin = QImage(page.size(), QImage.Format.Format_RGB32)
    thin.fill(QColor("white"))
    # The packaged face by its own name: "Noto Sans CJK SC" is a system font's name, and on a
    # machine with another CJK font (Debian's Droid fallback) Qt drew the reference in that.
    font = QFont(cjk_family)
    font.setVariableAxis(QFont.Tag("wght"), 100)
    font.setPixelSize(15)
    assert QFontInfo(font).family() == cjk_family
    painter = QPainter(thin)
    painter.setFont(font)
    painter.drawText(40, 120, text)
    painter.end()
    # The same characters at about the same size: Regular strokes carry far more ink than Thin.
    assert ink(page) > 1.8 * ink(thin)
