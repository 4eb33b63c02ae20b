"""Subject access requests: log with the legal deadline, collect everything held, let the
officer withhold items under an exemption (reason recorded), then produce a PDF bundle and JSON.

"Everything held" is found from the schema, not from a hand-kept list: every table with a
`family_id`, every table hanging off those by a foreign key, and the audit entries about the
family. A record kind added later is included without anyone remembering to add it here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from liaison.clock import LONDON
from liaison.errors import NotFound, ValidationError
from liaison.models import Base, Family, SubjectAccessRequest
from liaison.models.enums import AuditAction
from liaison.services import audit, school
from liaison.services.school.calendar import SchoolCalendar
from liaison.store.atomic import write_atomic

if TYPE_CHECKING:
    from liaison.store.database import Database

GDPR, EDUCATIONAL_RECORD = "gdpr", "educational_record"
KINDS = {
    GDPR: "Subject access (UK GDPR): one calendar month",
    EDUCATIONAL_RECORD: "Parent's request for the educational record: 15 school days",
}
EXEMPTIONS = (
    "Serious harm to the physical or mental health of any person",
    "Information about another person (third party) without their consent",
    "Child abuse data not in the child's best interests",
    "Legal professional privilege",
    "Prevention or detection of crime",
    "Other exemption (give the reason)",
)
# Index and bookkeeping tables, not information about the family.
_SKIP = {"search_doc", "search_index", "subject_access_request", "audit_entry"}


@dataclass(frozen=True)
class RequestView:
    id: int
    family_id: int | None
    family_reference: str | None
    caregiver_id: int | None
    kind: str
    requester: str
    received_on: dt.date
    due_on: dt.date
    completed_on: dt.date | None
    withheld: dict[str, dict[str, str]]


@dataclass(frozen=True)
class Item:
    key: str  # "meeting:12"
    kind: str  # "Meeting"
    title: str
    confidential: bool
    fields: dict[str, Any]


def due_date(db: Database, kind: str, received_on: dt.date) -> dt.date:
    if kind == GDPR:
        # One calendar month: the same day next month, or its last day if shorter (ICO).
        year, month = divmod(received_on.month, 12)
        year, month = received_on.year + year, month + 1
        day = min(received_on.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)
    if kind == EDUCATIONAL_RECORD:
        days = SchoolCalendar(school.list_terms(db))
        due = received_on
        for _ in range(15):
            due = days.next_school_day(due)
        return due
    raise ValidationError({"kind": f"unknown request kind {kind!r}; use {' or '.join(KINDS)}"})


def log_request(
    db: Database,
    family_id: int,
    *,
    kind: str,
    requester: str,
    received_on: dt.date,
    caregiver_id: int | None = None,
) -> int:
    if not requester.strip():
        raise ValidationError({"requester": "say who made the request"})
    due = due_date(db, kind, received_on)
    with db.session() as session:
        family = session.get(Family, family_id)
        if family is None:
            raise NotFound(f"There is no family with id {family_id}.")
        if caregiver_id is not None and caregiver_id not in {c.id for c in family.caregivers}:
            raise ValidationError({"caregiver": "that caregiver is not in this family"})
        request = SubjectAccessRequest(
            family_id=family_id,
            caregiver_id=caregiver_id,
            kind=kind,
            requester=requester.strip(),
            received_on=received_on,
            due_on=due,
            withheld={},
            created_at=db.clock.now(),
        )
        session.add(request)
        session.flush()
        audit.record(
            session,
            db,
            AuditAction.CREATED,
            entity="subject_access_request",
            entity_id=request.id,
            family_id=family_id,
            detail=kind,
        )
        return request.id


def list_requests(db: Database, *, open_only: bool = False) -> list[RequestView]:
    with db.read() as session:
        query = select(SubjectAccessRequest).order_by(SubjectAccessRequest.due_on)
        if open_only:
            query = query.where(SubjectAccessRequest.completed_on.is_(None))
        return [_view(session, r) for r in session.scalars(query)]


def get_request(db: Database, request_id: int) -> RequestView:
    with db.read() as session:
        return _view(session, _get(session, request_id))


def withhold(db: Database, request_id: int, key: str, exemption: str, reason: str) -> None:
    errors: dict[str, str] = {}
    if exemption not in EXEMPTIONS:
        errors["exemption"] = "choose one of the listed exemptions"
    if not reason.strip():
        errors["reason"] = "record why the exemption applies"
    if errors:
        raise ValidationError(errors)
    if key not in {item.key for item in collect(db, request_id)}:
        raise NotFound(f"{key} is not part of this request.")
    with db.session() as session:
        request = _get(session, request_id)
        request.withheld = {**request.withheld, key: {"exemption": exemption, "reason": reason}}
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="subject_access_request",
            entity_id=request_id,
            family_id=request.family_id,
            detail=f"withheld {key}",
        )


def release(db: Database, request_id: int, key: str) -> None:
    with db.session() as session:
        request = _get(session, request_id)
        request.withheld = {k: v for k, v in request.withheld.items() if k != key}


def collect(db: Database, request_id: int) -> list[Item]:
    """Everything held about the request's family (or one caregiver in it), in a stable order."""
    with db.read() as session:
        request = _get(session, request_id)
        if request.family_id is None:
            raise NotFound("The family of this request has been erased.")
        return _collect(session, request.family_id, request.caregiver_id)


