"""Families whose letter language is assumed from their pupils, for the officer to review and
confirm, one by one or a whole language at once. Read in a few bulk queries of plain columns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from liaison.errors import ValidationError
from liaison.i18n import languages
from liaison.i18n.resolve import resolve
from liaison.models import Caregiver, CaregiverLanguage, Family, Pupil
from liaison.models.enums import AuditAction
from liaison.services import audit
from liaison.services.letters.language_rules import CaregiverLanguages, PupilLanguage, presume

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass(frozen=True)
class AssumedFamily:
    family_id: int
    reference: str
    caregiver_id: int
    caregiver_name: str
    language: str  # the version letters go in (what confirming records)
    pupils_language: str  # the pupils' first language it comes from
    reason: str  # "from Ayaan's first language"


def _name(given: str, preferred: str | None, family: str) -> str:
    return f"{preferred or given} {family}".strip()


def assumed_families(db: Database, family_ids: Iterable[int] | None = None) -> list[AssumedFamily]:
    """Every active family (or those given) whose main caregiver has no language recorded and
    whose pupils point to a language other than English; by language, then reference."""
    from liaison.services.letters.templates import list_templates

    versions = {code for t in list_templates(db) for code in t.variants}
    wanted = set(family_ids) if family_ids is not None else None
    with db.read() as session:
        families = {
            fid: ref
            for fid, ref in session.execute(
                select(Family.id, Family.reference).where(Family.archived_at.is_(None))
            )
        }
        carers = session.execute(
            select(
                Caregiver.id,
                Caregiver.family_id,
                Caregiver.given_name,
                Caregiver.preferred_name,
                Caregiver.family_name,
                Caregiver.main_language,
                Caregiver.letter_language,
                Caregiver.is_main_contact,
            )
            .where(Caregiver.archived_at.is_(None))
            .order_by(Caregiver.id)
        ).all()
        reading = set(
            session.scalars(select(CaregiverLanguage.caregiver_id).where(CaregiverLanguage.reads))
        )
        pupils = session.execute(
            select(
                Pupil.family_id,
                Pupil.given_name,
                Pupil.preferred_name,
                Pupil.family_name,
                Pupil.first_language,
                Pupil.date_of_birth,
            ).where(Pupil.archived_at.is_(None), Pupil.left_date.is_(None))
        ).all()
    main: dict[int, tuple] = {}
    for row in carers:
        if row.family_id not in main or (row.is_main_contact and not main[row.family_id][-1]):
            main[row.family_id] = tuple(row)
    kids: dict[int, list[PupilLanguage]] = defaultdict(list)
    for p in pupils:
        kids[p.family_id].append(
            PupilLanguage(
                _name(p.given_name, p.preferred_name, p.family_name),
                p.first_language,
                p.date_of_birth,
            )
        )
    out = []
    for family_id, carer in main.items():
        if family_id not in families or (wanted is not None and family_id not in wanted):
            continue
        cid, _, given, preferred, surname, main_language, letter_language, _ = carer
        recorded = CaregiverLanguages(
            main_language, letter_language, ("x",) if cid in reading else ()
        ).recorded
        presumed = None if recorded else presume(kids.get(family_id, []))
        if presumed is None:
            continue
        found = resolve(presumed.language, versions)
        out.append(
            AssumedFamily(
                family_id,
                families[family_id] or "",
                cid,
                _name(given, preferred, surname),
                found.code if found else presumed.language,
                presumed.language,
                presumed.reason,
            )
        )
    return sorted(out, key=lambda a: (languages.describe(a.language), a.reference))


def by_language(items: list[AssumedFamily]) -> dict[str, list[AssumedFamily]]:
    groups: dict[str, list[AssumedFamily]] = defaultdict(list)
    for item in items:
        groups[item.language].append(item)
    return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def confirm(db: Database, caregiver_ids: Iterable[int], language: str) -> int:
    """Record `language` as the letter language of these caregivers: the officer's act. A
    caregiver who meanwhile has a letter or main language recorded is left as typed (never
    overwritten). Returns how many were confirmed."""
    lang = languages.get(language)
    if lang is None:
        raise ValidationError({"language": f"unknown language code {language!r}"})
    if not lang.written:
        raise ValidationError(
            {"language": f"{lang.english} is rarely written; choose what they read"}
        )
    done = 0
    with db.session() as session:
        for cid in caregiver_ids:
            carer = session.get(Caregiver, cid)
            if carer is None or carer.letter_language or carer.main_language:
                continue
            carer.letter_language = lang.dfe
            carer.updated_at = db.clock.now()
            audit.record(
                session,
                db,
                AuditAction.CHANGED,
                entity="caregiver",
                entity_id=cid,
                family_id=carer.family_id,
                detail=f"letter language {lang.dfe} confirmed (was assumed from the pupils)",
            )
            done += 1
    return done
