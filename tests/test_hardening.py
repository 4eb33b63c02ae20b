"""The command line starts hardened: no core dump can write the key or records to disk, and
what it creates is owner-only (liaison/services/hardening.py; the window does the same at start)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run_cli

resource = pytest.importorskip("resource")


def test_the_command_line_turns_core_dumps_off(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_umask = os.umask(0o022)
    try:
        code, _, err = run_cli(capsys, "templates", "list")
        assert code == 0, err
        assert resource.getrlimit(resource.RLIMIT_CORE)[0] == 0
        assert os.umask(0o022) == 0o077
    finally:
        os.umask(old_umask)