def collect_for(db: Database, family_id: int, caregiver_id: int | None = None) -> list[Item]:
    """What a request would cover, before one is logged."""
    with db.read() as session:
        if session.get(Family, family_id) is None:
            raise NotFound(f"There is no family with id {family_id}.")
        return _collect(session, family_id, caregiver_id)


def _collect(session: Session, family_id: int, caregiver_id: int | None) -> list[Item]:
    tables = Base.metadata.tables
    rows: dict[str, list[dict[str, Any]]] = {}
    rows["family"] = _rows(session, tables["family"], lambda t: t.c.id == family_id)
    owned = [t for name, t in tables.items() if "family_id" in t.c and name not in _SKIP]
    for table in owned:
        rows[table.name] = _rows(session, table, lambda t: t.c.family_id == family_id)
    # Tables hanging off those: attendees of a meeting, a caregiver's languages...
    for table in tables.values():
        if table.name in rows or table.name in _SKIP:
            continue
        links = [
            fk.parent.in_([r[fk.column.name] for r in rows[fk.column.table.name]])
            for fk in table.foreign_keys
            if fk.column.table.name in rows and fk.column.table.name != "family"
        ]
        if links:
            rows[table.name] = _rows(session, table, lambda t, links=links: or_(*links))
    if caregiver_id is not None:
        rows = _only_caregiver(rows, caregiver_id)
    audit_rows = _rows(
        session, tables["audit_entry"], lambda t: t.c.family_id == family_id, order="id"
    )
    items = [
        Item(
            key=f"{name}:{row['id']}",
            kind=_human(name),
            title=_title(name, row),
            confidential=bool(row.get("confidential")),
            fields={k: _plain(v) for k, v in row.items()},
        )
        for name, table_rows in rows.items()
        for row in table_rows
    ]
    items += [
        Item(
            f"audit_entry:{row['id']}",
            "Audit entry",
            _title("audit_entry", row),
            False,
            {k: _plain(v) for k, v in row.items()},
        )
        for row in audit_rows
    ]
    return items


def _only_caregiver(
    rows: dict[str, list[dict[str, Any]]], caregiver_id: int
) -> dict[str, list[dict[str, Any]]]:
    """One caregiver's request: their own record, their children's, and what concerns them or
    the family as a whole; not the other caregivers' records."""
    pupils = {
        r["pupil_id"] for r in rows.get("pupil_caregiver", []) if r["caregiver_id"] == caregiver_id
    }
    kept: dict[str, list[dict[str, Any]]] = {}
    for name, table_rows in rows.items():
        keep = []
        for row in table_rows:
            if name == "caregiver" and row["id"] != caregiver_id:
                continue
            if name == "pupil" and row["id"] not in pupils:
                continue
            if row.get("caregiver_id") not in (None, caregiver_id):
                continue
            if "pupil_id" in row and row["pupil_id"] not in (None, *pupils):
                continue
            keep.append(row)
        kept[name] = keep
    return kept


def _rows(
    session: Session, table: Table, where: Callable[[Table], Any], order: str = "id"
) -> list[dict[str, Any]]:
    query = select(table).where(where(table))
    if order in table.c:
        query = query.order_by(table.c[order])
    return [dict(row._mapping) for row in session.execute(query)]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def _uk(value: Any) -> Any:
    """Dates as a UK reader writes them (the JSON keeps ISO 8601)."""
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return f"{when:%d/%m/%Y}"
        return f"{when.astimezone(LONDON):%d/%m/%Y %H:%M}"
    return value


