"""The PO translator workflow: export with context and comments, import, placeholders checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from liaison.errors import LiaisonError, ValidationError
from liaison.services.letters import translations
from liaison.services.letters.templates import get_template
from liaison.store.database import Database


def _translate(src: Path, dest: Path, fix=lambda key, part, text: text) -> None:
    with open(src, "rb") as handle:
        catalog = read_po(handle)
    catalog.last_translator = "Ona Example <ona@example.org>"
    for message in catalog:
        if message.id and message.context:
            key, _, part = message.context.split("|")
            message.string = fix(key, part, f"LT {message.id}")
    with open(dest, "wb") as handle:
        write_po(handle, catalog)


def test_export_has_context_and_placeholder_notes(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "lit.po"
    assert translations.export_po(db, out, "LIT") == 9  # every template, translated or not
    with open(out, "rb") as handle:
        catalog = read_po(handle)
    message = next(m for m in catalog if m.context == "meeting_invitation|LIT|body")
    assert "{time}" in message.id
    assert any("{time} = a time" in c for c in message.auto_comments)
    assert translations.export_po(db, tmp_path / "ara.po", "ar", ["welcome"]) == 1
    with pytest.raises(ValidationError, match="rarely written"):
        translations.export_po(db, tmp_path / "x.po", "BNGS")


def test_import_stores_professional_versions_with_the_translator(
    db: Database, tmp_path: Path
) -> None:
    translations.export_po(db, tmp_path / "lit.po", "LIT")
    _translate(tmp_path / "lit.po", tmp_path / "lit-done.po")
    result = translations.import_po(db, tmp_path / "lit-done.po")
    assert result.language == "LIT" and result.translator.startswith("Ona Example")
    assert len(result.versions) == 9
    variant = get_template(db, "meeting_invitation").variants["LIT"]
    assert variant.status == "professional" and variant.body.startswith("LT ")
    assert variant.phrases["interpreter_yes"].startswith("LT ")


def test_a_lost_placeholder_refuses_the_whole_file(db: Database, tmp_path: Path) -> None:
    translations.export_po(db, tmp_path / "lit.po", "LIT")
    before = get_template(db, "welcome").variants.get("LIT")

    def drop_time(key: str, part: str, text: str) -> str:
        return (
            text.replace("{time}", "") if key == "meeting_invitation" and part == "body" else text
        )

    _translate(tmp_path / "lit.po", tmp_path / "bad.po", drop_time)
    with pytest.raises(ValidationError) as failure:
        translations.import_po(db, tmp_path / "bad.po")
    assert "meeting_invitation (body): the translation lost {time}" in failure.value.message
    # Nothing at all was stored: the shipped Lithuanian welcome letter is as it was.
    assert get_template(db, "welcome").variants.get("LIT") == before


def test_malformed_file_is_a_clear_message(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    before = get_template(db, "welcome").variants.get("LIT")
    bad.write_bytes(b'msgid "x"\nmsgstr "y\n\n\x00\x01 not po')
    with pytest.raises(LiaisonError) as failure:
        translations.import_po(db, bad)
    # babel reads what it can: either it is not a PO file, or it holds nothing to import.
    assert "not a readable PO file" in failure.value.message or (
        "nothing was imported" in failure.value.message
    )
    assert get_template(db, "welcome").variants.get("LIT") == before


def test_coverage_lists_the_schools_languages(demo_db: Database) -> None:
    lines, families = translations.coverage(demo_db)
    assert families and all(count > 0 for count in families.values())
    welcome = next(line for line in lines if line.key == "welcome")
    assert "ENG" not in welcome.missing
    assert set(welcome.missing) == {
        c for c in families if c not in get_template(demo_db, "welcome").variants
    }
