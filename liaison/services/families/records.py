"""Needs and barriers and dated notes on a family; everything the family page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from liaison import validation as v
from liaison.errors import NotFound, ValidationError
from liaison.models import FamilyNeed, FamilyNote
from liaison.models.enums import AuditAction, ConsentKind, ConsentStatus, NeedCategory, NeedStatus
from liaison.services import audit
from liaison.services.families.chronology import ChronologyItem, history
from liaison.services.families.drafts import FamilyDraft, draft_from
from liaison.services.families.lookup import family_or_404
from liaison.services.school.settings import officer_name

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass(frozen=True)
class NeedView:
    id: int
    category: NeedCategory
    status: NeedStatus
    detail: str | None
    identified_on: dt.date
    resolved_on: dt.date | None


@dataclass(frozen=True)
class ConsentView:
    id: int
    kind: ConsentKind
    service: str | None
    status: ConsentStatus
    recorded_on: dt.date
    expires_on: dt.date | None
    caregiver_id: int | None
    note: str | None


@dataclass(frozen=True)
class NoteView:
    id: int
    written_at: dt.datetime
    author: str
    body: str
    confidential: bool


@dataclass(frozen=True)
class FamilyDetail:
    draft: FamilyDraft
    reference: str
    created_at: dt.datetime
    archived_at: dt.datetime | None
    archived_reason: str | None
    needs: tuple[NeedView, ...]
    consents: tuple[ConsentView, ...]
    notes: tuple[NoteView, ...]
    chronology: tuple[ChronologyItem, ...]


def get_family(db: Database, family_id: int) -> FamilyDetail:
    with db.read() as session:
        family = family_or_404(session, family_id)
        items = history(session, family)
        return FamilyDetail(
            draft=draft_from(family),
            reference=family.reference,
            created_at=family.created_at,
            archived_at=family.archived_at,
            archived_reason=family.archived_reason,
            needs=tuple(
                NeedView(n.id, n.category, n.status, n.detail, n.identified_on, n.resolved_on)
                for n in family.needs
            ),
            consents=tuple(
                ConsentView(
                    c.id,
                    c.kind,
                    c.service,
                    c.status,
                    c.recorded_on,
                    c.expires_on,
                    c.caregiver_id,
                    c.note,
                )
                for c in family.consents
            ),
            notes=tuple(
                NoteView(n.id, n.written_at, n.author, n.body, n.confidential)
                for n in sorted(family.notes, key=lambda n: n.written_at, reverse=True)
            ),
            chronology=tuple(items),
        )


# -- needs ---------------------------------------------------------------------------------
def add_need(
    db: Database,
    family_id: int,
    category: NeedCategory | str,
    *,
    detail: str | None = None,
    status: NeedStatus | str = NeedStatus.IDENTIFIED,
    identified_on: dt.date | None = None,
) -> int:
    try:
        category = NeedCategory(category)
    except ValueError:
        raise ValidationError({"category": f"unknown need {category!r}"}) from None
    status = NeedStatus(status)
    today = db.clock.today()
    errors: dict[str, str] = {}
    identified_on = identified_on or today
    if identified_on > today:
        errors["identified_on"] = "a need cannot be identified in the future"
    try:
        detail = v.clean_text(detail, max_len=2000)
    except ValueError as exc:
        errors["detail"] = str(exc)
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        family = family_or_404(session, family_id)
        for existing in family.needs:
            if existing.category == category and existing.status.is_open:
                raise ValidationError(
                    {"category": f"{category.label} is already an open need for this family"}
                )
        need = FamilyNeed(
            category=category,
            status=status,
            detail=detail,
            identified_on=identified_on,
            resolved_on=None if status.is_open else today,
            updated_at=db.clock.now(),
        )
        family.needs.append(need)
        session.flush()
        audit.record(
            session,
            db,
            AuditAction.CREATED,
            entity="need",
            entity_id=need.id,
            family_id=family_id,
            detail=category.value,
        )
        return need.id


def update_need(
    db: Database, need_id: int, *, status: NeedStatus | str, detail: str | None = None
) -> None:
    status = NeedStatus(status)
    with db.session() as session:
        need = session.get(FamilyNeed, need_id)
        if need is None:
            raise NotFound(f"There is no need with id {need_id}.")
        was_open = need.status.is_open
        need.status = status
        if detail is not None:
            need.detail = v.clean_text(detail, max_len=2000)
        if was_open and not status.is_open:
            need.resolved_on = db.clock.today()
        elif status.is_open:
            need.resolved_on = None
        need.updated_at = db.clock.now()
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="need",
            entity_id=need.id,
            family_id=need.family_id,
            detail=f"status {status.value}",
        )


# -- notes ---------------------------------------------------------------------------------
def add_note(
    db: Database,
    family_id: int,
    body: str,
    *,
    confidential: bool = False,
    written_at: dt.datetime | None = None,
    author: str | None = None,
) -> int:
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": "write something in the note"})
    if len(text) > 20_000:
        raise ValidationError({"body": "keep a note under 20,000 characters"})
    now = db.clock.now()
    written_at = written_at or now
    if written_at > now + dt.timedelta(minutes=5):
        raise ValidationError({"written_at": "a note cannot be dated in the future"})
    with db.session() as session:
        family = family_or_404(session, family_id)
        note = FamilyNote(
            written_at=written_at,
            author=author or officer_name(session) or db.actor,
            body=text,
            confidential=confidential,
            updated_at=now,
        )
        family.notes.append(note)
        session.flush()
        audit.record(
            session,
            db,
            AuditAction.CREATED,
            entity="note",
            entity_id=note.id,
            family_id=family_id,
        )
        return note.id
