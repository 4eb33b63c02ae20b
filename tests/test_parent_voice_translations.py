"""Questionnaires go to translators as PO files and come back: questions and answers round-trip,
a lost placeholder or an incomplete version is refused whole and nothing changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from liaison.errors import ValidationError
from liaison.services import parent_voice as pv
from liaison.services.parent_voice import translations
from liaison.store.database import Database
from tests.parent_voice_helpers import all_rows


def _fill(po_in: Path, po_out: Path, translate, translator: str = "Ana Popescu") -> None:
    with open(po_in, "rb") as handle:
        catalog = read_po(handle)
    catalog.last_translator = translator
    for message in catalog:
        if message.id and message.context:
            message.string = translate(message.context, str(message.id))
    with open(po_out, "wb") as handle:
        write_po(handle, catalog)


def _romanian(context: str, english: str) -> str:
    # A stand-in translation that keeps every placeholder, marked so the test can see it.
    return f"RO[{english}]"


def test_questions_and_answers_round_trip(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "ro.po"
    assert translations.export_po(db, out, "RMN", ["settling_in"]) == 1
    text = out.read_text("utf-8")
    assert 'msgctxt "questionnaire|settling_in|RMN|question:happy"' in text
    assert 'msgctxt "questionnaire|settling_in|RMN|option:english_classes"' in text
    assert "{pupil_name} = the child's name" in text
    done = tmp_path / "ro-done.po"
    _fill(out, done, _romanian)
    result = translations.import_po(db, done)
    assert result.language == "RMN" and result.translator == "Ana Popescu"
    q = pv.get_questionnaire(db, "settling_in")
    romanian = q.versions["RMN"]
    assert romanian.status == "professional" and romanian.translated_by == "Ana Popescu"
    assert romanian.version == result.versions["settling_in"]
    english = q.master
    assert romanian.questions["happy"] == f"RO[{english.questions['happy']}]"
    assert romanian.options["meals"] == f"RO[{english.options['meals']}]"
    assert romanian.title == f"RO[{english.title}]"
    # Exported again, the file carries what is stored now.
    again = tmp_path / "again.po"
    translations.export_po(db, again, "RMN", ["settling_in"])
    with open(again, "rb") as handle:
        stored = {m.context: m.string for m in read_po(handle) if m.context}
    assert stored["questionnaire|settling_in|RMN|option:meals"] == romanian.options["meals"]


def test_a_lost_placeholder_is_refused_whole(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "so.po"
    translations.export_po(db, out, "SOM", ["how_are_we_doing", "settling_in"])
    done = tmp_path / "so-done.po"

    def careless(context: str, english: str) -> str:
        if context.endswith("question:happy") and "settling_in" in context:
            return "Ilmahaagu ma ku faraxsan yahay dugsiga?"  # {pupil_name} dropped
        return f"SO[{english}]"

    _fill(out, done, careless)
    before = all_rows(db)
    with pytest.raises(ValidationError) as caught:
        translations.import_po(db, done)
    assert "settling_in (question:happy): the translation lost {pupil_name}" in str(caught.value)
    assert "Nothing was imported" in str(caught.value)
    assert all_rows(db) == before
    assert pv.get_questionnaire(db, "how_are_we_doing").versions["SOM"].status == "draft"


def test_an_incomplete_new_language_is_refused(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "de.po"
    translations.export_po(db, out, "GER", ["settling_in"])
    done = tmp_path / "de-done.po"
    _fill(out, done, lambda c, e: "" if "option:homework" in c else f"DE[{e}]")
    with pytest.raises(ValidationError, match="no words for homework"):
        translations.import_po(db, done)
    assert "GER" not in pv.get_questionnaire(db, "settling_in").versions
    with pytest.raises(ValidationError, match="unknown language"):
        translations.export_po(db, out, "XXX")
