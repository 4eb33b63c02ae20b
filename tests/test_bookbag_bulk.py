"""Book-bag planning in bulk: the same families, drafts and languages as one family at a time,
read in a handful of queries however big the school."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from liaison.services import families as fam
from liaison.services import letters
from liaison.services.letters import bookbag, bookbag_rows
from liaison.services.letters.templates import get_template
from liaison.store.database import Database


@contextmanager
def _counting(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def seen(conn, cursor, statement, params, context, many) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def _by_birth(draft: fam.FamilyDraft) -> fam.FamilyDraft:
    # Twins share a date of birth; the ORM relationship leaves their order to SQLite.
    draft.pupils.sort(key=lambda p: (str(p.date_of_birth), p.id))
    return draft


def test_bulk_drafts_are_the_drafts_load_draft_gives(demo_db: Database) -> None:
    ids = [row.id for row in fam.list_families(demo_db)]
    # An archived caregiver is left out of both, with their pupils' links to them.
    two = next(i for i in ids if len(fam.load_draft(demo_db, i).caregivers) == 2)
    draft = fam.load_draft(demo_db, two)
    draft.caregivers = draft.caregivers[:1]
    kept = draft.caregivers[0].key
    for pupil in draft.pupils:
        pupil.links = [link for link in pupil.links if link.caregiver_key == kept]
    fam.save_family(demo_db, draft)
    with demo_db.read() as session:
        bulk = bookbag_rows.load_drafts(session, [*ids, 999_999])
    assert list(bulk) == sorted(ids)
    for family_id in ids:
        assert _by_birth(bulk[family_id]) == _by_birth(fam.load_draft(demo_db, family_id))
    assert len(bulk[two].caregivers) == 1
    assert any(c.languages for d in bulk.values() for c in d.caregivers)
    assert any(p.links for d in bulk.values() for p in d.pupils)


def test_plan_reads_the_school_in_a_handful_of_queries(demo_db: Database) -> None:
    everyone = bookbag.Selection(whole_school=True)
    get_template(demo_db, "event_invitation")  # warm: the template is not the plan's cost
    with _counting(demo_db) as statements:
        plan = bookbag.plan(demo_db, "event_invitation", everyone, sibling_rule="each")
    assert len(plan.drafts) == len(fam.list_families(demo_db))
    # One query per table and a few for the template, not a few per family (it was ~6.6 each).
    assert len(statements) <= 15, statements


def test_each_letter_goes_in_the_language_one_family_at_a_time_gives(demo_db: Database) -> None:
    plan = bookbag.plan(demo_db, "event_invitation", bookbag.Selection(whole_school=True))
    available = set(get_template(demo_db, "event_invitation").variants)
    assert len(plan.per_language()) > 3
    for item in plan.items:
        draft = fam.load_draft(demo_db, item.family_id)
        carer = next((c for c in draft.caregivers if c.is_main_contact), draft.caregivers[0])
        assert item.caregiver_id == carer.id
        assert item.language == letters.choose_language(carer, available, draft.pupils).language
