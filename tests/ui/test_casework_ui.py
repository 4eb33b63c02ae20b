"""Meetings, Today, events and Friendly Faces through the window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from liaison.models.enums import MeetingKind
from liaison.services import families as fam
from liaison.services.casework import events, friendly_faces, meetings, today
from tests.conftest import NOW
from tests.ui.conftest import today_refreshed, unlock
from ui.views.dialogs.meeting import MeetingDialog
from ui.views.family.casework_tabs import FriendlyFacesTab, MeetingsTab


def _tab(page, kind):
    return next(t for t in page.extra_tabs if isinstance(t, kind))


def test_day1_meeting_with_action_shows_on_today_and_ticks_off(
    qtbot: QtBot,
    make_window,
    db_path: Path,
) -> None:
    window = make_window(db_path)
    unlock(qtbot, window)
    db = window.vault.db
    family_id = fam.save_family(
        db,
        fam.FamilyDraft(
            new_arrival_date=NOW.date(),
            caregivers=[fam.CaregiverDraft(key="c", given_name="Ana", family_name="Pop")],
        ),
    )
    window.workspace.families.reload()
    window.workspace.open_family(family_id)
    page = window.workspace.families.page
    tab = _tab(page, MeetingsTab)
    tab.open_meeting(None)
    dialog: MeetingDialog = tab.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData(MeetingKind.ADMISSIONS))
    assert "Languages spoken" in dialog.notes.toPlainText()  # the Day 1 template
    dialog.start.setTime(QTime(9, 0))
    dialog.end.setTime(QTime(8, 30))
    dialog.attendee_boxes[0][0].setChecked(True)
    dialog.add_action()
    qtbot.keyClicks(dialog.actions.cellWidget(0, 0), "Send uniform voucher")
    dialog.actions.cellWidget(0, 1).set_date(NOW.date())
    dialog.save()
    assert dialog.isVisible() and "after the start" in dialog.fields["ends_at"].error.text()
    dialog.end.setTime(QTime(9, 45))
    dialog.notes.appendPlainText("Mother keen on the homework club.")
    dialog.save()
    assert not dialog.isVisible()
    assert tab.meetings.rowCount() == 1 and "Admissions" in tab.meetings.item(0, 1).text()
    window.workspace.show_area("Today")
    today_refreshed(qtbot, window)
    view = window.workspace.today
    assert [x.family_id for x in view.page.actions] == [family_id]
    assert view.page.no_day1 == []
    action_id = view.page.actions[0].ref_id
    meetings.complete_action(db, action_id)
    today_refreshed(qtbot, window)
    assert view.page.actions == []
    chronology = fam.get_family(db, family_id).chronology
    assert {"meeting", "action"} <= {item.kind for item in chronology}


def test_event_invite_a_class_register_and_chronology(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    window.workspace.show_area("Events")
    view = window.workspace.events
    view.kind.setCurrentIndex(0)
    qtbot.keyClicks(view.title, "Coffee morning")
    view.date.set_date(NOW.date() + dt.timedelta(days=3))
    before = view.list.rowCount()  # the demo's own events
    view.create_event()
    assert view.event_id is not None and view.list.rowCount() == before + 1
    some_class = view.class_combo.itemData(1)
    view.class_combo.setCurrentIndex(1)
    view.invite()
    db = window.vault.db
    in_class = fam.list_families(db, fam.FamilyFilter(class_names=(some_class,)))
    register = events.register(db, view.event_id)
    assert {x.family_id for x in register} == {r.id for r in in_class}
    assert view.register_table.rowCount() == len(register)
    box = view.register_table.cellWidget(0, 2)
    box.setChecked(True)
    made = next(e for e in events.list_events(db) if e.id == view.event_id)
    assert made.attended == 1
    chronology = fam.get_family(db, register[0].family_id).chronology
    assert any("Coffee morning" in i.summary and "attended" in i.summary for i in chronology)


def test_friendly_faces_match_from_the_family_page(
    qtbot: QtBot,
    make_window,
    db_path: Path,
) -> None:
    window = make_window(db_path)
    unlock(qtbot, window)
    db = window.vault.db

    def family(name: str, lang: str) -> int:
        return fam.save_family(
            db,
            fam.FamilyDraft(
                caregivers=[
                    fam.CaregiverDraft(
                        key="c", given_name=name, family_name="Ex", main_language=lang
                    )
                ],
                pupils=[
                    fam.PupilDraft(
                        key="p",
                        given_name=f"{name}a",
                        family_name="Ex",
                        class_name="3B",
                        year_group=3,
                        links=[fam.LinkDraft("c")],
                    )
                ],
            ),
        )

    newcomer, established = family("Gul", "URD"), family("Hina", "URD")
    window.workspace.families.reload()
    window.workspace.open_family(established)
    page = window.workspace.families.page
    tab = _tab(page, FriendlyFacesTab)
    boxes = [tab.volunteer_layout.itemAt(i).widget() for i in range(tab.volunteer_layout.count())]
    boxes[0].setChecked(True)
    window.workspace.open_family(newcomer)
    qtbot.waitUntil(lambda: tab.family_id == newcomer)
    assert tab.suggestions.rowCount() == 1
    assert "speaks URD" in tab.suggestions.item(0, 2).text()
    assert "same class 3B" in tab.suggestions.item(0, 2).text()
    tab.suggestions.selectRow(0)
    tab.match_selected()
    qtbot.waitUntil(lambda: tab.matches.rowCount() == 1)
    assert [m.family_id for m in friendly_faces.matches_for(db, established)] == [newcomer]
    assert today.compute(db) is not None
