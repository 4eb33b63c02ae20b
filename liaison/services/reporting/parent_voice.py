"""The "Parent voice" section of the termly report: questionnaires sent in the period, how many
came back (by language, so leaders see whose voice is missing), and each question's answers,
with a chart for every scale question. Figures only: never a written answer, never a name.

A questionnaire counts in the period it was sent; its answers count whenever they came back
(up to the day the report is made). A response rate resting on fewer than 5 questionnaires, or
on fewer than 5 returned, is not shown (the count it rests on would be readable from it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from liaison.i18n import languages
from liaison.models import QuestionnaireSent
from liaison.services import parent_voice as pv
from liaison.services.parent_voice.results import QuestionResults, Results
from liaison.services.reporting.model import Row, Section, Table
from liaison.services.reporting.periods import Period

if TYPE_CHECKING:
    from liaison.store.database import Database

KEY, TITLE = "parent_voice", "Parent voice"


def _keys(db: Database, periods: list[Period]) -> list[str]:
    found: list[str] = []
    with db.read() as session:
        for p in periods:
            lo, hi = p.bounds()
            found += session.scalars(
                select(QuestionnaireSent.questionnaire_key)
                .where(QuestionnaireSent.sent_at >= lo, QuestionnaireSent.sent_at < hi)
                .distinct()
            )
    return sorted(set(found))


def _results(db: Database, key: str, p: Period | None) -> Results | None:
    if p is None:
        return None
    lo, hi = p.bounds()
    return pv.results_for(db, key, sent_from=lo, sent_to=hi)


def _rate(back: int, sent: int) -> tuple[float | None, int]:
    """A response rate and what it rests on (the smaller of a small returned count and sent)."""
    if sent == 0:
        return None, 0
    return 100.0 * back / sent, back if 0 < back < 5 else sent


def _sent_table(title: str, cur: Results, prev: Results | None) -> Table:
    rate, base = _rate(cur.returned, cur.sent)
    before, before_base = _rate(prev.returned, prev.sent) if prev else (None, None)
    return Table(
        f"{title}: sent and returned",
        (
            Row("Questionnaires sent", cur.sent, prev.sent if prev else None),
            Row("Returned", cur.returned, prev.returned if prev else None),
            Row("Response rate", rate, before, "percent", base, before_base),
        ),
    )


def _language_table(title: str, cur: Results, prev: Results | None) -> Table:
    codes = sorted(cur.sent_by_language, key=lambda c: (-cur.sent_by_language[c], c))
    rows = []
    for code in codes:
        rate, base = _rate(cur.returned_by_language.get(code, 0), cur.sent_by_language[code])
        before, before_base = (
            _rate(prev.returned_by_language.get(code, 0), prev.sent_by_language.get(code, 0))
            if prev
            else (None, None)
        )
        lang = languages.get(code)
        rows.append(Row(lang.english if lang else code, rate, before, "percent", base, before_base))
    return Table(
        f"{title}: response rate by language",
        tuple(rows),
        note="By the language the questionnaire went home in.",
    )


def _question_table(title: str, q: QuestionResults, before: QuestionResults | None) -> Table:
    if q.kind == "text":
        rows: tuple[Row, ...] = (
            Row(
                "Wrote something",
                q.overall.counts.get("written", 0),
                before.overall.counts.get("written", 0) if before else None,
            ),
        )
        note = "Written answers are read by the family liaison officer; they are not shown here."
    else:
        rows = tuple(
            Row(
                label,
                q.overall.counts.get(key, 0),
                before.overall.counts.get(key, 0) if before else None,
            )
            for key, label in q.options
        )
        note = f"{q.overall.answered} answered this period."
        if q.kind == "any":
            note += " Families could tick more than one."
    return Table(f"{title}: {q.number}. {q.text_en}", rows, chart=q.scale, note=note)


def section(db: Database, period: Period, previous: Period | None) -> Section | None:
    """The section, or None when no questionnaire was sent in either period."""
    tables: list[Table] = []
    # The short name: "Settling in (new families, Day 1 to half term)" is "Settling in".
    titles = {q.key: q.title.split(" (")[0] for q in pv.list_questionnaires(db)}
    for key in _keys(db, [p for p in (period, previous) if p is not None]):
        cur = _results(db, key, period)
        prev = _results(db, key, previous)
        assert cur is not None
        title = titles.get(key, key)
        if not cur.sent:
            tables.append(_sent_table(title, cur, prev))
            continue
        tables.append(_sent_table(title, cur, prev))
        tables.append(_language_table(title, cur, prev))
        earlier = {q.key: q for q in prev.questions} if prev else {}
        tables += [_question_table(title, q, earlier.get(q.key)) for q in cur.questions]
    return Section(KEY, TITLE, tuple(tables)) if tables else None
