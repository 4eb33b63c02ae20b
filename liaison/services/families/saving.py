"""Saving a whole family from a draft in one transaction; archiving and restoring.

The UI edits a whole family as a `FamilyDraft` and saves it in one transaction; needs, consent
and notes are added one at a time (records.py, consent.py). Records are archived, never
deleted; only erasure under the retention rules removes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from liaison import validation as v
from liaison.errors import NotFound, ValidationError
from liaison.models import (
    Caregiver,
    CaregiverLanguage,
    Family,
    Pupil,
    PupilCaregiver,
    StoreMeta,
)
from liaison.models.enums import AuditAction
from liaison.services import audit
from liaison.services.families.drafts import (
    CAREGIVER_FIELDS,
    FAMILY_FIELDS,
    PUPIL_FIELDS,
    CaregiverDraft,
    FamilyDraft,
    LanguageSkill,
    LinkDraft,
    draft_from,
)
from liaison.services.families.lookup import family_or_404
from liaison.services.families.validate import validate

if TYPE_CHECKING:
    from liaison.store.database import Database


# -- views: what comes back ----------------------------------------------------------------


# -- validation ----------------------------------------------------------------------------


# -- writing -------------------------------------------------------------------------------
def _next_reference(session: Session) -> str:
    meta = session.get(StoreMeta, "next_family_number")
    number = int(meta.value) if meta else 1
    if meta is None:
        meta = StoreMeta(key="next_family_number", value="1")
        session.add(meta)
    meta.value = str(number + 1)
    return f"F{number:05d}"


def _assign(target: object, source: object, names: list[str]) -> list[str]:
    changed = []
    for name in names:
        new = getattr(source, name)
        if getattr(target, name) != new:
            setattr(target, name, new)
            changed.append(name)
    return changed


def save_family(db: Database, draft: FamilyDraft) -> int:
    """Create or update a family from a draft in one transaction; return its id."""
    now = db.clock.now()
    clean = validate(draft, db.clock.today())
    with db.session() as session:
        _check_in_ahead(session, clean, db.clock.today())
        family_id = save_family_in(session, db, clean, now)
    return family_id


def _check_in_ahead(session: Session, clean: FamilyDraft, today: dt.date) -> None:
    """A check-in date typed or changed must lie ahead (an overdue one already on record can
    stay while the rest of the family is edited)."""
    day = clean.next_check_in_on
    stored = session.get(Family, clean.id) if clean.id is not None else None
    if day is None or (stored is not None and stored.next_check_in_on == day):
        return
    try:
        v.ahead_date(day, today, what="the next check-in")
    except ValueError as exc:
        raise ValidationError({"next_check_in_on": str(exc)}) from None


def save_family_in(session: Session, db: Database, clean: FamilyDraft, now: dt.datetime) -> int:
    """Write an already validated draft inside an open transaction; return the family's id.

    Bulk jobs that save many families use `family_batch.FamilyBatch`, which makes the same
    changes through `stage_family` and `record_saved`, flushing many families at a time."""
    staged = stage_family(session, clean, now)
    session.flush()
    record_saved(session, db, staged)
    return staged.family.id


@dataclass
class StagedFamily:
    """A family whose changes are in the session, not yet flushed: what to audit once it is."""

    family: Family
    created: bool
    changed: list[str]


def stage_family(session: Session, clean: FamilyDraft, now: dt.datetime) -> StagedFamily:
    """Apply an already validated draft to the session's objects, without flushing."""
    if clean.id is None:
        family = Family(reference=_next_reference(session), created_at=now, updated_at=now)
        session.add(family)
        changed = _assign(family, clean, FAMILY_FIELDS)
        created = True
    else:
        found = session.get(Family, clean.id)
        if found is None:
            raise NotFound(f"There is no family with id {clean.id}.")
        family = found
        changed = _assign(family, clean, FAMILY_FIELDS)
        created = False

    by_key: dict[str, Caregiver] = {}

    def sync_carer(carer: Caregiver, draft: CaregiverDraft) -> bool:
        by_key[draft.key] = carer
        return _sync_languages(carer, draft.languages)

    changed += _sync_people(
        family.caregivers, clean.caregivers, Caregiver, CAREGIVER_FIELDS, sync_carer, now
    )
    changed += _sync_people(
        family.pupils,
        clean.pupils,
        Pupil,
        PUPIL_FIELDS,
        lambda pupil, draft: _sync_links(pupil, draft.links, by_key),
        now,
    )
    if changed or created:
        family.updated_at = now
    return StagedFamily(family, created, changed)


