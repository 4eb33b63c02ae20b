"""Issue 18, paper: names as their readers write them. The English half of a bilingual letter
greets the caregiver by the Latin name recorded; Chinese names print family name first."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from liaison.services import families as fam
from liaison.services import letters
from liaison.store.database import Database

MEETING = {"date": "03/12/2026", "time": "15:30", "place": "the family room", "interpreter": "yes"}


def _family(db: Database, language: str, carer: dict, pupil: dict) -> int:
    return fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(
                    key="m",
                    main_language=language,
                    letter_language=language,
                    languages=[fam.LanguageSkill(language, True, True)],
                    is_main_contact=True,
                    **carer,
                )
            ],
            pupils=[fam.PupilDraft(key="p", class_name="2B", links=[fam.LinkDraft("m")], **pupil)],
        ),
    )


def _pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    finally:
        pdf.close()


def test_the_english_half_uses_the_latin_name(db: Database, tmp_path: Path) -> None:
    family_id = _family(
        db,
        "TIG",
        {
            "given_name": "ሰምሃር",
            "family_name": "ተስፋይ",
            "given_name_latin": "Semhar",
            "family_name_latin": "Tesfay",
        },
        {
            "given_name": "ሉዋም",
            "family_name": "ተስፋይ",
            "given_name_latin": "Luwam",
            "family_name_latin": "Tesfay",
        },
    )
    prepared = letters.prepare(db, "meeting_invitation", family_id, fields=MEETING)
    assert prepared.language == "TIG" and prepared.bilingual
    out = tmp_path / "tig.pdf"
    letters.print_document(db, prepared, out)
    text = " ".join(_pages(out))
    english = text[text.index("English") :]
    assert "Dear Semhar Tesfay," in english
    assert "about Luwam Tesfay" in english
    assert "ሰምሃር" not in english.split("Yours sincerely")[0]
    # The Tigrinya half keeps the name as the family writes it.
    assert "ሰምሃር ተስፋይ" in text[: text.index("English")]


def test_chinese_names_print_family_name_first(db: Database, tmp_path: Path) -> None:
    family_id = _family(
        db,
        "CHI",
        {"given_name": "丽娟", "family_name": "李"},
        {"given_name": "明", "family_name": "王"},
    )
    draft = fam.load_draft(db, family_id)
    assert draft.caregivers[0].display_name == "李丽娟"
    assert draft.pupils[0].display_name == "王明"
    row = next(r for r in fam.list_families(db) if r.id == family_id)
    assert row.title == "李丽娟"
    prepared = letters.prepare(db, "meeting_invitation", family_id, fields=MEETING)
    out = tmp_path / "chi.pdf"
    letters.print_document(db, prepared, out)
    text = "".join(_pages(out)).replace(" ", "")
    assert "李丽娟" in text and "丽娟李" not in text
    assert "王明" in text
    # A name in Latin letters keeps the order it was typed in.
    assert fam.CaregiverDraft(given_name="Lijuan", family_name="Li").display_name == "Lijuan Li"
