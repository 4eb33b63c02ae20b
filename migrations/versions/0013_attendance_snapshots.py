"""attendance snapshots: each pupil's attendance as the MIS gave it on a date (issue 23)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 21:58:47.579806
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attendance_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("as_at", sa.Date(), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("possible", sa.Integer(), nullable=True),
        sa.Column("present", sa.Integer(), nullable=True),
        sa.Column("authorised", sa.Integer(), nullable=True),
        sa.Column("unauthorised", sa.Integer(), nullable=True),
        sa.Column("percent", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupil.id"],
            name=op.f("fk_attendance_record_pupil_id_pupil"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_record")),
        sa.UniqueConstraint("pupil_id", "as_at", name=op.f("uq_attendance_record_pupil_id")),
    )
    with op.batch_alter_table("attendance_record", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_record_by_date",
            ["as_at", "pupil_id", "academic_year", "possible", "present", "percent"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("attendance_record", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_record_by_date")

    op.drop_table("attendance_record")
