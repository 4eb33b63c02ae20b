"""Results: per question, how many ticked each answer, and what share of those who answered it,
overall, by the language the questionnaire went home in and by year group; and how many came
back, by language, so the school sees whose voice is missing.

Figures are exact here; `present` applies the termly report's small-number rule (counts from
1 to 4 shown as "fewer than 5"), and also hides a share resting on fewer than 5 answers or on a
count that is itself hidden, since "20%" of 10 would tell the hidden count. Written answers are
never counted into figures beyond how many wrote something: the words are shown only to the
officer (`written_answers`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from liaison.i18n import languages
from liaison.models import Family, Pupil, QuestionnaireAnswer, QuestionnaireRun, QuestionnaireSent
from liaison.services.parent_voice.catalogue import MASTER, get_questionnaire, paper_words

if TYPE_CHECKING:
    from liaison.store.database import Database

# The termly report's words and rule (reporting.model; a test holds them the same). Not
# imported: the report imports this package for its "Parent voice" section.
SMALL = "fewer than 5"
HIDDEN = "not shown"
NO_YEAR = -99  # the year-group key for pupils with none recorded (and family questionnaires)


@dataclass
class Tally:
    """Answers to one question within a group: how many answered, and each answer's count."""

    answered: int = 0
    counts: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class QuestionResults:
    key: str
    number: int
    kind: str  # one | any | text
    text_en: str
    options: tuple[tuple[str, str], ...]  # (key, English words)
    scale: bool
    overall: Tally
    by_language: dict[str, Tally]
    by_year: dict[int, Tally]


@dataclass(frozen=True)
class Results:
    key: str
    title: str
    run_ids: tuple[int, ...]
    sent: int
    returned: int
    sent_by_language: dict[str, int]
    returned_by_language: dict[str, int]
    sent_by_year: dict[int, int]
    returned_by_year: dict[int, int]
    questions: tuple[QuestionResults, ...]


class _Neutral(dict[str, str]):
    """Placeholders in a question as a leader reads it in the results."""

    def __missing__(self, key: str) -> str:
        return {"pupil_name": "your child", "school_name": "the school"}.get(key, "…")


def neutral(text: str) -> str:
    try:
        return text.format_map(_Neutral())
    except (ValueError, IndexError):
        return text


def _english_options(db: Database, key: str) -> dict[str, tuple[tuple[str, str], ...]]:
    q = get_questionnaire(db, key)
    words = paper_words(MASTER)
    out = {}
    for question in q.design.questions:
        if question.type.fixed:
            out[question.key] = tuple((k, words[p]) for k, p, _ in question.type.fixed)
        else:
            out[question.key] = tuple((k, q.master.options.get(k, k)) for k in question.options)
    return out


def results(
    db: Database,
    key: str,
    *,
    run_ids: Iterable[int] | None = None,
    sent_from: dt.datetime | None = None,
    sent_to: dt.datetime | None = None,
) -> Results:
    """Every questionnaire `key` sent (in these runs, or sent in [sent_from, sent_to))."""
    q = get_questionnaire(db, key)
    options = _english_options(db, key)
    where = [QuestionnaireSent.questionnaire_key == key]
    if run_ids is not None:
        where.append(QuestionnaireSent.run_id.in_(list(run_ids)))
    if sent_from is not None:
        where.append(QuestionnaireSent.sent_at >= sent_from)
    if sent_to is not None:
        where.append(QuestionnaireSent.sent_at < sent_to)
    with db.read() as session:
        sent_rows = session.execute(
            select(
                QuestionnaireSent.id,
                QuestionnaireSent.run_id,
                QuestionnaireSent.language,
                QuestionnaireSent.year_group,
                QuestionnaireSent.returned_on,
            ).where(*where)
        ).all()
        ids = [r.id for r in sent_rows]
        answer_rows = session.execute(
            select(
                QuestionnaireAnswer.sent_id,
                QuestionnaireAnswer.question_key,
                QuestionnaireAnswer.value,
            ).where(QuestionnaireAnswer.sent_id.in_(ids))
        ).all()
    group = {
        r.id: (r.language, NO_YEAR if r.year_group is None else r.year_group) for r in sent_rows
    }
    back = [r for r in sent_rows if r.returned_on is not None]
    tallies: dict[str, tuple[Tally, dict[str, Tally], dict[int, Tally]]] = {
        question.key: (Tally(), defaultdict(Tally), defaultdict(Tally))
        for question in q.design.questions
    }
    kinds = {question.key: question.type.kind for question in q.design.questions}
    for sent_id, question_key, value in answer_rows:
        if question_key not in tallies:
            continue
        language, year = group[sent_id]
        chosen = ["written"] if kinds[question_key] == "text" else value.split(",")
        overall, by_language, by_year = tallies[question_key]
        for tally in (overall, by_language[language], by_year[year]):
            tally.answered += 1
            tally.counts.update(chosen)
    questions = tuple(
        QuestionResults(
            question.key,
            number,
            question.type.kind,
            neutral(q.master.questions.get(question.key, question.key)),
            options[question.key],
            question.type.scale,
            tallies[question.key][0],
            dict(tallies[question.key][1]),
            dict(tallies[question.key][2]),
        )
        for number, question in enumerate(q.design.questions, start=1)
    )
    return Results(
        key,
        q.title,
        tuple(sorted({r.run_id for r in sent_rows})),
        len(sent_rows),
        len(back),
        dict(Counter(r.language for r in sent_rows)),
        dict(Counter(r.language for r in back)),
        dict(Counter(group[r.id][1] for r in sent_rows)),
        dict(Counter(group[r.id][1] for r in back)),
        questions,
    )


