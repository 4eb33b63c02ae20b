"""Recording what a scan said, once the officer has looked at the summary: each reply slip the
way a typed one is recorded (letters.reply_slips.record_reply) and each questionnaire page the
way the entry screen records it (parent_voice.entry.record_answers).

A page with a box still unsure is left out (it stays to be entered by hand, or read again).
Re-reading the same scan records nothing twice: a slip whose reply is in, or a page already
entered, is skipped, looked up again at the moment of recording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from liaison.errors import LiaisonError
from liaison.jobs import CancelCheck, Progress
from liaison.models import PrintedDocument
from liaison.services.letters.reply_slips import record_reply
from liaison.services.parent_voice import entry
from liaison.services.scans.summary import TO_RECORD, Choice, Found, ScannedPage, ScanSummary

if TYPE_CHECKING:
    from liaison.store.database import Database

# The officer's word on unsure boxes: (reference, question key) -> the answers ticked.
Choices = dict[tuple[str, str], Choice]


@dataclass
class RecordResult:
    slips: list[str] = field(default_factory=list)  # references recorded
    pages: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # recorded before: nothing changed
    blank: list[str] = field(default_factory=list)  # slips with no box ticked
    left: list[str] = field(default_factory=list)  # an unsure box not settled
    refused: list[str] = field(default_factory=list)  # "REF: why"

    def describe(self) -> str:
        parts = [f"{len(self.slips)} reply slip(s) and {len(self.pages)} questionnaire page(s) "]
        parts[0] += "recorded"
        if self.already:
            parts.append(f"{len(self.already)} already recorded (left as they were)")
        if self.blank:
            parts.append(f"{len(self.blank)} slip(s) with no box ticked (not recorded)")
        if self.left:
            parts.append(f"{len(self.left)} left to enter by hand (a box not confirmed)")
        if self.refused:
            parts.append(f"{len(self.refused)} refused: " + "; ".join(self.refused))
        return ", ".join(parts) + "."


def record_scans(
    db: Database,
    summary: ScanSummary,
    choices: Choices | None = None,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> RecordResult:
    """Record every page of `summary` that can be, with `choices` settling unsure boxes."""
    choices = choices or {}
    result = RecordResult()
    todo = [p for p in summary.pages if p.found in TO_RECORD]
    for done, page in enumerate(todo, start=1):
        if cancel is not None and cancel():
            break  # what was recorded stays recorded: each page is its own transaction
        answers = _settled(page, choices)
        if answers is None:
            result.left.append(page.reference)
        else:
            try:
                _record(db, page, answers, result)
            except LiaisonError as exc:
                result.refused.append(f"{page.reference}: {exc}")
        if progress is not None:
            progress(done, len(todo))
    return result


def _settled(page: ScannedPage, choices: Choices) -> dict[str, Choice] | None:
    """The page's answers with its unsure boxes settled, or None if one is not."""
    answers = dict(page.answers)
    for unsure in page.unsure:
        if unsure.key not in choices:
            return None
        answers[unsure.question.key] = tuple(choices[unsure.key])
    return answers


def _record(db: Database, page: ScannedPage, answers: dict[str, Choice], out: RecordResult) -> None:
    if page.found is Found.SLIP:
        chosen = answers.get("reply", ())
        if not chosen:
            out.blank.append(page.reference)
            return
        if len(chosen) != 1:
            out.refused.append(f"{page.reference}: one box only on a reply slip")
            return
        with db.read() as session:
            before = session.scalar(
                select(PrintedDocument.reply).where(PrintedDocument.reply_ref == page.reference)
            )
        if before:
            out.already.append(page.reference)
            return
        record_reply(db, page.reference, chosen[0])
        out.slips.append(page.reference)
        return
    values: dict[str, entry.Answer] = {}
    for q in page.questions:
        chosen = answers.get(q.key, ())
        if q.kind == "text" or not chosen:
            values[q.key] = None
        else:
            values[q.key] = list(chosen) if q.kind == "any" else chosen[0]
    try:
        entry.record_answers(db, page.reference, values)
    except entry.AlreadyEntered:
        out.already.append(page.reference)
        return
    out.pages.append(page.reference)
