"""Importing one attendance file as one dated snapshot, and listing the snapshots held.

- Each pupil in the file is found among the pupils held: by UPN, else by names (as held, or
  their Latin spelling) and date of birth. A pupil Liaison does not hold is listed and left
  out: attendance never creates a pupil (the pupil import does that).
- A snapshot is a date. Its figures are written once per pupil and date; importing the same
  file again finds every figure unchanged and writes nothing. A corrected file for the same
  date updates that date's figures. A file older than the newest snapshot held is simply an
  earlier date: it joins the history in date order and overwrites nothing newer.
- The whole file is one transaction: a bad figure, a cancel or an error leaves the database as
  it was. One audit entry records the file, the date and the counts, never a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from liaison.errors import Cancelled, ImportFileError
from liaison.imports.attendance import AttendanceFile, AttendanceRow, Figures
from liaison.imports.grouping import name_key
from liaison.jobs import CancelCheck, Progress
from liaison.models import AttendanceRecord, Pupil
from liaison.models.enums import AuditAction
from liaison.services import audit
from liaison.services.attendance.rules import Rate, academic_year

if TYPE_CHECKING:
    from liaison.store.database import Database

NEW, CHANGED, UNCHANGED, NOT_HELD = "new", "changed", "unchanged", "not held"
_VALUES = ("possible", "present", "authorised", "unauthorised", "percent", "start_date")


@dataclass(frozen=True)
class SnapshotLine:
    where: str
    name: str
    action: str  # NEW, CHANGED, UNCHANGED or NOT_HELD
    rate: Rate
    pupil_id: int | None = None


@dataclass
class SnapshotPlan:
    """What an import of one file does (or would do) to the snapshot of its date."""

    file_name: str
    kind: str
    as_at: dt.date
    lines: list[SnapshotLine] = field(default_factory=list)
    without: list[str] = field(default_factory=list)  # pupils the file has no figures for
    warnings: list[str] = field(default_factory=list)
    newest_held: dt.date | None = None  # the newest snapshot held before this import

    @property
    def older(self) -> bool:
        """The file is older than a snapshot already held: it goes in before it."""
        return self.newest_held is not None and self.as_at < self.newest_held

    def counts(self) -> dict[str, int]:
        found = {NEW: 0, CHANGED: 0, UNCHANGED: 0, NOT_HELD: 0}
        for line in self.lines:
            found[line.action] += 1
        return {
            "new": found[NEW],
            "changed": found[CHANGED],
            "unchanged": found[UNCHANGED],
            "not_held": found[NOT_HELD],
            "without_figures": len(self.without),
            "warnings": len(self.warnings),
        }

    def describe(self) -> str:
        c = self.counts()
        text = (
            f"as at {self.as_at:%d/%m/%Y}: {c['new']} new, {c['changed']} changed, "
            f"{c['unchanged']} unchanged; {_pupils(c['not_held'])} not held, "
            f"{_pupils(c['without_figures'])} with no figures"
        )
        if self.older:
            assert self.newest_held is not None
            text += f" (older than the snapshot of {self.newest_held:%d/%m/%Y}; kept before it)"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "kind": self.kind,
            "as_at": self.as_at.isoformat(),
            "older_than_newest_held": self.older,
            "counts": self.counts(),
            "pupils": [
                {
                    "where": line.where,
                    "name": line.name,
                    "action": line.action,
                    "attendance": line.rate.describe(),
                    "flag": line.rate.label(),
                }
                for line in self.lines
            ],
            "without_figures": self.without,
            "warnings": self.warnings,
        }


def _pupils(n: int) -> str:
    return f"{n} pupil" if n == 1 else f"{n} pupils"


@dataclass
class _Held:
    by_upn: dict[str, int] = field(default_factory=dict)
    by_name: dict[tuple[str, dt.date], list[int]] = field(default_factory=dict)


def _held(session: Session) -> _Held:
    held = _Held()
    rows = session.execute(
        select(
            Pupil.id,
            Pupil.upn,
            Pupil.given_name,
            Pupil.family_name,
            Pupil.given_name_latin,
            Pupil.family_name_latin,
            Pupil.date_of_birth,
        )
    )
    for pid, upn, given, family, given_latin, family_latin, dob in rows:
        if upn:
            held.by_upn[upn] = pid
        if dob is None:
            continue
        keys = {name_key(given, family)}
        if given_latin or family_latin:
            keys.add(name_key(given_latin or given, family_latin or family))
        for key in keys:
            held.by_name.setdefault((key, dob), []).append(pid)
    return held


def _match(row: AttendanceRow, held: _Held) -> int | None:
    if row.upn and row.upn in held.by_upn:
        return held.by_upn[row.upn]
    if row.date_of_birth is None or not (row.given_name and row.family_name):
        return None
    found = held.by_name.get((name_key(row.given_name, row.family_name), row.date_of_birth), [])
    return found[0] if len(set(found)) == 1 else None


def _values(f: Figures) -> tuple[object, ...]:
    return tuple(getattr(f, name) for name in _VALUES)


def _check_date(as_at: dt.date, today: dt.date) -> None:
    if as_at > today:
        raise ImportFileError(
            f"The figures are as at {as_at:%d/%m/%Y}, which is after today: check the date. "
            "Nothing was imported."
        )


def _plan(session: Session, found: AttendanceFile, today: dt.date) -> SnapshotPlan:
    assert found.as_at is not None, "files.settle_date gives every file a date"
    as_at = found.as_at
    _check_date(as_at, today)
    plan = SnapshotPlan(found.name, found.kind, as_at, without=list(found.without))
    plan.warnings = list(found.warnings)
    plan.newest_held = session.scalar(select(func.max(AttendanceRecord.as_at)))
    held = _held(session)
    existing = {
        r.pupil_id: _values_of(r)
        for r in session.scalars(select(AttendanceRecord).where(AttendanceRecord.as_at == as_at))
    }
    seen: dict[int, str] = {}
    for row in found.rows:
        f = row.figures
        rate = Rate(f.possible, f.present, f.percent)
        if f.start_date is not None and f.start_date > as_at:
            raise ImportFileError(
                f"{row.where}: the count starts {f.start_date:%d/%m/%Y}, after the date the "
                f"figures are as at ({as_at:%d/%m/%Y}). Nothing was imported; check the file."
            )
        pupil_id = _match(row, held)
        if pupil_id is None:
            plan.lines.append(SnapshotLine(row.where, row.name, NOT_HELD, rate))
            continue
        if pupil_id in seen:
            raise ImportFileError(
                f"{row.where} and {seen[pupil_id]} are the same pupil; a snapshot holds one "
                "figure per pupil. Nothing was imported; correct the file."
            )
        seen[pupil_id] = row.where
        before = existing.get(pupil_id)
        action = NEW if before is None else UNCHANGED if before == _values(f) else CHANGED
        plan.lines.append(SnapshotLine(row.where, row.name, action, rate, pupil_id))
    return plan


def _values_of(record: AttendanceRecord) -> tuple[object, ...]:
    return tuple(getattr(record, name) for name in _VALUES)


def preview(db: Database, found: AttendanceFile) -> SnapshotPlan:
    """The dry run: which pupils would be new, changed, unchanged or not found. Writes nothing."""
    with db.read() as session:
        return _plan(session, found, db.clock.today())


def record_in(session: Session, db: Database, found: AttendanceFile) -> SnapshotPlan:
    """Plan and write the snapshot inside the caller's transaction (the pupil import uses this,
    so a CTF's pupils and their attendance arrive together or not at all)."""
    plan = _plan(session, found, db.clock.today())
    now = db.clock.now()
    figures = {row.where: row.figures for row in found.rows}
    changed = {line.pupil_id: figures[line.where] for line in plan.lines if line.action == CHANGED}
    if changed:
        for record in session.scalars(
            select(AttendanceRecord).where(
                AttendanceRecord.as_at == plan.as_at, AttendanceRecord.pupil_id.in_(changed)
            )
        ):
            for name, value in _row(changed[record.pupil_id], plan, now).items():
                setattr(record, name, value)
    new = [
        {"pupil_id": line.pupil_id, **_row(figures[line.where], plan, now)}
        for line in plan.lines
        if line.action == NEW
    ]
    if new:
        # One INSERT for the lot (ORM objects one by one cost a second per 2,000 pupils).
        session.execute(insert(AttendanceRecord), new)
    counts = plan.counts()
    if counts["new"] or counts["changed"]:
        audit.record(
            session,
            db,
            AuditAction.IMPORTED,
            entity="attendance",
            detail=f"{plan.kind.upper()} {plan.file_name} {plan.describe()}",
        )
    session.flush()
    return plan


