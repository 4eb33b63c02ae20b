"""The questionnaires the school can send: shipped designs (resources/questionnaires) and any the
school added, each with its language versions (shipped drafts in letters/languages/CODE.json,
edits and PO imports stored here as new versions), with the translation status told honestly.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from liaison import paths
from liaison.errors import LiaisonError, NotFound, ValidationError
from liaison.i18n import languages
from liaison.models import QuestionnaireDesign, QuestionnaireVersion
from liaison.models.enums import AuditAction
from liaison.services import audit
from liaison.services.letters import templates
from liaison.services.parent_voice.designs import Design, check_texts, design_from, validate_design

if TYPE_CHECKING:
    from liaison.store.database import Database

MASTER = templates.MASTER
STATUSES = templates.STATUSES


@dataclass
class Version:
    """One language's wording of a questionnaire."""

    language: str
    title: str
    intro: str
    thanks: str
    questions: dict[str, str]
    options: dict[str, str]
    status: str
    reviewed_by: str | None = None
    reviewed_on: dt.date | None = None
    version: int = 1
    edited: bool = False  # changed in the app (not the shipped text)
    translated_by: str | None = None

    @property
    def status_label(self) -> str:
        # The same honest words as letter templates ("draft (not reviewed)"...).
        return templates.Variant(
            self.language, "", "", {}, self.status, self.reviewed_by, self.reviewed_on
        ).status_label

    def texts(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "intro": self.intro,
            "thanks": self.thanks,
            "questions": dict(self.questions),
            "options": dict(self.options),
        }


@dataclass
class Questionnaire:
    design: Design
    versions: dict[str, Version] = field(default_factory=dict)
    shipped: bool = True

    @property
    def key(self) -> str:
        return self.design.key

    @property
    def title(self) -> str:
        return self.design.title

    @property
    def master(self) -> Version:
        return self.versions[MASTER]


def _version_from(raw: dict[str, Any], code: str, version: int = 1) -> Version:
    reviewed = raw.get("reviewed_on")
    return Version(
        language=code,
        title=raw["title"],
        intro=raw["intro"],
        thanks=raw["thanks"],
        questions=dict(raw.get("questions") or {}),
        options=dict(raw.get("options") or {}),
        status=raw.get("status", "draft"),
        reviewed_by=raw.get("reviewed_by"),
        reviewed_on=dt.date.fromisoformat(reviewed) if reviewed else None,
        version=int(raw.get("version", version)),
    )


@cache
def _language_files() -> dict[str, dict[str, Any]]:
    folder = paths.resources_dir() / "letters" / "languages"
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))}


@cache
def _shipped() -> dict[str, dict[str, Any]]:
    """Shipped designs with their English wording and every language file's drafts."""
    folder = paths.resources_dir() / "questionnaires"
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text("utf-8"))
        errors = validate_design(raw)
        if errors:  # a broken shipped file is a bug: say where (a test holds them valid)
            raise ValueError(f"{path.name}: {errors}")
        out[raw["key"]] = raw
    for code, translations in _language_files().items():
        for key, version in translations.get("questionnaires", {}).items():
            if key in out:
                out[key]["variants"][code] = version
    return out


@cache
def paper_words(language: str) -> dict[str, str]:
    """The short words printed on paper ("Tick one box.", answer labels) in a language, with
    the English word wherever that language has none yet."""
    english = json.loads((paths.resources_dir() / "letters" / "paper.json").read_text("utf-8"))
    words = dict(english[MASTER])
    if language != MASTER:
        words.update(_language_files().get(language, {}).get("paper", {}))
    return words


def has_paper_words(language: str) -> bool:
    return language == MASTER or bool(_language_files().get(language, {}).get("paper"))


def _from_raw(raw: dict[str, Any], shipped: bool) -> Questionnaire:
    q = Questionnaire(design_from(raw), shipped=shipped)
    for code, version in raw.get("variants", {}).items():
        q.versions[code] = _version_from(version, code, int(raw.get("version", 1)))
    return q


