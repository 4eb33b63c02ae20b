"""Today, mended (issue 18): unconfirmed interpreter bookings, late bookings, snoozed reminders
and family names on every line."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.clock import LONDON
from liaison.errors import ValidationError
from liaison.models.enums import BookingStatus, ServiceCategory
from liaison.services import families as fam
from liaison.services.casework import (
    interpreter_directory,
    interpreters,
    referrals,
    snoozes,
    today,
)
from liaison.services.casework.interpreters import BookingDraft, BookingWarnings
from liaison.store.database import Database

MONDAY = dt.date(2026, 11, 23)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def _now(db: Database, when: dt.datetime) -> None:
    db.clock.instant = when


def _family(db: Database, given: str = "Ana", family_name: str = "Example") -> int:
    return fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[fam.CaregiverDraft(key="c", given_name=given, family_name=family_name)]
        ),
    )


@pytest.fixture
def agency_interpreter(db: Database) -> int:
    agency = interpreter_directory.save_agency(
        db, interpreter_directory.AgencyDraft("Example Language Services", cancellation_hours=48)
    )
    return interpreter_directory.save_interpreter(
        db,
        interpreter_directory.InterpreterDraft("Amal Example", [("ARA", None)], agency_id=agency),
    )


def _booking(family_id: int, start: dt.datetime, interpreter_id: int | None = None) -> BookingDraft:
    return BookingDraft(
        family_id=family_id,
        language="ARA",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        interpreter_id=interpreter_id,
    )


def test_an_unconfirmed_booking_for_tomorrow_is_on_today(db: Database) -> None:
    _now(db, _at(MONDAY, 8))
    family_id = _family(db)
    # No agency, so no cancellation window at all: it used to be left out.
    booking = interpreters.save_booking(db, _booking(family_id, _at(MONDAY + dt.timedelta(1), 10)))
    page = today.compute(db)
    assert [d.booking.id for d in page.booking_decisions] == [booking]
    assert "not confirmed" in page.booking_decisions[0].why
    assert page.family_names[family_id] == "Ana Example"
    interpreters.set_booking_status(db, booking, BookingStatus.CONFIRMED)
    assert today.compute(db).booking_decisions == []  # confirmed, and no window to watch


def test_an_unconfirmed_booking_past_its_window_says_cancelling_is_charged(
    db: Database, agency_interpreter: int
) -> None:
    _now(db, _at(MONDAY - dt.timedelta(days=7), 8))
    family_id = _family(db)
    # Thursday 10:00 with 48 hours' notice: free cancellation ended Tuesday 10:00.
    booking = interpreters.save_booking(
        db, _booking(family_id, _at(MONDAY + dt.timedelta(3), 10), agency_interpreter)
    )
    _now(db, _at(MONDAY + dt.timedelta(1), 11))
    page = today.compute(db)
    assert [d.booking.id for d in page.booking_decisions] == [booking]
    assert "cancelling is charged" in page.booking_decisions[0].why


def test_booking_inside_the_agencys_notice_warns(db: Database, agency_interpreter: int) -> None:
    _now(db, _at(MONDAY, 8))
    family_id = _family(db)
    draft = _booking(family_id, _at(MONDAY + dt.timedelta(1), 10), agency_interpreter)
    with pytest.raises(BookingWarnings) as caught:
        interpreters.save_booking(db, draft)
    assert any("will be charged" in w and "48 hours" in w for w in caught.value.warnings)
    booking = interpreters.save_booking(db, draft, accept_warnings=True)
    # Editing it later without moving it does not warn again; a booking well ahead never does.
    draft.id, draft.notes = booking, "room 4"
    interpreters.save_booking(db, draft)
    later = _booking(family_id, _at(MONDAY + dt.timedelta(14), 10), agency_interpreter)
    interpreters.save_booking(db, later)


def test_a_snoozed_reminder_stays_away_until_its_day(db: Database) -> None:
    _now(db, _at(dt.date(2026, 9, 1), 9))
    quiet, other = _family(db, "Quiet"), _family(db, "Other")
    _now(db, _at(MONDAY, 9))
    page = today.compute(db)
    assert {x.family_id for x in page.no_contact} == {quiet, other}
    with pytest.raises(ValidationError) as caught:
        snoozes.snooze_no_contact(db, quiet, "   ", MONDAY + dt.timedelta(days=28))
    assert "why" in caught.value.errors["reason"]
    with pytest.raises(ValidationError):
        snoozes.snooze_no_contact(db, quiet, "Abroad", MONDAY - dt.timedelta(days=1))
    snoozes.snooze_no_contact(
        db, quiet, "Visiting family abroad until January", dt.date(2026, 12, 21)
    )
    page = today.compute(db)
    assert [x.family_id for x in page.no_contact] == [other] and page.snoozed == 1
    chronology = fam.get_family(db, quiet).chronology
    assert any("abroad until January" in item.summary for item in chronology)
    _now(db, _at(dt.date(2026, 12, 22), 9))
    assert {x.family_id for x in today.compute(db).no_contact} == {quiet, other}


def test_referral_follow_ups_name_the_family(db: Database) -> None:
    _now(db, _at(MONDAY, 9))
    family_id = _family(db, "Gosia", "Nowak")
    service = referrals.save_service(
        db, referrals.ServiceDraft("Northbridge Food Bank", ServiceCategory.FOOD_BANK)
    )
    referrals.create_referral(db, family_id, service, follow_up_on=MONDAY)
    page = today.compute(db)
    assert [r.family_id for r in page.referral_follow_ups] == [family_id]
    assert page.family_names[family_id] == "Gosia Nowak"
