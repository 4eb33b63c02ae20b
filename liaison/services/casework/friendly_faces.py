"""Friendly Faces: parents who volunteer to welcome a newcomer family, suggested by shared
language and class or year, and the matches made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison import validation as v
from liaison.errors import NotFound, ValidationError
from liaison.models import Caregiver, CaregiverLanguage, Family, FriendlyMatch, Pupil
from liaison.models.enums import AuditAction
from liaison.services import audit

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass(frozen=True)
class VolunteerSuggestion:
    caregiver_id: int
    family_id: int
    reference: str
    name: str
    score: int
    reasons: tuple[str, ...]
    active_matches: int


@dataclass(frozen=True)
class MatchView:
    id: int
    family_id: int
    family_reference: str
    volunteer_id: int
    volunteer_name: str
    volunteer_reference: str
    matched_on: dt.date
    ended_on: dt.date | None


def set_volunteer(db: Database, caregiver_id: int, volunteer: bool) -> None:
    with db.session() as session:
        carer = session.get(Caregiver, caregiver_id)
        if carer is None:
            raise NotFound(f"There is no caregiver with id {caregiver_id}.")
        carer.volunteer_since = (carer.volunteer_since or db.clock.today()) if volunteer else None
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="caregiver",
            entity_id=caregiver_id,
            family_id=carer.family_id,
            detail="volunteer" if volunteer else "not a volunteer",
        )


def volunteer_ids(db: Database, family_id: int) -> set[int]:
    """The family's caregivers who are Friendly Faces volunteers."""
    with db.read() as session:
        return set(
            session.scalars(
                select(Caregiver.id).where(
                    Caregiver.family_id == family_id, Caregiver.volunteer_since.is_not(None)
                )
            )
        )


def _family_profile(session: Session, family_id: int) -> tuple[set[str], set[int], set[str]]:
    pupils = session.execute(
        select(Pupil.class_name, Pupil.year_group).where(
            Pupil.family_id == family_id, Pupil.archived_at.is_(None), Pupil.left_date.is_(None)
        )
    ).all()
    classes = {c for c, _ in pupils if c}
    years = {y for _, y in pupils if y is not None}
    langs: set[str] = set()
    for carer in session.scalars(select(Caregiver).where(Caregiver.family_id == family_id)):
        if carer.main_language:
            langs.add(carer.main_language[:3])
        langs |= {x.language[:3] for x in carer.languages if x.speaks}
    langs.discard("ENG")
    return classes, years, langs


def suggest_volunteers(db: Database, family_id: int, limit: int = 10) -> list[VolunteerSuggestion]:
    """Volunteers ranked: speaks the family's language, children in the same class or year."""
    with db.read() as session:
        if session.get(Family, family_id) is None:
            raise NotFound(f"There is no family with id {family_id}.")
        classes, years, langs = _family_profile(session, family_id)
        volunteers = session.scalars(
            select(Caregiver)
            .join(Family, Family.id == Caregiver.family_id)
            .where(
                Caregiver.volunteer_since.is_not(None),
                Caregiver.archived_at.is_(None),
                Family.archived_at.is_(None),
                Caregiver.family_id != family_id,
            )
        ).all()
        active = {}
        for match in session.scalars(select(FriendlyMatch).where(FriendlyMatch.ended_on.is_(None))):
            active[match.volunteer_id] = active.get(match.volunteer_id, 0) + 1
        out = []
        for carer in volunteers:
            their_classes, their_years, _ = _family_profile(session, carer.family_id)
            spoken = {carer.main_language[:3]} if carer.main_language else set()
            spoken |= {
                x.language[:3]
                for x in session.scalars(
                    select(CaregiverLanguage).where(
                        CaregiverLanguage.caregiver_id == carer.id, CaregiverLanguage.speaks
                    )
                )
            }
            reasons, score = [], 0
            shared_lang = spoken & langs
            if shared_lang:
                score += 4
                reasons.append("speaks " + ", ".join(sorted(shared_lang)))
            if their_classes & classes:
                score += 3
                reasons.append("same class " + ", ".join(sorted(their_classes & classes)))
            elif their_years & years:
                score += 2
                reasons.append("same year group")
            score -= active.get(carer.id, 0)
            out.append(
                VolunteerSuggestion(
                    carer.id,
                    carer.family_id,
                    carer.family.reference,
                    carer.display_name,
                    score,
                    tuple(reasons),
                    active.get(carer.id, 0),
                )
            )
    out.sort(key=lambda s: (-s.score, s.active_matches, s.name))
    return out[:limit]


def match(db: Database, family_id: int, volunteer_id: int, note: str | None = None) -> int:
    with db.session() as session:
        if session.get(Family, family_id) is None:
            raise NotFound(f"There is no family with id {family_id}.")
        volunteer = session.get(Caregiver, volunteer_id)
        if volunteer is None or volunteer.volunteer_since is None:
            raise ValidationError(
                {"volunteer_id": "that caregiver is not a Friendly Faces volunteer"}
            )
        if volunteer.family_id == family_id:
            raise ValidationError({"volunteer_id": "a family cannot be matched with itself"})
        existing = session.scalar(
            select(FriendlyMatch.id).where(
                FriendlyMatch.family_id == family_id,
                FriendlyMatch.volunteer_id == volunteer_id,
                FriendlyMatch.ended_on.is_(None),
            )
        )
        if existing:
            raise ValidationError({"volunteer_id": "this match already exists"})
        row = FriendlyMatch(
            family_id=family_id,
            volunteer_id=volunteer_id,
            matched_on=db.clock.today(),
            note=v.clean_text(note, max_len=300),
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            db,
            AuditAction.CREATED,
            entity="friendly_match",
            entity_id=row.id,
            family_id=family_id,
        )
        return row.id


def end_match(db: Database, match_id: int) -> None:
    with db.session() as session:
        row = session.get(FriendlyMatch, match_id)
        if row is None:
            raise NotFound(f"There is no match with id {match_id}.")
        row.ended_on = db.clock.today()


def matches_for(db: Database, family_id: int) -> list[MatchView]:
    """Matches where the family is the one welcomed or one of its caregivers volunteers."""
    with db.read() as session:
        carer_ids = list(
            session.scalars(select(Caregiver.id).where(Caregiver.family_id == family_id))
        )
        rows = session.scalars(
            select(FriendlyMatch).where(
                (FriendlyMatch.family_id == family_id) | FriendlyMatch.volunteer_id.in_(carer_ids)
            )
        ).all()
        out = []
        for r in rows:
            volunteer = session.get(Caregiver, r.volunteer_id)
            family = session.get(Family, r.family_id)
            assert volunteer is not None and family is not None
            out.append(
                MatchView(
                    r.id,
                    r.family_id,
                    family.reference,
                    r.volunteer_id,
                    volunteer.display_name,
                    volunteer.family.reference,
                    r.matched_on,
                    r.ended_on,
                )
            )
        return out
