"""Saving a whole family from a draft in one transaction; archiving and restoring.

The UI edits a whole family as a `FamilyDraft` and saves it in one transaction; needs, consent
and notes are added one at a time (records.py, consent.py). Records are archived, never
deleted; only erasure under the retention rules removes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    existing_carers = {c.id: c for c in family.caregivers}
    kept: set[int] = set()
    for c in clean.caregivers:
        if c.id is not None:
            carer = existing_carers.get(c.id)
            if carer is None:
                raise ValidationError({"caregivers": f"caregiver {c.id} is not in this family"})
            kept.add(c.id)
            if carer.archived_at is not None:
                carer.archived_at = None
                changed.append("caregiver restored")
        else:
            carer = Caregiver(created_at=now, updated_at=now)
            family.caregivers.append(carer)
            changed.append("caregiver added")
        fields = _assign(carer, c, CAREGIVER_FIELDS)
        if _sync_languages(carer, c.languages):
            fields.append("languages")
        if fields:
            carer.updated_at = now
            changed.extend(f"caregiver.{f}" for f in fields)
        by_key[c.key] = carer
    for carer_id, carer in existing_carers.items():
        if carer_id not in kept and carer.archived_at is None:
            carer.archived_at = now
            changed.append("caregiver archived")

    existing_pupils = {p.id: p for p in family.pupils}
    kept_pupils: set[int] = set()
    for p in clean.pupils:
        if p.id is not None:
            pupil = existing_pupils.get(p.id)
            if pupil is None:
                raise ValidationError({"pupils": f"pupil {p.id} is not in this family"})
            kept_pupils.add(p.id)
            if pupil.archived_at is not None:
                pupil.archived_at = None
        else:
            pupil = Pupil(created_at=now, updated_at=now)
            family.pupils.append(pupil)
            changed.append("pupil added")
        fields = _assign(pupil, p, PUPIL_FIELDS)
        if _sync_links(pupil, p.links, by_key):
            fields.append("relationships")
        if fields:
            pupil.updated_at = now
            changed.extend(f"pupil.{f}" for f in fields)
    for pupil_id, pupil in existing_pupils.items():
        if pupil_id not in kept_pupils and pupil.archived_at is None:
            pupil.archived_at = now
            changed.append("pupil archived")

    if changed or created:
        family.updated_at = now
    return StagedFamily(family, created, changed)


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
