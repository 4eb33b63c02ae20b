"""A full disk: every write the officer can start is refused in words, and nothing is lost.

The disk is "full" for one child process only (RLIMIT_FSIZE 0; see disk_full_child.py), so
this needs no root, no loop device and no special file system.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from liaison.models import FamilyNote
from liaison.services.access import open_database
from liaison.store.database import Database
from tests.conftest import PASSPHRASE, file_hashes
from tests.reliability.disk_full_child import FAILED_NOTE, SAVED_NOTE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")

ROOT = Path(__file__).resolve().parents[2]


def _counts(db: Database) -> dict[str, int]:
    with db.read() as session:
        tables = session.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")
        ).scalars()
        count = 'SELECT count(*) FROM "{}"'
        return {t: session.execute(text(count.format(t))).scalar_one() for t in tables}


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def test_a_full_disk_refuses_each_write_with_a_message_and_loses_nothing(
    tmp_path: Path, demo_path: Path
) -> None:
    out = tmp_path / "usb"
    (out / "backups").mkdir(parents=True)
    with open_database(demo_path, passphrase=PASSPHRASE) as db:
        before = _counts(db)
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.disk_full_child", str(demo_path), PASSPHRASE,
         str(out)],
        capture_output=True, text=True, env=_env(), timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = {
        line.split(" ", 2)[1]: line.split(" ", 2)[0]
        for line in done.stdout.splitlines()
        if not line.startswith("done")
    }
    assert outcome == dict.fromkeys(("note", "backup", "letter", "batch", "report"), "refused"), (
        done.stdout
    )
    said = [line.split(" ", 2) for line in done.stdout.splitlines() if not line.startswith("done")]
    messages = {op: message for _, op, message in said}
    assert "disk is full" in messages["note"] and "not saved" in messages["note"]
    assert str(out / "backups") in messages["backup"] and "disk is full" in messages["backup"]
    for name in ("letter", "batch", "report"):
        assert "the disk is full" in messages[name] and "Nothing was saved" in messages[name]
    assert done.stdout.splitlines()[-1].startswith("done ")
    # No half-written PDF, workbook or backup, not even a hidden temporary file.
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == [Path("backups")]
    with open_database(demo_path, passphrase=PASSPHRASE) as db:
        assert db.check().ok
        after = _counts(db)
        with db.read() as session:
            bodies = session.execute(select(FamilyNote.body)).scalars().all()
            assert FAILED_NOTE not in bodies and SAVED_NOTE in bodies
            assert session.execute(select(func.count()).select_from(FamilyNote)).scalar_one() == (
                before["family_note"] + 1
            )
    # Only the note saved once there was room (and its audit line) were added.
    changed = {t for t in before if after[t] != before[t] and not t.startswith("search")}
    assert changed <= {"family_note", "audit_entry"}, changed


def _full_disk() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))


def test_starting_on_a_full_disk_at_the_command_line_is_one_line(
    tmp_path: Path, demo_path: Path, passphrase_file: Path
) -> None:
    """SQLite needs a few bytes to open a WAL database, so a disk with none is named at once."""
    usb = tmp_path / "usb"
    usb.mkdir()
    before = file_hashes(demo_path.parent)
    done = subprocess.run(
        [sys.executable, "-m", "liaison.cli", "backup", "--db", str(demo_path),
         "--passphrase-file", str(passphrase_file), "--to", str(usb)],
        capture_output=True, text=True, env=_env(), timeout=300, cwd=ROOT,
        preexec_fn=_full_disk,
    )  # fmt: skip
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith(f"liaison: Liaison could not use the database {demo_path}")
    assert "disk is full" in lines[0] and "Nothing was changed" in lines[0]
    assert list(usb.iterdir()) == []
    # SQLite may leave its empty -wal and -shm companions; every byte of data is as it was.
    empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    after = {name: h for name, h in file_hashes(demo_path.parent).items() if h != empty}
    assert after == {name: h for name, h in before.items() if h != empty}


def test_creating_a_database_on_a_full_disk_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    code = (
        "from pathlib import Path\n"
        "from liaison.errors import LiaisonError\n"
        "from liaison.services.access import create_database\n"
        "from liaison.store.keyfile import KdfParams\n"
        "try:\n"
        f"    create_database(Path({str(folder / 'liaison.db')!r}), {PASSPHRASE!r},"
        " kdf=KdfParams(1, 8, 1))\n"
        "except LiaisonError as exc:\n"
        "    print(type(exc).__name__, exc.message)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=300,
        cwd=ROOT, preexec_fn=_full_disk,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("WriteFailed Could not save liaison.db"), done.stdout
    assert "disk is full" in done.stdout
    # Only the empty lock file, which stays beside a database path by design (tests/conftest.py).
    assert [(p.name, p.stat().st_size) for p in folder.iterdir()] == [("liaison.db.lock", 0)]
