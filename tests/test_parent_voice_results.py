"""Results against an independent count of what was typed in, by language and year group, with
the small-number rule of the termly report; written answers never in the figures."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from pathlib import Path

from liaison.services import parent_voice as pv
from liaison.services.parent_voice import results as res
from liaison.store.database import Database
from tests.parent_voice_helpers import send


def _enter_randomly(db: Database, run_id: int, share: float, seed: int):
    """Answer a random share of the questionnaires; return what was entered, by questionnaire."""
    rng = random.Random(seed)
    entered: dict[tuple[str, str], dict[str, object]] = {}
    about: dict[tuple[str, str], tuple[str, int | None]] = {}
    for w in pv.waiting(db, run_id):
        if rng.random() > share:
            continue
        mine: dict[str, object] = {}
        for ref in w.missing:
            page = pv.find_page(db, ref, run_id=run_id)
            answers: dict[str, object] = {}
            for q in page.questions:
                keys = [o[0] for o in q.options]
                if rng.random() < 0.1:
                    answers[q.key] = None  # left blank
                elif q.kind == "one":
                    answers[q.key] = rng.choice(keys)
                elif q.kind == "any":
                    answers[q.key] = rng.sample(keys, rng.randint(1, 3))
                else:
                    answers[q.key] = rng.choice(["", "More clubs", "Thank you"])
            pv.record_answers(db, ref, answers, run_id=run_id)
            mine.update(answers)
        entered[(w.family_ref, w.pupil)] = mine
        about[(w.family_ref, w.pupil)] = (w.language, None)
    return entered, about


def test_results_match_an_independent_count(demo_db: Database, tmp_path: Path) -> None:
    plan, result = send(demo_db, tmp_path)
    entered, about = _enter_randomly(demo_db, result.run_id, 0.7, seed=21)
    assert len(entered) >= 20
    found = pv.results_for(demo_db, "settling_in", run_ids=[result.run_id])
    assert found.sent == len(plan.items)
    assert found.returned == len(entered)
    # Sent and back by language, counted here from the plan and what was typed.
    assert found.sent_by_language == dict(Counter(i.language for i in plan.items))
    assert found.returned_by_language == dict(Counter(about[k][0] for k in entered))
    for q in found.questions:
        overall: Counter[str] = Counter()
        by_language: dict[str, Counter[str]] = defaultdict(Counter)
        answered = 0
        for key, answers in entered.items():
            value = answers.get(q.key)
            if value in (None, "", []):
                continue
            answered += 1
            chosen = (
                ["written"] if q.kind == "text" else (value if isinstance(value, list) else [value])
            )
            overall.update(chosen)
            by_language[about[key][0]].update(chosen)
        assert q.overall.answered == answered, q.key
        assert dict(q.overall.counts) == dict(overall), q.key
        assert {k: dict(t.counts) for k, t in q.by_language.items()} == {
            k: dict(v) for k, v in by_language.items()
        }, q.key
        assert sum(t.answered for t in q.by_year.values()) == answered


def test_small_numbers_are_hidden_when_shown(demo_db: Database, tmp_path: Path) -> None:
    _, result = send(demo_db, tmp_path)
    _enter_randomly(demo_db, result.run_id, 0.8, seed=5)
    found = pv.results_for(demo_db, "settling_in")
    checked_small = checked_big = 0
    for q in found.questions:
        grid = pv.present(q)
        for (key, _), row in zip(
            q.options if q.kind != "text" else (("written", ""),), grid.rows[1:], strict=True
        ):
            count = q.overall.counts.get(key, 0)
            count_cell, share_cell = row[1], row[2]
            if 1 <= count <= 4:
                assert count_cell == res.SMALL and share_cell == res.HIDDEN
                checked_small += 1
            else:
                assert count_cell == f"{count:,}"
                if count and q.overall.answered >= 5:
                    assert share_cell == f"{100 * count / q.overall.answered:.0f}%"
                    checked_big += 1
        by_language = pv.present(q, by="language")
        keys = [k for k, _ in q.options] if q.kind != "text" else ["written"]
        for column, name in enumerate(by_language.columns[1:], start=1):
            code = next(c for c in q.by_language if res.language_label(c) == name)
            tally = q.by_language[code]
            for row, key in zip(by_language.rows[1:], keys, strict=True):
                count = tally.counts.get(key, 0)
                if 1 <= count <= 4:
                    assert row[column] == res.SMALL
                    checked_small += 1
                else:
                    assert row[column].split(" ")[0] == f"{count:,}"
        # No cell anywhere shows a count from 1 to 4 as a number.
        for grid in (pv.present(q), by_language, pv.present(q, by="year")):
            for row in grid.rows:
                for cell in row[1:]:
                    number = cell.split(" ")[0].replace(",", "")
                    assert not (number.isdigit() and 1 <= int(number) <= 4), (grid.title, row)
    assert checked_small and checked_big
    unsuppressed = pv.present(found.questions[0], suppress=False)
    assert res.SMALL not in {c for row in unsuppressed.rows for c in row}
    # Response by language: small groups hidden too.
    rows = pv.response_rows(found).rows
    assert rows[-1][0] == "All" and rows[-1][1] == f"{found.sent:,}"


def test_written_answers_only_for_the_officer(demo_db: Database, tmp_path: Path) -> None:
    _, result = send(demo_db, tmp_path, class_names=("2B",))
    ref_pages = pv.waiting(demo_db, result.run_id)
    second = ref_pages[0].missing[1]
    pv.record_answers(demo_db, second, {"anything_else": "Please call me about the trip"})
    written = pv.written_answers(demo_db, "settling_in")
    assert [w.text for w in written] == ["Please call me about the trip"]
    assert written[0].family_ref == ref_pages[0].family_ref
    found = pv.results_for(demo_db, "settling_in")
    text_q = next(q for q in found.questions if q.kind == "text")
    grid = pv.present(text_q, suppress=False)
    assert "Please call me" not in repr(grid)
    assert grid.rows[1][:2] == ("Wrote something", "1")
