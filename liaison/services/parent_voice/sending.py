"""Sending a questionnaire home, as a book-bag run: plan first (the book-bag's own planning: class,
year, language, need or the whole school; each child gets their own when the questionnaire is
per child, siblings included), then print one PDF in class then surname order with a cover
sheet per class, every page with its own reference and QR code. Everything sent is recorded
per family and child, with the page geometry, in the same transaction.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from liaison.documents.form_layout import FormPage, cover_pages, lay_out
from liaison.errors import Cancelled, ValidationError
from liaison.i18n import languages
from liaison.jobs import CancelCheck, Progress
from liaison.models import (
    QuestionnaireLayout,
    QuestionnairePage,
    QuestionnaireRun,
    QuestionnaireSent,
)
from liaison.models.enums import AuditAction
from liaison.services import audit, school
from liaison.services.letters import bookbag
from liaison.services.parent_voice import compose, references
from liaison.services.parent_voice.catalogue import Questionnaire, get_questionnaire

if TYPE_CHECKING:
    from liaison.store.database import Database

Selection = bookbag.Selection


def plan(
    db: Database,
    key: str,
    selection: bookbag.Selection,
    *,
    untranslated: str = "english",
) -> bookbag.Plan:
    """Who gets the questionnaire and in which language (nothing is written). Per child: one
    for every pupil chosen, siblings each their own; per family: one per household."""
    q = get_questionnaire(db, key)
    rule = bookbag.SiblingRule.EACH if q.design.per == "child" else bookbag.SiblingRule.YOUNGEST
    chosen = dataclasses.replace(selection, available=frozenset(q.versions))
    return bookbag.plan(db, key, chosen, sibling_rule=rule, untranslated=untranslated)


@dataclass(frozen=True)
class Sent:
    """One questionnaire as prepared: who, which language, its pages."""

    item: bookbag.Item
    filled: compose.Filled
    pages: list[FormPage]
    year_group: int | None


@dataclass(frozen=True)
class RunResult:
    run_id: int
    questionnaires: int
    pages: int
    out: Path
    per_class_files: tuple[Path, ...]


def _values(db: Database, fields: dict[str, Any] | None) -> dict[str, Any]:
    details = school.get_school(db)
    return {
        "school_name": details.name or "the school",
        "officer_name": details.officer_name or "the family liaison officer",
        **{k: v for k, v in (fields or {}).items() if v not in (None, "")},
    }


def prepare_all(
    db: Database,
    q: Questionnaire,
    the_plan: bookbag.Plan,
    fields: dict[str, Any] | None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> list[Sent]:
    """Every questionnaire filled in and laid out, with fresh references (nothing written)."""
    with db.read() as session:
        taken = set(session.scalars(select(QuestionnairePage.reference)))
    base = _values(db, fields)
    school_name = base["school_name"]
    out: list[Sent] = []
    total = len(the_plan.items)
    for index, item in enumerate(the_plan.items):
        if cancel is not None and cancel():
            raise Cancelled
        draft = the_plan.drafts[item.family_id]
        carer = next((c for c in draft.caregivers if c.id == item.caregiver_id), None)
        pupil = next((p for p in draft.pupils if p.id == item.pupil_id), None)
        values = {
            **base,
            "caregiver_name": carer.display_name if carer else "",
            "pupil_name": item.pupil_name,
            "family_ref": draft.reference or "",
        }
        who = (
            item.pupil_name if q.design.per == "child" else f"{draft.reference} ({item.pupil_name})"
        )
        tag = f"{who} · {item.class_name}"
        filled = compose.fill(q, item.language, values, tag=tag, school_name=school_name)
        refs = [references.new_reference(taken) for _ in range(filled.pages)]
        pages = lay_out(filled.content, refs)
        out.append(Sent(item, filled, pages, pupil.year_group if pupil else None))
        if progress is not None and index % 20 == 0:
            progress(index, total * 2)
    return out


def _cover(q: Questionnaire, class_name: str, sent: list[Sent]) -> list[FormPage]:
    lines = [
        f"{s.item.pupil_name}: {languages.describe(s.filled.language)}"
        + ("  (English: no translation in their language)" if s.item.fallback else "")
        + (f"  (assumed {s.item.assumed}: confirm with the family)" if s.item.assumed else "")
        for s in sent
    ]
    title = f"{q.title}: class {class_name}, {len(sent)} questionnaires"
    return cover_pages(title, lines, f"Cover sheet · {class_name}")


def run(
    db: Database,
    the_plan: bookbag.Plan,
    out: Path,
    *,
    fields: dict[str, Any] | None = None,
    description: str = "",
    per_class_dir: Path | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> RunResult:
    """Print the planned questionnaires into one PDF (a cover sheet before each class) and
    record them; a failure or cancel leaves no file and no record."""
    from liaison.documents.form_pdf import FormJob
    from liaison.documents.form_render import render_forms

    if not the_plan.items:
        raise ValidationError({"selection": "nobody to send this questionnaire to"})
    q = get_questionnaire(db, the_plan.template_key)
    sent = prepare_all(db, q, the_plan, fields, progress, cancel)
    pages: list[FormPage] = []
    by_class: dict[str, list[FormPage]] = {}
    for class_name in dict.fromkeys(s.item.class_name for s in sent):
        of_class = [s for s in sent if s.item.class_name == class_name]
        class_pages = _cover(q, class_name, of_class) + [p for s in of_class for p in s.pages]
        by_class[class_name] = class_pages
        pages += class_pages
    total = len(sent)

    def render_progress(done: int, count: int) -> None:
        if progress is not None:
            progress(total + done * total // max(count, 1), total * 2)

    jobs = [FormJob(tuple(pages), Path(out), q.title)]
    if per_class_dir is not None:
        per_class_dir.mkdir(parents=True, exist_ok=True)
        for class_name, class_pages in by_class.items():
            safe = "".join(ch if ch.isalnum() else "-" for ch in class_name)
            jobs.append(FormJob(tuple(class_pages), per_class_dir / f"{q.key}-{safe}.pdf", q.title))
    results = render_forms(jobs, progress=render_progress, cancel=cancel)
    run_id = _record(db, q, sent, fields or {}, description, results[0].pages)
    if progress is not None:
        progress(total * 2, total * 2)
    return RunResult(run_id, len(sent), results[0].pages, Path(out), tuple(j.out for j in jobs[1:]))


def _record(
    db: Database,
    q: Questionnaire,
    sent: list[Sent],
    fields: dict[str, Any],
    description: str,
    pages: int,
) -> int:
    """The run, its page geometry, and every questionnaire and page, in one transaction."""
    now = db.clock.now()
    with db.session() as session:
        run = QuestionnaireRun(
            questionnaire_key=q.key,
            title=q.title,
            description=description[:300],
            per=q.design.per,
            fields={k: str(v) for k, v in fields.items()},
            sent=len(sent),
            pages=pages,
            created_at=now,
            created_by=db.actor,
        )
        session.add(run)
        session.flush()
        layouts: dict[tuple[int, str], QuestionnaireLayout] = {}
        for s in sent:
            for number, page in enumerate(s.pages, start=1):
                geometry = page.geometry()
                marker = (number, repr(geometry))
                if marker not in layouts:
                    layouts[marker] = QuestionnaireLayout(
                        run_id=run.id, page_number=number, geometry=geometry
                    )
                    session.add(layouts[marker])
        session.flush()
        rows = [
            QuestionnaireSent(
                run_id=run.id,
                family_id=s.item.family_id,
                pupil_id=s.item.pupil_id if q.design.per == "child" else None,
                caregiver_id=s.item.caregiver_id,
                questionnaire_key=q.key,
                language=s.filled.language,
                version=s.filled.version.version,
                translation_status=s.filled.version.status,
                class_name=None if s.item.class_name == "(no class)" else s.item.class_name,
                year_group=s.year_group,
                snapshot={**s.filled.snapshot, "assumed": s.item.assumed},
                sent_at=now,
            )
            for s in sent
        ]
        session.add_all(rows)
        session.flush()
        session.add_all(
            QuestionnairePage(
                sent_id=row.id,
                layout_id=layouts[(number, repr(page.geometry()))].id,
                page_number=number,
                reference=page.reference,
            )
            for s, row in zip(sent, rows, strict=True)
            for number, page in enumerate(s.pages, start=1)
        )
        languages_sent = Counter(s.filled.language for s in sent)
        audit.record(
            session,
            db,
            AuditAction.PRINTED,
            entity="questionnaire_run",
            entity_id=run.id,
            detail=f"{q.key} x{len(sent)} ({', '.join(sorted(languages_sent))})",
        )
        return run.id
