"""What a write changed, said once for every write path.

A session hook (installed when a database is opened, like the search index's) notes the area of
every row a transaction adds, changes or deletes, ORM objects and bulk statements alike, and
after the commit tells whoever is watching: the window refreshes the screens that show those
areas, and no write can forget to say what it changed. A rolled-back transaction says nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

if TYPE_CHECKING:
    from liaison.store.database import Database


class Area(StrEnum):
    FAMILIES = "families"  # families, people, languages, needs, consent, notes
    CASEWORK = "casework"  # meetings, actions, bookings, referrals, events, Friendly Faces
    DIRECTORY = "directory"  # interpreters, agencies, services
    LETTERS = "letters"  # printed letters, batches, replies, template versions
    SETTINGS = "settings"  # the school, terms, settings
    PRIVACY = "privacy"  # subject access requests
    PARENT_VOICE = "parent_voice"  # questionnaires, what was sent, answers, you said we did
    ATTENDANCE = "attendance"  # attendance snapshots from the MIS


_TABLE_AREAS: dict[str, Area] = {
    "family": Area.FAMILIES,
    "family_need": Area.FAMILIES,
    "consent": Area.FAMILIES,
    "family_note": Area.FAMILIES,
    "caregiver": Area.FAMILIES,
    "caregiver_language": Area.FAMILIES,
    "pupil": Area.FAMILIES,
    "pupil_caregiver": Area.FAMILIES,
    "meeting": Area.CASEWORK,
    "meeting_attendee": Area.CASEWORK,
    "action": Area.CASEWORK,
    "booking": Area.CASEWORK,
    "referral": Area.CASEWORK,
    "event": Area.CASEWORK,
    "event_invite": Area.CASEWORK,
    "event_attendance": Area.CASEWORK,
    "friendly_match": Area.CASEWORK,
    "contact_snooze": Area.CASEWORK,  # a "no contact" reminder put off (Today)
    "agency": Area.DIRECTORY,
    "interpreter": Area.DIRECTORY,
    "interpreter_language": Area.DIRECTORY,
    "service": Area.DIRECTORY,
    "printed_document": Area.LETTERS,
    "batch": Area.LETTERS,
    "template_variant": Area.LETTERS,
    "school": Area.SETTINGS,
    "term": Area.SETTINGS,
    "setting": Area.SETTINGS,
    "subject_access_request": Area.PRIVACY,
    "questionnaire_design": Area.PARENT_VOICE,
    "questionnaire_version": Area.PARENT_VOICE,
    "questionnaire_run": Area.PARENT_VOICE,
    "questionnaire_layout": Area.PARENT_VOICE,
    "questionnaire_sent": Area.PARENT_VOICE,
    "questionnaire_page": Area.PARENT_VOICE,
    "questionnaire_answer": Area.PARENT_VOICE,
    "you_said_we_did": Area.PARENT_VOICE,
    "attendance_record": Area.ATTENDANCE,
}
# Rows that are bookkeeping, not something a screen shows.
_QUIET = {"audit_entry", "store_meta", "search_doc"}

Listener = Callable[[frozenset[Area]], None]
_PENDING = "liaison_changed_areas"


def area_of(table: str) -> Area | None:
    """The area a table belongs to; None for bookkeeping. A table no area names is an error a
    test catches (tests/test_changes.py), so a new table cannot change silently."""
    if table in _QUIET:
        return None
    return _TABLE_AREAS[table]


def install(db: Database) -> None:
    """Note what each write transaction changes and tell `db`'s listeners after it commits."""
    listeners = db.change_listeners
    sessions = db.write_sessions

    def note(session: Session, tables: list[str]) -> None:
        pending: set[Area] = session.info.setdefault(_PENDING, set())
        for table in tables:
            area = area_of(table)
            if area is not None:
                pending.add(area)

    @event.listens_for(sessions, "before_flush")
    def _before_flush(session: Session, ctx: object, instances: object) -> None:
        objects = [*session.new, *session.dirty, *session.deleted]
        note(session, [obj.__table__.name for obj in objects if hasattr(obj, "__table__")])

    @event.listens_for(sessions, "do_orm_execute")
    def _bulk(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            mapper = state.bind_mapper
            if mapper is not None:
                note(state.session, [str(mapper.local_table.name)])

    @event.listens_for(sessions, "after_commit")
    def _after_commit(session: Session) -> None:
        areas = frozenset(session.info.pop(_PENDING, set()))
        if areas:
            for listener in list(listeners):
                listener(areas)

    @event.listens_for(sessions, "after_rollback")
    def _after_rollback(session: Session) -> None:
        session.info.pop(_PENDING, None)


def watch(db: Database, listener: Listener) -> None:
    """Call `listener` (on the thread that committed) with the areas each commit changed."""
    db.change_listeners.append(listener)
