"""Reminders the officer has put off on purpose, with her reason (the Today page's snoozes)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from liaison.models.base import Base


class ContactSnooze(Base):
    """ "No contact for too long" put off until a day, and why (a family abroad for a month,
    contact through the social worker). A new snooze for the family replaces the reminder's
    date; the rows stay as the record of what was decided."""

    __tablename__ = "contact_snooze"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(300))
    snoozed_on: Mapped[dt.date] = mapped_column(Date)
    until: Mapped[dt.date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime]
