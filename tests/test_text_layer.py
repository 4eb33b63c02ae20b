"""Issue 17 part 5: the letters' text layer reads back right in readers that use ToUnicode.

pdfminer (pdfplumber) never reads ActualText; pdfium (Chrome's engine) reads ActualText but
orders and repeats it by glyph positions. Each script's letter is printed and read back by
both: every word of the letter in its script, in reading order for left-to-right scripts
(pdfplumber orders characters by position), every word present with spaces between words for
right-to-left ones (pdfplumber read right to left), no "(cid:N)", nothing read twice.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from liaison.documents import text_layer
from liaison.documents.layout import Block, Document, Section
from liaison.documents.render import render_pdf
from liaison.i18n import languages
from liaison.services import families as fam
from liaison.services import letters
from liaison.services.letters.templates import get_template, save_variant
from liaison.store.database import Database

FIELDS = {"event": "Coffee morning", "date": "01/12/2026", "time": "09:00", "place": "Hall"}
# Words that need shaping most, added to each letter: conjuncts, reph, reordered vowel signs,
# Pashto's letters Noto draws as a base plus dots.
HARD = {
    "PAT": "ښځه ځای ښار ګډون",
    "BNG": "আমন্ত্রণ স্কুল ক্ষমা শ্রেণি কিন্তু",
    "PNJG": "ਪ੍ਰਿੰਸੀਪਲ ਸ਼੍ਰੀਮਤੀ ਕਿਰਪਾ",
    "GUJ": "કહ્યું અમે શ્રીમતી કૃપા",
    "HIN": "क्षमा श्रीमती कृपया प्रधानाचार्य",
    "TAM": "ஸ்ரீ கொண்டு பள்ளிக்கு",
    "MLM": "ക്ഷണിക്കുന്നു സ്കൂൾ",
    "SNH": "පාසලට ක්‍රීඩා",
}
RTL = ["ARA", "URD", "PAT", "KURS", "PRS"]
LTR = ["BNG", "PNJG", "GUJ", "HIN", "TAM", "MLM", "SNH", "TIG", "CHI"]
PUNCTUATION = ",.:;!?()،؛؟।॥።፣፡«»\"'/"


def _family(db: Database) -> int:
    return fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[fam.CaregiverDraft(key="c", given_name="Sam", family_name="Example")],
            pupils=[fam.PupilDraft(key="p", given_name="Ola", family_name="Example")],
        ),
    )


def _letter(db: Database, family_id: int, code: str) -> tuple[Document, str]:
    """The event invitation in `code` (with the hard words as a last paragraph) and its text."""
    doc = letters.prepare(
        db, "event_invitation", family_id, language=code, fields=FIELDS, bilingual=False
    ).document
    section = doc.sections[0]
    blocks = (*section.blocks, Block("p", HARD[code])) if code in HARD else section.blocks
    section = Section(section.language, section.direction, "", section.subject, blocks)
    text = "\n".join(
        [section.subject, *(b.text for b in blocks), *(i for b in blocks for i in b.items)]
    )
    return Document(doc.title, doc.letterhead, (section,)), text


def _words(text: str) -> list[str]:
    """The words of the letter's own script (no Latin, no digits): what must read back."""
    words = []
    for token in re.split(r"[\s/]+", text):
        word = token.strip(PUNCTUATION)
        if word and all(ord(ch) >= 0x0590 and ch not in PUNCTUATION for ch in word):
            words.append(word)
    return words


def _tokens(text: str) -> list[str]:
    return [t.strip(PUNCTUATION) for t in re.split(r"[\s/]+", text) if t.strip(PUNCTUATION)]


def _in_order(wanted: list[str], tokens: list[str]) -> bool:
    at = 0
    for token in tokens:
        if at < len(wanted) and token == wanted[at]:
            at += 1
    return at == len(wanted)


Printed = dict[str, tuple[Path, str, Document]]


@pytest.fixture
def printed(db: Database, tmp_path: Path) -> Printed:
    family_id = _family(db)
    out = {}
    for code in RTL + LTR:
        doc, text = _letter(db, family_id, code)
        path = tmp_path / f"{code}.pdf"
        render_pdf([doc], path)
        out[code] = (path, text, doc)
    return out


