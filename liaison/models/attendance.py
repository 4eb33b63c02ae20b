"""Attendance from the school MIS: each pupil's figures as the MIS gave them on one date.

One row is one pupil in one snapshot ("as at" a date): sessions possible, present, and absent
with and without authorisation, counted over the pupil's own academic year to that date (a
pupil who joined mid-year counts from the day they joined). Some MIS exports give only a
percentage; then the sessions are unknown and `percent` holds it. A later import for the same
date updates that date's row; an older snapshot is simply another row, so history stays in
date order and nothing newer is ever overwritten.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from liaison.models.base import Base


class AttendanceRecord(Base):
    __tablename__ = "attendance_record"
    __table_args__ = (
        UniqueConstraint("pupil_id", "as_at"),
        # The termly report and Today read a date range of every pupil's figures: an index that
        # holds them (covering) is read in date order without a visit to the table per row.
        Index(
            "ix_attendance_record_by_date",
            "as_at",
            "pupil_id",
            "academic_year",
            "possible",
            "present",
            "percent",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Erased with the pupil (and so with the family): the database cascades the delete. The
    # unique (pupil_id, as_at) index serves lookups by pupil, so it needs no index of its own.
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"))
    as_at: Mapped[dt.date] = mapped_column(Date)
    # The year the academic year starts (2026 for 2026/27): the counts restart each September.
    academic_year: Mapped[int]
    # The day the pupil's count for this year starts (a mid-year joiner's first day), if given.
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    possible: Mapped[int | None]
    present: Mapped[int | None]
    authorised: Mapped[int | None]
    unauthorised: Mapped[int | None]
    # Attendance as a percentage (0-100), when the export gives only that.
    percent: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200))  # the file it came from
    imported_at: Mapped[dt.datetime]
