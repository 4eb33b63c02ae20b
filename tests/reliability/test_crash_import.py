"""SIGKILL an import at a random point: the database opens, checks clean, and holds either
none or all of the import (one transaction), with everything committed before intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liaison.demo.ctf_sample import fictional_ctf
from liaison.models import Pupil
from liaison.services import families as fam
from liaison.services import mis_import as imports
from liaison.services.access import open_database
from tests.conftest import PASSPHRASE, clock

ROOT = Path(__file__).resolve().parents[2]
PUPILS = 600


def _state(path: Path) -> tuple[int, dict[int, str], bool]:
    db = open_database(path, passphrase=PASSPHRASE, clock=clock())
    try:
        report = db.check()
        assert report.ok, report.results
        with db.read() as session:
            pupils = session.scalar(select(func.count()).select_from(Pupil)) or 0
        rows = {
            r.id: r.title for r in fam.list_families(db, fam.FamilyFilter(include_archived=True))
        }
        return pupils, rows, report.ok
    finally:
        db.close()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_import_is_all_or_nothing(demo_path: Path, tmp_path: Path) -> None:
    ctf = tmp_path / "big.xml"
    ctf.write_bytes(fictional_ctf(PUPILS, seed=11))
    before_pupils, before_families, _ = _state(demo_path)
    # What a complete import adds, from a dry run on a copy of the same database.
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        expected_new = imports.preview(db, imports.read_file(ctf)).counts()["pupils_created"]
    finally:
        db.close()
    assert expected_new == PUPILS
    rng = random.Random(20261123)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    mid_write = 0
    for _round in range(4):
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability.import_child",
                str(demo_path),
                PASSPHRASE,
                str(ctf),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        # Kill somewhere between reading the file and well into the writing.
        wanted = rng.randint(1, 12)
        committed = writing = False
        for _ in range(wanted):
            line = child.stdout.readline()
            if not line:
                break
            committed = committed or line.startswith("committed")
            writing = line.startswith("progress") and not line.startswith("progress 0 ")
        child.send_signal(signal.SIGKILL)
        rest, err = child.communicate()
        committed = committed or "committed" in rest
        assert "Traceback" not in err, err
        pupils, families, ok = _state(demo_path)
        assert ok
        for family_id, title in before_families.items():  # committed before: intact
            assert families.get(family_id) == title
        added = pupils - before_pupils
        assert added in (0, PUPILS), f"a partial import survived: {added} pupils"
        if committed:
            assert added == PUPILS
        mid_write += writing and not committed
        if added:
            break
    assert mid_write, "no kill landed while families were being written"
    # A last, uninterrupted run brings it to all, whatever happened above, and never doubles.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.reliability.import_child",
            str(demo_path),
            PASSPHRASE,
            str(ctf),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    pupils, _, _ = _state(demo_path)
    assert pupils - before_pupils == PUPILS
