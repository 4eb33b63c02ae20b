"""Questionnaires in a family's chronology: sent (which, about whom, in which language and
translation status) and returned. The answers themselves stay out of the chronology."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.clock import LONDON, to_local
from liaison.i18n import languages
from liaison.models import Family, Pupil, QuestionnaireRun, QuestionnaireSent
from liaison.services.families.chronology import ChronologyItem, register_chronology


@register_chronology
def _questionnaires(session: Session, family: Family) -> list[ChronologyItem]:
    items = []
    rows = session.execute(
        select(QuestionnaireSent, QuestionnaireRun.title, Pupil)
        .join(QuestionnaireRun, QuestionnaireRun.id == QuestionnaireSent.run_id)
        .join(Pupil, Pupil.id == QuestionnaireSent.pupil_id, isouter=True)
        .where(QuestionnaireSent.family_id == family.id)
    ).all()
    for sent, title, pupil in rows:
        about = f" about {pupil.display_name}" if pupil else ""
        items.append(
            ChronologyItem(
                to_local(sent.sent_at),
                "questionnaire",
                f"Questionnaire sent{about}: {title}, in {languages.describe(sent.language)} "
                f"(version {sent.version}, {sent.translation_status}), sending {sent.run_id}",
                sent.id,
            )
        )
        if sent.returned_on:
            items.append(
                ChronologyItem(
                    dt.datetime.combine(sent.returned_on, dt.time(0), LONDON),
                    "questionnaire",
                    f"Questionnaire returned{about}: {title}",
                    sent.id,
                )
            )
    return items
