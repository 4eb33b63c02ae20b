"""paper pages: where each returnable page's QR code and answer boxes were printed

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 09:00:00

One row per printed page that a scan can be read back from (a reply slip today,
questionnaire pages later), keyed by the reference in its QR code, with its geometry as
liaison.paper_geometry writes it.
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
        "paper_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("printed_document_id", sa.Integer(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("printed_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["printed_document_id"],
            ["printed_document.id"],
            name=op.f("fk_paper_page_printed_document_id_printed_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_page")),
        sa.UniqueConstraint("reference", name=op.f("uq_paper_page_reference")),
    )
    with op.batch_alter_table("paper_page", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_paper_page_printed_document_id"), ["printed_document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("paper_page", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_page_printed_document_id"))
    op.drop_table("paper_page")
