"""Letter templates edited in the app, and every letter or agreement printed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from liaison.models.base import Base


class TemplateVariant(Base):
    """One language of one template as edited here; shipped texts in resources/ are defaults."""

    __tablename__ = "template_variant"
    __table_args__ = (UniqueConstraint("template_key", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_key: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(4))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    phrases: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # draft | machine | professional | reviewed | master
    status: Mapped[str] = mapped_column(String(20))
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    # Who translated it (from a PO file's Last-Translator), apart from any later review.
    translated_by: Mapped[str | None] = mapped_column(String(120))
    version: Mapped[int]
    updated_at: Mapped[dt.datetime]


class PrintedDocument(Base):
    """A letter or agreement as it went home: enough to reprint it exactly."""

    __tablename__ = "printed_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    caregiver_id: Mapped[int | None] = mapped_column(
        ForeignKey("caregiver.id", ondelete="SET NULL")
    )
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupil.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # letter | agreement
    template_key: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(4))
    version: Mapped[int]
    translation_status: Mapped[str] = mapped_column(String(20))
    bilingual: Mapped[bool]
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    printed_at: Mapped[dt.datetime]
    printed_by: Mapped[str] = mapped_column(String(120))
    batch_id: Mapped[int | None]
    returned_on: Mapped[dt.date | None] = mapped_column(Date)
    # Letters that need an answer carry a reply slip with this short reference (and its QR code).
    reply_ref: Mapped[str | None] = mapped_column(String(12), unique=True)
    reply: Mapped[str | None] = mapped_column(String(20))  # yes | no
    replied_on: Mapped[dt.date | None] = mapped_column(Date)


class Batch(Base):
    """A book-bag run: one template to many families, printed together."""

    __tablename__ = "batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_key: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(300))
    letters: Mapped[int]
    sibling_rule: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(120))
