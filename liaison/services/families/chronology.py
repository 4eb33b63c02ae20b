"""A family's history as dated lines: each area registers a source of its own lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from liaison.clock import LONDON
from liaison.models import (
    Family,
)
from liaison.models.enums import (
    ConsentKind,
)

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class ChronologyItem:
    """One dated line in a family's history. `when` is a London-local date-time."""

    when: dt.datetime
    kind: str
    summary: str
    ref_id: int | None = None


ChronologySource = Callable[[Session, Family], Iterable[ChronologyItem]]


_chronology_sources: list[ChronologySource] = []


def register_chronology(source: ChronologySource) -> ChronologySource:
    _chronology_sources.append(source)
    return source


def _at_day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LONDON)


@register_chronology
def _core_chronology(session: Session, family: Family) -> Iterable[ChronologyItem]:
    yield ChronologyItem(family.created_at.astimezone(LONDON), "record", "Family record created")
    if family.new_arrival_date:
        yield ChronologyItem(_at_day_start(family.new_arrival_date), "arrival", "New arrival")
    for pupil in family.pupils:
        if pupil.admission_date:
            yield ChronologyItem(
                _at_day_start(pupil.admission_date),
                "admission",
                f"{pupil.display_name} admitted"
                + (f" to {pupil.class_name}" if pupil.class_name else ""),
                pupil.id,
            )
        if pupil.left_date:
            yield ChronologyItem(
                _at_day_start(pupil.left_date), "left", f"{pupil.display_name} left", pupil.id
            )
    for need in family.needs:
        yield ChronologyItem(
            _at_day_start(need.identified_on),
            "need",
            f"Need identified: {need.category.label}",
            need.id,
        )
        if need.resolved_on:
            yield ChronologyItem(
                _at_day_start(need.resolved_on),
                "need",
                f"Need {need.status.label.lower()}: {need.category.label}",
                need.id,
            )
    for consent in family.consents:
        what = (
            "store records"
            if consent.kind == ConsentKind.STORE
            else f"share with {consent.service}"
        )
        yield ChronologyItem(
            _at_day_start(consent.recorded_on),
            "consent",
            f"Consent to {what}: {consent.status.value}",
            consent.id,
        )
    for note in family.notes:
        first_line = note.body.strip().splitlines()[0] if note.body.strip() else ""
        label = "Confidential note" if note.confidential else "Note"
        yield ChronologyItem(
            note.written_at.astimezone(LONDON), "note", f"{label}: {first_line[:80]}", note.id
        )


def history(session: Session, family: Family) -> list[ChronologyItem]:
    """Every registered source's lines for this family, newest first."""
    items: list[ChronologyItem] = []
    for source in _chronology_sources:
        items.extend(source(session, family))
    items.sort(key=lambda item: item.when, reverse=True)
    return items
