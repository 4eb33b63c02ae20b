"""Sending questionnaires like a book-bag run: one per child (siblings each their own), recorded
per family and child, every page with its own reference, and the box geometry recorded and
true to the printed PDF."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select

from liaison.errors import Cancelled, ValidationError
from liaison.models import QuestionnaireLayout, QuestionnairePage, QuestionnaireSent
from liaison.services import families as fam
from liaison.services import parent_voice as pv
from liaison.services.parent_voice import references
from liaison.store.database import Database
from tests.parent_voice_helpers import all_rows, send


def _family_with_siblings(db: Database) -> fam.FamilyDraft:
    for row in fam.list_families(db):
        draft = fam.load_draft(db, row.id)
        current = [p for p in draft.pupils if p.left_date is None and p.class_name]
        if len({p.class_name for p in current}) >= 2:
            return draft
    raise AssertionError("the demo school has siblings in different classes")


def test_each_child_gets_their_own_siblings_included(demo_db: Database, tmp_path: Path) -> None:
    draft = _family_with_siblings(demo_db)
    siblings = [p for p in draft.pupils if p.left_date is None]
    classes = tuple(sorted({p.class_name for p in siblings if p.class_name}))
    plan = pv.plan(demo_db, "settling_in", pv.Selection(class_names=classes))
    mine = [i for i in plan.items if i.family_id == draft.id]
    assert sorted(i.pupil_id for i in mine) == sorted(p.id for p in siblings)
    result = pv.run(
        demo_db, plan, tmp_path / "q.pdf", fields={"deadline": "11/12/2026"}, description="x"
    )
    assert result.questionnaires == len(plan.items)
    with demo_db.read() as session:
        sent = session.scalars(
            select(QuestionnaireSent).where(QuestionnaireSent.family_id == draft.id)
        ).all()
        assert sorted(s.pupil_id for s in sent) == sorted(p.id for p in siblings)
        assert {s.class_name for s in sent} == {p.class_name for p in siblings}
        assert all(s.language == mine[0].language for s in sent)
        # Each child's questionnaire names that child.
        for s in sent:
            pupil = next(p for p in siblings if p.id == s.pupil_id)
            assert pupil.display_name in s.snapshot["questions"][0]["text_en"]


def test_a_family_questionnaire_goes_once_per_household(demo_db: Database) -> None:
    design = {
        "key": "family_voice",
        "title": "Family voice",
        "per": "family",
        "questions": [{"key": "welcome", "answers": "agree_5"}],
        "variants": {
            "ENG": {
                "title": "How welcome do you feel?",
                "intro": "Please tell us.",
                "thanks": "Thank you.",
                "questions": {"welcome": "I feel welcome at {school_name}."},
                "options": {},
            }
        },
    }
    pv.add_design(demo_db, design)
    plan = pv.plan(demo_db, "family_voice", pv.Selection(whole_school=True))
    families = Counter(i.family_id for i in plan.items)
    assert set(families.values()) == {1}
    assert len(families) == len(fam.list_families(demo_db))
    # Only English exists: everyone gets English, and the plan says which wanted another.
    assert {i.language for i in plan.items} == {"ENG"}
    assert plan.fallbacks()


def test_every_page_has_its_own_reference_and_recorded_boxes(
    demo_db: Database, tmp_path: Path
) -> None:
    plan, result = send(demo_db, tmp_path, class_names=("2B",))
    with demo_db.read() as session:
        pages = session.scalars(
            select(QuestionnairePage).where(
                QuestionnairePage.sent_id.in_(
                    select(QuestionnaireSent.id).where(QuestionnaireSent.run_id == result.run_id)
                )
            )
        ).all()
        refs = [p.reference for p in pages]
        assert len(refs) == len(set(refs)) == 2 * len(plan.items)
        assert all(references.well_formed(r) for r in refs)
        layouts = {
            layout.page_number: layout.geometry
            for layout in session.scalars(
                select(QuestionnaireLayout).where(QuestionnaireLayout.run_id == result.run_id)
            )
        }
    # The same geometry for every child and language: one layout per page number.
    assert sorted(layouts) == [1, 2]
    first = layouts[1]
    assert first["size"] == [595.28, 841.89] and first["unit"] == "pt"
    assert first["questions"] == ["happy", "friends", "safe", "know_who"]
    boxes = [b for b in first["boxes"] if b["question"] == "happy"]
    assert [b["option"] for b in boxes] == ["happy", "not_sure", "unhappy"]
    # The printed PDF has those boxes where the geometry says (pdfplumber: points, top-left).
    with pdfplumber.open(tmp_path / "settling_in.pdf") as pdf:
        first_page = next(
            p
            for p in pdf.pages
            if refs[0] in (p.extract_text() or "") and "Cover" not in (p.extract_text() or "")
        )
        drawn = [(round(r["x0"], 1), round(r["top"], 1)) for r in first_page.rects]
        for box in first["boxes"]:
            x, y = box["rect"][:2]
            assert any(abs(dx - x) < 0.6 and abs(dy - y) < 0.6 for dx, dy in drawn), box
        assert len(pdf.pages) == result.pages == 2 * len(plan.items) + 1  # and one cover sheet


def test_nothing_is_recorded_when_cancelled_or_refused(demo_db: Database, tmp_path: Path) -> None:
    before = all_rows(demo_db)
    plan = pv.plan(demo_db, "settling_in", pv.Selection(class_names=("2B",)))
    with pytest.raises(ValidationError, match="deadline"):
        pv.run(demo_db, plan, tmp_path / "a.pdf", fields={})
    with pytest.raises(Cancelled):
        pv.run(
            demo_db,
            plan,
            tmp_path / "b.pdf",
            fields={"deadline": "11/12/2026"},
            cancel=lambda: True,
        )
    with pytest.raises(ValidationError, match="choose a class"):
        pv.plan(demo_db, "settling_in", pv.Selection())
    assert all_rows(demo_db) == before
    assert not list(tmp_path.glob("*.pdf"))
