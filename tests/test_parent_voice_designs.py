"""Questionnaire designs are checked before use (a question with no answers, placeholders),
language versions keep the English placeholders, and the status is told honestly."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from liaison import paths
from liaison.errors import LiaisonError, ValidationError
from liaison.models import QuestionnaireDesign, QuestionnaireVersion
from liaison.services import parent_voice as pv
from liaison.services.parent_voice import catalogue, results
from liaison.services.reporting import model as report_model
from liaison.store.database import Database

SHIPPED = paths.resources_dir() / "questionnaires"


def _design() -> dict:
    return {
        "key": "coffee_mornings",
        "title": "Coffee mornings",
        "per": "family",
        "fields": ["deadline"],
        "questions": [
            {"key": "came", "answers": "yes_no"},
            {"key": "when", "answers": "choice", "options": ["morning", "afternoon"]},
        ],
        "variants": {
            "ENG": {
                "title": "Coffee mornings at {school_name}",
                "intro": "Please tell us what you think.",
                "thanks": "Thank you. Please return this page by {deadline}.",
                "questions": {"came": "Have you been to a coffee morning?", "when": "When?"},
                "options": {"morning": "In the morning", "afternoon": "After school"},
            }
        },
    }


def _count(db: Database, model: type) -> int:
    from sqlalchemy import func, select

    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_shipped_questionnaires_are_valid_and_in_many_languages(db: Database) -> None:
    for path in SHIPPED.glob("*.json"):
        assert pv.validate_design(json.loads(path.read_text("utf-8"))) == {}, path.name
    found = {q.key: q for q in pv.list_questionnaires(db)}
    assert {"settling_in", "how_are_we_doing"} <= set(found)
    for q in found.values():
        assert q.master.status == "master"
        assert len(q.versions) >= 25
        # Shipped translations are drafts, and say so.
        arabic = q.versions["ARA"]
        assert arabic.status == "draft"
        assert arabic.status_label == "draft (not reviewed)"


def test_a_question_with_no_answers_is_refused() -> None:
    design = _design()
    design["questions"][1]["options"] = []
    assert "no answers to tick" in pv.validate_design(design)["questions"]
    design = _design()
    del design["questions"][0]["answers"]
    assert "has no answers" in pv.validate_design(design)["questions"]
    design = _design()
    design["questions"][0]["answers"] = "stars_7"
    assert "has no answers" in pv.validate_design(design)["questions"]
    design = _design()
    design["questions"][0]["options"] = ["maybe", "never"]  # yes_no has its own answers
    assert "its own answers" in pv.validate_design(design)["questions"]
    design = _design()
    design["questions"] = []
    assert pv.validate_design(design)["questions"] == "a questionnaire needs at least one question"


def test_placeholders_are_checked_in_a_design() -> None:
    design = _design()
    design["variants"]["ENG"]["intro"] = "Tell us about {pupils_name}."
    assert pv.validate_design(design)["intro"] == "unknown placeholder {pupils_name}"
    # A family questionnaire names no one child.
    design = _design()
    design["variants"]["ENG"]["questions"]["came"] = "Has {pupil_name} come?"
    assert "unknown placeholder {pupil_name}" in pv.validate_design(design)["questions.came"]
    design = _design()
    design["variants"]["ENG"]["options"]["morning"] = "Before {deadline}"
    assert "cannot hold a {placeholder}" in pv.validate_design(design)["options.morning"]
    design = _design()
    del design["variants"]["ENG"]["options"]["afternoon"]
    assert pv.validate_design(design)["options"] == "no words for afternoon"
    design = _design()
    design["variants"]["ENG"]["thanks"] = "Thank you {"
    assert "brace" in pv.validate_design(design)["thanks"]


def test_a_school_design_is_added_and_a_bad_one_changes_nothing(db: Database) -> None:
    bad = _design()
    bad["questions"][1]["options"] = ["morning"]
    with pytest.raises(ValidationError, match="at least two options"):
        pv.add_design(db, bad)
    assert _count(db, QuestionnaireDesign) == 0
    key = pv.add_design(db, _design())
    q = pv.get_questionnaire(db, key)
    assert not q.shipped and q.design.per == "family"
    assert [x.key for x in q.design.questions] == ["came", "when"]
    with pytest.raises(ValidationError, match="already"):
        pv.add_design(db, _design())


def test_a_design_file_that_is_not_json_or_not_there_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    broken = tmp_path / "design.json"
    broken.write_text('{"key": "coffee", ', "utf-8")
    with pytest.raises(LiaisonError, match=r"design\.json is not a JSON design"):
        pv.add_design_file(db, broken)
    with pytest.raises(LiaisonError, match="Cannot read"):
        pv.add_design_file(db, tmp_path / "missing.json")
    assert _count(db, QuestionnaireDesign) == 0
    # As Windows Notepad saves it: UTF-8 with a byte-order mark.
    saved = tmp_path / "notepad.json"
    saved.write_bytes(b"\xef\xbb\xbf" + json.dumps(_design()).encode("utf-8"))
    assert pv.get_questionnaire(db, pv.add_design_file(db, saved)).design.per == "family"


def test_a_version_keeps_the_english_placeholders_and_records_review(db: Database) -> None:
    q = pv.get_questionnaire(db, "settling_in")
    texts = copy.deepcopy(q.versions["POL"].texts())
    lost = copy.deepcopy(texts)
    lost["questions"]["happy"] = "Czy dziecko jest szczęśliwe w szkole?"  # {pupil_name} lost
    with pytest.raises(ValidationError) as caught:
        pv.save_version(db, "settling_in", "POL", lost, status="draft")
    assert "{pupil_name}" in caught.value.errors["questions.happy"]
    missing = copy.deepcopy(texts)
    del missing["options"]["uniform"]
    with pytest.raises(ValidationError, match="no words for uniform"):
        pv.save_version(db, "settling_in", "POL", missing, status="draft")
    with pytest.raises(ValidationError, match="who reviewed"):
        pv.save_version(db, "settling_in", "POL", texts, status="reviewed")
    assert _count(db, QuestionnaireVersion) == 0
    version = pv.save_version(
        db,
        "settling_in",
        "POL",
        texts,
        status="reviewed",
        reviewed_by="A. Nowak",
        reviewed_on=dt.date(2026, 11, 20),
    )
    polish = pv.get_questionnaire(db, "settling_in").versions["POL"]
    assert version == polish.version == 2 and polish.edited
    assert polish.status_label == "reviewed by A. Nowak on 20/11/2026"


def test_results_use_the_termly_reports_words_for_hidden_figures() -> None:
    assert results.SMALL == report_model.SMALL
    assert results.HIDDEN == report_model.HIDDEN
    assert catalogue.paper_words("ARA")["answer_yes"] == "نعم"
    assert catalogue.paper_words("XYZ")["answer_yes"] == "Yes"
