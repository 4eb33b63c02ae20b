"""Referrals: consent before sharing, status transitions, follow-ups on Today, needs met."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.errors import ValidationError
from liaison.models.enums import (
    ConsentKind,
    ConsentStatus,
    NeedCategory,
    ReferralStatus,
    ServiceCategory,
)
from liaison.services import families as fam
from liaison.services.casework import referrals, today
from liaison.services.casework.referrals import ServiceDraft
from liaison.store.database import Database

S = ReferralStatus


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    family_id = fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[fam.CaregiverDraft(key="c", given_name="Ana", family_name="Pop")]
        ),
    )
    need = fam.add_need(db, family_id, NeedCategory.FOOD, detail="End of month")
    food = referrals.save_service(
        db, ServiceDraft("Northbridge Food Bank", ServiceCategory.FOOD_BANK, languages=["RMN"])
    )
    return {"family": family_id, "need": need, "food": food}


def test_referring_needs_consent_to_share(db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as failure:
        referrals.create_referral(db, ids["family"], ids["food"], status=S.REFERRED)
    assert "no consent recorded to share" in failure.value.errors["consent"]
    assert referrals.list_referrals(db) == []
    suggested = referrals.create_referral(db, ids["family"], ids["food"], need_id=ids["need"])
    with pytest.raises(ValidationError, match="consent"):
        referrals.update_referral(db, suggested, status=S.REFERRED)
    fam.record_consent(
        db, ids["family"], ConsentKind.SHARE, ConsentStatus.GIVEN, service="Northbridge Food Bank"
    )
    referrals.update_referral(db, suggested, status=S.REFERRED)
    view = referrals.list_referrals(db)[0]
    assert view.status == S.REFERRED and view.consent_on == db.clock.today()


def test_withdrawn_consent_blocks_a_new_referral(db: Database, ids: dict[str, int]) -> None:
    for status in (ConsentStatus.GIVEN, ConsentStatus.WITHDRAWN):
        fam.record_consent(
            db, ids["family"], ConsentKind.SHARE, status, service="Northbridge Food Bank"
        )
    with pytest.raises(ValidationError, match="consent"):
        referrals.create_referral(db, ids["family"], ids["food"], status=S.REFERRED)


def test_transitions(db: Database, ids: dict[str, int]) -> None:
    fam.record_consent(
        db, ids["family"], ConsentKind.SHARE, ConsentStatus.GIVEN, service="northbridge food bank"
    )
    referral = referrals.create_referral(db, ids["family"], ids["food"], status=S.REFERRED)
    with pytest.raises(ValidationError, match="cannot become suggested"):
        referrals.update_referral(db, referral, status=S.SUGGESTED)
    referrals.update_referral(db, referral, status=S.NO_RESPONSE)
    referrals.update_referral(db, referral, status=S.REFERRED)
    referrals.update_referral(db, referral, status=S.ACCEPTED)
    referrals.update_referral(db, referral, status=S.COMPLETED, outcome="Vouchers given")
    with pytest.raises(ValidationError, match="completed referral cannot become"):
        referrals.update_referral(db, referral, status=S.REFERRED)
    view = referrals.list_referrals(db)[0]
    assert view.closed_on == db.clock.today() and view.outcome == "Vouchers given"


def test_follow_up_on_today_and_completion_meets_need(db: Database, ids: dict[str, int]) -> None:
    fam.record_consent(
        db, ids["family"], ConsentKind.SHARE, ConsentStatus.GIVEN, service="Northbridge Food Bank"
    )
    start = db.clock.today()
    referral = referrals.create_referral(
        db,
        ids["family"],
        ids["food"],
        need_id=ids["need"],
        status=S.REFERRED,
        follow_up_on=start + dt.timedelta(days=7),
    )
    assert fam.get_family(db, ids["family"]).needs[0].status.value == "in_progress"
    assert today.compute(db).referral_follow_ups == []
    db.clock.advance(dt.timedelta(days=7))
    assert [r.id for r in today.compute(db).referral_follow_ups] == [referral]
    referrals.update_referral(db, referral, status=S.COMPLETED, mark_need_met=True)
    assert today.compute(db).referral_follow_ups == []
    detail = fam.get_family(db, ids["family"])
    assert detail.needs[0].status.value == "met"
    assert any(
        "Referral to Northbridge Food Bank completed" in i.summary for i in detail.chronology
    )


def test_directory_filters_and_starter_categories(db: Database, ids: dict[str, int]) -> None:
    referrals.save_service(db, ServiceDraft("Adult ESOL at the library", ServiceCategory.ESOL))
    assert [s.name for s in referrals.list_services(db, category=ServiceCategory.ESOL)] == [
        "Adult ESOL at the library"
    ]
    assert [s.name for s in referrals.list_services(db, language="RMN")] == [
        "Northbridge Food Bank"
    ]
    categories = {c["category"] for c in referrals.starter_categories()}
    assert categories == {c.value for c in ServiceCategory}
    with pytest.raises(ValidationError, match="name"):
        referrals.save_service(db, ServiceDraft("  ", ServiceCategory.OTHER))
