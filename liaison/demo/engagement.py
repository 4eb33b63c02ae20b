"""Demo engagement history: events and their registers, Friendly Faces matches, letters and
home-school agreements sent home, and interpreters at meetings.

Each family draws from its own random stream (seeded by its id), so adding this history leaves
every other demo record exactly as it was. The demo events are made once, with the first family.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from liaison.clock import LONDON
from liaison.demo import history  # noqa: F401  (its meetings and volunteers come first)
from liaison.demo.builder import register_history
from liaison.documents.layout import Block, Document, Letterhead, Section
from liaison.models import (
    Caregiver,
    Event,
    EventAttendance,
    EventInvite,
    Family,
    FriendlyMatch,
    Meeting,
    PrintedDocument,
    School,
)
from liaison.models.enums import EventKind, MeetingStatus

HISTORY_DAYS = 3 * 365
_LETTERS = [
    "event_invitation",
    "event_invitation",
    "parents_evening",
    "meeting_invitation",
    "trip_consent",
    "uniform_support",
    "welcome",
    "tried_to_reach",
]
_EVENTS = [
    (EventKind.COFFEE_MORNING, "Coffee morning", 9),
    (EventKind.COFFEE_MORNING, "Coffee morning", 9),
    (EventKind.WORKSHOP, "Phonics workshop for parents", 15),
    (EventKind.ESOL_CLASS, "ESOL class", 13),
    (EventKind.CURRICULUM_EVENING, "Curriculum evening", 18),
    (EventKind.CELEBRATION, "International evening", 17),
]


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _events(session: Session, today: dt.date) -> list[tuple[int, dt.date]]:
    """The demo events (about two a month over three years), made on first use."""
    cached = session.info.get("demo_events")
    if cached is not None:
        return cached
    rows = session.execute(select(Event.id, Event.starts_at)).all()
    if not rows:
        rng = random.Random("demo-events")
        made = dt.datetime.combine(today, dt.time(7), tzinfo=LONDON)
        day = today - dt.timedelta(days=HISTORY_DAYS)
        while day < today + dt.timedelta(days=21):
            kind, title, hour = rng.choice(_EVENTS)
            when = dt.datetime.combine(_weekday(day), dt.time(hour), tzinfo=LONDON)
            session.add(
                Event(
                    kind=kind,
                    title=title,
                    starts_at=when,
                    ends_at=when + dt.timedelta(hours=1, minutes=30),
                    place="School hall",
                    created_at=min(when, made),
                )
            )
            day += dt.timedelta(days=rng.randint(10, 21))
        session.flush()
        rows = session.execute(select(Event.id, Event.starts_at)).all()
    cached = [(event_id, starts.astimezone(LONDON).date()) for event_id, starts in rows]
    session.info["demo_events"] = cached
    return cached


def _letter_snapshot(school_name: str, subject: str) -> dict[str, Any]:
    """A letter that reprints, saying what it was; the demo keeps no letter text."""
    doc = Document(
        title=subject,
        letterhead=Letterhead(school_name),
        sections=(
            Section(
                "ENG",
                "ltr",
                "",
                subject,
                (Block("p", "A demo letter: its text is not kept in the demo database."),),
            ),
        ),
        signer="Demo Officer",
        signer_role="Family Liaison Officer",
    )
    data = asdict(doc)
    data["letterhead"]["logo_png"] = None
    return data


@register_history
def engagement_history(
    session: Session, _rng: random.Random, family_id: int, today: dt.date
) -> None:
    rng = random.Random(f"demo-engagement-{family_id}")
    family = session.get(Family, family_id)
    assert family is not None
    carers = session.execute(
        select(
            Caregiver.id,
            Caregiver.letter_language,
            Caregiver.interpreter_needed,
            Caregiver.interpreter_language,
            Caregiver.volunteer_since,
        )
        .where(Caregiver.family_id == family_id)
        .order_by(Caregiver.is_main_contact.desc(), Caregiver.id)
    ).all()
    if not carers:
        return
    main = carers[0]

    # Events: invited to about a quarter of them; a caregiver comes to about a third of those.
    keen = rng.random()
    invites, marks = [], []
    for event_id, day in _events(session, today):
        if rng.random() > 0.25:
            continue
        invites.append({"event_id": event_id, "family_id": family_id, "invited_on": day})
        if day >= today:
            continue
        for carer in carers:
            if rng.random() < 0.5 * keen:
                marks.append(
                    {
                        "event_id": event_id,
                        "family_id": family_id,
                        "caregiver_id": carer.id,
                        "attended": rng.random() < 0.9,
                    }
                )
    if invites:
        session.execute(insert(EventInvite), invites)
    if marks:
        session.execute(insert(EventAttendance), marks)

    # Friendly Faces: half of the new arrivals are matched with a volunteer from another family.
    if family.new_arrival_date is not None and rng.random() < 0.5:
        volunteers = session.scalars(
            select(Caregiver.id).where(
                Caregiver.volunteer_since.is_not(None), Caregiver.family_id != family_id
            )
        ).all()
        if volunteers:
            matched = min(family.new_arrival_date + dt.timedelta(days=rng.randint(2, 20)), today)
            session.add(
                FriendlyMatch(
                    family_id=family_id, volunteer_id=rng.choice(volunteers), matched_on=matched
                )
            )

    # Letters home and the home-school agreement.
    if "demo_school" not in session.info:
        details = session.get(School, 1)
        session.info["demo_school"] = details.name if details else "School"
    school_name = session.info["demo_school"]
    language = main.letter_language or "ENG"
    rows = []
    for _ in range(rng.randint(0, 5)):
        day = _weekday(today - dt.timedelta(days=rng.randint(1, HISTORY_DAYS)))
        template = rng.choice(_LETTERS)
        rows.append(_printed(family_id, main.id, "letter", template, language, day, school_name))
    if rng.random() < 0.45:
        day = _weekday(today - dt.timedelta(days=rng.randint(1, HISTORY_DAYS)))
        back = day + dt.timedelta(days=rng.randint(3, 25))
        row = _printed(
            family_id, main.id, "agreement", "home_school_agreement", language, day, school_name
        )
        if back < today and rng.random() < 0.75:
            row["returned_on"] = back
        rows.append(row)
    if rows:
        session.execute(insert(PrintedDocument), rows)

    # An interpreter was there at most meetings with a caregiver who needs one.
    needing = next((c for c in carers if c.interpreter_needed and c.interpreter_language), None)
    if needing is not None:
        held = session.scalars(
            select(Meeting.id).where(
                Meeting.family_id == family_id, Meeting.status == MeetingStatus.HELD
            )
        ).all()
        chosen = [m for m in held if rng.random() < 0.6]
        if chosen:
            session.execute(
                update(Meeting)
                .where(Meeting.id.in_(chosen))
                .values(interpreter_present=True, interpreter_language=needing.interpreter_language)
            )


def _printed(
    family_id: int,
    caregiver_id: int,
    kind: str,
    template: str,
    language: str,
    day: dt.date,
    school_name: str,
) -> dict[str, Any]:
    when = dt.datetime.combine(day, dt.time(15), tzinfo=LONDON).astimezone(dt.UTC)
    subject = template.replace("_", " ").capitalize()
    return {
        "family_id": family_id,
        "caregiver_id": caregiver_id,
        "kind": kind,
        "template_key": template,
        "language": language,
        "version": 1,
        "translation_status": "draft",
        "bilingual": language != "ENG",
        "snapshot": _letter_snapshot(school_name, subject),
        "printed_at": when,
        "printed_by": "Demo Officer",
        "returned_on": None,
    }
