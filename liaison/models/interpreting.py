"""Interpreters, their agencies and languages, and bookings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.models.base import Base, str_enum
from liaison.models.enums import BookingStatus, InterpretingMode


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    # Bookings cancelled later than this before the start are charged.
    cancellation_hours: Mapped[int] = mapped_column(default=24)
    notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)


class Interpreter(Base):
    __tablename__ = "interpreter"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    gender: Mapped[str | None] = mapped_column(String(10))
    modes: Mapped[list[str]] = mapped_column(JSON, default=list)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    # Money in integer pence.
    hourly_rate_pence: Mapped[int | None]
    fixed_fee_pence: Mapped[int | None]
    minimum_minutes: Mapped[int] = mapped_column(default=60)
    notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)

    agency: Mapped[Agency | None] = relationship()
    languages: Mapped[list[InterpreterLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="InterpreterLanguage.id"
    )


class InterpreterLanguage(Base):
    __tablename__ = "interpreter_language"
    __table_args__ = (UniqueConstraint("interpreter_id", "language", "dialect"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interpreter_id: Mapped[int] = mapped_column(
        ForeignKey("interpreter.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(4))
    dialect: Mapped[str | None] = mapped_column(String(60))


class Booking(Base):
    __tablename__ = "booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    caregiver_id: Mapped[int | None] = mapped_column(
        ForeignKey("caregiver.id", ondelete="SET NULL")
    )
    interpreter_id: Mapped[int | None] = mapped_column(
        ForeignKey("interpreter.id", ondelete="SET NULL"), index=True
    )
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(4))
    dialect: Mapped[str | None] = mapped_column(String(60))
    mode: Mapped[InterpretingMode] = mapped_column(str_enum(InterpretingMode))
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime]
    place: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[BookingStatus] = mapped_column(str_enum(BookingStatus))
    agency_reference: Mapped[str | None] = mapped_column(String(60))
    cost_pence: Mapped[int | None]
    cost_overridden: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
