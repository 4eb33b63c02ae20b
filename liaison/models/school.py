"""The school, its term dates, and settings kept in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from liaison.models.base import Base, str_enum
from liaison.models.enums import TermKind


class School(Base):
    """One row: the school's details as they appear on letters."""

    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    headteacher: Mapped[str | None] = mapped_column(String(120))
    officer_name: Mapped[str] = mapped_column(String(120), default="")
    officer_role: Mapped[str] = mapped_column(String(120), default="Family Liaison Officer")
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime]


class Term(Base):
    __tablename__ = "term"
    __table_args__ = (UniqueConstraint("kind", "starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TermKind] = mapped_column(str_enum(TermKind))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)

    @property
    def name(self) -> str:
        return f"{self.kind.value.capitalize()} {self.starts_on.year}"


class Setting(Base):
    """School-wide preferences that travel with the database (not per-PC window state)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class StoreMeta(Base):
    """Facts about the store itself: its id (matching the key file) and counters."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
