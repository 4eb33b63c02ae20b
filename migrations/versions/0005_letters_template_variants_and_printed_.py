"""letters: template variants and printed documents

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 05:25:47.177182
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "template_variant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_key", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=4), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("phrases", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reviewed_by", sa.String(length=120), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_variant")),
        sa.UniqueConstraint(
            "template_key", "language", name=op.f("uq_template_variant_template_key")
        ),
    )
    op.create_table(
        "printed_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("caregiver_id", sa.Integer(), nullable=True),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("template_key", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=4), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("translation_status", sa.String(length=20), nullable=False),
        sa.Column("bilingual", sa.Boolean(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("printed_at", sa.String(length=32), nullable=False),
        sa.Column("printed_by", sa.String(length=120), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_printed_document_caregiver_id_caregiver"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_printed_document_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupil.id"],
            name=op.f("fk_printed_document_pupil_id_pupil"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printed_document")),
    )
    with op.batch_alter_table("printed_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_printed_document_family_id"), ["family_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("printed_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_printed_document_family_id"))

    op.drop_table("printed_document")
    op.drop_table("template_variant")
