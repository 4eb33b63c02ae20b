"""Parent voice: questionnaires sent home on paper (per child or per family), each page with its
own reference and recorded box geometry, the answers typed back, and what the school did.

Designs and language versions edited here are stored beside the shipped ones in
resources/questionnaires (like letter template variants). What was sent is recorded per family
and child with a snapshot of the texts as printed, so the entry screen shows the page in the
language it went home in and results can be read long after a translation was edited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from liaison.models.base import Base


class QuestionnaireDesign(Base):
    """A questionnaire the school added (a JSON design, checked when added); the two shipped
    ones live in resources/questionnaires."""

    __tablename__ = "questionnaire_design"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    design: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(120))


class QuestionnaireVersion(Base):
    """One language of one questionnaire as edited here (or imported from a translator's PO)."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("questionnaire_key", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_key: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(4))
    title: Mapped[str] = mapped_column(String(300))
    intro: Mapped[str] = mapped_column(Text)
    thanks: Mapped[str] = mapped_column(Text)
    questions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # draft | machine | professional | reviewed | master
    status: Mapped[str] = mapped_column(String(20))
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    translated_by: Mapped[str | None] = mapped_column(String(120))
    version: Mapped[int]
    updated_at: Mapped[dt.datetime]


class QuestionnaireRun(Base):
    """One sending: a questionnaire to a class, a year, a language, a need or the school."""

    __tablename__ = "questionnaire_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_key: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(String(300))
    per: Mapped[str] = mapped_column(String(10))  # child | family
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sent: Mapped[int]
    pages: Mapped[int]
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(120))


class QuestionnaireLayout(Base):
    """Where things are on one page of a run, for reading scans back: the page size and every
    box's rectangle (points from the page's top-left corner). Pages with the same geometry
    share a row."""

    __tablename__ = "questionnaire_layout"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_run.id", ondelete="CASCADE"), index=True
    )
    page_number: Mapped[int]
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)


class QuestionnaireSent(Base):
    """One questionnaire as it went home: to a family, about one child (or the family)."""

    __tablename__ = "questionnaire_sent"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_run.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupil.id", ondelete="SET NULL"))
    caregiver_id: Mapped[int | None] = mapped_column(
        ForeignKey("caregiver.id", ondelete="SET NULL")
    )
    questionnaire_key: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(4))
    version: Mapped[int]
    translation_status: Mapped[str] = mapped_column(String(20))
    # Where the child was when it went home (children move up; results are by then).
    class_name: Mapped[str | None] = mapped_column(String(20))
    year_group: Mapped[int | None]
    # The texts as printed, in the language sent and in English, by question and option.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    sent_at: Mapped[dt.datetime]
    returned_on: Mapped[dt.date | None] = mapped_column(Date)


class QuestionnairePage(Base):
    """One printed page: its own reference (and QR code), and whether it has come back."""

    __tablename__ = "questionnaire_page"

    id: Mapped[int] = mapped_column(primary_key=True)
    sent_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_sent.id", ondelete="CASCADE"), index=True
    )
    layout_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_layout.id"), index=True)
    page_number: Mapped[int]
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    entered_at: Mapped[dt.datetime | None]
    entered_by: Mapped[str | None] = mapped_column(String(120))


class QuestionnaireAnswer(Base):
    """One answer on a returned page: an option key, several (comma-separated), or a short
    free text (shown only to the officer, never in figures)."""

    __tablename__ = "questionnaire_answer"
    __table_args__ = (UniqueConstraint("sent_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sent_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_sent.id", ondelete="CASCADE"), index=True
    )
    page_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_page.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(Text)


class YouSaidWeDid(Base):
    """What the school decided and did about a questionnaire's results."""

    __tablename__ = "you_said_we_did"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_key: Mapped[str] = mapped_column(String(60), index=True)
    question_key: Mapped[str | None] = mapped_column(String(60))
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    # {"ARA": {"you_said": "...", "we_did": "..."}}: the point in families' languages, if given.
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(120))
