"""How a family is named in lists: its caregivers (else its pupils), with its reference."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from liaison.i18n import names
from liaison.models import (
    Caregiver,
    Family,
    Pupil,
)

if TYPE_CHECKING:
    pass


def family_title(carer_names: list[str], pupil_names: list[str]) -> str:
    names = carer_names or pupil_names
    if not names:
        return "(no names)"
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]}, {names[1]} and {len(names) - 2} more"


# Built once: constructing these per call cost more than running them (search calls this for
# every query). The id list is an expanding parameter, so one compiled statement serves any size.
_IDS = bindparam("ids", expanding=True)
_CARER_NAMES = (
    select(
        Caregiver.family_id, Caregiver.given_name, Caregiver.preferred_name, Caregiver.family_name
    )
    .where(Caregiver.family_id.in_(_IDS), Caregiver.archived_at.is_(None))
    .order_by(Caregiver.is_main_contact.desc(), Caregiver.id)
)
_PUPIL_NAMES = (
    select(Pupil.family_id, Pupil.given_name, Pupil.preferred_name, Pupil.family_name)
    .where(Pupil.family_id.in_(_IDS), Pupil.archived_at.is_(None))
    .order_by(Pupil.date_of_birth)
)
_FAMILIES = select(Family.id, Family.reference, Family.archived_at).where(Family.id.in_(_IDS))


def family_titles(session: Session, family_ids: list[int]) -> dict[int, tuple[str, str, bool]]:
    """reference, title and archived flag for each family id."""
    if not family_ids:
        return {}
    out: dict[int, tuple[str, str, bool]] = {}
    carers: dict[int, list[str]] = defaultdict(list)
    pupils: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(family_ids), 500):
        ids = {"ids": family_ids[start : start + 500]}
        for fid, given, pref, fam in session.execute(_CARER_NAMES, ids):
            carers[fid].append(names.written(pref or given, fam))
        for fid, given, pref, fam in session.execute(_PUPIL_NAMES, ids):
            pupils[fid].append(names.written(pref or given, fam))
        for fid, ref, archived in session.execute(_FAMILIES, ids):
            out[fid] = (ref, family_title(carers[fid], pupils[fid]), archived is not None)
    return out
