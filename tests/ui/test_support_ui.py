"""Interpreter bookings and referrals through the window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar
from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from liaison.clock import LONDON
from liaison.models.enums import (
    ConsentKind,
    ConsentStatus,
    MeetingKind,
    NeedCategory,
    ServiceCategory,
)
from liaison.services import families as fam
from liaison.services.casework import interpreter_directory, interpreters, referrals, today
from tests.conftest import NOW
from tests.ui.conftest import unlock
from ui.views.dialogs.booking import BookingDialog
from ui.views.family.casework_tabs import MeetingsTab
from ui.views.family.support_tab import ReferralDialog, SupportTab


def _setup(qtbot: QtBot, make_window, db_path: Path):
    window = make_window(db_path)
    unlock(qtbot, window)
    db = window.vault.db
    agency = interpreter_directory.save_agency(
        db, interpreter_directory.AgencyDraft("Example Language Services")
    )
    interpreter_directory.save_interpreter(
        db,
        interpreter_directory.InterpreterDraft(
            "Amal Example",
            [("ARA", "Levantine")],
            agency_id=agency,
            gender="female",
            hourly_rate_pence=3000,
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
    window.workspace.families.reload()
    window.workspace.open_family(family_id)
    return window, db, family_id


def _tab(window, kind):
    return next(t for t in window.workspace.families.page.extra_tabs if isinstance(t, kind))


def test_book_from_a_meeting_clash_warning_and_ics(
    qtbot: QtBot,
    make_window,
    db_path: Path,
    messages,
    tmp_path: Path,
) -> None:
    window, db, family_id = _setup(qtbot, make_window, db_path)
    meetings_tab = _tab(window, MeetingsTab)
    meetings_tab.open_meeting(None)
    meeting = meetings_tab.dialog
    meeting.kind.setCurrentIndex(meeting.kind.findData(MeetingKind.PARENT_MEETING))
    meeting.date.set_date(NOW.date() + dt.timedelta(days=2))
    meeting.start.setTime(QTime(14, 0))
    meeting.end.setTime(QTime(15, 0))
    qtbot.keyClicks(meeting.place, "Family room")
    messages.answers = [True]  # "Book an interpreter for this meeting now?"
    meeting.save()
    assert messages.shown[-1][:2] == ("ask", "Book an interpreter?")
    booking: BookingDialog = meetings_tab.booking_dialog
    assert booking.language.code() == "ARA" and booking.dialect.text() == "Levantine"
    assert booking.place.text() == "Family room"
    booking.interpreter.setCurrentIndex(1)
    booking.save()
    assert not booking.isVisible()
    (first,) = interpreters.list_bookings(db, family_id=family_id)
    assert first.meeting_id is not None and first.cost_pence == 3000
    assert first.starts_at == dt.datetime.combine(
        NOW.date() + dt.timedelta(days=2), dt.time(14), LONDON
    )
    # A second booking overlapping the first is flagged before saving.
    support = _tab(window, SupportTab)
    support.open_booking(None)
    clash: BookingDialog = support.dialog
    clash.date.set_date(NOW.date() + dt.timedelta(days=2))
    clash.start.setTime(QTime(14, 30))
    clash.end.setTime(QTime(15, 30))
    clash.interpreter.setCurrentIndex(1)
    clash.save()
    assert clash.isVisible() and "already booked" in clash.warnings.text()
    assert clash.save_anyway.isVisible()
    assert len(interpreters.list_bookings(db)) == 1
    clash.start.setTime(QTime(15, 0))
    clash.end.setTime(QTime(16, 0))
    clash.save()
    assert not clash.isVisible() and len(interpreters.list_bookings(db)) == 2
    # Export the first booking for the school calendar.
    window.workspace.show_area("Interpreters")
    view = window.workspace.interpreters
    view.move_week(None)
    while all(
        b.id != first.id
        for b in interpreters.list_bookings(
            db, start=view.week_start, end=view.week_start + dt.timedelta(days=6)
        )
    ):
        view.move_week(7)
    assert view.list.rowCount() >= 1
    out = tmp_path / "booking.ics"
    view.write_ics(first.id, out)
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert "Arabic" in str(event["summary"]) and "ليلى" not in out.read_text("utf-8")


def test_refer_to_a_food_bank_with_consent_and_follow_up(
    qtbot: QtBot,
    make_window,
    db_path: Path,
    messages,
) -> None:
    window, db, family_id = _setup(qtbot, make_window, db_path)
    referrals.save_service(
        db, referrals.ServiceDraft("Northbridge Food Bank", ServiceCategory.FOOD_BANK)
    )
    need = fam.add_need(db, family_id, NeedCategory.FOOD, detail="End of month")
    window.workspace.families.page.refresh()
    support = _tab(window, SupportTab)
    support.refer()
    dialog: ReferralDialog = support.dialog
    dialog.need.setCurrentIndex(dialog.need.findData(need))
    dialog.status.setCurrentIndex(1)  # referred: shares details
    dialog.save()
    assert dialog.isVisible() and "no consent recorded to share" in dialog.error.text().lower()
    assert referrals.list_referrals(db) == []
    fam.record_consent(
        db, family_id, ConsentKind.SHARE, ConsentStatus.GIVEN, service="Northbridge Food Bank"
    )
    dialog.follow_up.set_date(NOW.date() + dt.timedelta(days=1))
    dialog.save()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: support.referrals.rowCount() == 1)
    # The follow-up comes up on Today once due.
    db.clock.advance(dt.timedelta(days=1))
    assert [r.family_id for r in today.compute(db).referral_follow_ups] == [family_id]
    support.referrals.selectRow(0)
    support.next_status.setCurrentIndex(support.next_status.findData("completed"))
    support.outcome.setPlainText("Vouchers for three weeks")
    messages.answers = [True]  # mark the need met too
    support.update_selected()
    view = referrals.list_referrals(db)[0]
    assert view.status.value == "completed" and view.outcome == "Vouchers for three weeks"
    assert fam.get_family(db, family_id).needs[0].status.value == "met"
    assert today.compute(db).referral_follow_ups == []