def _row(f: Figures, plan: SnapshotPlan, now: dt.datetime) -> dict[str, Any]:
    """A record's columns for these figures (all but the pupil)."""
    return {
        "as_at": plan.as_at,
        "academic_year": academic_year(plan.as_at),
        **{name: getattr(f, name) for name in _VALUES},
        "source": plan.file_name[:200],
        "imported_at": now,
    }


def run(
    db: Database,
    found: AttendanceFile,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> SnapshotPlan:
    """Import the file's snapshot in one transaction: all of it, or (error, cancel) none."""
    with db.session() as session:
        if progress:
            progress(0, 2)
        plan = record_in(session, db, found)
        if progress:
            progress(1, 2)
        if cancel and cancel():
            raise Cancelled("Attendance import stopped; nothing was changed.")
    if progress:
        progress(2, 2)
    return plan


@dataclass(frozen=True)
class SnapshotSummary:
    """One date held: how many pupils, how many persistently and severely absent."""

    as_at: dt.date
    sources: tuple[str, ...]
    pupils: int
    persistent: int  # including the severely absent
    severe: int
    percent_only: int


def list_snapshots(db: Database) -> list[SnapshotSummary]:
    """Every date held, newest first, with its counts (worked out from the sessions)."""
    with db.read() as session:
        rows = session.execute(
            select(
                AttendanceRecord.as_at,
                AttendanceRecord.source,
                AttendanceRecord.possible,
                AttendanceRecord.present,
                AttendanceRecord.percent,
            )
        ).all()
    by_date: dict[dt.date, list[tuple[str, Rate]]] = {}
    for as_at, source, possible, present, percent in rows:
        by_date.setdefault(as_at, []).append((source, Rate(possible, present, percent)))
    return [_summary(day, items) for day, items in sorted(by_date.items(), reverse=True)]


def _summary(day: dt.date, items: Iterable[tuple[str, Rate]]) -> SnapshotSummary:
    items = list(items)
    levels = [rate.level for _, rate in items]
    return SnapshotSummary(
        as_at=day,
        sources=tuple(sorted({source for source, _ in items})),
        pupils=len(items),
        persistent=sum(1 for level in levels if level),
        severe=sum(1 for level in levels if level == "severe"),
        percent_only=sum(1 for _, rate in items if not rate.has_sessions),
    )