def test_left_to_right_scripts_read_back_in_order(printed: Printed) -> None:
    for code in LTR:
        path, text, _doc = printed[code]
        paragraphs = [_words(p) for p in text.split("\n")]
        with pdfplumber.open(path) as pdf:
            plumber = pdf.pages[0].extract_text()
        page = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
        assert "(cid:" not in plumber, code
        if languages.require(code).script in ("Hans", "Hant"):
            # No spaces between Chinese words: each paragraph reads back whole.
            for paragraph in text.split("\n"):
                assert paragraph.replace(" ", "") in plumber.replace(" ", ""), code
            continue
        for words in paragraphs:
            assert _in_order(words, _tokens(plumber)), (code, "pdfplumber", words, plumber)
            assert _in_order(words, _tokens(page)), (code, "pdfium", words, page)


def test_right_to_left_scripts_have_every_word_and_the_spaces(printed: Printed) -> None:
    for code in RTL:
        path, text, _doc = printed[code]
        wanted = _words(text)
        with pdfplumber.open(path) as pdf:
            plumber = pdf.pages[0].extract_text()
            # pdfplumber puts characters in order by position; read right to left, each word
            # comes back whole and apart from the next only if a space separates them.
            words = pdf.pages[0].extract_words(char_dir="rtl")
        assert "(cid:" not in plumber, code
        found = _tokens(" ".join(w["text"] for w in words))
        missing = [w for w in wanted if w not in found]
        assert not missing, (code, missing)
        # pdfium runs its own bidi over the ActualText (so the letters of each word come back
        # reversed) but reads each word once: nothing doubled.
        page = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
        assert len(_words(page)) == len(wanted), (code, page)


def test_gujarati_word_before_punctuation_is_read_once(db: Database, tmp_path: Path) -> None:
    """A translator's report: "કહ્યું, અમે" copied out of the PDF as "કહ્યું ,કહ્યું અમે"."""
    variant = get_template(db, "event_invitation").variants["GUJ"]
    save_variant(
        db,
        "event_invitation",
        "GUJ",
        subject="કહ્યું, અ {event}",
        body=variant.body,
        status="draft",
    )
    prepared = letters.prepare(
        db, "event_invitation", _family(db), language="GUJ", fields=FIELDS, bilingual=False
    )
    assert prepared.document.sections[0].subject == "કહ્યું, અ Coffee morning"
    out = tmp_path / "guj.pdf"
    letters.print_document(db, prepared, out)
    page = pdfium.PdfDocument(str(out))[0].get_textpage().get_text_range()
    # pdfium puts a space where the font changes (before the comma): compare without spaces.
    assert "કહ્યું,અCoffeemorning" in page.replace(" ", ""), page
    assert page.count("કહ્યું") == 1, page
    with pdfplumber.open(out) as pdf:
        plumber = pdf.pages[0].extract_text()
    assert "કહ્યું, અ Coffee morning" in plumber, plumber


def test_the_page_looks_the_same(
    printed: Printed, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Glyphs that carry no text of their own are drawn as their outlines, spaces between
    right-to-left words again in the words' font: the page must look as Qt drew it. Qt's own
    PDF (the text layer left out) against the printed one, rendered by pdfium."""
    for code in ("PAT", "BNG", "MLM"):
        path, _text, doc = printed[code]
        with monkeypatch.context() as patch:
            patch.setattr(text_layer, "repair", lambda data, _recording: data)
            render_pdf([doc], tmp_path / "qt.pdf")
        # Supersampled (rendered at 432 dpi, averaged down to 144): filled outlines and glyphs
        # differ only in the anti-aliasing of their edges; a dot out of place or missing
        # changes whole pixels.
        ours, qts = (
            pdfium.PdfDocument(str(p))[0].render(scale=6, grayscale=True).to_pil().reduce(3)
            for p in (path, tmp_path / "qt.pdf")
        )
        assert sum(1 for v in qts.tobytes() if v < 128) > 5_000, code  # the letter is there
        differ = ImageChops.difference(ours, qts).tobytes()
        assert max(differ) <= 48, (code, max(differ))
