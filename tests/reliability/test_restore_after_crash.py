"""Restore after a crash: meetings committed while the app was open are still only in the
write-ahead log (`liaison.db-wal`) when the process is killed, as in a power cut. Restoring a
backup then, through the command line or the window, must never lose them: the database is
the file plus its WAL and SHM, moved (and put back) together, and a restore interrupted at any
point is finished or undone before anything opens the database again.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from liaison.services import backups
from liaison.services.access import open_database
from liaison.store import connection as rawdb
from liaison.store.database import keyfile_path
from liaison.store.keyfile import KeyFile
from tests.conftest import PASSPHRASE, clock, file_hashes, run_cli
from tests.reliability.crashing import ROOT, choose, needs_sigkill, run_child

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not needs_sigkill, reason="needs SIGKILL"),
]
NEW_MEETINGS = 5


@dataclass
class Crashed:
    db_path: Path
    backup: Path
    new_ids: set[int]  # committed by the killed session, only in its WAL
    in_backup: set[int]


def _meetings(path: Path) -> dict[int, str | None]:
    """Meeting id -> notes, read with the key file beside `path` (its WAL applied)."""
    key = KeyFile.load(keyfile_path(path)).unwrap_with_passphrase(PASSPHRASE)
    conn = rawdb.connect(path, key)
    try:
        return dict(conn.execute("SELECT id, notes FROM meeting").fetchall())
    finally:
        conn.close()


def _companions(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm"), keyfile_path(path)]


def _copy_set(src: Path, folder: Path) -> Path:
    """Copy a database as a crash left it: the file, its WAL and SHM, and the key file."""
    folder.mkdir(parents=True)
    for part in _companions(src):
        if part.exists():
            shutil.copy2(part, folder / part.name.replace(src.name, "liaison.db", 1))
    return folder / "liaison.db"


def _orphan_logs(folder: Path) -> list[str]:
    """WAL or SHM files with no database file of their own name beside them."""
    return [
        p.name
        for p in folder.iterdir()
        if p.name.endswith(("-wal", "-shm")) and not (folder / p.name[:-4]).exists()
    ]


def _aside(folder: Path) -> list[Path]:
    return [
        p
        for p in folder.glob("liaison.db.before-restore-*")
        if not p.name.endswith(("-wal", "-shm", ".keys", ".lock"))
    ]


@pytest.fixture
def crashed(demo_path: Path, tmp_path: Path) -> Crashed:
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    backup = backups.make(db, "manual", tmp_path / "usb")
    db.close()
    in_backup = set(_meetings(demo_path))
    run = run_child("session", tmp_path, demo_path, PASSPHRASE, NEW_MEETINGS, kill_at=1)
    new_ids = {int(n) for n in run.done[0].split()[1:]}
    assert run.killed_at == ("hold", "the session stays open") and len(new_ids) == NEW_MEETINGS
    # The point of the test: the committed meetings are in the WAL, not yet in the file.
    assert Path(f"{demo_path}-wal").stat().st_size > 0
    return Crashed(demo_path, backup, new_ids, in_backup)


def _assert_kept(crashed: Crashed, folder: Path) -> str:
    """After a restore that finished, failed or was killed, and the next open: the database
    is either the original with the meetings or the backup's, with the original set aside
    holding them. Returns which."""
    db_path = folder / "liaison.db"
    db = open_database(db_path, passphrase=PASSPHRASE, clock=clock())
    try:
        assert db.check().ok
    finally:
        db.close()
    assert _orphan_logs(folder) == []
    assert not [p.name for p in folder.iterdir() if "restore" in p.name and p.name[0] == "."]
    current = _meetings(db_path)
    if crashed.new_ids <= set(current):
        assert all("before the crash" in (current[i] or "") for i in crashed.new_ids)
        return "original"
    assert set(current) == crashed.in_backup
    (aside,) = _aside(folder)
    kept = _meetings(aside)
    assert crashed.new_ids <= set(kept), "the meetings saved before the crash were lost"
    return "restored"


def test_cli_restore_after_a_crash_keeps_the_meetings_saved_before_it(
    crashed: Crashed, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(
        capsys,
        "restore",
        str(crashed.backup),
        "--yes",
        "--db",
        str(crashed.db_path),
        "--passphrase-file",
        str(passphrase_file),
    )
    assert code == 0, err
    assert "Restored 40 families" in out
    assert _assert_kept(crashed, crashed.db_path.parent) == "restored"
    # The kept-aside database is complete on its own: the WAL went with it.
    (aside,) = _aside(crashed.db_path.parent)
    assert f"kept as {aside}" in out
    code, out, err = run_cli(
        capsys, "check", "--db", str(aside), "--passphrase-file", str(passphrase_file)
    )
    assert code == 0, out + err


# The command line in a process whose files may not grow past 64 KiB (the key file fits,
# the database does not): what a full disk looks like to it, with no root needed.
_FULL_DISK_CLI = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, resource.RLIM_INFINITY))
from liaison.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _restore_with_full_disk(crashed: Crashed, passphrase_file: Path) -> subprocess.CompletedProcess:
    args = ["restore", str(crashed.backup), "--yes", "--db", str(crashed.db_path)]
    return subprocess.run(
        [sys.executable, "-c", _FULL_DISK_CLI, *args, "--passphrase-file", str(passphrase_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_restore_that_fails_after_a_crash_changes_nothing(
    crashed: Crashed, passphrase_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Refused for the wrong passphrase, or a full disk while unpacking: every byte of the
    crashed database, its WAL included, is as it was, and the meetings are all there."""
    folder = crashed.db_path.parent
    before = file_hashes(folder)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all, sorry\n")
    code, _, err = run_cli(
        capsys,
        "restore",
        str(crashed.backup),
        "--yes",
        "--db",
        str(crashed.db_path),
        "--passphrase-file",
        str(wrong),
    )
    assert code == 3 and "not right" in err
    assert file_hashes(folder) == before

    full = _restore_with_full_disk(crashed, passphrase_file)
    assert full.returncode != 0 and "Traceback" not in full.stderr, full.stderr
    assert "disk is full" in full.stderr, full.stderr
    assert full.stderr.count("\n") == 1
    assert file_hashes(folder) == before
    assert _assert_kept(crashed, folder) == "original"


