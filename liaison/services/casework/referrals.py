"""Signposting: the directory of local services and referrals of families to them.

A referral shares the family's details with another organisation, so moving it to "referred"
needs consent to share with that named service, recorded and in date. Status moves along
suggested -> referred -> accepted -> completed, with declined and no response on the way.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison import paths
from liaison import validation as v
from liaison.clock import LONDON
from liaison.errors import NotFound, ValidationError
from liaison.models import Family, FamilyNeed, Referral, Service
from liaison.models.enums import (
    AuditAction,
    NeedStatus,
    ReferralStatus,
    ServiceCategory,
)
from liaison.services import audit
from liaison.services.families.chronology import ChronologyItem, register_chronology
from liaison.services.families.consent import share_consent

if TYPE_CHECKING:
    from liaison.store.database import Database

S = ReferralStatus
TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    S.SUGGESTED: frozenset({S.REFERRED, S.DECLINED}),
    S.REFERRED: frozenset({S.ACCEPTED, S.DECLINED, S.NO_RESPONSE, S.COMPLETED}),
    S.NO_RESPONSE: frozenset({S.REFERRED, S.DECLINED}),
    S.ACCEPTED: frozenset({S.COMPLETED, S.DECLINED}),
    S.DECLINED: frozenset(),
    S.COMPLETED: frozenset(),
}
# Statuses that mean the family's details have gone to the service.
SHARED = frozenset({S.REFERRED, S.ACCEPTED, S.COMPLETED, S.NO_RESPONSE})


# -- directory -----------------------------------------------------------------------------
@dataclass
class ServiceDraft:
    name: str
    category: ServiceCategory
    offer: str | None = None
    languages: list[str] | None = None
    eligibility: str | None = None
    how_to_refer: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None
    opening_times: str | None = None
    active: bool = True
    id: int | None = None


def starter_categories() -> list[dict[str, str]]:
    """Examples of what each category covers (resources/service_categories.json); no invented
    organisations: the officer adds her own local services."""
    return json.loads((paths.resources_dir() / "service_categories.json").read_text("utf-8"))


def save_service(db: Database, draft: ServiceDraft) -> int:
    errors: dict[str, str] = {}
    name = v.collect(errors, "name", v.clean_text, draft.name, max_len=120, required=True)
    try:
        category = ServiceCategory(draft.category)
    except ValueError:
        errors["category"] = f"unknown category {draft.category!r}"
        category = ServiceCategory.OTHER
    langs = []
    for i, code in enumerate(draft.languages or []):
        clean = v.collect(errors, f"languages[{i}]", v.language_code, code)
        if clean:
            langs.append(clean)
    phone = v.collect(errors, "phone", v.uk_phone, draft.phone)
    email = v.collect(errors, "email", v.email, draft.email)
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        service = session.get(Service, draft.id) if draft.id else Service()
        if service is None:
            raise NotFound(f"There is no service with id {draft.id}.")
        session.add(service)
        service.name, service.category, service.languages = name, category, langs
        for attr in (
            "offer",
            "eligibility",
            "how_to_refer",
            "website",
            "address",
            "opening_times",
            "active",
        ):
            setattr(service, attr, getattr(draft, attr))
        service.phone, service.email = phone, email
        session.flush()
        audit.record(session, db, AuditAction.CHANGED, entity="service", entity_id=service.id)
        return service.id


def list_services(
    db: Database,
    *,
    category: ServiceCategory | None = None,
    language: str | None = None,
    active_only: bool = True,
) -> list[ServiceDraft]:
    with db.read() as session:
        query = select(Service).order_by(Service.category, Service.name)
        if category:
            query = query.where(Service.category == category)
        if active_only:
            query = query.where(Service.active.is_(True))
        out = [
            ServiceDraft(
                s.name,
                s.category,
                s.offer,
                list(s.languages or []),
                s.eligibility,
                s.how_to_refer,
                s.phone,
                s.email,
                s.website,
                s.address,
                s.opening_times,
                s.active,
                s.id,
            )
            for s in session.scalars(query)
        ]
    if language:
        out = [s for s in out if any(code[:3] == language[:3] for code in s.languages or [])]
    return out


# -- referrals -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ReferralView:
    id: int
    family_id: int
    family_reference: str
    service_id: int
    service: str
    category: ServiceCategory
    need_id: int | None
    need: str | None
    status: ReferralStatus
    suggested_on: dt.date
    referred_on: dt.date | None
    consent_on: dt.date | None
    follow_up_on: dt.date | None
    outcome: str | None
    closed_on: dt.date | None


def _no_consent_message(service: str) -> str:
    return (
        f"there is no consent recorded to share this family's details with {service}; "
        "record the family's consent first (family page > Consent), then refer"
    )


def create_referral(
    db: Database,
    family_id: int,
    service_id: int,
    *,
    need_id: int | None = None,
    status: ReferralStatus = ReferralStatus.SUGGESTED,
    follow_up_on: dt.date | None = None,
) -> int:
    today = db.clock.today()
    status = ReferralStatus(status)
    if status not in (S.SUGGESTED, S.REFERRED):
        raise ValidationError({"status": "a new referral is suggested or referred"})
    if follow_up_on is not None and follow_up_on < today:
        raise ValidationError({"follow_up_on": "the follow-up date cannot be in the past"})
    if follow_up_on is not None and follow_up_on - today > v.TOO_FAR_AHEAD:
        raise ValidationError({"follow_up_on": "the follow-up date is years away; check the year"})
    with db.session() as session:
        family = session.get(Family, family_id)
        service = session.get(Service, service_id)
        if family is None or service is None:
            raise NotFound("That family or service does not exist.")
        if not service.active:
            raise ValidationError({"service_id": f"{service.name} is marked inactive"})
        need = None
        if need_id is not None:
            need = session.get(FamilyNeed, need_id)
            if need is None or need.family_id != family_id:
                raise ValidationError({"need_id": "that need belongs to another family"})
        consent = None
        if status in SHARED:
            consent = share_consent(session, family_id, service.name, today)
            if consent is None:
                raise ValidationError({"consent": _no_consent_message(service.name)})
        now = db.clock.now()
        referral = Referral(
            family_id=family_id,
            service_id=service_id,
            need_id=need_id,
            status=status,
            suggested_on=today,
            referred_on=today if status == S.REFERRED else None,
            consent_id=consent.id if consent else None,
            consent_on=consent.recorded_on if consent else None,
            follow_up_on=follow_up_on,
            created_at=now,
            updated_at=now,
        )
        session.add(referral)
        if need is not None and need.status == NeedStatus.IDENTIFIED and status == S.REFERRED:
            need.status = NeedStatus.IN_PROGRESS
        session.flush()
        audit.record(
            session,
            db,
            AuditAction.CREATED,
            entity="referral",
            entity_id=referral.id,
            family_id=family_id,
            detail=f"{service.category.value} {status.value}",
        )
        return referral.id


def update_referral(
    db: Database,
    referral_id: int,
    *,
    status: ReferralStatus | None = None,
    follow_up_on: dt.date | None = None,
    outcome: str | None = None,
    mark_need_met: bool = False,
) -> None:
    """Move a referral on. Completing it can mark the linked need as met."""
    today = db.clock.today()
    with db.session() as session:
        referral = session.get(Referral, referral_id)
        if referral is None:
            raise NotFound(f"There is no referral with id {referral_id}.")
        service = session.get(Service, referral.service_id)
        assert service is not None
        if status is not None and ReferralStatus(status) != referral.status:
            status = ReferralStatus(status)
            if status not in TRANSITIONS[referral.status]:
                allowed = ", ".join(s.label.lower() for s in TRANSITIONS[referral.status])
                raise ValidationError(
                    {
                        "status": f"a {referral.status.label.lower()} referral cannot become "
                        f"{status.label.lower()}"
                        + (f" (it can become: {allowed})" if allowed else "")
                    }
                )
            if status == S.REFERRED:
                consent = share_consent(session, referral.family_id, service.name, today)
                if consent is None:
                    raise ValidationError({"consent": _no_consent_message(service.name)})
                referral.consent_id, referral.consent_on = consent.id, consent.recorded_on
                referral.referred_on = today
            referral.status = status
            if status.is_closed:
                referral.closed_on = today
                referral.follow_up_on = None
        if follow_up_on is not None:
            if follow_up_on < today:
                raise ValidationError({"follow_up_on": "the follow-up date cannot be in the past"})
            referral.follow_up_on = follow_up_on
        if outcome is not None:
            referral.outcome = outcome.strip() or None
        if mark_need_met:
            if referral.status != S.COMPLETED:
                raise ValidationError({"need": "only a completed referral can meet a need"})
            need = session.get(FamilyNeed, referral.need_id) if referral.need_id else None
            if need is None:
                raise ValidationError({"need": "this referral is not linked to a need"})
            need.status, need.resolved_on = NeedStatus.MET, today
            need.updated_at = db.clock.now()
        referral.updated_at = db.clock.now()
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="referral",
            entity_id=referral.id,
            family_id=referral.family_id,
            detail=referral.status.value,
        )


def list_referrals(
    db: Database,
    *,
    family_id: int | None = None,
    status: ReferralStatus | None = None,
    category: ServiceCategory | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    follow_up_before: dt.date | None = None,
) -> list[ReferralView]:
    query = (
        select(Referral, Service, Family.reference)
        .join(Service, Service.id == Referral.service_id)
        .join(Family, Family.id == Referral.family_id)
        .order_by(Referral.suggested_on, Referral.id)
    )
    if family_id is not None:
        query = query.where(Referral.family_id == family_id)
    if status is not None:
        query = query.where(Referral.status == status)
    if category is not None:
        query = query.where(Service.category == category)
    if start is not None:
        query = query.where(Referral.suggested_on >= start)
    if end is not None:
        query = query.where(Referral.suggested_on <= end)
    if follow_up_before is not None:
        query = query.where(
            Referral.follow_up_on.is_not(None),
            Referral.follow_up_on < follow_up_before,
            Family.archived_at.is_(None),
        )
    with db.read() as session:
        found = session.execute(query).all()
        need_ids = {r.need_id for r, _, _ in found if r.need_id}
        needs = {
            n.id: n.category.label
            for n in session.scalars(select(FamilyNeed).where(FamilyNeed.id.in_(need_ids)))
        }
        return [
            ReferralView(
                r.id,
                r.family_id,
                reference,
                s.id,
                s.name,
                s.category,
                r.need_id,
                needs.get(r.need_id) if r.need_id else None,
                r.status,
                r.suggested_on,
                r.referred_on,
                r.consent_on,
                r.follow_up_on,
                r.outcome,
                r.closed_on,
            )
            for r, s, reference in found
        ]


@register_chronology
def _referral_chronology(session: Session, family: Family) -> list[ChronologyItem]:
    items = []
    for r, s in session.execute(
        select(Referral, Service)
        .join(Service, Service.id == Referral.service_id)
        .where(Referral.family_id == family.id)
    ):

        def at(day: dt.date) -> dt.datetime:
            return dt.datetime.combine(day, dt.time(0), LONDON)

        items.append(
            ChronologyItem(at(r.suggested_on), "referral", f"Signposted to {s.name}", r.id)
        )
        if r.referred_on:
            items.append(
                ChronologyItem(at(r.referred_on), "referral", f"Referred to {s.name}", r.id)
            )
        if r.closed_on:
            items.append(
                ChronologyItem(
                    at(r.closed_on),
                    "referral",
                    f"Referral to {s.name} {r.status.label.lower()}"
                    + (f": {r.outcome}" if r.outcome else ""),
                    r.id,
                )
            )
    return items
