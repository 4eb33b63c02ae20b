"""Meetings with attendees and actions; events, registers and Friendly Faces."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.clock import LONDON
from liaison.errors import ValidationError
from liaison.models.enums import AttendeeRole, EventKind, MeetingKind
from liaison.services import families as fam
from liaison.services import search
from liaison.services.casework import events, friendly_faces, meetings
from liaison.store.database import Database
from tests.conftest import NOW


def _family(db: Database, name: str, lang: str, cls: str, year: int) -> int:
    return fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(
                    key="c", given_name=name, family_name="Example", main_language=lang
                )
            ],
            pupils=[
                fam.PupilDraft(
                    key="p",
                    given_name=f"{name} Jr",
                    family_name="Example",
                    class_name=cls,
                    year_group=year,
                    links=[fam.LinkDraft("c")],
                )
            ],
        ),
    )


def test_meeting_with_attendees_action_and_template(db: Database) -> None:
    family_id = _family(db, "Amira", "ARA", "3B", 3)
    carer_id = fam.load_draft(db, family_id).caregivers[0].id
    notes = meetings.template_for(MeetingKind.ADMISSIONS)
    assert "Languages spoken" in notes
    meeting_id = meetings.save_meeting(
        db,
        meetings.MeetingDraft(
            family_id=family_id,
            kind=MeetingKind.ADMISSIONS,
            starts_at=NOW - dt.timedelta(hours=1),
            ends_at=NOW - dt.timedelta(minutes=15),
            interpreter_present=True,
            interpreter_language="ARA",
            notes=notes + "\nFamily keen on the homework club.",
            attendees=[
                meetings.AttendeeDraft(AttendeeRole.CAREGIVER, caregiver_id=carer_id),
                meetings.AttendeeDraft(AttendeeRole.STAFF, name="Ms Example"),
            ],
            actions=[meetings.ActionDraft("Send uniform voucher", NOW.date() + dt.timedelta(3))],
            next_check_in_on=NOW.date() + dt.timedelta(days=14),
        ),
    )
    view = meetings.get_meeting(db, meeting_id)
    assert view.status.value == "held"
    assert view.attendees == ("Amira Example", "Ms Example (staff)")
    assert [a.what for a in view.actions] == ["Send uniform voucher"]
    assert fam.load_draft(db, family_id).next_check_in_on == NOW.date() + dt.timedelta(days=14)
    # Meeting notes are searchable and show in the chronology.
    assert [h.family_id for h in search.search(db, "homework club")] == [family_id]
    kinds = [item.kind for item in fam.get_family(db, family_id).chronology]
    assert "meeting" in kinds and "action" in kinds


def test_meeting_validation(db: Database) -> None:
    mine = _family(db, "Bea", "POL", "1A", 1)
    other = _family(db, "Cem", "TUR", "1A", 1)
    stranger = fam.load_draft(db, other).caregivers[0].id
    start = NOW + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as failure:
        meetings.save_meeting(
            db,
            meetings.MeetingDraft(
                family_id=mine,
                kind=MeetingKind.CHECK_IN,
                starts_at=start,
                ends_at=start - dt.timedelta(hours=1),
                attendees=[meetings.AttendeeDraft(AttendeeRole.CAREGIVER, caregiver_id=stranger)],
                actions=[meetings.ActionDraft("Call back", NOW.date() - dt.timedelta(days=1))],
                interpreter_present=True,
            ),
        )
    errors = failure.value.errors
    assert "after the start" in errors["ends_at"]
    assert "not part of this family" in errors["attendees[0]"]
    assert "past" in errors["actions[0].due_on"]
    assert "language" in errors["interpreter_language"]
    assert meetings.list_meetings(db) == []


def test_event_invite_by_class_attendance_and_chronology(db: Database) -> None:
    a = _family(db, "Dana", "RMN", "2A", 2)
    b = _family(db, "Eva", "POL", "2A", 2)
    c = _family(db, "Femi", "YOR", "5B", 5)
    event_id = events.create_event(
        db, EventKind.COFFEE_MORNING, "Coffee morning", dt.datetime(2026, 11, 20, 9, tzinfo=LONDON)
    )
    assert events.invite(db, event_id, flt=fam.FamilyFilter(class_names=("2A",))) == 2
    assert events.invite(db, event_id, family_ids=[a, c]) == 1  # a already invited
    register = events.register(db, event_id)
    assert {line.family_id for line in register} == {a, b, c}
    dana = next(line for line in register if line.family_id == a)
    events.record_attendance(db, event_id, dana.caregiver_id, True)
    assert events.list_events(db)[0].attended == 1
    chronology = fam.get_family(db, a).chronology
    assert any("attended: Dana Example" in item.summary for item in chronology)
    other = fam.get_family(db, b).chronology
    assert any(item.kind == "event" and "invited" in item.summary for item in other)


def test_friendly_faces_suggests_language_and_class_then_matches(db: Database) -> None:
    newcomer = _family(db, "Gul", "URD", "3A", 3)
    same_lang_class = _family(db, "Hina", "URD", "3A", 3)
    same_class = _family(db, "Iris", "ENG", "3A", 3)
    unrelated = _family(db, "Jan", "POL", "6B", 6)
    for family_id in (same_lang_class, same_class, unrelated):
        friendly_faces.set_volunteer(db, fam.load_draft(db, family_id).caregivers[0].id, True)
    suggestions = friendly_faces.suggest_volunteers(db, newcomer)
    assert [s.family_id for s in suggestions] == [same_lang_class, same_class, unrelated]
    assert "speaks URD" in suggestions[0].reasons
    match_id = friendly_faces.match(db, newcomer, suggestions[0].caregiver_id)
    assert [m.id for m in friendly_faces.matches_for(db, newcomer)] == [match_id]
    assert [m.id for m in friendly_faces.matches_for(db, same_lang_class)] == [match_id]
    with pytest.raises(ValidationError, match="already exists"):
        friendly_faces.match(db, newcomer, suggestions[0].caregiver_id)
    not_volunteer = fam.load_draft(db, newcomer).caregivers[0].id
    with pytest.raises(ValidationError, match="not a Friendly Faces volunteer"):
        friendly_faces.match(db, same_class, not_volunteer)
    assert any(item.kind == "friendly_faces" for item in fam.get_family(db, newcomer).chronology)
