"""Term dates: the school's terms, the one asked for by name, and typical dates to start from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from liaison.errors import NotFound, ValidationError
from liaison.models import Term
from liaison.models.enums import AuditAction, TermKind
from liaison.services import audit

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass(frozen=True)
class TermView:
    id: int
    kind: TermKind
    starts_on: dt.date
    ends_on: dt.date

    @property
    def name(self) -> str:
        return f"{self.kind.value.capitalize()} {self.starts_on.year}"

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def list_terms(db: Database) -> list[TermView]:
    with db.read() as session:
        return [
            TermView(t.id, t.kind, t.starts_on, t.ends_on)
            for t in session.scalars(select(Term).order_by(Term.starts_on))
        ]


def add_term(db: Database, kind: TermKind | str, starts_on: dt.date, ends_on: dt.date) -> int:
    kind = TermKind(kind)
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": "the term must end after it starts"})
    if (ends_on - starts_on).days > 140:
        raise ValidationError({"ends_on": "a term longer than 20 weeks; check the dates"})
    for other in list_terms(db):
        if starts_on <= other.ends_on and other.starts_on <= ends_on:
            raise ValidationError({"starts_on": f"these dates overlap {other.name}"})
    with db.session() as session:
        term = Term(kind=kind, starts_on=starts_on, ends_on=ends_on)
        session.add(term)
        session.flush()
        audit.record(session, db, AuditAction.CREATED, entity="term", entity_id=term.id)
        return term.id


def delete_term(db: Database, term_id: int) -> None:
    with db.session() as session:
        term = session.get(Term, term_id)
        if term is None:
            raise NotFound(f"There is no term with id {term_id}.")
        session.delete(term)
        audit.record(session, db, AuditAction.DELETED, entity="term", entity_id=term_id)


def term_by_name(db: Database, name: str) -> tuple[TermView, TermView | None]:
    """The term called `name` ("Autumn 2026", any spacing or case) and the term before it."""
    terms = list_terms(db)
    wanted = " ".join(name.split()).casefold()
    for index, term in enumerate(terms):
        if term.name.casefold() == wanted:
            return term, terms[index - 1] if index > 0 else None
    if not terms:
        raise NotFound(
            f"There is no term called '{name}': no term dates are set. Add them in "
            "Settings, or give --from and --to dates."
        )
    names = ", ".join(t.name for t in terms)
    raise NotFound(f"There is no term called '{name}'. The terms in Settings are: {names}.")


def standard_terms(academic_year: int) -> list[tuple[TermKind, dt.date, dt.date]]:
    """Typical English term dates for the academic year starting in September `academic_year`.

    A starting point the officer edits to match her local authority's calendar.
    """
    y = academic_year
    return [
        (TermKind.AUTUMN, _weekday_on_or_after(dt.date(y, 9, 2)), dt.date(y, 12, 19)),
        (TermKind.SPRING, _weekday_on_or_after(dt.date(y + 1, 1, 5)), dt.date(y + 1, 3, 27)),
        (TermKind.SUMMER, _weekday_on_or_after(dt.date(y + 1, 4, 13)), dt.date(y + 1, 7, 22)),
    ]


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day
