"""The sendings made, how many came back, and who has not answered yet, by class."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from liaison.clock import to_local
from liaison.errors import NotFound
from liaison.models import Family, Pupil, QuestionnairePage, QuestionnaireRun, QuestionnaireSent

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass(frozen=True)
class RunView:
    id: int
    questionnaire_key: str
    title: str
    description: str
    sent_at: dt.datetime  # London time
    sent_by: str
    questionnaires: int
    returned: int
    pages: int

    def label(self) -> str:
        return (
            f"{self.title}: {self.description or 'sent'} on {self.sent_at:%d/%m/%Y} "
            f"(number {self.id}, {self.returned} of {self.questionnaires} back)"
        )


def list_runs(db: Database, key: str | None = None) -> list[RunView]:
    """Every sending, newest first."""
    with db.read() as session:
        returned = dict(
            session.execute(
                select(QuestionnaireSent.run_id, func.count())
                .where(QuestionnaireSent.returned_on.is_not(None))
                .group_by(QuestionnaireSent.run_id)
            ).all()
        )
        query = select(QuestionnaireRun).order_by(QuestionnaireRun.id.desc())
        if key is not None:
            query = query.where(QuestionnaireRun.questionnaire_key == key)
        return [
            RunView(
                r.id,
                r.questionnaire_key,
                r.title,
                r.description,
                to_local(r.created_at),
                r.created_by,
                r.sent,
                int(returned.get(r.id, 0)),
                r.pages,
            )
            for r in session.scalars(query)
        ]


def get_run(db: Database, run_id: int) -> RunView:
    for run in list_runs(db):
        if run.id == run_id:
            return run
    raise NotFound(f"There is no questionnaire sending number {run_id}.")


@dataclass(frozen=True)
class Waiting:
    class_name: str
    pupil: str
    family_ref: str
    language: str
    pages_back: int
    pages: int
    missing: tuple[str, ...]  # references of the pages not yet entered


def waiting(db: Database, run_id: int, *, only_missing: bool = True) -> list[Waiting]:
    """Questionnaires of a sending with pages not yet back (or all), by class then pupil.

    Plain columns, not ORM objects: a whole-school sending is thousands of pages, and the entry
    screen asks again after every page saved."""
    get_run(db, run_id)
    with db.read() as session:
        rows = session.execute(
            select(
                QuestionnaireSent.id,
                QuestionnairePage.reference,
                QuestionnairePage.entered_at.is_not(None),
                QuestionnaireSent.class_name,
                QuestionnaireSent.language,
                Family.reference,
                Pupil.preferred_name,
                Pupil.given_name,
                Pupil.family_name,
            )
            .join(QuestionnaireSent, QuestionnaireSent.id == QuestionnairePage.sent_id)
            .join(Family, Family.id == QuestionnaireSent.family_id)
            .join(Pupil, Pupil.id == QuestionnaireSent.pupil_id, isouter=True)
            .where(QuestionnaireSent.run_id == run_id)
            .order_by(QuestionnaireSent.id, QuestionnairePage.page_number)
        ).all()
    grouped: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    about: dict[int, tuple[str, str, str, str]] = {}
    for sent_id, reference, entered, class_name, language, ref, preferred, given, surname in rows:
        grouped[sent_id].append((reference, bool(entered)))
        # The name as Pupil.display_name writes it.
        name = f"{preferred or given} {surname}".strip() if given or surname else ""
        about[sent_id] = (class_name or "(no class)", name, ref, language)
    out = []
    for sent_id, items in grouped.items():
        missing = tuple(reference for reference, entered in items if not entered)
        if only_missing and not missing:
            continue
        out.append(Waiting(*about[sent_id], len(items) - len(missing), len(items), missing))
    return sorted(out, key=lambda w: (w.class_name, w.pupil.casefold(), w.family_ref))


def by_class(rows: list[Waiting]) -> dict[str, tuple[int, int]]:
    """Per class: (questionnaires not yet back whole, questionnaires sent), from every row."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for w in rows:
        counts[w.class_name][1] += 1
        counts[w.class_name][0] += w.pages_back < w.pages
    return {k: (v[0], v[1]) for k, v in sorted(counts.items())}


def waiting_by_class(db: Database, run_id: int) -> dict[str, tuple[int, int]]:
    """Per class: (questionnaires not yet back whole, questionnaires sent)."""
    return by_class(waiting(db, run_id, only_missing=False))
