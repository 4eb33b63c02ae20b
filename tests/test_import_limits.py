"""A very large MIS export: the limits (file size, rows) are stated up front and enforced
before any work, the file is read as a stream (only a sample of rows is kept for the mapping
page), the command line shows progress on a terminal, and an error names its own line."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from liaison.errors import ImportFileError
from liaison.imports import csv_mis
from liaison.services import mis_import as imports
from tests.conftest import run_cli
from tests.reliability.crashing import ROOT


def _mis_csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Forename", "Surname", "DOB", "Contact 1 Forename", "Contact 1 Surname"])
        for n in range(rows):
            family = f"Family{n // 2:05d}"
            day = f"{1 + n % 28:02d}/0{1 + n % 9}/2019"
            writer.writerow([f"Pupil{n:05d}", family, day, "Carer", family])
    return path


def test_a_huge_cell_names_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "huge-cell.csv"
    path.write_bytes(b"Forename,Surname\nAna," + b"x" * 10_000_000 + b"\nRui,Silva\n")
    with pytest.raises(ImportFileError) as err:
        imports.read_file(path)
    assert err.value.message.startswith("Line 2:"), err.value.message
    assert "longer than" in err.value.message


def test_the_limits_are_in_the_help_and_in_the_refusal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        run_cli(capsys, "import", "--help")
    help_text = " ".join(capsys.readouterr().out.split())
    assert "50 MB" in help_text and "100,000 rows" in help_text
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(60_000_000)  # sparse: refused from its size, never read
    with pytest.raises(ImportFileError) as err:
        imports.read_file(big)
    assert "50 MB" in err.value.message and "100,000 rows" in err.value.message


def test_too_many_rows_is_refused_naming_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_mis, "MAX_ROWS", 30)
    with pytest.raises(ImportFileError, match="more than 30 rows"):
        imports.read_file(_mis_csv(tmp_path / "many.csv", 31))
    assert len(imports.read_file(_mis_csv(tmp_path / "ok.csv", 30)).pupils) == 30


def test_the_mapping_page_gets_a_sample_and_a_count(tmp_path: Path) -> None:
    table = imports.read_table(_mis_csv(tmp_path / "m.csv", 500))
    assert table.row_count == 500
    assert len(table.rows) == csv_mis.SAMPLE_ROWS < 500  # not the whole file in memory
    assert table.rows[0][0] == 2 and table.rows[0][1][0] == "Pupil00000"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_command_line_shows_progress_on_a_terminal(
    demo_path: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    path = _mis_csv(tmp_path / "progress.csv", 3000)
    args = [sys.executable, "-m", "liaison.cli", "import", str(path), "--dry-run"]
    args += ["--db", str(demo_path), "--passphrase-file", str(passphrase_file)]
    leader, follower = os.openpty()
    try:
        done = subprocess.run(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=follower, check=False)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0, shown
    text = shown.decode()
    assert "Reading progress.csv" in text and "3,000 rows" in text
    assert "Checking" in text and "families" in text
    assert b"Would create" in done.stdout
    # Without a terminal (a script, a log file): no progress lines at all.
    quiet = subprocess.run(args, cwd=ROOT, capture_output=True, check=False)
    assert quiet.returncode == 0 and quiet.stderr == b""
