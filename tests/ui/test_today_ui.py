"""The Today page on screen (issue 18): what to do first comes first, long sections fold,
a "no contact" reminder is snoozed with a reason, every line names its family."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from liaison.clock import LONDON, FixedClock
from liaison.models.enums import ServiceCategory
from liaison.services import families as fam
from liaison.services.access import open_database
from liaison.services.casework import interpreters, referrals
from tests.conftest import NOW, PASSPHRASE
from tests.ui.conftest import unlock
from ui.views import today_view

ORDER = [
    "meetings_today",
    "bookings",
    "actions",
    "check_ins",
    "no_day1",
    "to_update",
    "referrals",
    "no_contact",
    "this_week",
]


def _quiet_families(path: Path, count: int) -> list[int]:
    """Families last heard of in the summer term, and one booking and referral for the walk."""
    made = []
    with open_database(
        path, passphrase=PASSPHRASE, clock=FixedClock(NOW - dt.timedelta(days=120))
    ) as db:
        for i in range(count):
            made.append(
                fam.save_family(
                    db,
                    fam.FamilyDraft(
                        caregivers=[
                            fam.CaregiverDraft(key="c", given_name=f"Quiet{i:02d}", family_name="X")
                        ]
                    ),
                )
            )
        db.clock.instant = NOW
        tomorrow = dt.datetime.combine(NOW.date() + dt.timedelta(days=1), dt.time(10), LONDON)
        interpreters.save_booking(
            db,
            interpreters.BookingDraft(
                family_id=made[0],
                language="ARA",
                starts_at=tomorrow,
                ends_at=tomorrow + dt.timedelta(hours=1),
            ),
        )
        service = referrals.save_service(
            db, referrals.ServiceDraft("Northbridge Food Bank", ServiceCategory.FOOD_BANK)
        )
        referrals.create_referral(db, made[1], service, follow_up_on=NOW.date())
    return made


def _lines(item) -> list[str]:
    return [item.child(i).text(2) or item.child(i).text(0) for i in range(item.childCount())]


def test_today_in_order_folded_and_named(qtbot: QtBot, make_window, db_path: Path) -> None:
    _quiet_families(db_path, 20)
    window = make_window(db_path)
    unlock(qtbot, window)
    view = window.workspace.today
    keys = [view.tree.topLevelItem(i).data(0, today_view.SECTION_ROLE) for i in range(9)]
    assert keys == ORDER
    bookings = view.section_item("bookings")
    assert bookings.childCount() == 1 and "not confirmed" in bookings.child(0).text(2)
    assert bookings.child(0).text(1).startswith("Quiet00")
    referral = view.section_item("referrals")
    assert "Quiet01" in referral.child(0).text(1)
    quiet = view.section_item("no_contact")
    assert quiet.text(0) == "No contact for too long (20)"
    assert quiet.childCount() == today_view.SHOWN + 1
    assert quiet.child(today_view.SHOWN).text(0).startswith("and 15 more")
    view.tree.setCurrentItem(quiet.child(today_view.SHOWN))
    view.tree.itemActivated.emit(quiet.child(today_view.SHOWN), 0)
    qtbot.waitUntil(lambda: view.section_item("no_contact").childCount() == 20)


def test_snooze_a_no_contact_line_with_a_reason(
    qtbot: QtBot, make_window, messages, db_path: Path
) -> None:
    _quiet_families(db_path, 3)
    window = make_window(db_path)
    unlock(qtbot, window)
    view = window.workspace.today
    quiet = view.section_item("no_contact")
    line = quiet.child(0)
    assert not view.snooze_button.isEnabled()
    view.tree.setCurrentItem(line)
    assert view.snooze_button.isEnabled()
    messages.answers = [""]  # no reason: refused, nothing stored
    view.snooze_button.click()
    assert messages.shown[-1][0] == "error" and "why" in messages.shown[-1][2].lower()
    assert view.section_item("no_contact").childCount() == 3
    view.tree.setCurrentItem(view.section_item("no_contact").child(0))
    messages.answers = ["Family abroad until January"]
    view.snooze_button.click()
    assert "wait until" in messages.shown[-1][2]
    qtbot.waitUntil(lambda: view.section_item("no_contact").childCount() == 2)
    assert view.snoozed_label.text() == "1 'no contact' reminder snoozed."
