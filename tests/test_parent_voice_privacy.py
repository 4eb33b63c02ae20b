"""Answers are personal data: in the family's subject access bundle (written answers too),
and gone with the family when it is erased."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import func, select

from liaison.models import (
    Pupil,
    QuestionnaireAnswer,
    QuestionnairePage,
    QuestionnaireSent,
)
from liaison.services import parent_voice as pv
from liaison.services.privacy import retention
from liaison.services.privacy import subject_access as sar
from liaison.store.database import Database
from tests.parent_voice_helpers import send


def _answered(db: Database, tmp_path: Path) -> tuple[int, pv.runs.Waiting]:
    _, result = send(db, tmp_path, class_names=("2B",))
    first = pv.waiting(db, result.run_id)[0]
    pv.record_answers(db, first.missing[0], {"happy": "unhappy", "friends": "no"})
    pv.record_answers(db, first.missing[1], {"anything_else": "Bullied at lunchtime"})
    page = pv.find_page(db, first.missing[0])
    return page.family_id, first


def test_answers_are_in_the_subject_access_bundle(demo_db: Database, tmp_path: Path) -> None:
    family_id, _ = _answered(demo_db, tmp_path)
    items = sar.collect_for(demo_db, family_id)
    kinds = {i.kind for i in items}
    assert {"Questionnaire sent", "Questionnaire page", "Questionnaire answer"} <= kinds
    answers = {i.fields["value"] for i in items if i.kind == "Questionnaire answer"}
    assert answers == {"unhappy", "no", "Bullied at lunchtime"}
    request = sar.log_request(
        demo_db, family_id, kind=sar.GDPR, requester="A parent", received_on=dt.date(2026, 11, 23)
    )
    out = tmp_path / "sar"
    out.mkdir()
    _, json_path = sar.produce(demo_db, request, out)
    bundle = json.loads(json_path.read_text("utf-8"))
    values = [
        i["fields"].get("value") for i in bundle["items"] if i["kind"] == "Questionnaire answer"
    ]
    assert "Bullied at lunchtime" in values


def test_answers_are_erased_with_the_family(demo_db: Database, tmp_path: Path) -> None:
    family_id, _ = _answered(demo_db, tmp_path)
    with demo_db.read() as session:
        others = session.scalar(
            select(func.count())
            .select_from(QuestionnaireSent)
            .where(QuestionnaireSent.family_id != family_id)
        )
    with demo_db.session() as session:
        for pupil in session.scalars(select(Pupil).where(Pupil.family_id == family_id)):
            pupil.left_date = dt.date(2019, 7, 20)
    assert family_id in {p.family_id for p in retention.past_retention(demo_db)}
    retention.erase(demo_db, [family_id])
    with demo_db.read() as session:
        assert not session.scalars(
            select(QuestionnaireSent).where(QuestionnaireSent.family_id == family_id)
        ).all()
        assert session.scalar(select(func.count()).select_from(QuestionnaireAnswer)) == 0
        pages = session.scalar(select(func.count()).select_from(QuestionnairePage))
        assert session.scalar(select(func.count()).select_from(QuestionnaireSent)) == others
    assert pages == 2 * others
    assert pv.written_answers(demo_db, "settling_in") == []
    found = pv.results_for(demo_db, "settling_in")
    assert found.returned == 0 and found.sent == others
