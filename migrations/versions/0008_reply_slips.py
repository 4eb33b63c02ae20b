"""reply slips

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 06:11:21.330900
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table("printed_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_ref", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("reply", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("replied_on", sa.Date(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_printed_document_reply_ref"), ["reply_ref"]
        )


def downgrade() -> None:

    with op.batch_alter_table("printed_document", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_printed_document_reply_ref"), type_="unique")
        batch_op.drop_column("replied_on")
        batch_op.drop_column("reply")
        batch_op.drop_column("reply_ref")
