"""SIGKILL a writer at random points: every reported commit survives and the file checks."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from liaison.services import families as fam
from liaison.services.access import open_database
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_loses_nothing_it_reported(db_path: Path) -> None:
    rng = random.Random(20261123)
    reported: dict[int, str] = {}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_ in range(6):
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.crash_child",
                str(db_path),
                PASSPHRASE,
                str(round_ * 1000),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        wanted = rng.randint(1, 25)
        for _ in range(wanted):
            line = child.stdout.readline()
            if not line:
                break
            family_id, name = line.split()
            reported[int(family_id)] = name
        child.send_signal(signal.SIGKILL)
        rest, err = child.communicate()
        for line in rest.splitlines():  # lines already written before the kill landed
            family_id, name = line.split()
            reported[int(family_id)] = name
        assert "Traceback" not in err, err
    assert len(reported) >= 6
    db = open_database(db_path, passphrase=PASSPHRASE)
    try:
        report = db.check()
        assert report.ok, report.results
        rows = {r.id: r.title for r in fam.list_families(db)}
        for family_id, name in reported.items():
            assert family_id in rows and name in rows[family_id]
    finally:
        db.close()