def _human(table: str) -> str:
    return table.replace("_", " ").capitalize()


def _title(table: str, row: dict[str, Any]) -> str:
    when = next(
        (
            row[c]
            for c in ("starts_at", "at", "printed_at", "created_at", "suggested_on", "as_at")
            if row.get(c)
        ),
        None,
    )
    suffix = f", {when:%d/%m/%Y}" if isinstance(when, dt.date | dt.datetime) else ""
    return f"{_human(table)} {row['id']}{suffix}"


def produce(db: Database, request_id: int, out_dir: Path) -> tuple[Path, Path]:
    """Write the bundle (PDF) and the machine-readable copy (JSON) into `out_dir`; withheld
    items are left out of both and counted; the request is marked complete."""
    from liaison.documents.layout import Block, Document, Letterhead, Section
    from liaison.documents.render import render_pdf
    from liaison.i18n.bidi import for_line

    request = get_request(db, request_id)
    items = collect(db, request_id)
    given = [i for i in items if i.key not in request.withheld]
    today = db.clock.today()
    details = school.get_school(db)
    stem = f"SAR-{request.family_reference}-{today:%Y%m%d}"
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise NotFound(f"There is no folder {out_dir}.")
    payload = {
        "request": {
            "family": request.family_reference,
            "kind": request.kind,
            "received_on": request.received_on.isoformat(),
            "due_on": request.due_on.isoformat(),
            "produced_on": today.isoformat(),
        },
        "items_withheld_under_exemptions": len(items) - len(given),
        "items": [
            {"key": i.key, "kind": i.kind, "confidential": i.confidential, "fields": i.fields}
            for i in given
        ],
    }
    blocks: list[Block] = [
        Block("p", f"Requested by {request.requester}. {KINDS[request.kind]}."),
        Block("p", f"Received {request.received_on:%d/%m/%Y}; due {request.due_on:%d/%m/%Y}."),
    ]
    if len(items) != len(given):
        blocks.append(Block("p", f"{len(items) - len(given)} item(s) withheld under an exemption."))
    for item in given:
        heading = item.title + ("  [CONFIDENTIAL]" if item.confidential else "")
        blocks.append(Block("h", heading))
        # Each value isolated: a note in Arabic with an English word in it reads as written.
        lines = [
            f"{_human(k)}: {for_line(str(_uk(v)), 'ltr')}"
            for k, v in item.fields.items()
            if v not in (None, "", [], {})
        ]
        blocks.append(Block("p", "\n".join(lines)))
    document = Document(
        title=f"Subject access request {request.family_reference}",
        letterhead=Letterhead(details.name, tuple(details.address.splitlines())),
        sections=(
            Section(
                "ENG",
                "ltr",
                f"{today:%d/%m/%Y}",
                f"Information held about family {request.family_reference}",
                tuple(blocks),
            ),
        ),
        signer=details.officer_name,
        signer_role=details.officer_role,
    )
    pdf_path, json_path = out_dir / f"{stem}.pdf", out_dir / f"{stem}.json"
    render_pdf([document], pdf_path, title=document.title)
    write_atomic(json_path, json.dumps(payload, ensure_ascii=False, indent=2).encode())
    with db.session() as session:
        row = _get(session, request_id)
        row.completed_on = today
        audit.record(
            session,
            db,
            AuditAction.EXPORTED,
            entity="subject_access_request",
            entity_id=request_id,
            family_id=request.family_id,
            detail=f"{len(given)} items given, {len(items) - len(given)} withheld",
        )
    return pdf_path, json_path


def _get(session: Session, request_id: int) -> SubjectAccessRequest:
    request = session.get(SubjectAccessRequest, request_id)
    if request is None:
        raise NotFound(f"There is no subject access request {request_id}.")
    return request


def _view(session: Session, r: SubjectAccessRequest) -> RequestView:
    family = session.get(Family, r.family_id) if r.family_id is not None else None
    return RequestView(
        r.id,
        r.family_id,
        family.reference if family else None,
        r.caregiver_id,
        r.kind,
        r.requester or "",
        r.received_on,
        r.due_on,
        r.completed_on,
        dict(r.withheld),
    )
