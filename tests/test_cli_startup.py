"""What a command loads before it works: only its own module, and the key before the database
code (issue 20: the key derivation's 256 MiB beside SQLAlchemy and the models was the peak of a
whole-school print run)."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, run_cli

MAIN = importlib.import_module("liaison.cli.main")


@pytest.mark.parametrize("module", sorted(MAIN.COMMAND_MODULES))
def test_each_module_registers_exactly_the_commands_listed_for_it(module: str) -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    importlib.import_module(f"liaison.cli.{module}").register(sub)
    assert sorted(sub.choices) == sorted(MAIN.COMMAND_MODULES[module])


def test_help_and_an_unknown_command_still_list_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        run_cli(capsys, "no-such-command")
    err = capsys.readouterr().err
    for names in MAIN.COMMAND_MODULES.values():
        for name in names:
            assert f"'{name}'" in err


_PROBE = """
import sys
import liaison.cli.common as common

seen = {}
unlock = common.unlock_early

def probe(path, secret):
    seen["database code loaded before the key"] = sorted(
        m for m in ("sqlalchemy", "liaison.models", "PySide6.QtGui") if m in sys.modules
    )
    return unlock(path, secret)

common.unlock_early = probe

from liaison.documents import pool

start_early = pool.start_early

def early(*args, **kwargs):
    seen["database code loaded before the renderers started"] = "sqlalchemy" in sys.modules
    return start_early(*args, **kwargs)

pool.start_early = early
from liaison.cli.main import main
code = main(sys.argv[1:])
print(seen, code)
"""


def test_bookbag_unlocks_before_loading_the_database_code(
    demo_path: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    args = ["bookbag", "--template", "event_invitation", "--class", "3B", "--plan-only"]
    args += ["--db", str(demo_path), "--passphrase-file", str(passphrase_file)]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "letters for class 3B" in done.stdout
    assert "{'database code loaded before the key': []} 0" in done.stdout


def test_a_wrong_passphrase_is_refused_at_the_early_unlock_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], demo_path: Path, wrong_passphrase_file: Path
) -> None:
    from tests.conftest import file_hashes

    before = file_hashes(demo_path.parent)
    code, _out, err = run_cli(
        capsys,
        "bookbag",
        "--template",
        "event_invitation",
        "--all",
        "--plan-only",
        "--db",
        str(demo_path),
        "--passphrase-file",
        str(wrong_passphrase_file),
    )
    assert code != 0 and "passphrase" in err.lower()
    assert file_hashes(demo_path.parent) == before


def test_a_key_unwrapped_from_another_key_file_is_not_used(demo_path: Path) -> None:
    from liaison.services.access import open_database
    from liaison.store.files import keyfile_path
    from liaison.store.keyfile import KeyFile

    keyfile = KeyFile.load(keyfile_path(demo_path))
    other = KeyFile(keyfile.path, "another-database", keyfile.slots, keyfile.mac)
    stranger = bytearray(b"\x01" * 32)
    db = open_database(demo_path, passphrase=PASSPHRASE, unlocked=(other, stranger))
    try:
        assert db.is_open  # the passphrase was used, not the stranger's key
        assert stranger == bytearray(32)  # and that key was zeroed, never to be used
    finally:
        db.close()


def test_a_print_run_starts_its_renderers_once_the_key_is_derived(
    demo_path: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    args = ["bookbag", "--template", "event_invitation", "--class", "3B"]
    args += ["--field", "event=Coffee morning", "--field", "date=01/12/2026"]
    args += ["--field", "time=09:00", "--field", "place=the hall"]
    args += ["--db", str(demo_path), "--passphrase-file", str(passphrase_file)]
    args += ["--out", str(tmp_path / "3B.pdf")]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "'database code loaded before the key': []" in done.stdout
    assert "'database code loaded before the renderers started': False" in done.stdout
    assert (tmp_path / "3B.pdf").stat().st_size > 0


def test_a_wrong_passphrase_starts_no_renderer(
    capsys: pytest.CaptureFixture[str],
    demo_path: Path,
    wrong_passphrase_file: Path,
    tmp_path: Path,
) -> None:
    import multiprocessing

    from liaison.documents import pool

    code, _out, err = run_cli(
        capsys, "bookbag", "--template", "event_invitation", "--all",
        "--db", str(demo_path), "--passphrase-file", str(wrong_passphrase_file),
        "--out", str(tmp_path / "x.pdf"),
    )  # fmt: skip
    assert code != 0 and "passphrase" in err.lower()
    assert pool._early == [] and multiprocessing.active_children() == []
    assert not (tmp_path / "x.pdf").exists()


_RUN = """
import atexit, sys
from liaison.cli.main import run

atexit.register(lambda: print("exit handlers ran", flush=True))
sys.argv = ["liaison", *sys.argv[1:]]
run()
"""


def test_the_installed_command_runs_exit_handlers_and_keeps_the_exit_code(
    demo_path: Path, passphrase_file: Path, wrong_passphrase_file: Path
) -> None:
    """`liaison` leaves without the interpreter's teardown (liaison.cli.main.run): what it
    printed is all there, exit handlers ran, and a refusal's exit code reaches the shell."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    store = ["--db", str(demo_path), "--passphrase-file", str(passphrase_file)]
    args = ["bookbag", "--template", "event_invitation", "--class", "3B", "--plan-only", *store]
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "letters for class 3B" in done.stdout and "per language:" in done.stdout
    assert done.stdout.rstrip().endswith("exit handlers ran")
    refused = subprocess.run(
        [sys.executable, "-c", _RUN, *args[:-1], str(wrong_passphrase_file)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert refused.returncode not in (0, 1) and "passphrase" in refused.stderr.lower()
    assert "exit handlers ran" in refused.stdout


def test_a_run_refused_after_unlocking_leaves_no_renderer_behind(
    capsys: pytest.CaptureFixture[str], demo_path: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    import multiprocessing

    from liaison.documents import pool

    code, _out, err = run_cli(
        capsys, "bookbag", "--template", "event_invitation", "--class", "NO-SUCH-CLASS",
        "--field", "event=Coffee morning", "--field", "date=01/12/2026",
        "--field", "time=09:00", "--field", "place=the hall",
        "--db", str(demo_path), "--passphrase-file", str(passphrase_file),
        "--out", str(tmp_path / "x.pdf"),
    )  # fmt: skip
    assert code != 0 and err.strip(), err
    assert pool._early == [] and multiprocessing.active_children() == []
    assert not (tmp_path / "x.pdf").exists()


def test_a_reason_for_stopping_starts_below_the_progress_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from liaison.cli import common
    from liaison.cli.main import _say

    common.percent(3, 10)
    _say("Printing stopped unexpectedly")
    _say("and again")  # no progress showing now: no empty line
    err = capsys.readouterr().err
    assert err == "\r  30%\nliaison: Printing stopped unexpectedly\nliaison: and again\n"


def test_the_progress_line_is_written_when_its_figure_changes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from liaison.cli import common

    for done in range(1, 401):  # a letter at a time
        common.percent(done, 400)
    common.end_percent()
    err = capsys.readouterr().err
    assert err == "".join(f"\r  {n}%" for n in range(101)) + "\n"
