"""The DfE language catalogue."""

from __future__ import annotations

from babel import Locale

from liaison.i18n import languages


def test_catalogue_is_broad_and_consistent() -> None:
    main_codes = {lang.main_code for lang in languages.CATALOGUE}
    assert len(main_codes) >= 60
    dfe = [lang.dfe for lang in languages.CATALOGUE]
    assert len(dfe) == len(set(dfe))
    for lang in languages.CATALOGUE:
        assert len(lang.dfe) in (3, 4) and lang.dfe.isupper()
        assert lang.direction in ("ltr", "rtl")
        if lang.locale:
            Locale.parse(lang.locale)  # babel knows every formatting locale
        for code in lang.reads_instead:
            assert languages.get(code) is not None


def test_dfe_codes_are_not_iso_codes() -> None:
    assert languages.require("FRN").iso == "fr"
    assert languages.get("fr").dfe == "FRN"
    assert languages.require("BNGS").english == "Sylheti"
    assert languages.require("PNJM").english == "Mirpuri"
    assert languages.require("PRSD").english == "Dari"
    assert languages.require("KURS").english == "Sorani"


def test_scripts_and_directions() -> None:
    assert languages.require("URD").direction == "rtl"
    assert languages.require("ARA").endonym == "العربية"
    assert languages.require("TIG").script == "Ethi"
    assert languages.require("PNJG").script == "Guru"
    assert languages.require("POL").direction == "ltr"


def test_unwritten_languages_point_to_what_is_read() -> None:
    sylheti = languages.require("BNGS")
    assert not sylheti.written
    assert languages.written_language_for("BNGS").dfe == "BNG"
    assert languages.written_language_for("PNJM").dfe == "URD"
    assert languages.written_language_for("POL").dfe == "POL"


def test_reserved_codes_are_understood_not_languages() -> None:
    for code in ("ENB", "OTB", "NOT", "REF"):
        assert languages.is_reserved(code)
        assert languages.get(code) is None
    assert languages.describe("REF") == "Refused"
