"""Interpreter bookings: clashes at the boundaries, language and preference checks, costs, .ics."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from liaison.clock import LONDON
from liaison.errors import ValidationError
from liaison.models.enums import BookingStatus, InterpretingMode
from liaison.services import families as fam
from liaison.services.casework import interpreter_directory, interpreters, today
from liaison.services.casework.interpreters import BookingDraft, BookingWarnings
from liaison.store.database import Database

DAY = dt.date(2026, 11, 25)


def _at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def setup(db: Database) -> dict[str, int]:
    agency = interpreter_directory.save_agency(
        db, interpreter_directory.AgencyDraft("Example Language Services")
    )
    amal = interpreter_directory.save_interpreter(
        db,
        interpreter_directory.InterpreterDraft(
            "Amal Example",
            [("ARA", "Levantine"), ("ENG", None)],
            agency_id=agency,
            gender="female",
            hourly_rate_pence=3000,
            minimum_minutes=60,
        ),
    )
    omar = interpreter_directory.save_interpreter(
        db,
        interpreter_directory.InterpreterDraft(
            "Omar Example",
            [("ARA", "Sudanese")],
            gender="male",
            fixed_fee_pence=4500,
            modes=[InterpretingMode.PHONE],
        ),
    )
    family_id = fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(
                    key="m",
                    given_name="ليلى",
                    family_name="الحسن",
                    main_language="ARA",
                    interpreter_needed=True,
                    interpreter_language="ARA",
                    interpreter_dialect="Levantine",
                    interpreter_gender="female",
                )
            ]
        ),
    )
    carer = fam.load_draft(db, family_id).caregivers[0].id
    assert carer is not None
    return {"agency": agency, "amal": amal, "omar": omar, "family": family_id, "carer": carer}


def _draft(s: dict[str, int], start: dt.datetime, end: dt.datetime, **kw: object) -> BookingDraft:
    args = {
        "family_id": s["family"],
        "language": "ARA",
        "dialect": "Levantine",
        "interpreter_id": s["amal"],
        "caregiver_id": s["carer"],
        "starts_at": start,
        "ends_at": end,
    }
    args.update(kw)
    return BookingDraft(**args)


def test_clashes_at_boundaries_and_cancelled_bookings(db: Database, setup: dict[str, int]) -> None:
    first = interpreters.save_booking(db, _draft(setup, _at(9), _at(10)))
    # Touching end-to-start is not a clash; one minute of overlap is.
    interpreters.save_booking(db, _draft(setup, _at(10), _at(11)))
    with pytest.raises(BookingWarnings) as clash:
        interpreters.save_booking(db, _draft(setup, _at(8, 30), _at(9, 1)))
    assert "already booked 25/11/2026 09:00-10:00" in clash.value.warnings[0]
    interpreters.set_booking_status(db, first, BookingStatus.CANCELLED)
    assert interpreters.check_booking(db, _draft(setup, _at(8, 30), _at(9, 1))) == []
    # A knowingly accepted warning is saved and audited.
    interpreters.save_booking(db, _draft(setup, _at(10, 30), _at(11)), accept_warnings=True)
    assert len(interpreters.list_bookings(db, start=DAY, end=DAY)) == 3


def test_language_mode_and_preference_warnings(db: Database, setup: dict[str, int]) -> None:
    warnings = interpreters.check_booking(
        db, _draft(setup, _at(13), _at(14), interpreter_id=setup["omar"], dialect="Sudanese")
    )
    text = " | ".join(warnings)
    assert "does not work in person" in text
    assert "asked for a female interpreter" in text
    assert "recorded dialect is Levantine" in text
    lang = interpreters.check_booking(db, _draft(setup, _at(13), _at(14), language="URD"))
    assert any("does not list Urdu" in w for w in lang)


def test_costs_minimum_blocks_fixed_and_override(db: Database, setup: dict[str, int]) -> None:
    short = interpreters.save_booking(db, _draft(setup, _at(9), _at(9, 20)))
    long = interpreters.save_booking(db, _draft(setup, _at(13), _at(14, 20)))
    fixed = interpreters.save_booking(
        db,
        _draft(
            setup,
            _at(15),
            _at(15, 10),
            interpreter_id=setup["omar"],
            dialect=None,
            mode=InterpretingMode.PHONE,
            caregiver_id=None,
        ),
    )
    manual = interpreters.save_booking(db, _draft(setup, _at(16), _at(17), cost_pence=2500))
    cost = {b.id: b.cost_pence for b in interpreters.list_bookings(db)}
    assert cost[short] == 3000  # the 60-minute minimum
    assert cost[long] == 4500  # 80 minutes bill as six 15-minute blocks: 90 minutes at £30/h
    assert cost[fixed] == 4500
    assert cost[manual] == 2500
    for booking_id in (short, long, fixed):
        interpreters.set_booking_status(db, booking_id, BookingStatus.COMPLETED)
    by_language = interpreters.costs_by(db, DAY, DAY, by="language")
    assert [(c.key, c.bookings, c.pence) for c in by_language] == [("Arabic (ARA)", 3, 12000)]


def test_cancellation_window_shows_on_today(db: Database, setup: dict[str, int]) -> None:
    db.clock.instant = _at(8, day=dt.date(2026, 11, 23))
    booking = interpreters.save_booking(db, _draft(setup, _at(9), _at(10)))  # Wed 25th
    page = today.compute(db)  # Monday: the 24-hour window closes Tue 09:00, after today
    assert page.booking_decisions == []
    db.clock.instant = _at(8, day=dt.date(2026, 11, 24))
    page = today.compute(db)
    assert [d.booking.id for d in page.booking_decisions] == [booking]
    assert page.booking_decisions[0].booking.cancel_by == _at(9, day=dt.date(2026, 11, 24))
    interpreters.set_booking_status(db, booking, BookingStatus.CONFIRMED)
    assert [d.booking.id for d in today.compute(db).booking_decisions] == [booking]
    interpreters.set_booking_status(db, booking, BookingStatus.CANCELLED)
    assert today.compute(db).booking_decisions == []


def test_ics_reads_back_without_family_names(db: Database, setup: dict[str, int]) -> None:
    booking = interpreters.save_booking(
        db, _draft(setup, _at(9), _at(10), place="Family room", agency_reference="EX-123")
    )
    view = interpreters.get_booking(db, booking)
    data = interpreters.to_ics(view, "Northbridge Primary")
    cal = Calendar.from_ical(data)
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == _at(9)
    assert event.decoded("dtend") == _at(10)
    assert "Arabic" in str(event["summary"]) and view.family_reference in str(event["summary"])
    assert "EX-123" in str(event["description"])
    assert "ليلى" not in data.decode("utf-8") and "الحسن" not in data.decode("utf-8")


def test_bad_bookings_are_refused(db: Database, setup: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as failure:
        interpreters.save_booking(db, _draft(setup, _at(10), _at(9), language="XXXX"))
    assert "after the start" in failure.value.errors["ends_at"]
    assert "language" in failure.value.errors
    assert interpreters.list_bookings(db) == []


def test_bookings_show_in_the_chronology(db: Database, setup: dict[str, int]) -> None:
    interpreters.save_booking(db, _draft(setup, _at(9), _at(10)))
    items = fam.get_family(db, setup["family"]).chronology
    assert any(i.kind == "booking" and "Arabic" in i.summary for i in items)
