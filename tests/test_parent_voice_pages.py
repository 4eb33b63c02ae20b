"""Every shipped language's questionnaires print with the fonts Liaison ships (no tofu), every
text fits its place (none spills onto a neighbour), the boxes are where form_layout put them
in every language, and the words read back; the faces are drawn, not typed."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from liaison.documents.form_layout import lay_out
from liaison.documents.form_pdf import FormJob, render_forms_here
from liaison.i18n import languages
from liaison.services import parent_voice as pv
from liaison.services.parent_voice import compose
from liaison.store.database import Database

# A long name in each script the school's families write theirs in: the longest text must fit.
NAME = "Muhammad-Abdulrahman Chowdhury-Rahman"
FIELDS = {"deadline": "11/12/2026"}


def test_every_language_fits_and_reads_back(db: Database, tmp_path: Path) -> None:
    pages = []
    order = []
    for q in pv.list_questionnaires(db):
        assert len(q.versions) >= 44, q.key
        for code in sorted(q.versions):
            values = {"school_name": "Northbridge Primary School", "pupil_name": NAME, **FIELDS}
            filled = compose.fill(q, code, values, tag=f"{NAME} · 3B", school_name="Northbridge")
            refs = [f"Q{code[:3]}{n}{q.key[0].upper()}" for n in range(filled.pages)]
            made = lay_out(filled.content, refs)
            assert len(made) == 2, (q.key, code)
            pages += made
            order.append((q.key, code, filled))
    out = tmp_path / "every.pdf"
    # Refuses if a character has no shipped font (MissingGlyphs) or a text cannot fit.
    render_forms_here([FormJob(tuple(pages), out)])
    pdf = pdfium.PdfDocument(str(out))
    assert len(pdf) == len(pages)
    geometry = {(p.reference[-2:], tuple(b.rect for b in p.boxes)) for p in pages}
    assert len({boxes for _, boxes in geometry}) <= 4  # two questionnaires, two pages each
    with pdfplumber.open(out) as plumber:
        for index, (key, code, filled) in enumerate(order):
            lang = languages.require(code)
            text = pdf[2 * index].get_textpage().get_text_range()
            assert pages[2 * index].reference in text
            if lang.direction == "ltr":
                # The first words of the first question, as written (shaped scripts too).
                words = filled.content.questions[0].text.replace(NAME, " ").split()
                first = [w for w in words if len(w) > 2 and w[0].isalpha()][:2]
                assert first and all(word in text for word in first), (key, code, first)
            page = plumber.pages[2 * index]
            rects = {(round(r["x0"], 1), round(r["top"], 1)) for r in page.rects}
            for box in pages[2 * index].boxes:
                assert any(
                    abs(x - box.rect.x) < 0.6 and abs(y - box.rect.y) < 0.6 for x, y in rects
                ), (key, code, box.question, box.option)


def test_faces_are_drawn_not_typed(db: Database, tmp_path: Path) -> None:
    q = pv.get_questionnaire(db, "how_are_we_doing")
    filled = compose.fill(q, "BNG", {"school_name": "S", "pupil_name": "Ola", **FIELDS})
    made = lay_out(filled.content, ["QAAAA1X", "QAAAA2X"])
    out = tmp_path / "faces.pdf"
    render_forms_here([FormJob(tuple(made), out)])
    signs = [s.kind for s in made[0].signs]
    assert signs[:5] == ["very_happy", "happy", "neutral", "sad", "very_sad"]
    with pdfplumber.open(out) as pdf:
        first = pdf.pages[0]
        # Drawn as curves (outlines), and no emoji or symbol character in the text layer.
        assert len(first.curves) >= len(signs)
        chars = {ch for c in first.chars for ch in c["text"]}
        assert not any(0x1F300 <= ord(ch) <= 0x1FAFF or 0x2600 <= ord(ch) <= 0x27BF for ch in chars)
        assert "☺" not in chars and "✓" not in chars
