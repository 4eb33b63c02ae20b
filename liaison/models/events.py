"""Engagement events for many families, and the Friendly Faces (parent champion) scheme."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.models.base import Base, str_enum
from liaison.models.enums import EventKind


class Event(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind))
    title: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime | None]
    place: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]

    invites: Mapped[list[EventInvite]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    attendance: Mapped[list[EventAttendance]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )


class EventInvite(Base):
    __tablename__ = "event_invite"
    __table_args__ = (UniqueConstraint("event_id", "family_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    invited_on: Mapped[dt.date] = mapped_column(Date)

    event: Mapped[Event] = relationship(back_populates="invites")


class EventAttendance(Base):
    """One caregiver came (or was recorded absent) at one event."""

    __tablename__ = "event_attendance"
    __table_args__ = (UniqueConstraint("event_id", "caregiver_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    caregiver_id: Mapped[int] = mapped_column(ForeignKey("caregiver.id", ondelete="CASCADE"))
    attended: Mapped[bool] = mapped_column(default=True)

    event: Mapped[Event] = relationship(back_populates="attendance")


class FriendlyMatch(Base):
    """A volunteer caregiver paired with a newly arrived family."""

    __tablename__ = "friendly_match"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("caregiver.id", ondelete="CASCADE"), index=True
    )
    matched_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(300))
