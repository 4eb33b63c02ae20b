"""SIGKILL during a whole-school book-bag print, a migration and a backup, at seeded points.

Each test first runs the operation to the end once (that run lists every crash point: SQL
statements, commits, files created, opened, renamed, removed), then kills fresh runs at points
chosen by a seeded random generator, mostly where something is written. After every kill the
database must open, pass `liaison check`, and hold everything that was committed before.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from liaison.cli.main import main as cli_main
from liaison.services import backups, school
from liaison.services.access import open_database
from liaison.store import backup as store_backup
from liaison.store import connection as rawdb
from liaison.store import migrate
from liaison.store.database import Database, backup_dir, keyfile_path
from liaison.store.keyfile import KeyFile
from tests.conftest import PASSPHRASE, clock, copy_db
from tests.reliability.crashing import choose, needs_sigkill, run_child
from tests.reliability.old_schema import FIRST, assert_kept, columns_at, snapshot
from tests.test_no_plaintext import _needles, _personal_strings, _scan

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not needs_sigkill, reason="needs SIGKILL"),
]
_PEOPLE = ("family", "caregiver", "pupil", "family_note", "family_need", "consent")


def _raw(path: Path) -> rawdb.RawConnection:
    key = KeyFile.load(keyfile_path(path)).unwrap_with_passphrase(PASSPHRASE)
    return rawdb.connect(path, key)


def _rows(db: Database, tables: tuple[str, ...]) -> dict[str, list[tuple[Any, ...]]]:
    with db.read() as session:
        return {
            t: sorted(tuple(r) for r in session.execute(text(f"SELECT * FROM {t}"))) for t in tables
        }


def _cli_check(db_path: Path, tmp_path: Path) -> int:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE)
    return cli_main(["check", "--db", str(db_path), "--passphrase-file", str(secret)])


def _batches(db: Database) -> dict[int, tuple[int, int]]:
    """batch id -> (letters it says it printed, printed-letter rows recorded with it)."""
    with db.read() as session:
        rows = session.execute(
            text(
                "SELECT b.id, b.letters, (SELECT count(*) FROM printed_document p "
                "WHERE p.batch_id = b.id) FROM batch b"
            )
        )
        return {int(i): (int(n), int(p)) for i, n, p in rows}


def test_batch_print_killed_anywhere_keeps_every_committed_letter(
    demo_path: Path, tmp_path: Path
) -> None:
    """A batch and its printed-letter rows are recorded together or not at all."""
    rng = random.Random(20261124)
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    people = _rows(db, _PEOPLE)
    db.close()
    exports = tmp_path / "exports"
    exports.mkdir()
    out = exports / "bookbag.pdf"

    full = run_child("batch", tmp_path, demo_path, PASSPHRASE, out)
    reported = {int(d.split()[1]): int(d.split()[2]) for d in full.done}
    assert len(reported) == 1 and out.read_bytes().rstrip().endswith(b"%%EOF")
    kinds = []
    for kill_at in choose(rng, full.points, writes=4, others=1):
        out.unlink()
        run = run_child("batch", tmp_path, demo_path, PASSPHRASE, out, kill_at=kill_at)
        assert run.killed_at is not None and not run.done
        kinds.append(run.killed_at[0])
        # The PDF appears whole (written aside, then renamed) or not at all.
        if out.exists():
            assert out.read_bytes().rstrip().endswith(b"%%EOF")
        db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
        try:
            report = db.check()
            assert report.ok, report.results
            batches = _batches(db)
            for batch_id, letters in reported.items():
                assert batches[batch_id] == (letters, letters)
            for batch_id, (letters, printed) in batches.items():
                assert printed == letters, f"batch {batch_id} killed at {run.killed_at}"
            assert _rows(db, _PEOPLE) == people
        finally:
            db.close()
        out.touch()
    assert "sql" in kinds or "commit" in kinds  # the seed reaches the recording step
    assert _cli_check(demo_path, tmp_path) == 0


def test_migration_killed_anywhere_finishes_or_stays_at_the_old_revision(
    first_release_db: Path, tmp_path: Path
) -> None:
    """Killed during the pre-update backup or the upgrade: the file is at 0001 with every row,
    or at head; no half-written backup is offered; the next open finishes the update."""
    rng = random.Random(20261125)
    raw = _raw(first_release_db)
    columns = columns_at(raw)
    before = snapshot(raw, columns)
    raw.close()
    head = migrate.head_revision()

    calibration = tmp_path / "calibration"
    full = run_child(
        "migrate", calibration, copy_db(first_release_db, calibration / "data"), PASSPHRASE
    )
    assert full.done == ["migrated"]
    kinds = set()
    for n, kill_at in enumerate(choose(rng, full.points, writes=5, others=1)):
        root = tmp_path / f"kill{n}"
        path = copy_db(first_release_db, root / "data")
        run = run_child("migrate", root, path, PASSPHRASE, kill_at=kill_at)
        assert run.killed_at is not None and not run.done
        kinds.add(run.killed_at[0])
        raw = _raw(path)
        try:
            revision = raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            assert revision in (FIRST, head), run.killed_at
            assert snapshot(raw, columns) == before, run.killed_at
        finally:
            raw.close()
        offered = backups._backups(backup_dir(path))
        for info in offered:
            assert info.schema_revision == FIRST
            assert backups.verify(info.path, passphrase=PASSPHRASE) == len(before["family"])
        db = open_database(path, passphrase=PASSPHRASE, clock=clock())
        try:
            report = db.check()
            assert report.ok, report.results
        finally:
            db.close()
        raw = _raw(path)
        try:
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
            assert_kept(snapshot(raw, columns), before)
        finally:
            raw.close()
        if revision == FIRST:  # the second open made its own backup before updating
            assert backups._backups(backup_dir(path))
    assert "sql" in kinds and kinds - {"sql", "commit"}  # inside the upgrade and the backup
    assert _cli_check(path, tmp_path) == 0


def test_backup_killed_anywhere_never_offers_a_broken_backup(
    demo_path: Path, tmp_path: Path
) -> None:
    """The database is unchanged; every file offered as a backup opens and verifies; what a
    kill leaves behind is hidden (dot-named), not offered, and holds no plaintext."""
    rng = random.Random(20261126)
    usb = tmp_path / "usb"
    usb.mkdir()
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    school.set_setting(db, "backup_folder", str(usb))
    needles = _needles(_personal_strings(db))
    tables = (*_PEOPLE, "school", "setting", "store_meta", "term", "printed_document")
    before = _rows(db, tables)
    families = len(before["family"])
    db.close()

    full = run_child("backup", tmp_path, demo_path, PASSPHRASE, usb)
    assert len(full.done) == 1
    # Also, always: the zip on the stick holds the manifest, the database is being added.
    half_zip = next(
        i + 1
        for i, (kind, where) in enumerate(full.points)
        if kind == "open" and where.startswith("usb/.backup-") and where.endswith("'r'")
    )
    for kill_at in sorted({*choose(rng, full.points, writes=4, others=1), half_zip}):
        run = run_child("backup", tmp_path, demo_path, PASSPHRASE, usb, kill_at=kill_at)
        assert run.killed_at is not None and not run.done
        db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
        try:
            assert db.check().ok
            assert _rows(db, tables) == before
            offered = backups.list_backups(db)
        finally:
            db.close()
        assert offered, "the backup made before the kills is still offered"
        for info in offered:
            assert backups.verify(info.path, passphrase=PASSPHRASE) == families
        named = sorted(usb.glob(f"*{store_backup.SUFFIX}"))
        assert named == sorted(info.path for info in offered), run.killed_at
        for leftover in set(usb.iterdir()) - set(named):
            assert leftover.name.startswith("."), leftover
            assert not leftover.read_bytes().startswith(rawdb.SQLITE_HEADER)
    # Each backup removes the debris of the one killed before it (test_backup_debris.py);
    # the last kill's is still here: scanned once at the end (it is slow).
    assert _scan(usb, needles) == []
    assert _cli_check(demo_path, tmp_path) == 0
