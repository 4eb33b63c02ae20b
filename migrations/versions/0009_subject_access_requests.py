"""subject access requests

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 09:49:22.247550
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subject_access_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("caregiver_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("requester", sa.String(length=120), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("withheld", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_request")),
    )
    with op.batch_alter_table("subject_access_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subject_access_request_family_id"), ["family_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("subject_access_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subject_access_request_family_id"))

    op.drop_table("subject_access_request")
