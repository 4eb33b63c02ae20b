"""The issue 17 path on the command line: import, plan-only counts, review, confirm, --language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli

CTF = Path(__file__).parent / "data" / "import" / "ctf_languages.xml"


@pytest.fixture
def fresh(db_path: Path, passphrase_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIAISON_DB", str(db_path))
    monkeypatch.setenv("LIAISON_PASSPHRASE_FILE", str(passphrase_file))
    return db_path


def test_import_plan_review_confirm(capsys: pytest.CaptureFixture[str], fresh: Path) -> None:
    code, out, err = run_cli(capsys, "import", str(CTF))
    assert code == 0, err
    assert "7 families now have a letter language assumed" in out
    assert "nobody to write to" in out
    code, out, err = run_cli(
        capsys, "bookbag", "--template", "event_invitation", "--all", "--plan-only"
    )
    assert code == 0, err
    assert "per language:" in out and "ENG 8" not in out
    assert "Urdu 1, of which 1 assumed from the pupils" in out
    assert "Chinese (traditional) 1, of which 1 assumed from the pupils" in out
    assert "English 1" in out and "7 letters in a language assumed" in out
    code, out, _ = run_cli(capsys, "languages", "assumed")
    assert "Urdu (URD): 1 families" in out and "Panjabi (Gurmukhi) (PNJG): 1 families" in out
    code, out, _ = run_cli(capsys, "languages", "assumed", "--confirm", "ur")
    assert code == 0 and "Confirmed Urdu (URD) for 1 families." in out
    code, out, _ = run_cli(capsys, "languages", "assumed")
    assert "Urdu (URD)" not in out
    code, out, _ = run_cli(
        capsys, "bookbag", "--template", "event_invitation", "--all", "--plan-only"
    )
    assert "Urdu 1" in out and "Urdu 1, of which" not in out