# -- presenting, with the small-number rule ---------------------------------------------------
def is_small(value: int) -> bool:
    return 0 < value < 5


def shown_count(value: int, suppress: bool = True) -> str:
    return SMALL if suppress and is_small(value) else f"{value:,}"


def shown_share(part: int, whole: int, suppress: bool = True) -> str:
    if whole == 0:
        return "–"
    if suppress and (whole < 5 or is_small(part)):
        return HIDDEN
    return f"{100 * part / whole:.0f}%"


def language_label(code: str) -> str:
    lang = languages.get(code)
    return lang.english if lang else code


def year_label(year: int) -> str:
    if year == NO_YEAR:
        return "No year group"
    return {-1: "Nursery", 0: "Reception"}.get(year, f"Year {year}")


@dataclass(frozen=True)
class Grid:
    """A question's answers as text to show: one row per answer, a column per group."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def present(qr: QuestionResults, by: str = "overall", suppress: bool = True) -> Grid:
    """Counts and shares as the officer (or a leader) may see them: by 'overall', 'language'
    or 'year'."""
    if by == "language":
        groups: Sequence[tuple[str, Tally]] = sorted(
            ((language_label(k), t) for k, t in qr.by_language.items()),
            key=lambda g: -g[1].answered,
        )
    elif by == "year":
        groups = [(year_label(k), t) for k, t in sorted(qr.by_year.items())]
    else:
        groups = [("All", qr.overall)]
    options = qr.options if qr.kind != "text" else (("written", "Wrote something"),)
    columns = ["Answer"]
    for name, _ in groups:
        columns += [name, "share"] if by == "overall" else [name]
    rows = [("Answered", *(_cells(t.answered, None, by, suppress) for _, t in groups))]
    for key, label in options:
        rows.append(
            (label, *(_cells(t.counts.get(key, 0), t.answered, by, suppress) for _, t in groups))
        )
    flat = tuple(tuple(_flatten(row)) for row in rows)
    return Grid(f"{qr.number}. {qr.text_en}", tuple(columns), flat)


def _cells(count: int, whole: int | None, by: str, suppress: bool) -> tuple[str, ...]:
    shown = shown_count(count, suppress)
    if by != "overall":
        if whole is None or shown == SMALL or count == 0:
            return (shown,)
        share = shown_share(count, whole, suppress)
        return (shown if share == HIDDEN else f"{shown} ({share})",)
    return (shown, "" if whole is None else shown_share(count, whole, suppress))


def _flatten(row: tuple[object, ...]) -> list[str]:
    out: list[str] = []
    for cell in row:
        out += list(cell) if isinstance(cell, tuple) else [str(cell)]
    return out


def response_rows(r: Results, by: str = "language", suppress: bool = True) -> Grid:
    """Sent, back and the response rate, by language (or year group)."""
    if by == "year":
        keys = sorted(r.sent_by_year)
        sent, back, label = r.sent_by_year, r.returned_by_year, year_label
    else:
        keys = sorted(r.sent_by_language, key=lambda k: -r.sent_by_language[k])
        sent, back, label = r.sent_by_language, r.returned_by_language, language_label
    rows = [
        (
            label(k),
            shown_count(sent[k], suppress),
            shown_count(back.get(k, 0), suppress),
            shown_share(back.get(k, 0), sent[k], suppress),
        )
        for k in keys
    ]
    rows.append(
        (
            "All",
            shown_count(r.sent, suppress),
            shown_count(r.returned, suppress),
            shown_share(r.returned, r.sent, suppress),
        )
    )
    title = "Response by language" if by != "year" else "Response by year group"
    return Grid(title, ("Group", "Sent", "Back", "Response rate"), tuple(rows))


@dataclass(frozen=True)
class Written:
    family_ref: str
    pupil: str
    language: str
    question: str
    text: str
    sent_on: dt.date


def written_answers(
    db: Database, key: str, *, run_ids: Iterable[int] | None = None
) -> list[Written]:
    """The words written on returned questionnaires: for the officer only, never in figures,
    exports or the report."""
    q = get_questionnaire(db, key)
    texts = {question.key for question in q.design.questions if question.type.kind == "text"}
    where = [
        QuestionnaireSent.questionnaire_key == key,
        QuestionnaireAnswer.question_key.in_(texts),
    ]
    if run_ids is not None:
        where.append(QuestionnaireSent.run_id.in_(list(run_ids)))
    with db.read() as session:
        rows = session.execute(
            select(
                QuestionnaireAnswer,
                QuestionnaireSent,
                Family.reference,
                Pupil,
                QuestionnaireRun.created_at,
            )
            .join(QuestionnaireSent, QuestionnaireSent.id == QuestionnaireAnswer.sent_id)
            .join(QuestionnaireRun, QuestionnaireRun.id == QuestionnaireSent.run_id)
            .join(Family, Family.id == QuestionnaireSent.family_id)
            .join(Pupil, Pupil.id == QuestionnaireSent.pupil_id, isouter=True)
            .where(*where)
            .order_by(QuestionnaireAnswer.id)
        ).all()
        return [
            Written(
                ref,
                pupil.display_name if pupil else "",
                language_label(sent.language),
                neutral(q.master.questions.get(answer.question_key, answer.question_key)),
                answer.value,
                created.date(),
            )
            for answer, sent, ref, pupil, created in rows
        ]