def test_restore_killed_anywhere_after_a_crash_loses_nothing(
    crashed: Crashed, tmp_path: Path
) -> None:
    """The restore itself killed at seeded points (every file it moves, writes or removes):
    the next open finds the original with its meetings, or the backup with the original
    kept aside whole. Never no database, never a WAL beside the wrong file."""
    rng = random.Random(20261207)
    calibration = _copy_set(crashed.db_path, tmp_path / "calibration")
    full = run_child("restore", tmp_path / "calibration", calibration, PASSPHRASE, crashed.backup)
    assert full.done == ["restored 40"]
    assert _assert_kept(crashed, calibration.parent) == "restored"
    outcomes = set()
    for n, kill_at in enumerate(choose(rng, full.points, writes=6, others=1)):
        path = _copy_set(crashed.db_path, tmp_path / f"kill{n}")
        run = run_child("restore", path.parent, path, PASSPHRASE, crashed.backup, kill_at=kill_at)
        assert run.killed_at is not None and not run.done
        outcomes.add(_assert_kept(crashed, path.parent))
    assert outcomes == {"original", "restored"}  # the seed kills before and after the swap


def test_window_restore_after_a_crash_killed_anywhere_loses_nothing(
    crashed: Crashed, tmp_path: Path, qtbot
) -> None:
    """File > Restore in the window, after the app was killed with meetings in its WAL; then
    the same with the window killed during the restore. The next start shows the unlock
    screen (never the first-run wizard) and the meetings are in the database or kept aside."""
    from PySide6.QtCore import QSettings

    from tests.conftest import CHEAP_KDF
    from tests.ui.conftest import unlock
    from ui.main_window import MainWindow
    from ui.messages import ScriptedMessages

    rng = random.Random(20261208)
    calibration = _copy_set(crashed.db_path, tmp_path / "calibration")
    root = tmp_path / "calibration"
    full = run_child("window-restore", root, calibration, PASSPHRASE, crashed.backup)
    assert full.done == ["window True Restored"], full.stderr
    assert _assert_kept(crashed, calibration.parent) == "restored"
    for n, kill_at in enumerate(choose(rng, full.points, writes=3, others=1)):
        path = _copy_set(crashed.db_path, tmp_path / f"kill{n}")
        run = run_child(
            "window-restore", path.parent, path, PASSPHRASE, crashed.backup, kill_at=kill_at
        )
        assert run.killed_at is not None and not run.done
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(
            path, ScriptedMessages(), kdf=CHEAP_KDF, clock=clock(), settings=settings
        )
        qtbot.addWidget(window)
        window.show()
        assert window.wizard is None and window.stack.currentWidget() is window.unlock_view
        unlock(qtbot, window)
        window.vault.close()
        _assert_kept(crashed, path.parent)
