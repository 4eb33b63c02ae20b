"""search index leaves fit in one page

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 12:15:00

FTS5 writes its index in leaves of `pgsz` bytes, 4050 by default. A SQLCipher page keeps 80
of its 4096 bytes for the IV and HMAC, so a full leaf does not fit in one b-tree cell and spills
into an overflow page. When an overflow page fails its HMAC, SQLCipher hands it back zeroed
without an error for that read (a b-tree page zeroed fails to parse and is reported): a flipped
byte there would be read as a silently altered index. At 3800 bytes every leaf stays in its
b-tree page, where damage is always reported. The index is rebuilt from its content to lay
out the existing leaves again.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEAF_BYTES = 3800
FTS5_DEFAULT = 4050


def _leaves(size: int) -> None:
    op.execute(f"INSERT INTO search_index(search_index, rank) VALUES ('pgsz', {size})")
    op.execute("INSERT INTO search_index(search_index) VALUES ('rebuild')")


def upgrade() -> None:
    _leaves(LEAF_BYTES)


def downgrade() -> None:
    _leaves(FTS5_DEFAULT)
