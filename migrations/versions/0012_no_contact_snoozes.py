"""no contact snoozes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 21:29:04.935266

The Today page's "no contact for too long" reminder can be put off until a day, with the
officer's reason (issue 18). One row per decision, removed with the family.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_snooze",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("snoozed_on", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_contact_snooze_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_snooze")),
    )
    with op.batch_alter_table("contact_snooze", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_snooze_family_id"), ["family_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contact_snooze", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_snooze_family_id"))
    op.drop_table("contact_snooze")
