"""What a book-bag run needs, read in bulk: a handful of column queries, no ORM object per family.

Planning used to load each family through the ORM (`load_draft`), whose caregivers, languages,
pupils and links then lazy-loaded one by one: about 9,900 queries and 4 seconds for 1,500
families. Here the pupils selected, then the families, caregivers, caregiver languages, pupils
and pupil-caregiver links of every family concerned are each read in one query (per 5,000
families), and the drafts built from the rows are the same as `load_draft` gives.

The letter's language is chosen by one call per family (`choose_for_family`) from plain data:
the family's draft (caregivers with their languages, pupils with their first languages) and the
versions the template has, through letters.choose_language (presumed from the pupils when
nothing is recorded for the caregiver). Swap that one function to change how it is chosen.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liaison.models import Caregiver, CaregiverLanguage, Family, FamilyNeed, Pupil, PupilCaregiver
from liaison.services import families as fam
from liaison.services.families.drafts import CAREGIVER_FIELDS, FAMILY_FIELDS, PUPIL_FIELDS
from liaison.services.letters.language import LanguageChoice, choose_language

# Ids per IN list: well under SQLite's limit on bound parameters (32,766), so a whole school
# is one query per table.
CHUNK = 5000


@dataclass(frozen=True)
class Kid:
    """A pupil the run may write to, as the plan needs them."""

    id: int
    family_id: int
    name: str
    class_name: str | None
    year_group: int | None
    date_of_birth: dt.date | None
    surname: str  # Latin form where there is one: the sort order teachers expect
    given: str


def selected_kids(
    session: Session,
    *,
    whole_school: bool,
    class_names: Sequence[str] = (),
    year_groups: Sequence[int] = (),
    family_ids: Sequence[int] = (),
    need: Any = None,
) -> dict[int, list[Kid]]:
    """Pupils on roll in the selection, by family (families in the order their pupils came)."""
    query = (
        select(
            Pupil.id,
            Pupil.family_id,
            Pupil.given_name,
            Pupil.family_name,
            Pupil.preferred_name,
            Pupil.given_name_latin,
            Pupil.family_name_latin,
            Pupil.class_name,
            Pupil.year_group,
            Pupil.date_of_birth,
        )
        .join(Family, Family.id == Pupil.family_id)
        .where(Family.archived_at.is_(None), Pupil.archived_at.is_(None), Pupil.left_date.is_(None))
        .order_by(Pupil.id)
    )
    if not whole_school:
        conditions = []
        if class_names:
            conditions.append(Pupil.class_name.in_(class_names))
        if year_groups:
            conditions.append(Pupil.year_group.in_(year_groups))
        if family_ids:
            conditions.append(Pupil.family_id.in_(family_ids))
        if conditions:
            query = query.where(or_(*conditions))
    needy: set[int] | None = None
    if need is not None:
        needy = set(
            session.scalars(
                select(FamilyNeed.family_id).where(
                    FamilyNeed.category == need,
                    FamilyNeed.status.in_(("identified", "in_progress")),
                )
            )
        )
    by_family: dict[int, list[Kid]] = defaultdict(list)
    for (
        pid,
        fid,
        given,
        surname,
        preferred,
        given_latin,
        surname_latin,
        cls,
        year,
        born,
    ) in session.execute(query):
        if needy is not None and fid not in needy:
            continue
        name = f"{preferred or given} {surname}".strip()
        by_family[fid].append(
            Kid(pid, fid, name, cls, year, born, surname_latin or surname, given_latin or given)
        )
    return dict(by_family)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def load_drafts(session: Session, family_ids: Iterable[int]) -> dict[int, fam.FamilyDraft]:
    """The drafts `families.load_draft` gives for these families, read in six queries."""
    ids = sorted(set(family_ids))
    drafts: dict[int, fam.FamilyDraft] = {}
    for chunk in _chunks(ids):
        drafts.update(_load_chunk(session, chunk))
    return {fid: drafts[fid] for fid in ids if fid in drafts}


def _columns(model: type, names: list[str]) -> list[Any]:
    return [getattr(model, name) for name in names]


def _load_chunk(session: Session, ids: Sequence[int]) -> dict[int, fam.FamilyDraft]:
    drafts: dict[int, fam.FamilyDraft] = {}
    for fid, reference, *values in session.execute(
        select(Family.id, Family.reference, *_columns(Family, FAMILY_FIELDS)).where(
            Family.id.in_(ids)
        )
    ):
        drafts[fid] = fam.FamilyDraft(
            id=fid, reference=reference, **dict(zip(FAMILY_FIELDS, values, strict=True))
        )
    skills: dict[int, list[fam.LanguageSkill]] = defaultdict(list)
    for cid, code, speaks, reads in session.execute(
        select(
            CaregiverLanguage.caregiver_id,
            CaregiverLanguage.language,
            CaregiverLanguage.speaks,
            CaregiverLanguage.reads,
        )
        .join(Caregiver, Caregiver.id == CaregiverLanguage.caregiver_id)
        .where(Caregiver.family_id.in_(ids), Caregiver.archived_at.is_(None))
        .order_by(CaregiverLanguage.id)  # the relationship's order
    ):
        skills[cid].append(fam.LanguageSkill(code, speaks, reads))
    for cid, fid, *values in session.execute(
        select(Caregiver.id, Caregiver.family_id, *_columns(Caregiver, CAREGIVER_FIELDS))
        .where(Caregiver.family_id.in_(ids), Caregiver.archived_at.is_(None))
        .order_by(Caregiver.id)  # Family.caregivers' order
    ):
        carer = fam.CaregiverDraft(
            key=f"id:{cid}", id=cid, **dict(zip(CAREGIVER_FIELDS, values, strict=True))
        )
        carer.contact_channels = list(carer.contact_channels or [])
        carer.languages = skills.get(cid, [])
        drafts[fid].caregivers.append(carer)
    links: dict[int, list[tuple[int, fam.LinkDraft]]] = defaultdict(list)
    for pid, cid, kind, responsibility, priority in session.execute(
        select(
            PupilCaregiver.pupil_id,
            PupilCaregiver.caregiver_id,
            PupilCaregiver.relationship_kind,
            PupilCaregiver.parental_responsibility,
            PupilCaregiver.priority,
        )
        .join(Pupil, Pupil.id == PupilCaregiver.pupil_id)
        .join(Caregiver, Caregiver.id == PupilCaregiver.caregiver_id)
        .where(Pupil.family_id.in_(ids), Caregiver.archived_at.is_(None))
        .order_by(PupilCaregiver.id)
    ):
        links[pid].append((priority, fam.LinkDraft(f"id:{cid}", kind, responsibility, priority)))
    for pid, fid, *values in session.execute(
        select(Pupil.id, Pupil.family_id, *_columns(Pupil, PUPIL_FIELDS))
        .where(Pupil.family_id.in_(ids), Pupil.archived_at.is_(None))
        .order_by(Pupil.date_of_birth, Pupil.id)  # Family.pupils' order, ties by id
    ):
        pupil = fam.PupilDraft(
            key=f"id:{pid}", id=pid, **dict(zip(PUPIL_FIELDS, values, strict=True))
        )
        # Stable: links of equal priority keep their stored order, as draft_from's sort does.
        pupil.links = [link for _, link in sorted(links.get(pid, []), key=lambda x: x[0])]
        drafts[fid].pupils.append(pupil)
    return drafts


@dataclass(frozen=True)
class FamilyChoice:
    caregiver: fam.CaregiverDraft  # who the letter is addressed to
    language: LanguageChoice


def choose_for_family(draft: fam.FamilyDraft, available: set[str]) -> FamilyChoice | None:
    """Who a family's letter goes to and in which language; None without a caregiver.

    Plain data in (the draft: caregivers with their languages, pupils with their first
    languages), one answer out: the single place a run decides a family's language."""
    carers = draft.caregivers
    if not carers:
        return None
    carer = next((c for c in carers if c.is_main_contact), carers[0])
    return FamilyChoice(carer, choose_language(carer, available, draft.pupils))
