"""The demo school's book-bag letters, filled in as a run fills them, for tests that print."""

from __future__ import annotations

from liaison.documents.layout import Document
from liaison.services import letters
from liaison.services.letters import bookbag
from liaison.store.database import Database

EVENT = {"event": "Coffee morning", "date": "01/12/2026", "time": "09:00", "place": "the hall"}


def planned_letters(
    db: Database, template: str = "event_invitation", fields: dict[str, str] | None = None
) -> list[Document]:
    """The whole school's letters of `template`, bilingual, in every language the plan chose."""
    plan = bookbag.plan(db, template, bookbag.Selection(whole_school=True))
    return [
        letters.prepare(
            db,
            plan.template_key,
            item.family_id,
            caregiver_id=item.caregiver_id,
            pupil_id=item.pupil_id,
            language=item.language,
            fields=EVENT if fields is None else fields,
            draft=plan.drafts[item.family_id],
        ).document
        for item in plan.items
    ]
