"""`liaison attendance ...` as a script would use it: a dry run writes nothing, a bad file is one
line with exit code 2 and changes nothing, the mapping is used and remembered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import file_hashes
from tests.conftest import run_cli as run

DATA = Path(__file__).parent / "data" / "attendance"


@pytest.fixture
def env(db_path: Path, passphrase_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIAISON_DB", str(db_path))
    monkeypatch.setenv("LIAISON_PASSPHRASE_FILE", str(passphrase_file))
    return db_path


def _pupils(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import", str(DATA / "ctf_attendance.xml"))
    assert code == 0, err
    assert "Attendance as at 20/11/2026: 4 new" in out


def test_import_dry_run_list_and_show(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    _pupils(capsys)
    before = file_hashes(env.parent)
    csv_file = str(DATA / "attendance.csv")
    code, out, err = run(capsys, "attendance", "import", csv_file, "--dry-run")
    assert code == 0, err
    assert "Would import as at 04/12/2026: 4 new, 0 changed" in out
    assert "Nothing was written (dry run)." in out
    assert "not held  Robin Grey (Line 6): 99.2% (1 of 120 sessions missed)" in out
    assert file_hashes(env.parent) == before
    code, out, _ = run(capsys, "attendance", "import", csv_file, "--json")
    result = json.loads(out)
    assert result["counts"]["new"] == 4 and result["dry_run"] is False
    rahim = next(p for p in result["pupils"] if p["name"] == "Rahim Begum")
    assert rahim["flag"] == "persistently absent"
    code, out, _ = run(capsys, "attendance", "import", csv_file)
    assert "Imported as at 04/12/2026: 0 new, 0 changed, 4 unchanged" in out
    code, out, _ = run(capsys, "attendance", "list")
    assert out.splitlines()[0].startswith("04/12/2026      4 pupils     3 persistently absent")
    code, out, _ = run(capsys, "families", "list", "--json")
    haddad = next(f["reference"] for f in json.loads(out) if "Haddad" in f["title"])
    code, out, err = run(capsys, "attendance", "show", "--family", haddad)
    assert code == 0, err
    assert "  20/11/2026  45.0% (55 of 100 sessions missed)  severely absent" in out
    assert "  04/12/2026  91.7% (10 of 120 sessions missed)" in out


def test_a_bad_file_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    _pupils(capsys)
    bad = tmp_path / "bad.csv"
    bad.write_text("UPN,Possible,Present\nM820885120101,100,120\n", encoding="utf-8")
    before = file_hashes(env.parent)
    code, out, err = run(capsys, "attendance", "import", str(bad), "--as-at", "21/11/2026")
    assert code == 2 and out == ""
    assert err.startswith("liaison: Line 2: 120 sessions present is more than the 100 possible")
    assert len(err.strip().splitlines()) == 1
    undated = tmp_path / "undated.csv"
    undated.write_text("UPN,Possible,Present\nM820885120101,100,90\n", encoding="utf-8")
    code, _, err = run(capsys, "attendance", "import", str(undated))
    assert code == 2 and "does not say the date its figures are as at" in err
    assert file_hashes(env.parent) == before


def test_the_mapping_is_used_and_remembered(
    capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    _pupils(capsys)
    odd = tmp_path / "odd.csv"
    odd.write_text("Pupil,Poss,Pres\nM820885120101,120,111\n", encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"upn": "Pupil", "possible": "Poss", "present": "Pres"}))
    code, _, err = run(capsys, "attendance", "import", str(odd), "--as-at", "27/11/2026")
    assert code == 2 and "Choose the columns for the UPN" in err
    code, out, err = run(
        capsys, "attendance", "import", str(odd), "--as-at", "27/11/2026", "--mapping", str(mapping)
    )
    assert code == 0, err
    assert "Imported as at 27/11/2026: 1 new" in out
    # Next time the remembered mapping is used without --mapping.
    odd.write_text("Pupil,Poss,Pres\nM820885120101,125,115\n", encoding="utf-8")
    code, out, err = run(capsys, "attendance", "import", str(odd), "--as-at", "01/12/2026")
    assert code == 0, err
    assert "Imported as at 01/12/2026: 1 new" in out
