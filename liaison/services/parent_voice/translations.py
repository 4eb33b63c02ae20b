"""Questionnaires for translators: gettext PO out, translations back in, exactly as for letters
(liaison.services.letters.translations).

Each message's context is "questionnaire|KEY|LANGUAGE|part", the part being title, intro,
thanks, question:KEY or option:KEY (the answers a choice question offers). The answer words of
the fixed scales (Yes, Agree...) are the paper words every language file already carries. A
translation whose placeholders differ from the English, or a file that would leave a version
incomplete, is refused whole and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from liaison.errors import LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.services.letters import templates
from liaison.services.letters.translations import FIELD_NOTES
from liaison.services.parent_voice.catalogue import (
    MASTER,
    Questionnaire,
    check_version,
    get_questionnaire,
    list_questionnaires,
    save_version,
)
from liaison.store.atomic import write_atomic

if TYPE_CHECKING:
    from liaison.store.database import Database

PREFIX = "questionnaire"


def _parts(q: Questionnaire, language: str) -> list[tuple[str, str, str, str]]:
    """(part, English, current translation, what it is) for every string of a questionnaire."""
    master, current = q.master, q.versions.get(language)
    out = [
        (part, getattr(master, part), getattr(current, part) if current else "", part)
        for part in ("title", "intro", "thanks")
    ]
    for question in q.design.questions:
        text = master.questions[question.key]
        have = current.questions.get(question.key, "") if current else ""
        out.append((f"question:{question.key}", text, have, f"question {question.key}"))
    for key in sorted(q.design.option_keys()):
        have = current.options.get(key, "") if current else ""
        what = "an answer to tick (short: it is printed beside a box)"
        out.append((f"option:{key}", master.options[key], have, what))
    return out


def _comments(q: Questionnaire, what: str, english: str) -> list[str]:
    notes = [
        f"{q.title}: {what}",
        "Keep every {placeholder} exactly as it is; you may move it within the sentence.",
        "Parents and carers read this on paper, some with little schooling: short, plain words.",
    ]
    notes += [f"{{{n}}} = {FIELD_NOTES.get(n, n)}" for n in sorted(templates.placeholders(english))]
    return notes


def export_po(db: Database, out: Path, language: str, keys: list[str] | None = None) -> int:
    """Write a PO for `language`: these questionnaires, or every one missing or in draft."""
    lang = languages.get(language)
    if lang is None:
        raise ValidationError({"language": f"unknown language code {language!r}"})
    if not lang.written or lang.dfe == MASTER:
        raise ValidationError({"language": f"{lang.english} is not a language to translate into"})
    everything = list_questionnaires(db)
    chosen = [
        q
        for q in everything
        if (keys and q.key in keys)
        or (not keys and (lang.dfe not in q.versions or q.versions[lang.dfe].status == "draft"))
    ]
    if keys and len(chosen) != len(set(keys)):
        unknown = sorted(set(keys) - {q.key for q in chosen})
        raise ValidationError({"questionnaire": f"unknown questionnaire {unknown}"})
    catalog = Catalog(
        locale=lang.locale or None,
        project="Liaison questionnaires",
        version="1",
        creation_date=dt.datetime.now(dt.UTC),
        language_team=f"{lang.english} ({lang.dfe})",
    )
    for q in chosen:
        for part, english, existing, what in _parts(q, lang.dfe):
            catalog.add(
                english,
                existing,
                context=f"{PREFIX}|{q.key}|{lang.dfe}|{part}",
                auto_comments=_comments(q, what, english),
            )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_previous=False)
    write_atomic(Path(out), buffer.getvalue())
    return len(chosen)


@dataclass(frozen=True)
class ImportResult:
    language: str
    translator: str | None
    versions: dict[str, int]  # questionnaire key -> new version


def _read(path: Path) -> Catalog:
    try:
        with open(path, "rb") as handle:
            return read_po(handle)
    except OSError as exc:
        raise LiaisonError(f"Cannot read {path}: {exc.strerror}.") from None
    except Exception as exc:  # babel raises several kinds for a malformed file
        raise LiaisonError(f"{path.name} is not a readable PO file ({exc}).") from None


def _messages(catalog: Catalog) -> tuple[dict[tuple[str, str], dict[str, str]], list[str]]:
    found: dict[tuple[str, str], dict[str, str]] = {}
    problems: list[str] = []
    for message in catalog:
        if not message.id or not message.context:
            continue
        pieces = message.context.split("|", 3)
        if len(pieces) != 4 or pieces[0] != PREFIX:
            problems.append(f"a message has an unknown context {message.context!r}")
            continue
        _, key, language, part = pieces
        text = message.string if isinstance(message.string, str) else ""
        if not text.strip():
            continue
        english = str(message.id)
        lost = sorted(templates.placeholders(english) - templates.placeholders(text))
        added = sorted(templates.placeholders(text) - templates.placeholders(english))
        for verb, names in (("lost", lost), ("adds", added)):
            if names:
                shown = ", ".join("{" + n + "}" for n in names)
                problems.append(f"{key} ({part}): the translation {verb} {shown}")
        found.setdefault((key, language), {})[part] = text
    return found, problems


def _texts(q: Questionnaire, language: str, parts: dict[str, str]) -> dict[str, Any]:
    """The whole version: the file's strings over what is there now; incomplete is refused."""
    current = q.versions.get(language)
    texts: dict[str, Any] = current.texts() if current else {"questions": {}, "options": {}}
    for part, text in parts.items():
        kind, _, name = part.partition(":")
        if kind == "question":
            texts["questions"][name] = text
        elif kind == "option":
            texts["options"][name] = text
        else:
            texts[part] = text
    return texts


def import_po(db: Database, path: Path) -> ImportResult:
    """Store a translated PO as new versions with status "professional" (one language)."""
    catalog = _read(path)
    translator = catalog.last_translator
    if translator and translator.startswith("FULL NAME"):
        translator = None
    found, problems = _messages(catalog)
    if problems:
        raise ValidationError({"po": "; ".join(problems) + ". Nothing was imported."})
    if not found:
        raise ValidationError({"po": "the file has no translated messages; nothing was imported"})
    seen = {language for _, language in found}
    if len(seen) != 1:
        raise ValidationError({"po": f"one language per file, please (found {sorted(seen)})"})
    drafts = {}
    for (key, language), parts in found.items():
        q = get_questionnaire(db, key)
        texts = _texts(q, language, parts)
        errors = check_version(q, language, texts)
        if errors:
            listed = "; ".join(f"{part}: {why}" for part, why in errors.items())
            raise ValidationError({"po": f"{key}: {listed}. Nothing was imported."})
        drafts[key] = (language, texts)
    versions = {
        key: save_version(db, key, language, texts, status="professional", translated_by=translator)
        for key, (language, texts) in drafts.items()
    }
    return ImportResult(seen.pop(), translator, versions)
