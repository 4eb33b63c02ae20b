"""You said, we did: what the school decided and did about a questionnaire's results, and a
short translated letter saying so to every family who was sent the questionnaire.

The letter is the "you_said_we_did" template (its translation status shown as always); the
points are the school's own words, typed in English and, where someone has translated them,
in a family's language too. A family whose language has no translation of a point gets the
English point inside their letter, and the footer says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from liaison.documents.layout import Document, Letterhead
from liaison.errors import Cancelled, NotFound, ValidationError
from liaison.i18n import languages
from liaison.jobs import CancelCheck, Progress
from liaison.models import QuestionnaireSent, YouSaidWeDid
from liaison.models.enums import AuditAction
from liaison.services import audit, letters, school
from liaison.services.letters import bookbag
from liaison.services.letters.bookbag_letters import cover_sheet
from liaison.services.letters.templates import MASTER, get_template
from liaison.services.parent_voice.catalogue import get_questionnaire

if TYPE_CHECKING:
    from liaison.store.database import Database

TEMPLATE = "you_said_we_did"


@dataclass(frozen=True)
class Point:
    id: int
    questionnaire_key: str
    question_key: str | None
    you_said: str
    we_did: str
    translations: dict[str, dict[str, str]]
    decided_on: dt.date

    def line(self, language: str) -> tuple[str, bool]:
        """The point as a list line in `language` (English when not translated), and whether
        it is in that language."""
        found = self.translations.get(language) if language != MASTER else None
        if found and found.get("you_said") and found.get("we_did"):
            return f"- {found['you_said']}: {found['we_did']}", True
        return f"- {self.you_said}: {self.we_did}", language == MASTER


def record(
    db: Database,
    key: str,
    you_said: str,
    we_did: str,
    *,
    question_key: str | None = None,
    translations: dict[str, dict[str, str]] | None = None,
    decided_on: dt.date | None = None,
) -> int:
    """Record one point: what families said, and what the school decided and did."""
    q = get_questionnaire(db, key)
    errors: dict[str, str] = {}
    if not you_said.strip():
        errors["you_said"] = "say what families told you"
    if not we_did.strip():
        errors["we_did"] = "say what the school decided or did"
    if question_key and question_key not in {x.key for x in q.design.questions}:
        errors["question"] = f"{q.title} has no question {question_key!r}"
    for code, parts in (translations or {}).items():
        lang = languages.get(code)
        if lang is None or lang.dfe != code:
            errors["translations"] = f"unknown language code {code!r} (use the DfE code)"
        elif not str(parts.get("you_said", "")).strip() or not str(parts.get("we_did", "")).strip():
            errors["translations"] = f"the {lang.english} translation needs both parts"
    if len(you_said) > 300 or len(we_did) > 300:
        errors["length"] = "keep each part to one or two short sentences (300 characters)"
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        row = YouSaidWeDid(
            questionnaire_key=key,
            question_key=question_key or None,
            you_said=you_said.strip(),
            we_did=we_did.strip(),
            translations=dict(translations or {}),
            decided_on=decided_on or db.clock.today(),
            created_at=db.clock.now(),
            created_by=db.actor,
        )
        session.add(row)
        session.flush()
        audit.record(
            session, db, AuditAction.CREATED, entity="you_said_we_did", entity_id=row.id, detail=key
        )
        return row.id


def points(db: Database, key: str) -> list[Point]:
    with db.read() as session:
        return [
            Point(
                r.id,
                r.questionnaire_key,
                r.question_key,
                r.you_said,
                r.we_did,
                dict(r.translations or {}),
                r.decided_on,
            )
            for r in session.scalars(
                select(YouSaidWeDid)
                .where(YouSaidWeDid.questionnaire_key == key)
                .order_by(YouSaidWeDid.id)
            )
        ]


def remove(db: Database, point_id: int) -> None:
    with db.session() as session:
        row = session.get(YouSaidWeDid, point_id)
        if row is None:
            raise NotFound(f"There is no 'you said, we did' point {point_id}.")
        session.delete(row)
        audit.record(session, db, AuditAction.DELETED, entity="you_said_we_did", entity_id=point_id)


def families_sent(db: Database, key: str, run_ids: list[int] | None = None) -> list[int]:
    """Every family sent the questionnaire (in these sendings)."""
    query = select(QuestionnaireSent.family_id).where(QuestionnaireSent.questionnaire_key == key)
    if run_ids:
        query = query.where(QuestionnaireSent.run_id.in_(run_ids))
    with db.read() as session:
        return sorted(set(session.scalars(query)))


def plan_letters(db: Database, key: str, run_ids: list[int] | None = None) -> bookbag.Plan:
    """One letter per family sent the questionnaire, with the youngest child, in the language
    the family reads (the book-bag's own planning)."""
    families = families_sent(db, key, run_ids)
    if not families:
        raise ValidationError({"families": "nobody has been sent this questionnaire yet"})
    return bookbag.plan(
        db,
        TEMPLATE,
        bookbag.Selection(family_ids=tuple(families)),
        sibling_rule=bookbag.SiblingRule.YOUNGEST,
    )


@dataclass(frozen=True)
class LetterRun:
    batch_id: int
    letters: int
    pages: int
    out: Path
    points_in_english: dict[str, int]  # language -> letters whose points stayed in English


def _letter(
    db: Database,
    item: bookbag.Item,
    chosen: list[Point],
    titles: dict[str, str],
    the_plan: bookbag.Plan,
    shared: dict[str, Any],
) -> tuple[letters.Prepared, bool]:
    """One family's letter: the home-language part with its points, then the English part."""
    language = item.language
    lines = [p.line(language) for p in chosen]
    home_points = "\n".join(text for text, _ in lines)
    translated = all(ok for _, ok in lines)
    kwargs = dict(
        caregiver_id=item.caregiver_id,
        pupil_id=item.pupil_id,
        bilingual=False,
        template=shared["template"],
        details=shared["details"],
        draft=the_plan.drafts.get(item.family_id),
    )
    title = titles.get(language, titles[MASTER]).format(pupil_name=item.pupil_name)
    home = letters.prepare(
        db,
        TEMPLATE,
        item.family_id,
        language=language,
        fields={"event": title, "points": home_points},
        **kwargs,
    )
    document = home.document
    footer = document.footer
    if home.language != MASTER:
        english_points = "\n".join(p.line(MASTER)[0] for p in chosen)
        english = letters.prepare(
            db,
            TEMPLATE,
            item.family_id,
            language=MASTER,
            fields={
                "event": titles[MASTER].format(pupil_name=item.pupil_name),
                "points": english_points,
            },
            **kwargs,
        )
        second = dataclasses.replace(english.document.sections[0], label="English")
        footer += " · English text follows the translation"
        if not translated:
            footer += " · the school's points are in English (not yet translated)"
        document = dataclasses.replace(document, sections=(*document.sections, second))
    document = dataclasses.replace(
        document, footer=footer, tag=f"{item.pupil_name} · {item.class_name}"
    )
    return dataclasses.replace(
        home, document=document, bilingual=home.language != MASTER
    ), translated


def print_letters(
    db: Database,
    key: str,
    out: Path,
    *,
    run_ids: list[int] | None = None,
    point_ids: list[int] | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> LetterRun:
    """The letter to every family sent the questionnaire, in one PDF in class order with a cover
    sheet per class; recorded as a book-bag batch (one transaction)."""
    from liaison.documents.render import render_pdf

    q = get_questionnaire(db, key)
    chosen = [p for p in points(db, key) if point_ids is None or p.id in point_ids]
    if not chosen:
        raise ValidationError({"points": "record what you decided and did first"})
    the_plan = plan_letters(db, key, run_ids)
    titles = {code: v.title for code, v in q.versions.items()}
    details = school.get_school(db)
    shared = {"template": get_template(db, TEMPLATE), "details": details}
    head = Letterhead(details.name, tuple(details.address.splitlines()))
    prepared: list[letters.Prepared] = []
    documents: list[Document] = []
    english_points: Counter[str] = Counter()
    for index, item in enumerate(the_plan.items):
        if cancel is not None and cancel():
            raise Cancelled
        if not index or the_plan.items[index - 1].class_name != item.class_name:
            of_class = [i for i in the_plan.items if i.class_name == item.class_name]
            documents.append(cover_sheet(head, item.class_name, of_class, "You said, we did"))
        letter, translated = _letter(db, item, chosen, titles, the_plan, shared)
        english_points[item.language] += not translated
        prepared.append(letter)
        documents.append(letter.document)
        if progress is not None and index % 20 == 0:
            progress(index, len(the_plan.items) * 2)
    total = len(the_plan.items)
    result = render_pdf(
        documents,
        Path(out),
        title=f"You said, we did: {q.title}",
        progress=lambda done, count: (
            progress(total + done * total // max(count, 1), total * 2)
            if progress is not None
            else None
        ),
        cancel=cancel,
    )
    with db.session() as session:
        batch_id = bookbag.record_run(
            db,
            session,
            TEMPLATE,
            prepared,
            sibling_rule=bookbag.SiblingRule.YOUNGEST,
            description=f"You said, we did: {q.title}",
            detail=f" after {key}",
        )
    return LetterRun(
        batch_id,
        len(prepared),
        result.pages,
        Path(out),
        {k: v for k, v in english_points.items() if v},
    )
