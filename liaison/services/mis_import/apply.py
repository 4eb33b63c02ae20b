"""Carry out an import plan in one transaction: all of it is written, or none of it.

The plan is made again inside the write transaction (the database may have changed since the
review), then each family is saved through the same steps as the family form (validated drafts,
`stage_family`, one audit entry per family), a chunk of families per flush (FamilyBatch), so
validation, the search index and the audit trail behave exactly as for a family typed in by
hand. The search index of every family written is rebuilt in bulk before the commit. One audit
entry records the import itself: the file name and the counts, never a name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from liaison.errors import Cancelled, ImportFileError
from liaison.imports.records import ParsedFile
from liaison.jobs import CancelCheck, Progress
from liaison.models.enums import AuditAction
from liaison.services import audit
from liaison.services.attendance.snapshots import SnapshotPlan, record_in
from liaison.services.families.batch import FamilyBatch
from liaison.services.mis_import.plan import CREATE, UPDATE, ImportPlan, build_plan

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass
class ImportResult:
    plan: ImportPlan
    family_ids: list[int]
    # Families of this import whose letter language is assumed from their pupils (issue 17).
    assumed_language_families: int = 0
    # A CTF's attendance, recorded as the snapshot of the file's date (issue 23).
    attendance: SnapshotPlan | None = None

    def counts(self) -> dict[str, int]:
        return self.plan.counts()


def preview(
    db: Database,
    parsed: ParsedFile,
    skip: frozenset[str] = frozenset(),
    progress: Progress | None = None,
) -> ImportPlan:
    """The dry run: what would be created, updated and skipped, and why. Writes nothing.
    `progress` hears (families checked, families)."""
    with db.read() as session:
        return build_plan(session, parsed, db.clock.today(), skip, progress)


def _attendance(session: Session, db: Database, parsed: ParsedFile) -> SnapshotPlan | None:
    """A CTF's attendance, as at its header's date (never a date still to come)."""
    found = parsed.attendance
    if found is None or not found.rows or found.as_at is None or found.as_at > db.clock.today():
        return None
    return record_in(session, db, found)


def apply(
    db: Database,
    parsed: ParsedFile,
    *,
    skip: frozenset[str] = frozenset(),
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    checking: Progress | None = None,
) -> ImportResult:
    """`checking` hears the plan being made again, `progress` the families being saved."""
    now: dt.datetime = db.clock.now()
    try:
        with db.session() as session:
            plan = build_plan(session, parsed, db.clock.today(), skip, checking)
            work = [f for f in plan.families if f.action in (CREATE, UPDATE)]
            if progress:
                progress(0, len(work))
            batch = FamilyBatch(
                session, db, now, (f.family_id for f in work if f.family_id is not None)
            )
            for done, family in enumerate(work, start=1):
                if cancel and cancel():
                    raise Cancelled(
                        f"Import stopped after {done - 1} of {len(work)} families; "
                        "nothing was changed."
                    )
                assert family.draft is not None
                batch.add(family.draft)
                if progress and (done % 20 == 0 or done == len(work)):
                    progress(done, len(work))
            family_ids = batch.finish()
            for family, family_id in zip(work, family_ids, strict=True):
                family.family_id = family_id
            snapshot = _attendance(session, db, parsed)
            counts = plan.counts()
            audit.record(
                session,
                db,
                AuditAction.IMPORTED,
                entity="import",
                detail=f"{parsed.kind.upper()} {parsed.name}: "
                + ", ".join(f"{k} {v}" for k, v in counts.items() if v),
            )
            session.flush()
    except IntegrityError as exc:
        raise ImportFileError(
            "The file clashes with a record already held (two pupils with one UPN?): "
            f"{str(exc.orig)[:120]}. Nothing was imported."
        ) from None
    return ImportResult(plan=plan, family_ids=family_ids, attendance=snapshot)
