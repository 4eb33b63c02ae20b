"""What was printed for a reference read off a scan: a letter's reply slip or a questionnaire
page, its geometry for the reader, who it is about, and whether its answer is already in.

References are looked up one at a time as pages are read (a scan holds a few hundred; each is
one indexed query) and remembered, so a page scanned twice is looked up once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from liaison.i18n.bidi import for_line
from liaison.models import (
    PrintedDocument,
    Pupil,
    QuestionnaireLayout,
    QuestionnairePage,
    QuestionnaireRun,
    QuestionnaireSent,
)
from liaison.scans.geometry import PageGeometry, questionnaire_page, slip_page

if TYPE_CHECKING:
    from liaison.store.database import Database

# The slip's boxes, first to last, as record_reply takes them.
SLIP_ANSWERS = {2: ("yes", "no"), 1: ("yes",)}


@dataclass(frozen=True)
class Question:
    """A question as printed, for the officer: its words and its boxes' words (in English,
    with the home language's words beside them when it went home in another language)."""

    key: str
    text: str
    options: tuple[tuple[str, str], ...]  # (answer key, words)
    kind: str = "one"  # one | any | text


@dataclass(frozen=True)
class Printed:
    reference: str
    kind: str  # reply_slip | questionnaire | legacy_slip
    title: str  # "Trip consent: Omar Haddad, 3A" / "Settling in: Omar Haddad, 3A, page 2"
    family_id: int
    geometry: PageGeometry | None
    questions: tuple[Question, ...] = ()
    already: dict[str, str] | None = None  # what is recorded so far, None if nothing
    written: tuple[str, ...] = ()  # questions answered in words, on this page
    extra: dict[str, Any] = field(default_factory=dict)


class PrintedPages:
    """References to what was printed, remembered while one scan is read."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._known: dict[str, Printed | None] = {}

    def get(self, reference: str) -> Printed | None:
        if reference not in self._known:
            self._known[reference] = self._find(reference)
        return self._known[reference]

    def geometry(self, reference: str) -> PageGeometry | None:
        printed = self.get(reference)
        return printed.geometry if printed is not None else None

    def _find(self, reference: str) -> Printed | None:
        if not reference or len(reference) > 12:
            return None
        with self.db.read() as session:
            if reference.startswith("R"):
                return _slip(session, reference)
            if reference.startswith("Q"):
                return _questionnaire(session, reference)
        return None


def _slip(session, reference: str) -> Printed | None:
    found = session.execute(
        select(PrintedDocument, Pupil)
        .join(Pupil, Pupil.id == PrintedDocument.pupil_id, isouter=True)
        .where(PrintedDocument.reply_ref == reference)
    ).first()
    if found is None:
        return None
    doc, pupil = found
    snap = doc.snapshot or {}
    title = f"{snap.get('title') or doc.template_key}: " + _who(pupil)
    slip = snap.get("slip")
    already = {"reply": doc.reply} if doc.reply else None
    if not slip:
        # Printed before slips had fixed places (issue 18): the boxes could be anywhere.
        return Printed(reference, "legacy_slip", title, doc.family_id, None, already=already)
    words = [tuple(a) for a in slip.get("answers", [])]
    keys = SLIP_ANSWERS.get(len(words), ("yes", "no")[: len(words)])
    options = tuple((key, _words(w)) for key, w in zip(keys, words, strict=False))
    question = Question("reply", for_line(slip.get("subject") or title, "ltr"), options)
    geometry = slip_page(reference, keys)
    return Printed(reference, "reply_slip", title, doc.family_id, geometry, (question,), already)


def _questionnaire(session, reference: str) -> Printed | None:
    found = session.execute(
        select(QuestionnairePage, QuestionnaireSent, QuestionnaireRun, QuestionnaireLayout, Pupil)
        .join(QuestionnaireSent, QuestionnaireSent.id == QuestionnairePage.sent_id)
        .join(QuestionnaireRun, QuestionnaireRun.id == QuestionnaireSent.run_id)
        .join(QuestionnaireLayout, QuestionnaireLayout.id == QuestionnairePage.layout_id)
        .join(Pupil, Pupil.id == QuestionnaireSent.pupil_id, isouter=True)
        .where(QuestionnairePage.reference == reference)
    ).first()
    if found is None:
        return None
    page, sent, run, layout, pupil = found
    on_page = list(layout.geometry.get("questions", []))
    snapshot = {q["key"]: q for q in sent.snapshot.get("questions", [])}
    questions = tuple(
        Question(
            key,
            _words((snapshot[key]["text"], snapshot[key]["text_en"])),
            tuple((o[0], _words((o[1], o[2]))) for o in snapshot[key]["options"]),
            snapshot[key]["kind"],
        )
        for key in on_page
        if key in snapshot
    )
    multiple = frozenset(q.key for q in questions if q.kind == "any")
    geometry = questionnaire_page(reference, layout.geometry, multiple)
    title = f"{run.title}: {_who(pupil, sent.class_name)}, page {page.page_number}"
    already = {"entered": str(page.entered_at)} if page.entered_at is not None else None
    written = tuple(q.key for q in questions if q.kind == "text")
    return Printed(
        reference,
        "questionnaire",
        title,
        sent.family_id,
        geometry,
        questions,
        already,
        written,
        {"run_id": run.id, "page_number": page.page_number},
    )


def _who(pupil, class_name: str | None = None) -> str:
    if pupil is None:
        return "the family"
    # Names and words in another script read as one unit in an English line (window, CLI).
    name = for_line(pupil.display_name, "ltr")
    where = class_name or pupil.class_name
    return f"{name}, {where}" if where else name


def _words(pair: tuple[str, str]) -> str:
    home, english = pair
    if home and english and home != english:
        return f"{english} ({for_line(home, 'ltr')})"
    return for_line(english or home, "ltr")
