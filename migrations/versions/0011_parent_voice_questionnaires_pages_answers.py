"""parent voice: questionnaires, what was sent (per family and child, per page with its
reference and box geometry), the answers typed back, and "you said, we did"

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 21:50:46.663091
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_design",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("design", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_design")),
        sa.UniqueConstraint("key", name=op.f("uq_questionnaire_design_key")),
    )
    op.create_table(
        "questionnaire_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_key", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("per", sa.String(length=10), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_run")),
    )
    op.create_table(
        "questionnaire_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_key", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=4), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("thanks", sa.Text(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reviewed_by", sa.String(length=120), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("translated_by", sa.String(length=120), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_version")),
        sa.UniqueConstraint(
            "questionnaire_key", "language", name=op.f("uq_questionnaire_version_questionnaire_key")
        ),
    )
    op.create_table(
        "you_said_we_did",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_key", sa.String(length=60), nullable=False),
        sa.Column("question_key", sa.String(length=60), nullable=True),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_you_said_we_did")),
    )
    with op.batch_alter_table("you_said_we_did", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_you_said_we_did_questionnaire_key"), ["questionnaire_key"], unique=False
        )

    op.create_table(
        "questionnaire_layout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("page_number", sa.Integer(), nullable=False),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["questionnaire_run.id"],
            name=op.f("fk_questionnaire_layout_run_id_questionnaire_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_layout")),
    )
    with op.batch_alter_table("questionnaire_layout", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_layout_run_id"), ["run_id"], unique=False
        )

    op.create_table(
        "questionnaire_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("caregiver_id", sa.Integer(), nullable=True),
        sa.Column("questionnaire_key", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=4), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("translation_status", sa.String(length=20), nullable=False),
        sa.Column("class_name", sa.String(length=20), nullable=True),
        sa.Column("year_group", sa.Integer(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("sent_at", sa.String(length=32), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_questionnaire_sent_caregiver_id_caregiver"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_questionnaire_sent_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupil.id"],
            name=op.f("fk_questionnaire_sent_pupil_id_pupil"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["questionnaire_run.id"],
            name=op.f("fk_questionnaire_sent_run_id_questionnaire_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_sent")),
    )
    with op.batch_alter_table("questionnaire_sent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_sent_family_id"), ["family_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_questionnaire_sent_run_id"), ["run_id"], unique=False)

    op.create_table(
        "questionnaire_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sent_id", sa.Integer(), nullable=False),
        sa.Column("layout_id", sa.Integer(), nullable=False),
        sa.Column("page_number", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("entered_at", sa.String(length=32), nullable=True),
        sa.Column("entered_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["layout_id"],
            ["questionnaire_layout.id"],
            name=op.f("fk_questionnaire_page_layout_id_questionnaire_layout"),
        ),
        sa.ForeignKeyConstraint(
            ["sent_id"],
            ["questionnaire_sent.id"],
            name=op.f("fk_questionnaire_page_sent_id_questionnaire_sent"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_page")),
        sa.UniqueConstraint("reference", name=op.f("uq_questionnaire_page_reference")),
    )
    with op.batch_alter_table("questionnaire_page", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_page_layout_id"), ["layout_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_questionnaire_page_sent_id"), ["sent_id"], unique=False
        )

    op.create_table(
        "questionnaire_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sent_id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["questionnaire_page.id"],
            name=op.f("fk_questionnaire_answer_page_id_questionnaire_page"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_id"],
            ["questionnaire_sent.id"],
            name=op.f("fk_questionnaire_answer_sent_id_questionnaire_sent"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_answer")),
        sa.UniqueConstraint(
            "sent_id", "question_key", name=op.f("uq_questionnaire_answer_sent_id")
        ),
    )
    with op.batch_alter_table("questionnaire_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_answer_sent_id"), ["sent_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("questionnaire_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_answer_sent_id"))

    op.drop_table("questionnaire_answer")
    with op.batch_alter_table("questionnaire_page", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_page_sent_id"))
        batch_op.drop_index(batch_op.f("ix_questionnaire_page_layout_id"))

    op.drop_table("questionnaire_page")
    with op.batch_alter_table("questionnaire_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_sent_run_id"))
        batch_op.drop_index(batch_op.f("ix_questionnaire_sent_family_id"))

    op.drop_table("questionnaire_sent")
    with op.batch_alter_table("questionnaire_layout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_layout_run_id"))

    op.drop_table("questionnaire_layout")
    with op.batch_alter_table("you_said_we_did", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_you_said_we_did_questionnaire_key"))

    op.drop_table("you_said_we_did")
    op.drop_table("questionnaire_version")
    op.drop_table("questionnaire_run")
    op.drop_table("questionnaire_design")