def _sync_people(
    rows: list[Any],
    drafts: Sequence[Any],
    make: Callable[..., Any],
    fields: list[str],
    sync_children: Callable[[Any, Any], bool],
    now: dt.datetime,
) -> list[str]:
    """Bring a family's caregivers (or pupils) in line with the drafts: update the ones kept,
    restore archived ones that come back, add new ones, archive the ones left out (never delete).
    `sync_children` brings each row's languages (or links) in line and says if any changed.
    Returns what changed, as audit words ("caregiver added", "pupil.class_name"...)."""
    what = make.__tablename__
    existing = {row.id: row for row in rows}
    kept: set[int] = set()
    changed: list[str] = []
    for draft in drafts:
        if draft.id is not None:
            row = existing.get(draft.id)
            if row is None:
                raise ValidationError({f"{what}s": f"{what} {draft.id} is not in this family"})
            kept.add(draft.id)
            if row.archived_at is not None:
                row.archived_at = None
                changed.append(f"{what} restored")
        else:
            row = make(created_at=now, updated_at=now)
            rows.append(row)
            changed.append(f"{what} added")
        assigned = _assign(row, draft, fields)
        if sync_children(row, draft):
            assigned.append("languages" if what == "caregiver" else "relationships")
        if assigned:
            row.updated_at = now
            changed.extend(f"{what}.{name}" for name in assigned)
    for row_id, row in existing.items():
        if row_id not in kept and row.archived_at is None:
            row.archived_at = now
            changed.append(f"{what} archived")
    return changed


def record_saved(session: Session, db: Database, staged: StagedFamily) -> None:
    """The audit entry for a family staged and flushed (so its id is known)."""
    family, changed = staged.family, staged.changed
    if staged.created:
        audit.record(
            session,
            db,
            AuditAction.CREATED,
            entity="family",
            entity_id=family.id,
            family_id=family.id,
        )
    elif changed:
        summary = ", ".join(sorted(set(changed)))
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="family",
            entity_id=family.id,
            family_id=family.id,
            detail=summary,
        )


def _sync_languages(carer: Caregiver, skills: list[LanguageSkill]) -> bool:
    wanted = {s.code: s for s in skills}
    changed = False
    for row in list(carer.languages):
        skill = wanted.pop(row.language, None)
        if skill is None:
            carer.languages.remove(row)
            changed = True
        elif (row.speaks, row.reads) != (skill.speaks, skill.reads):
            row.speaks, row.reads = skill.speaks, skill.reads
            changed = True
    for skill in wanted.values():
        carer.languages.append(
            CaregiverLanguage(language=skill.code, speaks=skill.speaks, reads=skill.reads)
        )
        changed = True
    return changed


def _sync_links(pupil: Pupil, links: list[LinkDraft], by_key: dict[str, Caregiver]) -> bool:
    wanted = {id(by_key[link.caregiver_key]): link for link in links}
    changed = False
    for row in list(pupil.caregiver_links):
        link = wanted.pop(id(row.caregiver), None)
        if link is None:
            pupil.caregiver_links.remove(row)
            changed = True
            continue
        new = (link.relationship, link.parental_responsibility, link.priority)
        if (row.relationship_kind, row.parental_responsibility, row.priority) != new:
            row.relationship_kind, row.parental_responsibility, row.priority = new
            changed = True
    for link in links:
        carer = by_key[link.caregiver_key]
        if id(carer) in wanted:
            pupil.caregiver_links.append(
                PupilCaregiver(
                    caregiver=carer,
                    relationship_kind=link.relationship,
                    parental_responsibility=link.parental_responsibility,
                    priority=link.priority,
                )
            )
            changed = True
    return changed


def archive_family(db: Database, family_id: int, reason: str | None = None) -> None:
    with db.session() as session:
        family = family_or_404(session, family_id)
        if family.archived_at is not None:
            return
        family.archived_at = db.clock.now()
        family.archived_reason = v.clean_text(reason, max_len=200)
        audit.record(
            session,
            db,
            AuditAction.ARCHIVED,
            entity="family",
            entity_id=family_id,
            family_id=family_id,
        )


def unarchive_family(db: Database, family_id: int) -> None:
    with db.session() as session:
        family = family_or_404(session, family_id)
        if family.archived_at is None:
            return
        family.archived_at = None
        family.archived_reason = None
        audit.record(
            session,
            db,
            AuditAction.UNARCHIVED,
            entity="family",
            entity_id=family_id,
            family_id=family_id,
        )


# -- reading -------------------------------------------------------------------------------
def load_draft(db: Database, family_id: int) -> FamilyDraft:
    with db.read() as session:
        return draft_from(family_or_404(session, family_id))
