"""Lock empties the caches that may hold a family's words (liaison.forget): a printed letter's
greeting, text items and shaped runs, and the words a search or the families filter folded."""

from __future__ import annotations

from pathlib import Path

from liaison.documents import glyph_text, layout, text_layer
from liaison.documents.render import render_pdf
from liaison.services import access, letters
from liaison.services.families import listing
from liaison.services.letters import bookbag, compose
from liaison.services.search import query
from liaison.store.database import Database

FIELDS = {"event": "Coffee morning", "date": "01/12/2026", "time": "09:00", "place": "the hall"}


def test_lock_empties_the_caches_that_hold_families_words(
    demo_db: Database, tmp_path: Path
) -> None:
    plan = bookbag.plan(demo_db, "event_invitation", bookbag.Selection(whole_school=True))
    item = next(i for i in plan.items if i.language == "ARA")
    prepared = letters.prepare(
        demo_db, plan.template_key, item.family_id, language=item.language, fields=FIELDS
    )
    render_pdf([prepared.document], tmp_path / "letter.pdf", title="Letter")
    name = prepared.document.sections[-1].blocks[0].text  # "Dear <name>,"
    query._folded_word(name)
    listing._fold(name)
    caches = [
        layout._para,
        compose._filled_once,
        text_layer._pdf_text,
        glyph_text.shape,
        query._folded_word,
        listing._fold,
    ]
    assert all(cache.cache_info().currsize > 0 for cache in caches)
    access.forget_freed_memory()
    assert [cache.cache_info().currsize for cache in caches] == [0] * len(caches)
