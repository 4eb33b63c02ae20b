"""A household: the unit the liaison officer works with."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.models.base import Base, str_enum
from liaison.models.enums import ConsentKind, ConsentStatus, NeedCategory, NeedStatus

if TYPE_CHECKING:
    from liaison.models.people import Caregiver, Pupil


class Family(Base):
    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    address_line1: Mapped[str | None] = mapped_column(String(120))
    address_line2: Mapped[str | None] = mapped_column(String(120))
    town: Mapped[str | None] = mapped_column(String(80))
    postcode: Mapped[str | None] = mapped_column(String(10))
    # Set when the family is new to the country or the school; drives closer follow-up.
    new_arrival_date: Mapped[dt.date | None] = mapped_column(Date)
    # The next planned contact, promised at a meeting or set at intake; the Today page shows it.
    next_check_in_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    archived_at: Mapped[dt.datetime | None]
    archived_reason: Mapped[str | None] = mapped_column(String(200))

    caregivers: Mapped[list[Caregiver]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Caregiver.id"
    )
    pupils: Mapped[list[Pupil]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Pupil.date_of_birth"
    )
    needs: Mapped[list[FamilyNeed]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="FamilyNeed.id"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Consent.id"
    )
    notes: Mapped[list[FamilyNote]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="FamilyNote.written_at"
    )


class FamilyNeed(Base):
    """A need or barrier, e.g. uniform or housing, and where it stands."""

    __tablename__ = "family_need"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    category: Mapped[NeedCategory] = mapped_column(str_enum(NeedCategory))
    status: Mapped[NeedStatus] = mapped_column(str_enum(NeedStatus))
    detail: Mapped[str | None] = mapped_column(Text)
    identified_on: Mapped[dt.date] = mapped_column(Date)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime]

    family: Mapped[Family] = relationship(back_populates="needs")


class Consent(Base):
    """Consent to store the family's data, or to share it with a named service."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    caregiver_id: Mapped[int | None] = mapped_column(
        ForeignKey("caregiver.id", ondelete="SET NULL")
    )
    kind: Mapped[ConsentKind] = mapped_column(str_enum(ConsentKind))
    service: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[ConsentStatus] = mapped_column(str_enum(ConsentStatus))
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(300))

    family: Mapped[Family] = relationship(back_populates="consents")


class FamilyNote(Base):
    """A dated free-text note on a family."""

    __tablename__ = "family_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    written_at: Mapped[dt.datetime]
    author: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    confidential: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime]

    family: Mapped[Family] = relationship(back_populates="notes")
