"""The audit log: who did what to which record, and when. Never any case-note text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from liaison.models.base import Base, str_enum
from liaison.models.enums import AuditAction


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[AuditAction] = mapped_column(str_enum(AuditAction, length=32))
    entity: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    # Plain column, not a foreign key: the trail must outlive the family it describes.
    family_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[str | None] = mapped_column(String(300))
