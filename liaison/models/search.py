"""Rows of the full-text index. The FTS5 table `search_index` (made in migration 0001) uses
`SearchDoc.id` as its rowid, so one family's entries can be found without scanning the index."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from liaison.models.base import Base


class SearchDoc(Base):
    __tablename__ = "search_doc"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not a foreign key: the index is rebuilt by the service layer, never by cascades.
    family_id: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int | None]
