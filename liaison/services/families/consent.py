"""Consent to store records and to share them with a named service: recording it, and the one
rule that says whether sharing is allowed on a given day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison import validation as v
from liaison.errors import ValidationError
from liaison.models import (
    Consent,
)
from liaison.models.enums import (
    AuditAction,
    ConsentKind,
    ConsentStatus,
)
from liaison.services import audit
from liaison.services.families.lookup import family_or_404

if TYPE_CHECKING:
    from liaison.store.database import Database


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
        family = family_or_404(session, family_id)
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


def share_consent(
    session: Session, family_id: int, service_name: str, on: dt.date
) -> Consent | None:
    """The latest consent to share with this service, if it is given and in date on `on`."""
    latest: Consent | None = None
    for consent in session.scalars(
        select(Consent).where(Consent.family_id == family_id, Consent.kind == ConsentKind.SHARE)
    ):
        if (consent.service or "").casefold() != service_name.casefold():
            continue
        if consent.recorded_on > on:
            continue
        if latest is None or (consent.recorded_on, consent.id) > (latest.recorded_on, latest.id):
            latest = consent
    if latest is None or latest.status != ConsentStatus.GIVEN:
        return None
    if latest.expires_on is not None and latest.expires_on < on:
        return None
    return latest
