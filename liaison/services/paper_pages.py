"""Printed pages that can come back: each one's geometry stored by its reference.

The printing paths (a single letter, a book-bag run, a reprint) hand over what the renderer
measured (`RenderResult.paper`); the scan reader asks for the geometry of the references it
finds. Nothing here draws or reads images.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.errors import LiaisonError
from liaison.models import PaperPage, PrintedDocument
from liaison.paper_geometry import PageGeometry

if TYPE_CHECKING:
    from liaison.store.database import Database


def record(
    session: Session,
    db: Database,
    pages: Sequence[PageGeometry],
    *,
    batch_id: int | None = None,
) -> int:
    """Store each page's geometry in the caller's transaction (the letters it belongs to are
    recorded in the same one). Printing a reference again (a reprint) replaces its geometry:
    the newest print is the one most likely to come back."""
    if not pages:
        return 0
    refs = [page.reference for page in pages]
    letters = dict(
        session.execute(
            select(PrintedDocument.reply_ref, PrintedDocument.id).where(
                PrintedDocument.reply_ref.in_(refs)
            )
        ).all()
    )
    known = {
        row.reference: row
        for row in session.scalars(select(PaperPage).where(PaperPage.reference.in_(refs)))
    }
    now = db.clock.now()
    for page in pages:
        row = known.get(page.reference)
        if row is None:
            row = PaperPage(reference=page.reference, kind=page.kind)
            session.add(row)
        row.kind = page.kind
        row.geometry = page.to_json()
        row.printed_at = now
        row.printed_document_id = letters.get(page.reference, row.printed_document_id)
        row.batch_id = batch_id if batch_id is not None else row.batch_id
    return len(pages)


def record_printed(db: Database, pages: Sequence[PageGeometry]) -> int:
    """`record` in a transaction of its own (reprints)."""
    if not pages:
        return 0
    with db.session() as session:
        return record(session, db, pages)


def geometries(db: Database, references: Iterable[str]) -> dict[str, PageGeometry]:
    """The geometry of each reference printed here; references never printed are left out."""
    wanted = sorted({ref for ref in references if ref})
    if not wanted:
        return {}
    with db.read() as session:
        rows = session.execute(
            select(PaperPage.reference, PaperPage.geometry).where(
                PaperPage.reference.in_(wanted)
            )
        ).all()
    out = {}
    for reference, data in rows:
        try:
            out[reference] = PageGeometry.from_json(data)
        except LiaisonError:
            continue  # a damaged row reads as "not printed here": the page is asked about
    return out
