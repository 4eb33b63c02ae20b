"""`liaison selftest` in process: every step passes, nothing is left, failures say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison import paths, selftest
from tests.conftest import run_cli as run


def test_selftest_passes_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "selftest", "--families", "4", "--temp-dir", str(tmp_path))
    assert code == 0, out + err
    lines = out.splitlines()
    assert all(line.startswith("ok ") for line in lines[:-1]), out
    assert lines[-1].startswith("Self-test passed:")
    names = [line[5:31].strip() for line in lines[:-1]]
    assert names[:4] == ["environment", "create database", "unlock", "demo data"]
    assert names[-4:] == ["termly report", "database check", "close", "clean up"]
    # A letter in every language the templates have, English first.
    letters = [n.split()[1] for n in names if n.startswith("letter ")]
    assert letters[0] == "ENG"
    assert {"ARA", "URD", "BNG", "PNJG", "TIG", "CHI", "UKR", "POL"} <= set(letters)
    assert "fonts all embedded" in out
    assert err == ""
    assert list(tmp_path.iterdir()) == []


def test_selftest_failure_names_the_step_and_still_cleans_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path / "nowhere")
    work = tmp_path / "work"
    work.mkdir()
    code, out, err = run(capsys, "selftest", "--temp-dir", str(work))
    assert code == 1
    assert "FAIL environment" in out
    assert "clean up" in out
    assert "liaison: self-test FAILED at environment:" in err
    assert "nowhere" in err and "missing from this installation" in err
    assert list(work.iterdir()) == []


def test_pdf_summary_finds_fonts_that_are_not_embedded(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "helvetica.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "Not embedded")
    c.showPage()
    c.save()
    pages, fonts, missing = selftest.pdf_summary(path)
    assert (pages, fonts, missing) == (1, 1, ["/Helvetica"])


def test_pdf_summary_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(selftest.SelfTestFailed, match="was not written"):
        selftest.pdf_summary(tmp_path / "absent.pdf")
