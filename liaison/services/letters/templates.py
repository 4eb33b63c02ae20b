"""Letter templates: shipped English masters and language variants, edits made in the app,
placeholders checked when a template is saved (not when it is printed), the school glossary.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from liaison import paths
from liaison.errors import NotFound, ValidationError
from liaison.i18n import languages
from liaison.models import TemplateVariant
from liaison.models.enums import AuditAction
from liaison.services import audit

if TYPE_CHECKING:
    from liaison.store.database import Database

MASTER = "ENG"
STATUSES = ("draft", "machine", "professional", "reviewed")
# Filled by the app for every letter; templates may add their own (date, time, place...).
STANDARD_FIELDS = ("school_name", "officer_name", "caregiver_name", "pupil_name", "family_ref")
KNOWN_FIELDS = (*STANDARD_FIELDS, "date", "time", "place", "event", "deadline", "interpreter")
_GLOSSARY_MARK = re.compile(r"\[\[([a-z_A-Z]+)\]\]")


@dataclass
class Variant:
    language: str
    subject: str
    body: str
    phrases: dict[str, str]
    status: str
    reviewed_by: str | None = None
    reviewed_on: dt.date | None = None
    version: int = 1
    edited: bool = False  # True when changed in the app (not the shipped text)

    @property
    def status_label(self) -> str:
        if self.status == "master":
            return "English master"
        if self.status == "reviewed":
            who = f" by {self.reviewed_by}" if self.reviewed_by else ""
            when = f" on {self.reviewed_on:%d/%m/%Y}" if self.reviewed_on else ""
            return f"reviewed{who}{when}"
        return {
            "draft": "draft (not reviewed)",
            "machine": "machine translation (not reviewed)",
            "professional": "professional translation (not reviewed here)",
        }.get(self.status, self.status)


@dataclass
class Template:
    key: str
    title: str
    kind: str  # letter | agreement
    fields: list[str]
    variants: dict[str, Variant] = field(default_factory=dict)

    def placeholders(self) -> set[str]:
        return placeholders(self.variants[MASTER].subject + self.variants[MASTER].body)


@cache
def _shipped() -> dict[str, dict[str, Any]]:
    """The shipped templates: English masters in letters/*.json, and each language's versions in
    letters/languages/CODE.json (one file a translator can work on alone)."""
    folder = paths.resources_dir() / "letters"
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name in ("glossary.json", "paper.json"):
            continue
        raw = json.loads(path.read_text("utf-8"))
        out[raw["key"]] = raw
    for code, translations in _language_files().items():
        for key, variant in translations.get("templates", {}).items():
            out[key]["variants"][code] = variant
    return out


@cache
def _language_files() -> dict[str, dict[str, Any]]:
    folder = paths.resources_dir() / "letters" / "languages"
    return {
        path.stem: json.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.json"))
    }


@cache
def glossary() -> dict[str, dict[str, str]]:
    raw = json.loads((paths.resources_dir() / "letters" / "glossary.json").read_text("utf-8"))
    terms = {k: dict(v) for k, v in raw.items() if not k.startswith("_")}
    for code, translations in _language_files().items():
        for term, text in translations.get("glossary", {}).items():
            terms[term][code] = text
    return terms


def placeholders(text: str) -> set[str]:
    names = set()
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None:
            names.add(name)
    return names


def _variant_from(raw: dict[str, Any], code: str) -> Variant:
    reviewed = raw.get("reviewed_on")
    return Variant(
        language=code,
        subject=raw["subject"],
        body=raw["body"],
        phrases=dict(raw.get("phrases") or {}),
        status=raw["status"],
        reviewed_by=raw.get("reviewed_by"),
        reviewed_on=dt.date.fromisoformat(reviewed) if reviewed else None,
        version=int(raw.get("version", 1)),
    )


def list_templates(db: Database) -> list[Template]:
    templates = {}
    for key, raw in _shipped().items():
        t = Template(key, raw["title"], raw["kind"], list(raw.get("fields", [])))
        for code, variant in raw["variants"].items():
            t.variants[code] = _variant_from({**variant, "version": raw.get("version", 1)}, code)
        templates[key] = t
    with db.read() as session:
        for row in session.scalars(select(TemplateVariant)):
            t = templates.get(row.template_key)
            if t is None:
                continue
            t.variants[row.language] = Variant(
                row.language,
                row.subject,
                row.body,
                dict(row.phrases or {}),
                row.status,
                row.reviewed_by,
                row.reviewed_on,
                row.version,
                edited=True,
            )
    return sorted(templates.values(), key=lambda t: t.title)


def get_template(db: Database, key: str) -> Template:
    for t in list_templates(db):
        if t.key == key:
            return t
    raise NotFound(f"There is no letter template {key!r}; `liaison templates list` shows them.")


def check_variant(template: Template, language: str, subject: str, body: str) -> dict[str, str]:
    """What is wrong with a variant's text, by field: unknown or missing placeholders, unknown
    glossary terms, text that cannot be parsed."""
    errors: dict[str, str] = {}
    try:
        used = placeholders(subject) | placeholders(body)
    except ValueError as exc:
        return {"body": f"a brace {{ }} is not closed or is used wrongly ({exc})"}
    allowed = set(KNOWN_FIELDS) | set(template.fields)
    unknown = sorted(used - allowed)
    if unknown:
        errors["body"] = "unknown placeholder " + ", ".join("{" + u + "}" for u in unknown)
    if language != MASTER and MASTER in template.variants:
        missing = sorted(template.placeholders() - used)
        if missing:
            errors["body"] = (errors.get("body", "") + "; " if "body" in errors else "") + (
                "missing placeholder " + ", ".join("{" + m + "}" for m in missing)
            )
    terms = set(_GLOSSARY_MARK.findall(subject + body)) - set(glossary())
    if terms:
        errors["glossary"] = "unknown glossary term " + ", ".join(f"[[{t}]]" for t in sorted(terms))
    return errors


def save_variant(
    db: Database,
    key: str,
    language: str,
    *,
    subject: str,
    body: str,
    status: str,
    reviewed_by: str | None = None,
    reviewed_on: dt.date | None = None,
    phrases: dict[str, str] | None = None,
) -> int:
    """Save an edited or new language variant; returns its new version number."""
    template = get_template(db, key)
    lang = languages.get(language)
    errors = check_variant(template, language, subject, body)
    if lang is None:
        errors["language"] = f"unknown language code {language!r}"
    elif not lang.written:
        errors["language"] = f"{lang.english} is rarely written; letters go in the language read"
    if language == MASTER:
        status = "master"
    elif status not in STATUSES:
        errors["status"] = f"choose one of: {', '.join(STATUSES)}"
    if status == "reviewed" and not (reviewed_by and reviewed_on):
        errors["reviewed_by"] = "say who reviewed the translation, and when"
    if not subject.strip() or not body.strip():
        errors.setdefault("body", "a variant needs a subject and a body")
    if errors:
        raise ValidationError(errors)
    assert lang is not None
    language = lang.dfe
    current = template.variants.get(language)
    master = template.variants[MASTER]
    with db.session() as session:
        row = session.scalar(
            select(TemplateVariant).where(
                TemplateVariant.template_key == key, TemplateVariant.language == language
            )
        )
        if row is None:
            row = TemplateVariant(template_key=key, language=language)
            session.add(row)
        row.subject, row.body = subject, body
        row.phrases = phrases or (current.phrases if current else master.phrases)
        row.status, row.reviewed_by = status, reviewed_by if status == "reviewed" else None
        row.reviewed_on = reviewed_on if status == "reviewed" else None
        row.version = (current.version if current else 0) + 1
        row.updated_at = db.clock.now()
        audit.record(
            session, db, AuditAction.CHANGED, entity="template", detail=f"{key} {language}"
        )
        return row.version


def expand_glossary(text: str, language: str) -> str:
    terms = glossary()

    def term(match: re.Match[str]) -> str:
        entry = terms.get(match.group(1), {})
        return entry.get(language) or entry.get(MASTER) or match.group(1)

    return _GLOSSARY_MARK.sub(term, text)
