"""`liaison import` as a script would use it: --dry-run, --json, --mapping, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liaison.services import mis_import as imports
from liaison.services.access import open_database
from tests.conftest import PASSPHRASE, clock
from tests.conftest import run_cli as run
from tests.import_helpers import DATA, dump


@pytest.fixture
def env(db_path: Path, passphrase_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIAISON_DB", str(db_path))
    monkeypatch.setenv("LIAISON_PASSPHRASE_FILE", str(passphrase_file))
    return db_path


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = open_database(path, passphrase=PASSPHRASE, clock=clock())
    try:
        return dump(db)
    finally:
        db.close()


def test_dry_run_prints_the_plan_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    before = _dump(env)
    code, out, err = run(capsys, "import", str(DATA / "ctf_families.xml"), "--dry-run")
    assert code == 0, err
    assert "Would create 4 families" in out and "Nothing was written (dry run)" in out
    assert "Sami Ahmed" in out and "left on 18/07/2026 and is not held" in out
    assert "warning: Pupil 7 (UPN K820885120007) <Language>" in out
    assert _dump(env) == before


def test_real_run_then_json_reimport(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    code, out, _ = run(capsys, "import", str(DATA / "ctf_families.xml"))
    assert code == 0 and "Created 4 families" in out
    code, out, _ = run(capsys, "import", str(DATA / "ctf_families.xml"), "--json", "--dry-run")
    plan = json.loads(out)
    assert plan["dry_run"] is True and plan["counts"]["families_unchanged"] == 4
    assert plan["counts"]["pupils_created"] == 0
    code, out, _ = run(capsys, "import", str(DATA / "csv_utf8_bom.csv"), "--json")
    result = json.loads(out)
    assert result["counts"]["families_created"] == 2 and len(result["family_ids"]) == 2
    assert result["families"][0]["pupils"][0]["action"] == "create"


def test_mapping_file_is_used_and_remembered(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    csv_path = str(DATA / "csv_semicolon.csv")
    code, _, err = run(capsys, "import", csv_path, "--dry-run")
    assert code == 2 and "Choose the columns for Pupil forename" in err
    mapping = str(DATA / "semicolon_mapping.json")
    code, out, err = run(capsys, "import", csv_path, "--mapping", mapping)
    assert code == 0, err
    assert "Created 2 families" in out and "'QQQ'" in out
    # The mapping was remembered: the next run of the same export needs no --mapping.
    code, out, err = run(capsys, "import", csv_path, "--dry-run", "--json")
    assert code == 0, err
    assert json.loads(out)["counts"]["pupils_unchanged"] == 3
    db = open_database(env, passphrase=PASSPHRASE, clock=clock())
    try:
        assert imports.remembered_mapping(db)["given_name"] == "Vorname"
    finally:
        db.close()


def test_bad_file_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    before = _dump(env)
    code, out, err = run(capsys, "import", str(DATA / "csv_bad_date.csv"))
    assert code == 2 and out == ""
    assert err.startswith("liaison: Line 5, column 'DOB'") and err.count("\n") == 1
    code, _, err = run(capsys, "import", str(DATA / "ctf_bomb.xml"))
    assert code == 2 and "refused for safety" in err
    code, _, err = run(capsys, "import", str(DATA / "missing.xml"))
    assert code == 2 and "Cannot read" in err
    assert _dump(env) == before
