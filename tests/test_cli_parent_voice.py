"""The parent voice flow from the command line: send a class's questionnaires, type 30 replies
back, read the results, record what the school did and print the letter home."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from tests.conftest import run_cli as run


def test_send_answer_results_and_you_said(
    capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "questionnaires", "list")
    assert code == 0 and "settling_in" in out and "drafts nobody has reviewed" in out
    code, out, _ = run(capsys, "questionnaires", "send", "settling_in", "--all", "--plan-only")
    assert code == 0 and "questionnaires for whole school" in out
    pdf = tmp_path / "q.pdf"
    code, out, err = run(
        capsys,
        "questionnaires",
        "send",
        "settling_in",
        "--all",
        "--field",
        "deadline=11/12/2026",
        "--out",
        str(pdf),
    )
    assert code == 0, err
    run_id = int(re.search(r"Sending (\d+):", out).group(1))
    assert pdf.stat().st_size > 10_000
    code, out, _ = run(capsys, "questionnaires", "waiting", "--run", str(run_id), "--json")
    waiting = json.loads(out)["waiting"]
    assert len(waiting) >= 30
    rng = random.Random(3)
    for w in waiting[:30]:
        first, second = w["missing"]
        answers = [str(rng.randint(1, 3)) for _ in range(3)] + [str(rng.randint(1, 2))]
        code, out, err = run(capsys, "answers", first, *answers, "--run", str(run_id))
        assert code == 0 and "4 of 4 answers recorded" in out, err
        code, out, err = run(capsys, "answers", second, "2", "1,3", "-")
        assert code == 0 and "2 of 3 answers recorded" in out, err
    # A page typed twice, a mistyped one, and the page shown before typing.
    again = waiting[0]["missing"][0]
    code, _, err = run(capsys, "answers", again, "1", "1", "1", "1")
    assert code == 2 and "already entered" in err and "--replace" in err
    code, _, err = run(capsys, "answers", again[:-1] + ("2" if again[-1] != "2" else "3"), "1")
    assert code == 9 and "mistyped" in err
    code, out, _ = run(capsys, "answers", waiting[40]["missing"][0])
    assert code == 0 and "1=Happy, 2=Not sure, 3=Unhappy" in out
    code, out, _ = run(capsys, "questionnaires", "results", "settling_in", "--json")
    shown = json.loads(out)
    assert shown["small_numbers_hidden"] is True
    answered = shown["questions"][0]["rows"][0]
    assert answered[0] == "Answered" and answered[1] == "30"
    code, out, _ = run(capsys, "questionnaires", "results", "settling_in", "--by", "language")
    assert code == 0 and "Response by language" in out
    code, out, _ = run(
        capsys,
        "you-said",
        "add",
        "settling_in",
        "--said",
        "Homework is hard to help with",
        "--did",
        "A homework club on Tuesdays",
        "--translation",
        "ARA=الواجبات صعبة|نادي الواجبات كل ثلاثاء",
    )
    assert code == 0
    letters = tmp_path / "ysd.pdf"
    code, out, err = run(capsys, "you-said", "print", "settling_in", "--out", str(letters))
    assert code == 0, err
    assert "letters" in out and letters.stat().st_size > 10_000
