"""Meetings and contacts with a family, who was there, and the actions agreed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.models.base import Base, str_enum
from liaison.models.enums import ActionOwner, AttendeeRole, MeetingKind, MeetingStatus
from liaison.models.family import Family


class Meeting(Base):
    """A meeting, call, visit or message with a family (booked ahead or recorded after)."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind))
    status: Mapped[MeetingStatus] = mapped_column(str_enum(MeetingStatus))
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime | None]
    place: Mapped[str | None] = mapped_column(String(120))
    interpreter_present: Mapped[bool] = mapped_column(default=False)
    interpreter_language: Mapped[str | None] = mapped_column(String(4))
    notes: Mapped[str | None] = mapped_column(Text)
    # Kept out of every export except a subject access request.
    confidential: Mapped[bool] = mapped_column(default=False)
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

    family: Mapped[Family] = relationship()
    attendees: Mapped[list[MeetingAttendee]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingAttendee.id"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="meeting", order_by="Action.id", passive_deletes=True
    )


class MeetingAttendee(Base):
    __tablename__ = "meeting_attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[AttendeeRole] = mapped_column(str_enum(AttendeeRole))
    caregiver_id: Mapped[int | None] = mapped_column(
        ForeignKey("caregiver.id", ondelete="SET NULL")
    )
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupil.id", ondelete="SET NULL"))
    # Staff and others are named in free text; caregivers and pupils are linked.
    name: Mapped[str | None] = mapped_column(String(120))

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")


class Action(Base):
    """Something promised: by whom, by when, and when it was done."""

    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    what: Mapped[str] = mapped_column(String(300))
    owner: Mapped[ActionOwner] = mapped_column(str_enum(ActionOwner))
    owner_name: Mapped[str | None] = mapped_column(String(120))
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime]

    meeting: Mapped[Meeting | None] = relationship(back_populates="actions")
