"""What Python let go is written over: text of every length, freed, is no longer anywhere in
the process's memory after `scrub_freed_memory` (liaison/store/memory.py), searched byte by
byte through /proc/self/mem in a child process of its own."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.crashing import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs /proc/self/mem")


def test_freed_text_of_every_length_is_written_over() -> None:
    marker = secrets.token_hex(8).encode()
    mask = secrets.token_bytes(len(marker))
    masked = bytes(a ^ b for a, b in zip(marker, mask, strict=True))
    child = subprocess.run(
        [sys.executable, "-m", "tests.reliability.scrub_child", mask.hex(), masked.hex()],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    said = dict(line.split() for line in child.stdout.splitlines())
    assert int(said["before"]) >= 20_000, said  # the search finds them while they are kept
    assert int(said["written"]) > 0, said
    assert said["after"] == "0", said
