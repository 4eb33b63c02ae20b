"""Every shipped translation keeps its template's placeholders, phrases and glossary terms, is
in a language Liaison knows, says honestly that it is a draft, and prints with the shipped fonts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liaison import paths
from liaison.documents.coverage import missing_characters
from liaison.i18n import languages
from liaison.services.letters import templates

FOLDER = paths.resources_dir() / "letters" / "languages"
FILES = sorted(FOLDER.glob("*.json"))
PAPER = json.loads((FOLDER.parent / "paper.json").read_text("utf-8"))["ENG"]
QUESTIONNAIRES = {
    raw["key"]: raw
    for raw in (
        json.loads(p.read_text("utf-8"))
        for p in (FOLDER.parents[1] / "questionnaires").glob("*.json")
    )
}
MASTERS = {
    raw["key"]: raw["variants"]["ENG"]
    for raw in (json.loads(p.read_text("utf-8")) for p in FOLDER.parent.glob("*.json"))
    if "key" in raw
}


def test_there_are_language_files() -> None:
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_language_file_matches_its_masters(path: Path) -> None:
    raw = json.loads(path.read_text("utf-8"))
    code = path.stem
    assert raw["language"] == code
    lang = languages.get(code)
    assert lang is not None and lang.dfe == code and lang.written, code
    glossary_terms = set(templates.glossary())
    for key, variant in raw["templates"].items():
        master = MASTERS[key]
        where = f"{code} {key}"
        for part in ("subject", "body"):
            assert templates.placeholders(variant[part]) == templates.placeholders(master[part]), (
                where,
                part,
            )
            marks = set(templates._GLOSSARY_MARK.findall(variant[part]))
            assert marks <= glossary_terms, (where, marks - glossary_terms)
        assert set(variant["phrases"]) == set(master["phrases"]), where
        # Nothing is presented as reviewed unless someone is named as having reviewed it.
        assert variant["status"] in ("draft", "machine", "professional"), where
        text = " ".join([variant["subject"], variant["body"], *variant["phrases"].values()])
        assert not missing_characters(text), (where, missing_characters(text))
    for term, text in raw.get("glossary", {}).items():
        assert term in glossary_terms, (code, term)
        assert text.strip(), (code, term)
    for key, text in raw.get("paper", {}).items():
        assert key in PAPER, (code, key)
        assert templates.placeholders(text) == templates.placeholders(PAPER[key]), (code, key)
        assert not missing_characters(text), (code, key, missing_characters(text))
    for key, version in raw.get("questionnaires", {}).items():
        master = QUESTIONNAIRES[key]["variants"]["ENG"]
        where = f"{code} questionnaire {key}"
        assert version["status"] in ("draft", "machine", "professional"), where
        for part in ("title", "intro", "thanks"):
            wanted = templates.placeholders(master[part])
            assert templates.placeholders(version[part]) == wanted, (where, part)
        for group in ("questions", "options"):
            assert set(version[group]) == set(master[group]), (where, group)
            for item, text in version[group].items():
                wanted = templates.placeholders(master[group][item])
                assert templates.placeholders(text) == wanted, (where, item)
        text = " ".join(
            [
                version["title"],
                version["intro"],
                version["thanks"],
                *version["questions"].values(),
                *version["options"].values(),
            ]
        )
        assert not missing_characters(text), (where, missing_characters(text))


def test_questionnaire_masters_are_complete() -> None:
    for key, raw in QUESTIONNAIRES.items():
        master = raw["variants"]["ENG"]
        asked = {q["key"] for q in raw["questions"]}
        assert asked == set(master["questions"]), key
        options = {o for q in raw["questions"] for o in q.get("options", [])}
        assert options == set(master["options"]), key
