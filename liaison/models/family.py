"""Families and the people in them (caregivers, pupils, their languages and links), with the
needs, notes and consents recorded against each family."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.i18n import names
from liaison.models.base import Base, str_enum
from liaison.models.enums import (
    ConsentKind,
    ConsentStatus,
    NeedCategory,
    NeedStatus,
    Proficiency,
    Relationship,
)


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


class NamedMixin:
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str | None] = mapped_column(String(100))
    given_name_latin: Mapped[str | None] = mapped_column(String(100))
    family_name_latin: Mapped[str | None] = mapped_column(String(100))

    @property
    def full_name(self) -> str:
        return names.written(self.given_name, self.family_name)

    @property
    def display_name(self) -> str:
        return names.written(self.preferred_name or self.given_name, self.family_name)

    @property
    def latin_name(self) -> str | None:
        if not (self.given_name_latin or self.family_name_latin):
            return None
        return f"{self.given_name_latin or ''} {self.family_name_latin or ''}".strip()

    @property
    def sort_key(self) -> tuple[str, str]:
        return (
            (self.family_name_latin or self.family_name).casefold(),
            (self.given_name_latin or self.given_name).casefold(),
        )


class Caregiver(NamedMixin, Base):
    __tablename__ = "caregiver"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(20))
    phone_mobile: Mapped[str | None] = mapped_column(String(20))
    phone_other: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    # DfE language codes (see liaison.i18n.languages).
    main_language: Mapped[str | None] = mapped_column(String(4))
    letter_language: Mapped[str | None] = mapped_column(String(4))
    reads_english: Mapped[bool | None]
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    interpreter_language: Mapped[str | None] = mapped_column(String(4))
    interpreter_dialect: Mapped[str | None] = mapped_column(String(60))
    interpreter_preference: Mapped[str | None] = mapped_column(String(120))
    # "female" / "male" when the caregiver asked for one; checked when booking.
    interpreter_gender: Mapped[str | None] = mapped_column(String(10))
    contact_channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    best_times: Mapped[str | None] = mapped_column(String(200))
    is_main_contact: Mapped[bool] = mapped_column(default=False)
    # Friendly Faces: an established caregiver who welcomes new families.
    volunteer_since: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    archived_at: Mapped[dt.datetime | None]

    family: Mapped[Family] = relationship(back_populates="caregivers")
    languages: Mapped[list[CaregiverLanguage]] = relationship(
        back_populates="caregiver", cascade="all, delete-orphan", order_by="CaregiverLanguage.id"
    )
    pupil_links: Mapped[list[PupilCaregiver]] = relationship(
        back_populates="caregiver", cascade="all, delete-orphan"
    )


class CaregiverLanguage(Base):
    """A language a caregiver speaks and/or reads."""

    __tablename__ = "caregiver_language"
    __table_args__ = (UniqueConstraint("caregiver_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    caregiver_id: Mapped[int] = mapped_column(
        ForeignKey("caregiver.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(4))
    speaks: Mapped[bool] = mapped_column(default=True)
    reads: Mapped[bool] = mapped_column(default=False)

    caregiver: Mapped[Caregiver] = relationship(back_populates="languages")


class Pupil(NamedMixin, Base):
    __tablename__ = "pupil"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    upn: Mapped[str | None] = mapped_column(String(13), unique=True)
    # Nursery -1, Reception 0, then Years 1-13.
    year_group: Mapped[int | None]
    class_name: Mapped[str | None] = mapped_column(String(20), index=True)
    admission_date: Mapped[dt.date | None] = mapped_column(Date)
    first_language: Mapped[str | None] = mapped_column(String(4))
    proficiency: Mapped[Proficiency] = mapped_column(
        str_enum(Proficiency, length=1), default=Proficiency.NOT_ASSESSED
    )
    left_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    archived_at: Mapped[dt.datetime | None]

    family: Mapped[Family] = relationship(back_populates="pupils")
    caregiver_links: Mapped[list[PupilCaregiver]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan"
    )


class PupilCaregiver(Base):
    """How a caregiver is related to a pupil, and whether they hold parental responsibility."""

    __tablename__ = "pupil_caregiver"
    __table_args__ = (UniqueConstraint("pupil_id", "caregiver_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    caregiver_id: Mapped[int] = mapped_column(
        ForeignKey("caregiver.id", ondelete="CASCADE"), index=True
    )
    relationship_kind: Mapped[Relationship] = mapped_column(str_enum(Relationship))
    parental_responsibility: Mapped[bool] = mapped_column(default=True)
    priority: Mapped[int] = mapped_column(default=1)

    pupil: Mapped[Pupil] = relationship(back_populates="caregiver_links")
    caregiver: Mapped[Caregiver] = relationship(back_populates="pupil_links")
