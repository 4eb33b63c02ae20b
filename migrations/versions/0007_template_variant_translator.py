"""template variant translator

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 05:55:23.727070
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table("template_variant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("translated_by", sa.String(length=120), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("template_variant", schema=None) as batch_op:
        batch_op.drop_column("translated_by")
