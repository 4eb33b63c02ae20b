"""Subject access requests: logged with their legal deadline, reviewed, answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from liaison.models.base import Base


class SubjectAccessRequest(Base):
    __tablename__ = "subject_access_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Plain columns, not foreign keys: the log of requests answered outlives an erased family
    # (erasure clears these and the requester's name, and keeps the dates).
    family_id: Mapped[int | None] = mapped_column(index=True)
    caregiver_id: Mapped[int | None]
    # gdpr (one calendar month) | educational_record (15 school days)
    kind: Mapped[str] = mapped_column(String(24))
    requester: Mapped[str | None] = mapped_column(String(120))
    received_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    # {"meeting:12": {"exemption": "...", "reason": "..."}}
    withheld: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime]
