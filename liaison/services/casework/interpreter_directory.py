"""The directory of interpreters and agencies: who speaks what, their rates and cancellation
windows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from liaison import validation as v
from liaison.errors import NotFound, ValidationError
from liaison.models import Agency, Interpreter, InterpreterLanguage
from liaison.models.enums import AuditAction, InterpretingMode
from liaison.services import audit

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass
class AgencyDraft:
    name: str
    phone: str | None = None
    email: str | None = None
    cancellation_hours: int = 24
    notes: str | None = None
    active: bool = True
    id: int | None = None


@dataclass
class InterpreterDraft:
    name: str
    languages: list[tuple[str, str | None]] = field(default_factory=list)  # (code, dialect)
    agency_id: int | None = None
    gender: str | None = None
    modes: list[InterpretingMode] = field(default_factory=lambda: [InterpretingMode.IN_PERSON])
    phone: str | None = None
    email: str | None = None
    hourly_rate_pence: int | None = None
    fixed_fee_pence: int | None = None
    minimum_minutes: int = 60
    notes: str | None = None
    active: bool = True
    id: int | None = None


@dataclass(frozen=True)
class InterpreterView:
    id: int
    name: str
    agency: str | None
    agency_id: int | None
    gender: str | None
    languages: tuple[tuple[str, str | None], ...]
    modes: tuple[InterpretingMode, ...]
    phone: str | None
    email: str | None
    hourly_rate_pence: int | None
    fixed_fee_pence: int | None
    minimum_minutes: int
    active: bool


def save_agency(db: Database, draft: AgencyDraft) -> int:
    errors: dict[str, str] = {}
    name = (draft.name or "").strip()
    if not name:
        errors["name"] = "give the agency's name"
    phone = v.collect(errors, "phone", v.uk_phone, draft.phone)
    email = v.collect(errors, "email", v.email, draft.email)
    if not 0 <= draft.cancellation_hours <= 24 * 14:
        errors["cancellation_hours"] = "between 0 hours and two weeks"
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        clash = session.scalar(
            select(Agency.id).where(func.lower(Agency.name) == name.lower(), Agency.id != draft.id)
            if draft.id
            else select(Agency.id).where(func.lower(Agency.name) == name.lower())
        )
        if clash is not None:
            raise ValidationError({"name": f"there is already an agency called {name}"})
        agency = session.get(Agency, draft.id) if draft.id else Agency()
        if agency is None:
            raise NotFound(f"There is no agency with id {draft.id}.")
        session.add(agency)
        agency.name, agency.phone, agency.email = name, phone, email
        agency.cancellation_hours = draft.cancellation_hours
        agency.notes, agency.active = draft.notes, draft.active
        session.flush()
        audit.record(session, db, AuditAction.CHANGED, entity="agency", entity_id=agency.id)
        return agency.id


def list_agencies(db: Database) -> list[AgencyDraft]:
    with db.read() as session:
        return [
            AgencyDraft(a.name, a.phone, a.email, a.cancellation_hours, a.notes, a.active, a.id)
            for a in session.scalars(select(Agency).order_by(Agency.name))
        ]


def save_interpreter(db: Database, draft: InterpreterDraft) -> int:
    errors: dict[str, str] = {}
    name = (draft.name or "").strip()
    if not name:
        errors["name"] = "give the interpreter's name"
    if not draft.languages:
        errors["languages"] = "list at least one language"
    clean_langs: list[tuple[str, str | None]] = []
    for i, (code, dialect) in enumerate(draft.languages):
        clean = v.collect(errors, f"languages[{i}]", v.language_code, code)
        if clean:
            clean_langs.append((clean, (dialect or "").strip() or None))
    if draft.gender not in (None, "female", "male"):
        errors["gender"] = "female, male or not recorded"
    for name_, value in (
        ("hourly_rate_pence", draft.hourly_rate_pence),
        ("fixed_fee_pence", draft.fixed_fee_pence),
    ):
        if value is not None and not 0 <= value <= 100_000:
            errors[name_] = "a fee between £0 and £1,000"
    if not 0 <= draft.minimum_minutes <= 480:
        errors["minimum_minutes"] = "between 0 and 480 minutes"
    phone = v.collect(errors, "phone", v.uk_phone, draft.phone)
    email = v.collect(errors, "email", v.email, draft.email)
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        person = session.get(Interpreter, draft.id) if draft.id else Interpreter()
        if person is None:
            raise NotFound(f"There is no interpreter with id {draft.id}.")
        session.add(person)
        person.name, person.agency_id, person.gender = name, draft.agency_id, draft.gender
        person.modes = [InterpretingMode(m).value for m in draft.modes]
        person.phone, person.email = phone, email
        person.hourly_rate_pence, person.fixed_fee_pence = (
            draft.hourly_rate_pence,
            draft.fixed_fee_pence,
        )
        person.minimum_minutes, person.notes, person.active = (
            draft.minimum_minutes,
            draft.notes,
            draft.active,
        )
        person.languages = [InterpreterLanguage(language=c, dialect=d) for c, d in clean_langs]
        session.flush()
        audit.record(session, db, AuditAction.CHANGED, entity="interpreter", entity_id=person.id)
        return person.id


def _interpreter_view(person: Interpreter) -> InterpreterView:
    return InterpreterView(
        person.id,
        person.name,
        person.agency.name if person.agency else None,
        person.agency_id,
        person.gender,
        tuple((x.language, x.dialect) for x in person.languages),
        tuple(InterpretingMode(m) for m in person.modes or []),
        person.phone,
        person.email,
        person.hourly_rate_pence,
        person.fixed_fee_pence,
        person.minimum_minutes,
        person.active,
    )


def list_interpreters(
    db: Database, *, language: str | None = None, active_only: bool = True
) -> list[InterpreterView]:
    with db.read() as session:
        query = select(Interpreter).order_by(Interpreter.name)
        if active_only:
            query = query.where(Interpreter.active.is_(True))
        found = [_interpreter_view(p) for p in session.scalars(query)]
    if language:
        main = language[:3]
        found = [p for p in found if any(code[:3] == main for code, _ in p.languages)]
    return found
