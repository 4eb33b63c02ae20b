"""Answers in: a page found by its reference (typed, or scanned by a barcode scanner that types),
its questions shown in the language it went home in beside English, the answers recorded.

A reference that is mistyped, already entered, from another sending, or a letter's reply slip
gets a message saying which and what to do; nothing is changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from liaison.clock import to_local
from liaison.errors import NotFound, ValidationError
from liaison.i18n import languages
from liaison.models import (
    Family,
    PrintedDocument,
    Pupil,
    QuestionnaireAnswer,
    QuestionnairePage,
    QuestionnaireRun,
    QuestionnaireSent,
)
from liaison.models.enums import AuditAction
from liaison.services import audit
from liaison.services.parent_voice import references

if TYPE_CHECKING:
    from liaison.store.database import Database

MAX_TEXT = 300  # "a short line": what fits in the box on paper
Answer = str | list[str] | None  # an option key, several (tick all that apply), or text


class AlreadyEntered(ValidationError):
    """The page was entered before: correcting it is a deliberate choice."""


class OtherRun(ValidationError):
    """The page belongs to another sending than the one being entered."""


@dataclass(frozen=True)
class EntryQuestion:
    key: str
    number: int
    kind: str  # one | any | text
    text: str  # as printed, in the language sent
    text_en: str
    options: tuple[tuple[str, str, str], ...]  # (key, words as printed, English)


@dataclass(frozen=True)
class PageToEnter:
    page_id: int
    reference: str
    run_id: int
    run_title: str
    sent_id: int
    family_id: int
    family_ref: str
    pupil: str
    class_name: str
    language: str
    direction: str
    page_number: int
    pages: int
    questions: tuple[EntryQuestion, ...]
    entered_at: dt.datetime | None
    entered_by: str | None
    answers: dict[str, Answer]

    @property
    def language_name(self) -> str:
        lang = languages.get(self.language)
        return lang.english if lang else self.language

    def describe(self) -> str:
        return (
            f"{self.run_title}: {self.pupil or self.family_ref}"
            + (f", {self.class_name}" if self.class_name else "")
            + f", page {self.page_number} of {self.pages} ({self.language_name})"
        )


def _not_a_page(db: Database, ref: str) -> NotFound:
    if ref.startswith("R"):
        with db.read() as session:
            slip = session.scalar(
                select(PrintedDocument.id).where(PrintedDocument.reply_ref == ref)
            )
        if slip is not None:
            return NotFound(
                f"{ref} is a letter's reply slip, not a questionnaire page: record it under "
                "Book-bag letters > Reply slips (or `liaison reply`)."
            )
    if not references.well_formed(ref):
        return NotFound(
            f"{ref or 'That'} is not a questionnaire reference: one is Q and six letters or "
            "digits, and a character is mistyped or missing. Check the code under the QR code."
        )
    return NotFound(f"No questionnaire page has the reference {ref}; check the code on the page.")


def find_page(db: Database, reference: str, *, run_id: int | None = None) -> PageToEnter:
    """The page with this reference, and its answers so far. Raises NotFound (wrong, or a reply
    slip) or OtherRun (another sending than `run_id`)."""
    ref = references.normalise(reference)
    with db.read() as session:
        found = session.execute(
            select(QuestionnairePage, QuestionnaireSent, QuestionnaireRun, Family, Pupil)
            .join(QuestionnaireSent, QuestionnaireSent.id == QuestionnairePage.sent_id)
            .join(QuestionnaireRun, QuestionnaireRun.id == QuestionnaireSent.run_id)
            .join(Family, Family.id == QuestionnaireSent.family_id)
            .join(Pupil, Pupil.id == QuestionnaireSent.pupil_id, isouter=True)
            .where(QuestionnairePage.reference == ref)
        ).first()
        if found is None:
            raise _not_a_page(db, ref)
        page, sent, run, family, pupil = found
        if run_id is not None and run.id != run_id:
            when = to_local(run.created_at)
            raise OtherRun(
                {
                    "reference": f"{ref} is from another sending: {run.title} "
                    f"({run.description or 'no description'}, sent {when:%d/%m/%Y}, number "
                    f"{run.id}), not the one you are entering (number {run_id}). Choose that "
                    "sending to enter it; nothing was recorded."
                }
            )
        layout_pages = session.scalar(
            select(QuestionnairePage.page_number)
            .where(QuestionnairePage.sent_id == sent.id)
            .order_by(QuestionnairePage.page_number.desc())
        )
        geometry_keys = _page_questions(session, page)
        answers = {
            a.question_key: a.value
            for a in session.scalars(
                select(QuestionnaireAnswer).where(QuestionnaireAnswer.page_id == page.id)
            )
        }
        return _page_view(page, sent, run, family, pupil, layout_pages, geometry_keys, answers)


def _page_view(
    page, sent, run, family, pupil, pages, on_page: set[str], answers: dict[str, str]
) -> PageToEnter:
    snap = sent.snapshot
    questions = tuple(
        EntryQuestion(
            q["key"],
            number,
            q["kind"],
            q["text"],
            q["text_en"],
            tuple((o[0], o[1], o[2]) for o in q["options"]),
        )
        for number, q in enumerate(snap["questions"], start=1)
        if q["key"] in on_page
    )
    return PageToEnter(
        page.id,
        page.reference,
        run.id,
        run.title,
        sent.id,
        family.id,
        family.reference,
        pupil.display_name if pupil else "",
        sent.class_name or "",
        sent.language,
        snap.get("direction", "ltr"),
        page.page_number,
        int(pages or 1),
        questions,
        page.entered_at,
        page.entered_by,
        {q.key: _stored(q, answers[q.key]) for q in questions if q.key in answers},
    )


def _page_questions(session, page: QuestionnairePage) -> set[str]:
    from liaison.models import QuestionnaireLayout

    layout = session.get(QuestionnaireLayout, page.layout_id)
    return set(layout.geometry.get("questions", [])) if layout is not None else set()


def _stored(q: EntryQuestion, value: str) -> Answer:
    return value.split(",") if q.kind == "any" else value


def check_answers(page: PageToEnter, answers: dict[str, Answer]) -> dict[str, str]:
    """Answers by question key; a question left out or None is left blank on the record."""
    errors: dict[str, str] = {}
    keys = {q.key for q in page.questions}
    for key in sorted(set(answers) - keys):
        errors[key] = f"question {key!r} is not on page {page.page_number}"
    for q in page.questions:
        value = answers.get(q.key)
        if value in (None, "", []):
            continue
        options = [o[0] for o in q.options]
        if q.kind == "text":
            if not isinstance(value, str) or len(value.strip()) > MAX_TEXT:
                errors[q.key] = f"question {q.number}: at most {MAX_TEXT} characters"
        elif q.kind == "one":
            if not isinstance(value, str) or value not in options:
                errors[q.key] = f"question {q.number}: tick one of {len(options)} boxes"
        else:
            chosen = [value] if isinstance(value, str) else list(value or [])
            if (
                not chosen
                or any(v not in options for v in chosen)
                or len(set(chosen)) < len(chosen)
            ):
                errors[q.key] = f"question {q.number}: boxes 1 to {len(options)}, each once"
    return errors


def record_answers(
    db: Database,
    reference: str,
    answers: dict[str, Answer],
    *,
    run_id: int | None = None,
    replace: bool = False,
) -> PageToEnter:
    """Record a returned page's answers. A page entered before is refused (AlreadyEntered)
    unless `replace`: then its answers are replaced. Returns the page as it now stands."""
    page = find_page(db, reference, run_id=run_id)
    if page.entered_at is not None and not replace:
        when = to_local(page.entered_at)
        raise AlreadyEntered(
            {
                "reference": f"{page.reference} was already entered on {when:%d/%m/%Y at %H:%M}"
                f" by {page.entered_by} ({page.describe()}). A second copy of the same page? "
                "To correct it, choose Correct (or add --replace); nothing was recorded."
            }
        )
    errors = check_answers(page, answers)
    if errors:
        raise ValidationError(errors)
    today = db.clock.today()
    how = "corrected" if page.entered_at else "entered"
    with db.session() as session:
        row = session.get(QuestionnairePage, page.page_id)
        assert row is not None
        session.execute(delete(QuestionnaireAnswer).where(QuestionnaireAnswer.page_id == row.id))
        for q in page.questions:
            value = answers.get(q.key)
            if value in (None, "", []):
                continue
            text = value.strip() if isinstance(value, str) else ",".join(value or [])
            session.add(
                QuestionnaireAnswer(
                    sent_id=page.sent_id, page_id=row.id, question_key=q.key, value=text
                )
            )
        row.entered_at, row.entered_by = db.clock.now(), db.actor
        sent = session.get(QuestionnaireSent, page.sent_id)
        assert sent is not None
        if sent.returned_on is None:
            sent.returned_on = today
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="questionnaire",
            entity_id=page.sent_id,
            family_id=page.family_id,
            detail=f"answers {how}: page {page.page_number}",
        )
    return find_page(db, page.reference)


def parse_tokens(page: PageToEnter, tokens: list[str]) -> dict[str, Answer]:
    """The command line's answers, one token per question on the page, in order: a box number
    (1 is the first box from the left), several joined by commas for "tick all that apply",
    '-' for a question left blank, and the words for a written answer."""
    if len(tokens) != len(page.questions):
        listed = "; ".join(
            f"{q.number}. {q.text_en} ("
            + (
                "words"
                if q.kind == "text"
                else ", ".join(f"{i}={o[2]}" for i, o in enumerate(q.options, 1))
            )
            + ")"
            for q in page.questions
        )
        raise ValidationError(
            {
                "answers": f"page {page.page_number} has {len(page.questions)} questions; give "
                f"one answer each ('-' for blank): {listed}"
            }
        )
    out: dict[str, Answer] = {}
    for q, token in zip(page.questions, tokens, strict=True):
        token = token.strip()
        if token in ("-", "", "0"):
            out[q.key] = None
        elif q.kind == "text":
            out[q.key] = token
        else:
            out[q.key] = _boxes(q, token)
    return out


def _boxes(q: EntryQuestion, token: str) -> Answer:
    parts = [p for p in token.replace(" ", "").split(",") if p]
    chosen = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= len(q.options):
            raise ValidationError(
                {q.key: f"question {q.number}: {part!r} is not a box (1 to {len(q.options)})"}
            )
        chosen.append(q.options[int(part) - 1][0])
    if q.kind == "one":
        if len(chosen) != 1:
            raise ValidationError({q.key: f"question {q.number}: tick one box only"})
        return chosen[0]
    return chosen
