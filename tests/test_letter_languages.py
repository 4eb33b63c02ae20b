"""Issue 17: from the MIS to the right language on paper. The resolver rule by rule, the
presumption from the pupils (assumed, never overwriting what was typed, confirmed by the
officer), DfE codes and relationship codes, and the whole path: import, plan, confirm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from liaison.i18n import languages
from liaison.i18n.dfe_codes import dfe_languages
from liaison.i18n.resolve import resolve
from liaison.imports import records as r
from liaison.models.enums import Relationship
from liaison.services import families as fam
from liaison.services import letters
from liaison.services import mis_import as imports
from liaison.services.letters import assumed as presumed_review
from liaison.services.letters import bookbag
from liaison.services.letters.language_rules import (
    CaregiverLanguages,
    PupilLanguage,
    choose,
    presume,
)
from liaison.store.database import Database

CTF = Path(__file__).parent / "data" / "import" / "ctf_languages.xml"
ALL = {
    "ENG",
    "ARA",
    "PNJG",
    "PNJS",
    "CHI",
    "CHIT",
    "PRS",
    "PRSD",
    "AKAT",
    "URD",
    "BNG",
    "TIG",
    "POR",
}


@pytest.mark.parametrize(
    ("code", "available", "expected", "advice"),
    [
        ("ARAI", ALL, "ARA", "Modern Standard Arabic"),
        ("ARAS", ALL, "ARA", "Modern Standard Arabic"),
        ("PNJ", ALL, "PNJG", "Gurmukhi"),
        ("pa", ALL, "PNJG", "Gurmukhi"),
        ("PNJA", ALL, "PNJG", "Gurmukhi"),
        ("PNJS", ALL, "PNJS", ""),
        ("pa-Arab", ALL, "PNJS", ""),
        ("PNJ", {"ENG", "PNJS"}, "PNJS", "Shahmukhi"),
        ("CHIM", ALL, "CHI", "simplified characters"),
        ("CHIC", ALL, "CHIT", "traditional characters"),
        ("CHIC", {"ENG", "CHI"}, "CHI", "simplified characters"),
        ("zh", ALL, "CHI", ""),
        ("zh-Hant", ALL, "CHIT", ""),
        ("fa", ALL, "PRS", ""),
        ("PRS", {"ENG", "PRSD"}, "PRSD", "Dari"),
        ("PRSD", {"ENG", "PRS"}, "PRS", "close"),
        ("PRSA", ALL, "PRS", ""),
        ("BNGS", ALL, "BNG", "rarely written"),
        ("PNJM", ALL, "URD", "rarely written"),
        ("AKAF", ALL, "AKAT", "Twi"),
        ("TGR", ALL, "TIG", ""),  # the DfE list's spelling of Tigrinya
        ("TGE", ALL, "TIG", "Tigre"),
        ("PORB", ALL, "POR", "Portuguese"),
    ],
)
def test_each_fallback_rule(code: str, available: set[str], expected: str, advice: str) -> None:
    found = resolve(code, available)
    assert found is not None and found.code == expected
    assert advice in found.advice
    assert found.exact == (advice == "" and languages.get(code).dfe == expected)


def test_kurdish_is_never_guessed_and_unknown_codes_resolve_to_nothing() -> None:
    assert resolve("KUR", ALL | {"KURS", "KURM"}) is None
    assert resolve("QQQ", ALL) is None
    choice = choose(CaregiverLanguages(main_language="KUR"), [], ALL)
    assert choice.language == "ENG" and "Sorani" in choice.advice and choice.fallback


def test_every_dfe_code_is_known_and_both_spellings_are_accepted() -> None:
    codes = dfe_languages()
    assert len(codes) > 300 and codes["TGR"] == "Tigrinya" and codes["TGE"] == "Tigre"
    assert all(languages.get(c) is not None for c in codes)
    assert languages.get("TGR").dfe == languages.get("TIG").dfe == "TIG"
    assert languages.get("TGE").english == "Tigre"
    assert languages.get("TAG").dfe == "TGL"
    warnings: list[str] = []
    assert r.language("TGR", "x", warnings) == "TIG" and not warnings
    assert r.language("ITAS", "x", warnings) == "ITAS" and not warnings  # listed, not catalogued
    assert r.language("QQQ", "x", warnings) is None and warnings


@pytest.mark.parametrize(
    ("code", "gender", "title", "expected"),
    [
        ("PAM", None, None, Relationship.MOTHER),
        ("PAF", None, None, Relationship.FATHER),
        ("STP", "F", None, Relationship.STEP_MOTHER),
        ("STP", None, "Mr", Relationship.STEP_FATHER),
        ("STP", None, None, Relationship.OTHER),
        ("STM", None, None, Relationship.STEP_MOTHER),
        ("STF", None, None, Relationship.STEP_FATHER),
        ("CAR", None, None, Relationship.CARER),
        ("HFA", None, None, Relationship.CARER),
        ("FAM", None, None, Relationship.OTHER),
        ("REL", None, None, Relationship.OTHER),
        ("OTH", None, None, Relationship.OTHER),
        ("NOT", None, None, Relationship.OTHER),
        ("GRM", None, None, Relationship.GRANDPARENT),
        ("FOM", None, None, Relationship.FOSTER_CARER),
    ],
)
def test_each_relationship_code(
    code: str, gender: str | None, title: str | None, expected: Relationship
) -> None:
    warnings: list[str] = []
    assert r.relationship(code, gender, "here", warnings, title) == expected
    if code == "STP" and expected == Relationship.OTHER:
        assert "step-parent" in warnings[0]
    else:
        assert warnings == []
    for not_family in ("DOC", "SWR", "RLG", "CHM", "HTC", "AGN"):
        assert r.relationship_key(not_family) in r.NOT_FAMILY


def test_presumption_most_shared_then_youngest() -> None:
    kids = [
        PupilLanguage("Zara Malik", "URD", dt.date(2016, 1, 1)),
        PupilLanguage("Ayaan Malik", "URD", dt.date(2019, 1, 1)),
        PupilLanguage("Sam Malik", "ENG", dt.date(2020, 1, 1)),
    ]
    presumed = presume(kids)
    assert presumed is not None and presumed.language == "URD"
    assert presumed.reason == "from Zara and Ayaan's first language"
    tie = presume(
        [
            PupilLanguage("Old One", "POL", dt.date(2015, 1, 1)),
            PupilLanguage("Young One", "RMN", dt.date(2020, 1, 1)),
        ]
    )
    assert tie is not None and tie.language == "RMN" and tie.reason == "from Young's first language"
    assert presume([PupilLanguage("A B", "ENG"), PupilLanguage("C D", "NOT")]) is None


def test_an_assumption_never_overrides_a_typed_language() -> None:
    kids = [PupilLanguage("Ayaan Malik", "URD", dt.date(2019, 1, 1))]
    assumed = choose(CaregiverLanguages(), kids, ALL)
    assert assumed.language == "URD" and assumed.assumed == "from Ayaan's first language"
    assert "confirm with the family" in assumed.advice
    for typed in (
        CaregiverLanguages(letter_language="ENG"),
        CaregiverLanguages(main_language="POR"),
        CaregiverLanguages(reads=("BNG",)),
    ):
        choice = choose(typed, kids, ALL)
        assert not choice.assumed and choice.language != "URD"


def _import(db: Database) -> imports.ImportResult:
    return imports.run(db, imports.read_file(CTF))


def test_import_plan_review_and_confirm_the_whole_path(db: Database) -> None:
    result = _import(db)
    plan = result.plan
    # The pupil with no contacts is a warning, not a family with nobody to write to.
    assert any("Nobody Home" in w and "nobody to write to" in w for w in plan.warnings)
    assert any("'QQQ'" in w for w in plan.warnings)
    assert result.assumed_language_families == 7  # 8 families; not Max (QQQ); Nobody not imported
    run = bookbag.plan(db, "event_invitation", bookbag.Selection(whole_school=True))
    by_name = {i.pupil_name: i for i in run.items}
    expected = {
        "Ayaan Malik": "URD",  # the youngest of two
        "Ali Kareem": "ARA",  # ARAI
        "Simran Kaur": "PNJG",  # PNJ: Gurmukhi
        "Rumi Miah": "BNG",  # Sylheti reads Bengali
        "Ana Popa": "RMN",
        "Selam Tesfay": "TIG",  # TGR
        "Wei Chen": "CHIT",  # Cantonese: traditional characters
        "Max Brown": "ENG",  # unknown code: English, not assumed
    }
    assert {n: i.language for n, i in by_name.items()} == expected
    assert all(i.assumed for n, i in by_name.items() if n != "Max Brown")
    assert "Urdu 1, of which 1 assumed from the pupils" in run.language_lines()
    review = presumed_review.by_language(presumed_review.assumed_families(db))
    assert set(review) == set(expected.values()) - {"ENG"}
    # Confirm one group at once; a caregiver typed meanwhile is never overwritten.
    urdu = review["URD"][0]
    typed = fam.load_draft(db, review["ARA"][0].family_id)
    typed.caregivers[0].letter_language = "ENG"
    fam.save_family(db, typed)
    assert presumed_review.confirm(db, [urdu.caregiver_id], "URD") == 1
    assert presumed_review.confirm(db, [review["ARA"][0].caregiver_id], "ARA") == 0
    draft = fam.load_draft(db, urdu.family_id)
    assert draft.caregivers[0].letter_language == "URD"
    assert fam.load_draft(db, review["ARA"][0].family_id).caregivers[0].letter_language == "ENG"
    after = bookbag.plan(db, "event_invitation", bookbag.Selection(whole_school=True))
    ayaan = next(i for i in after.items if i.pupil_name == "Ayaan Malik")
    assert ayaan.language == "URD" and not ayaan.assumed
    left = {a.language for a in presumed_review.assumed_families(db)}
    assert "URD" not in left and "ARA" not in left


def test_assumed_letters_are_marked_in_the_chronology_and_on_the_cover_sheet(
    db: Database, tmp_path: Path
) -> None:
    _import(db)
    run = bookbag.plan(db, "event_invitation", bookbag.Selection(class_names=("2B",)))
    fields = {"event": "Coffee morning", "date": "01/12/2026", "time": "09:00", "place": "Hall"}
    bookbag.run(db, run, tmp_path / "b.pdf", fields=fields, bilingual=False)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(tmp_path / "b.pdf"))
    cover = " ".join(pdf[0].get_textpage().get_text_range().split())
    assert "Ayaan Malik: Urdu (URD) (assumed from Zara and Ayaan's first language" in cover
    ayaan = next(i for i in run.items if i.pupil_name == "Ayaan Malik")
    from liaison.services.families import get_family

    lines = [c.summary for c in get_family(db, ayaan.family_id).chronology]
    assert any("assumed from Zara and Ayaan's first language (not confirmed)" in t for t in lines)


def test_iso_codes_on_the_cli_reach_the_written_version(db: Database) -> None:
    _import(db)
    run = bookbag.plan(db, "event_invitation", bookbag.Selection(class_names=("2B",)))
    simran = next(i for i in run.items if i.pupil_name == "Simran Kaur")
    fields = {"event": "Coffee morning", "date": "01/12/2026", "time": "09:00", "place": "Hall"}
    for code, version in (("pa", "PNJG"), ("pa-Arab", "PNJS"), ("zh", "CHI"), ("fa", "PRS")):
        prepared = letters.prepare(
            db, "event_invitation", simran.family_id, language=code, fields=fields
        )
        assert prepared.language == version
