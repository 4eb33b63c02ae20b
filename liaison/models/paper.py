"""Printed pages meant to come back: where their QR code, marks and answer boxes were printed.

One row per printed page that carries a reference (a reply slip today; a questionnaire page
once those are printed), holding the page's geometry as `liaison.paper_geometry` writes it, so
a scan of the page can be read back years later even if the layout has changed since.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from liaison.models.base import Base


class PaperPage(Base):
    __tablename__ = "paper_page"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The QR code's text: a reply slip's reference, or a questionnaire page's.
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(30))  # reply_slip | questionnaire
    # The letter the page belongs to (erased with it); questionnaire pages may have none.
    printed_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("printed_document.id", ondelete="CASCADE"), index=True
    )
    batch_id: Mapped[int | None]
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)
    printed_at: Mapped[dt.datetime]
