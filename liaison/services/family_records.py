"""Needs and barriers, consent, and dated notes on a family; the family page and its chronology."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from liaison.clock import LONDON
from liaison.errors import NotFound, ValidationError
from liaison.models import Consent, Family, FamilyNeed, FamilyNote
from liaison.models.enums import (
    AuditAction,
    ConsentKind,
    ConsentStatus,
    NeedCategory,
    NeedStatus,
)
from liaison.services import audit
from liaison.services import validation as v
from liaison.services.families import FamilyDraft, draft_from

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
class ChronologyItem:
    """One dated line in a family's history. `when` is a London-local date-time."""

    when: dt.datetime
    kind: str
    summary: str
    ref_id: int | None = None


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


ChronologySource = Callable[[Session, Family], Iterable[ChronologyItem]]
_chronology_sources: list[ChronologySource] = []


def register_chronology(source: ChronologySource) -> ChronologySource:
    _chronology_sources.append(source)
    return source


def _at_day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LONDON)


@register_chronology
def _core_chronology(session: Session, family: Family) -> Iterable[ChronologyItem]:
    yield ChronologyItem(family.created_at.astimezone(LONDON), "record", "Family record created")
    if family.new_arrival_date:
        yield ChronologyItem(_at_day_start(family.new_arrival_date), "arrival", "New arrival")
    for pupil in family.pupils:
        if pupil.admission_date:
            yield ChronologyItem(
                _at_day_start(pupil.admission_date),
                "admission",
                f"{pupil.display_name} admitted"
                + (f" to {pupil.class_name}" if pupil.class_name else ""),
                pupil.id,
            )
        if pupil.left_date:
            yield ChronologyItem(
                _at_day_start(pupil.left_date), "left", f"{pupil.display_name} left", pupil.id
            )
    for need in family.needs:
        yield ChronologyItem(
            _at_day_start(need.identified_on),
            "need",
            f"Need identified: {need.category.label}",
            need.id,
        )
        if need.resolved_on:
            yield ChronologyItem(
                _at_day_start(need.resolved_on),
                "need",
                f"Need {need.status.label.lower()}: {need.category.label}",
                need.id,
            )
    for consent in family.consents:
        what = (
            "store records"
            if consent.kind == ConsentKind.STORE
            else f"share with {consent.service}"
        )
        yield ChronologyItem(
            _at_day_start(consent.recorded_on),
            "consent",
            f"Consent to {what}: {consent.status.value}",
            consent.id,
        )
    for note in family.notes:
        first_line = note.body.strip().splitlines()[0] if note.body.strip() else ""
        label = "Confidential note" if note.confidential else "Note"
        yield ChronologyItem(
            note.written_at.astimezone(LONDON), "note", f"{label}: {first_line[:80]}", note.id
        )


def get_family(db: Database, family_id: int) -> FamilyDetail:
    with db.read() as session:
        family = session.get(Family, family_id)
        if family is None:
            raise NotFound(f"There is no family with id {family_id}.")
        items: list[ChronologyItem] = []
        for source in _chronology_sources:
            items.extend(source(session, family))
        items.sort(key=lambda item: item.when, reverse=True)
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


def _family(session: Session, family_id: int) -> Family:
    family = session.get(Family, family_id)
    if family is None:
        raise NotFound(f"There is no family with id {family_id}.")
    return family


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
        family = _family(session, family_id)
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


# -- consent -------------------------------------------------------------------------------
def record_consent(
    db: Database,
    family_id: int,
    kind: ConsentKind | str,
    status: ConsentStatus | str,
    *,
    service: str | None = None,
    caregiver_id: int | None = None,
    recorded_on: dt.date | None = None,
    expires_on: dt.date | None = None,
    note: str | None = None,
) -> int:
    kind = ConsentKind(kind)
    status = ConsentStatus(status)
    today = db.clock.today()
    recorded_on = recorded_on or today
    errors: dict[str, str] = {}
    service = v.clean_text(service, max_len=120)
    if kind == ConsentKind.SHARE and not service:
        errors["service"] = "name the service the family agreed to share with"
    if recorded_on > today:
        errors["recorded_on"] = "consent cannot be recorded in the future"
    if expires_on and expires_on < recorded_on:
        errors["expires_on"] = "the expiry date is before the date consent was given"
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        family = _family(session, family_id)
        if caregiver_id is not None and caregiver_id not in {c.id for c in family.caregivers}:
            raise ValidationError({"caregiver_id": "that caregiver is not part of this family"})
        consent = Consent(
            kind=kind,
            status=status,
            service=service,
            caregiver_id=caregiver_id,
            recorded_on=recorded_on,
            expires_on=expires_on,
            note=v.clean_text(note, max_len=300),
        )
        family.consents.append(consent)
        session.flush()
        audit.record(
            session,
            db,
            AuditAction.CREATED,
            entity="consent",
            entity_id=consent.id,
            family_id=family_id,
            detail=f"{kind.value} {status.value}",
        )
        return consent.id


def has_share_consent(db: Database, family_id: int, service: str, on: dt.date) -> bool:
    """Whether the latest consent recorded for sharing with `service` is given and in date."""
    with db.read() as session:
        family = _family(session, family_id)
        latest: Consent | None = None
        for consent in family.consents:
            if consent.kind != ConsentKind.SHARE or not consent.service:
                continue
            if consent.service.casefold() != service.casefold():
                continue
            if latest is None or (consent.recorded_on, consent.id) > (
                latest.recorded_on,
                latest.id,
            ):
                latest = consent
        return (
            latest is not None
            and latest.status == ConsentStatus.GIVEN
            and (latest.expires_on is None or latest.expires_on >= on)
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
        family = _family(session, family_id)
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


def edit_note(db: Database, note_id: int, body: str, *, confidential: bool | None = None) -> None:
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": "write something in the note"})
    with db.session() as session:
        note = session.get(FamilyNote, note_id)
        if note is None:
            raise NotFound(f"There is no note with id {note_id}.")
        note.body = text
        if confidential is not None:
            note.confidential = confidential
        note.updated_at = db.clock.now()
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="note",
            entity_id=note.id,
            family_id=note.family_id,
        )


def officer_name(session: Session) -> str | None:
    from liaison.models import School

    school = session.get(School, 1)
    return school.officer_name if school and school.officer_name else None
