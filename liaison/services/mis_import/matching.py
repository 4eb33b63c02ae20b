"""Matching an imported pupil to one already held: by UPN first, then by name and date of birth,
against the families, pupils and caregivers loaded once per import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.imports.grouping import (
    address_key,
    contact_keys,
    name_key,
)
from liaison.imports.records import Address, ImportPupil
from liaison.models import Caregiver, Family, Pupil

CREATE, UPDATE, UNCHANGED, LEFT, SKIP = "create", "update", "unchanged", "left", "skip"


@dataclass
class Held:
    by_upn: dict[str, tuple[int, int]] = field(default_factory=dict)  # upn -> (pupil, family)
    by_name: dict[tuple[str, dt.date], list[tuple[int, int, str | None]]] = field(
        default_factory=dict
    )
    carer_family: dict[str, int] = field(default_factory=dict)
    address_family: dict[str, int] = field(default_factory=dict)


def load_held(session: Session) -> Held:
    held = Held()
    for pid, fid, upn, given, family, dob in session.execute(
        select(
            Pupil.id,
            Pupil.family_id,
            Pupil.upn,
            Pupil.given_name,
            Pupil.family_name,
            Pupil.date_of_birth,
        )
    ):
        if upn:
            held.by_upn[upn] = (pid, fid)
        if dob is not None:
            held.by_name.setdefault((name_key(given, family), dob), []).append((pid, fid, upn))
    active = select(Family.id).where(Family.archived_at.is_(None))
    for fid, given, family, mobile, other, email in session.execute(
        select(
            Caregiver.family_id,
            Caregiver.given_name,
            Caregiver.family_name,
            Caregiver.phone_mobile,
            Caregiver.phone_other,
            Caregiver.email,
        ).where(Caregiver.archived_at.is_(None), Caregiver.family_id.in_(active))
    ):
        for key in contact_keys(given, family, [mobile, other], email):
            held.carer_family.setdefault(key, fid)
    for fid, postcode, line1 in session.execute(
        select(Family.id, Family.postcode, Family.address_line1).where(Family.archived_at.is_(None))
    ):
        key = address_key(Address(line1=line1, postcode=postcode))
        if key:
            held.address_family.setdefault(key, fid)
    return held


def match_pupil(pupil: ImportPupil, held: Held) -> tuple[int, int] | None:
    if pupil.upn and pupil.upn in held.by_upn:
        return held.by_upn[pupil.upn]
    if pupil.date_of_birth is None:
        return None
    for pid, fid, upn in held.by_name.get(
        (name_key(pupil.given_name, pupil.family_name), pupil.date_of_birth), []
    ):
        if not (upn and pupil.upn and upn != pupil.upn):
            return pid, fid
    return None
