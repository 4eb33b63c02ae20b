"""`liaison check` writes nothing: not after a crash (when a WAL is waiting to be folded in),
not on a write-protected USB stick, where it works without making a lock file; and a backup
can be taken from such a stick."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from liaison.services import backups
from liaison.services.access import open_database
from tests.conftest import PASSPHRASE, file_hashes, run_cli
from tests.reliability.crashing import needs_sigkill, run_child

pytestmark = pytest.mark.skipif(not needs_sigkill, reason="needs SIGKILL")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _every_byte(folder: Path) -> dict[str, str]:
    """Hash of every file, the empty lock file included (file_hashes leaves it out)."""
    import hashlib

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def crashed(demo_path: Path, tmp_path: Path) -> Path:
    """The app killed with three meetings committed only in its WAL."""
    run_child("session", tmp_path, demo_path, PASSPHRASE, 3, kill_at=1)
    assert Path(f"{demo_path}-wal").stat().st_size > 0
    return demo_path


def test_check_after_a_crash_changes_no_byte(
    crashed: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = file_hashes(crashed.parent)
    code, out, err = run_cli(
        capsys, "check", "--db", str(crashed), "--passphrase-file", str(passphrase_file)
    )
    assert code == 0, out + err
    assert "All checks passed." in out
    assert file_hashes(crashed.parent) == before  # the WAL is still there, as it was


@pytest.mark.skipif(IS_ROOT, reason="root ignores file permissions; run the suite as a user")
def test_check_and_backup_from_a_write_protected_stick(
    crashed: Path, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    for part in crashed.parent.iterdir():
        if part.is_file() and not part.name.endswith(".lock"):
            shutil.copy2(part, stick / part.name)
    db = stick / crashed.name
    for part in stick.iterdir():
        part.chmod(0o444)
    stick.chmod(0o555)
    before = _every_byte(stick)
    try:
        secret = ("--db", str(db), "--passphrase-file", str(passphrase_file))
        check = run_cli(capsys, "check", *secret)
        elsewhere = tmp_path / "backups"
        backup = run_cli(capsys, "backup", "--to", str(elsewhere), *secret)
        after = _every_byte(stick)
    finally:
        stick.chmod(0o755)
    assert check[0] == 0, check
    assert "All checks passed." in check[1]
    assert backup[0] == 0, backup
    assert after == before  # no lock file, no -shm rebuilt, nothing
    (made,) = elsewhere.glob("*.liaison-backup")
    # The backup holds the meetings that were only in the WAL.
    contents = backups.inspect(made, passphrase=PASSPHRASE)
    assert contents.counts["meetings"] == _meetings_with_wal(crashed)


def _meetings_with_wal(path: Path) -> int:

    db = open_database(path, passphrase=PASSPHRASE)
    try:
        from sqlalchemy import text

        with db.read() as session:
            return int(session.execute(text("SELECT count(*) FROM meeting")).scalar_one())
    finally:
        db.close()


def test_check_still_finds_a_search_index_that_does_not_match(
    demo_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The full-text check now runs read-only (PRAGMA integrity_check on the FTS5 table)
    and still tells an index that no longer matches its content."""
    from liaison.store import connection as rawdb
    from liaison.store.database import keyfile_path
    from liaison.store.keyfile import KeyFile

    key = KeyFile.load(keyfile_path(demo_path)).unwrap_with_passphrase(PASSPHRASE)
    conn = rawdb.connect(demo_path, key)
    conn.execute(
        "UPDATE search_index_content SET c0 = 'Zebedee Quux' "
        "WHERE id = (SELECT min(id) FROM search_index_content)"
    )
    conn.close()
    code, out, _ = run_cli(
        capsys, "check", "--db", str(demo_path), "--passphrase-file", str(passphrase_file)
    )
    assert code == 1
    assert "search_index: FAILED" in out and "FTS5" in out
