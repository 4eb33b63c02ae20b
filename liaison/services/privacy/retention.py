"""Retention: which families are past the school's retention period, and erasing them for good.

A family is past retention when every pupil in it has left and the last one left more than the
set number of years ago (a family without pupils counts from when it was archived). Erasure
deletes every record of the family, its full-text index entries (and merges the index so the
words are gone from its pages too) and the audit entries about it, leaving one audit line with
only a count. Subject access requests keep their dates but lose the family and the requester.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, text, update

from liaison.errors import ValidationError
from liaison.models import AttendanceRecord, AuditEntry, Family, Pupil, SubjectAccessRequest
from liaison.models.enums import AuditAction
from liaison.services import audit, school, search

if TYPE_CHECKING:
    from liaison.store.database import Database


@dataclass(frozen=True)
class PastRetention:
    family_id: int
    reference: str
    left_on: dt.date  # the last pupil's leaving date (or the archive date)
    keep_until: dt.date
    pupils: int


def years(db: Database) -> int:
    return int(school.get_setting(db, "retention_years"))


def set_years(db: Database, value: int) -> None:
    if not 1 <= int(value) <= 100:
        raise ValidationError({"retention_years": "between 1 and 100 years"})
    school.set_setting(db, "retention_years", int(value))


def _add_years(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # 29 February
        return day.replace(year=day.year + n, day=28)


def past_retention(db: Database) -> list[PastRetention]:
    today, keep = db.clock.today(), years(db)
    found: list[PastRetention] = []
    with db.read() as session:
        pupil_rows = session.execute(
            select(
                Pupil.family_id,
                func.count(Pupil.id),
                func.count(Pupil.left_date),
                func.max(Pupil.left_date),
            ).group_by(Pupil.family_id)
        ).all()
        by_family = {row[0]: row[1:] for row in pupil_rows}
        for family in session.scalars(select(Family).order_by(Family.reference)):
            count, left, last = by_family.get(family.id, (0, 0, None))
            if count:
                if left < count or last is None:
                    continue  # a pupil is still at the school
                left_on = last
            elif family.archived_at is not None:
                left_on = family.archived_at.date()
            else:
                continue
            keep_until = _add_years(left_on, keep)
            if keep_until < today:
                found.append(PastRetention(family.id, family.reference, left_on, keep_until, count))
    return found


def erase(db: Database, family_ids: list[int]) -> int:
    """Erase these families for good. Only families past retention may be erased; the whole
    erasure is one transaction."""
    allowed = {p.family_id for p in past_retention(db)}
    refused = sorted(set(family_ids) - allowed)
    if refused:
        raise ValidationError(
            {"families": f"{len(refused)} of these families are not past the retention period"}
        )
    if not family_ids:
        return 0
    with db.session() as session:
        # Attendance hangs off the pupils (the database would cascade it); said here as well.
        pupils = select(Pupil.id).where(Pupil.family_id.in_(family_ids))
        session.execute(delete(AttendanceRecord).where(AttendanceRecord.pupil_id.in_(pupils)))
        for family_id in family_ids:
            search.remove_families(session, [family_id])
            family = session.get(Family, family_id)
            session.delete(family)
        session.flush()
        session.execute(delete(AuditEntry).where(AuditEntry.family_id.in_(family_ids)))
        session.execute(
            update(SubjectAccessRequest)
            .where(SubjectAccessRequest.family_id.in_(family_ids))
            .values(family_id=None, caregiver_id=None, requester=None, withheld={})
        )
        audit.record(
            session,
            db,
            AuditAction.ERASED,
            detail=f"{len(family_ids)} families erased after the retention period",
        )
    with db.session() as session:
        # Deleted FTS5 rows stay in older index segments until they are merged.
        session.execute(text("INSERT INTO search_index(search_index) VALUES ('optimize')"))
    db.checkpoint()
    return len(family_ids)