def list_questionnaires(db: Database) -> list[Questionnaire]:
    found = {key: _from_raw(raw, True) for key, raw in _shipped().items()}
    with db.read() as session:
        for row in session.scalars(select(QuestionnaireDesign)):
            found.setdefault(row.key, _from_raw(row.design, False))
        for row in session.scalars(select(QuestionnaireVersion)):
            q = found.get(row.questionnaire_key)
            if q is None:
                continue
            q.versions[row.language] = Version(
                row.language,
                row.title,
                row.intro,
                row.thanks,
                dict(row.questions or {}),
                dict(row.options or {}),
                row.status,
                row.reviewed_by,
                row.reviewed_on,
                row.version,
                edited=True,
                translated_by=row.translated_by,
            )
    return sorted(found.values(), key=lambda q: q.title)


def get_questionnaire(db: Database, key: str) -> Questionnaire:
    for q in list_questionnaires(db):
        if q.key == key:
            return q
    raise NotFound(f"There is no questionnaire {key!r}; `liaison questionnaires list` shows them.")


def check_version(q: Questionnaire, language: str, texts: dict[str, Any]) -> dict[str, str]:
    master = None if language == MASTER else q.master.texts()
    return check_texts(q.design, texts, master)


def save_version(
    db: Database,
    key: str,
    language: str,
    texts: dict[str, Any],
    *,
    status: str,
    reviewed_by: str | None = None,
    reviewed_on: dt.date | None = None,
    translated_by: str | None = None,
) -> int:
    """Save an edited or new language version; returns its version number. Nothing is stored
    when anything is wrong (placeholders, missing words, status)."""
    q = get_questionnaire(db, key)
    lang = languages.get(language)
    errors = check_version(q, lang.dfe if lang else language, texts)
    if lang is None:
        errors["language"] = f"unknown language code {language!r}"
    elif not lang.written:
        errors["language"] = f"{lang.english} is rarely written; questionnaires go in the one read"
    if lang is not None and lang.dfe == MASTER:
        status = "master"
    elif status not in STATUSES:
        errors["status"] = f"choose one of: {', '.join(STATUSES)}"
    if status == "reviewed" and not (reviewed_by and reviewed_on):
        errors["reviewed_by"] = "say who reviewed the translation, and when"
    if errors:
        raise ValidationError(errors)
    assert lang is not None
    current = q.versions.get(lang.dfe)
    with db.session() as session:
        row = session.scalar(
            select(QuestionnaireVersion).where(
                QuestionnaireVersion.questionnaire_key == key,
                QuestionnaireVersion.language == lang.dfe,
            )
        )
        if row is None:
            row = QuestionnaireVersion(questionnaire_key=key, language=lang.dfe)
            session.add(row)
        row.title, row.intro, row.thanks = texts["title"], texts["intro"], texts["thanks"]
        row.questions, row.options = dict(texts["questions"]), dict(texts.get("options") or {})
        row.status = status
        row.reviewed_by = reviewed_by if status == "reviewed" else None
        row.reviewed_on = reviewed_on if status == "reviewed" else None
        row.translated_by = translated_by or (current.translated_by if current else None)
        row.version = (current.version if current else 0) + 1
        row.updated_at = db.clock.now()
        audit.record(
            session, db, AuditAction.CHANGED, entity="questionnaire", detail=f"{key} {lang.dfe}"
        )
        return row.version


def add_design_file(db: Database, path: Path) -> str:
    """Add a questionnaire the school designed, from its JSON file (UTF-8, with a BOM or not)."""
    try:
        raw = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise LiaisonError(
            f"Cannot read {path}: {exc.strerror or exc}. Nothing was added."
        ) from None
    except ValueError as exc:
        raise LiaisonError(
            f"{Path(path).name} is not a JSON design ({exc}). Nothing was added."
        ) from None
    return add_design(db, raw)


def add_design(db: Database, raw: object) -> str:
    """Add a questionnaire the school designed (JSON, with its English wording)."""
    errors = validate_design(raw)
    if errors:
        raise ValidationError(errors)
    assert isinstance(raw, dict)
    key = raw["key"]
    if key in {q.key for q in list_questionnaires(db)}:
        raise ValidationError({"key": f"there is already a questionnaire {key!r}"})
    english = dict(raw["variants"][MASTER], status="master")
    stored = {**raw, "variants": {MASTER: english}}
    with db.session() as session:
        session.add(
            QuestionnaireDesign(
                key=key, design=stored, created_at=db.clock.now(), created_by=db.actor
            )
        )
        audit.record(session, db, AuditAction.CREATED, entity="questionnaire", detail=key)
    return key
