"""The translator workflow: templates out as gettext PO (babel.messages), translations back in.

Each message's context is "template|LANGUAGE|part" (part: subject, body, or a phrase name), so a
PO file says exactly where every string goes. A translation whose placeholders differ from the
English is refused whole, with the template, part and placeholder named; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from sqlalchemy import select

from liaison.errors import LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.models import TemplateVariant
from liaison.services import families as fam
from liaison.services.letters import templates as lt
from liaison.store.atomic import write_atomic

if TYPE_CHECKING:
    from liaison.store.database import Database

FIELD_NOTES = {
    "school_name": "the school's name",
    "officer_name": "the family liaison officer's name",
    "caregiver_name": "the parent or carer's name, as recorded (any script)",
    "pupil_name": "the child's name, as recorded (any script)",
    "family_ref": "the family's reference number",
    "date": "a date, already written in your language",
    "deadline": "a date, already written in your language",
    "time": "a time, already written in your language",
    "place": "a place, as the school typed it",
    "event": "the event's name, as the school typed it",
    "interpreter": "a whole sentence about the interpreter (translated separately below)",
}


def _comments(text: str) -> list[str]:
    notes = [
        "Keep every {placeholder} exactly as it is; you may move it within the sentence.",
        "Keep [[glossary terms]] too: the app puts in the school's agreed wording.",
        "Blank lines separate paragraphs; '## ' starts a heading, '- ' a list item, '[sign] ' a "
        "signature line.",
    ]
    for name in sorted(lt.placeholders(text)):
        notes.append(f"{{{name}}} = {FIELD_NOTES.get(name, name)}")
    return notes


def _catalog(language: str) -> Catalog:
    lang = languages.require(language)
    return Catalog(
        locale=lang.locale or None,
        project="Liaison letter templates",
        version="1",
        creation_date=dt.datetime.now(dt.UTC),
        language_team=f"{lang.english} ({lang.dfe})",
    )


def _add(catalog: Catalog, template: lt.Template, language: str) -> None:
    master = template.variants[lt.MASTER]
    current = template.variants.get(language)
    parts = [("subject", master.subject, current.subject if current else "")]
    parts.append(("body", master.body, current.body if current else ""))
    for name, text in sorted(master.phrases.items()):
        parts.append((f"phrase:{name}", text, current.phrases.get(name, "") if current else ""))
    for part, english, existing in parts:
        catalog.add(
            english,
            existing,
            context=f"{template.key}|{language}|{part}",
            auto_comments=[f"{template.title}: {part}", *_comments(english)],
        )


def export_po(db: Database, out: Path, language: str, keys: list[str] | None = None) -> int:
    """Write a PO for `language`: the given templates, or every one missing or only in draft."""
    lang = languages.get(language)
    if lang is None:
        raise ValidationError({"language": f"unknown language code {language!r}"})
    if not lang.written:
        raise ValidationError({"language": f"{lang.english} is rarely written"})
    catalog = _catalog(lang.dfe)
    chosen = [
        t
        for t in lt.list_templates(db)
        if (keys and t.key in keys)
        or (not keys and (lang.dfe not in t.variants or t.variants[lang.dfe].status == "draft"))
    ]
    if keys and len(chosen) != len(set(keys)):
        unknown = set(keys) - {t.key for t in chosen}
        raise ValidationError({"template": f"unknown template {sorted(unknown)}"})
    for template in chosen:
        _add(catalog, template, lang.dfe)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_previous=False)
    write_atomic(Path(out), buffer.getvalue())
    return len(chosen)


@dataclass(frozen=True)
class ImportResult:
    language: str
    translator: str | None
    versions: dict[str, int]  # template key -> new version


def import_po(db: Database, path: Path) -> ImportResult:
    """Store a translated PO as new variant versions with status "professional"."""
    try:
        with open(path, "rb") as handle:
            catalog = read_po(handle)
    except OSError as exc:
        raise LiaisonError(f"Cannot read {path}: {exc.strerror}.") from None
    except Exception as exc:  # babel raises several kinds for a malformed file
        raise LiaisonError(f"{path.name} is not a readable PO file ({exc}).") from None
    translator = catalog.last_translator
    if translator and translator.startswith("FULL NAME"):
        translator = None
    by_template: dict[tuple[str, str], dict[str, str]] = {}
    problems: list[str] = []
    for message in catalog:
        if not message.id or not message.context:
            continue
        try:
            key, language, part = message.context.split("|", 2)
        except ValueError:
            problems.append(f"a message has an unknown context {message.context!r}")
            continue
        text = message.string if isinstance(message.string, str) else ""
        if not text.strip():
            continue
        english = str(message.id)
        lost = sorted(lt.placeholders(english) - lt.placeholders(text))
        added = sorted(lt.placeholders(text) - lt.placeholders(english))
        if lost:
            problems.append(
                f"{key} ({part}): the translation lost " + ", ".join("{" + n + "}" for n in lost)
            )
        if added:
            problems.append(
                f"{key} ({part}): the translation adds " + ", ".join("{" + n + "}" for n in added)
            )
        by_template.setdefault((key, language), {})[part] = text
    if problems:
        raise ValidationError({"po": "; ".join(problems) + ". Nothing was imported."})
    if not by_template:
        raise ValidationError({"po": "the file has no translated messages; nothing was imported"})
    versions: dict[str, int] = {}
    languages_seen = {language for _, language in by_template}
    if len(languages_seen) != 1:
        raise ValidationError({"po": f"one language per file, please (found {languages_seen})"})
    for (key, language), parts in by_template.items():
        template = lt.get_template(db, key)
        current = template.variants.get(language)
        master = template.variants[lt.MASTER]
        subject = parts.get("subject") or (current.subject if current else "")
        body = parts.get("body") or (current.body if current else "")
        if not subject or not body:
            raise ValidationError({"po": f"{key}: both the subject and the body are needed"})
        phrases = dict(current.phrases if current else master.phrases)
        for part, text in parts.items():
            if part.startswith("phrase:"):
                phrases[part.split(":", 1)[1]] = text
        versions[key] = lt.save_variant(
            db, key, language, subject=subject, body=body, status="professional", phrases=phrases
        )
        with db.session() as session:
            row = session.scalar(
                select(TemplateVariant).where(
                    TemplateVariant.template_key == key, TemplateVariant.language == language
                )
            )
            assert row is not None
            row.translated_by = translator
    return ImportResult(languages_seen.pop(), translator, versions)


@dataclass(frozen=True)
class CoverageLine:
    key: str
    title: str
    missing: tuple[str, ...]  # the school's languages with no variant
    draft_only: tuple[str, ...]  # variants nobody has reviewed or had professionally done


def coverage(db: Database) -> tuple[list[CoverageLine], dict[str, int]]:
    """Per template, the families' languages not covered or only in draft; and how many
    families read each language (the school's languages, by letter language)."""
    families: dict[str, int] = {}
    for row in fam.list_families(db):
        for code in row.languages:
            lang = languages.written_language_for(code)
            if lang is not None:
                families[lang.dfe] = families.get(lang.dfe, 0) + 1
    lines = []
    for t in lt.list_templates(db):
        missing = tuple(sorted(c for c in families if c not in t.variants))
        draft = tuple(sorted(c for c, v in t.variants.items() if v.status in ("draft", "machine")))
        lines.append(CoverageLine(t.key, t.title, missing, draft))
    return lines, dict(sorted(families.items(), key=lambda kv: -kv[1]))
