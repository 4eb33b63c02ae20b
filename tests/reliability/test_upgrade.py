"""A database from the first release (schema 0001) opens in today's app with every record.

(A database from a NEWER schema is refused unchanged by Database.open: that is
tests/test_migrations.py::test_database_from_a_newer_version_is_refused_unchanged; here only
the CLI's side of it is added.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from liaison.cli.main import main as cli_main
from liaison.errors import SchemaTooNew
from liaison.services import backups, search
from liaison.services import families as fam
from liaison.services.access import open_database
from liaison.store import backup as store_backup
from liaison.store import connection as rawdb
from liaison.store import migrate
from liaison.store.database import backup_dir, keyfile_path
from liaison.store.keyfile import KeyFile
from tests.conftest import PASSPHRASE, clock, copy_db, file_hashes
from tests.reliability.old_schema import FIRST, assert_kept, columns_at, snapshot

ARABIC = re.compile("[\u0600-\u06ff]")


def _raw(path: Path) -> rawdb.RawConnection:
    key = KeyFile.load(keyfile_path(path)).unwrap_with_passphrase(PASSPHRASE)
    return rawdb.connect(path, key)


def test_first_release_database_upgrades_to_head_with_every_record(
    first_release_db: Path, tmp_path: Path
) -> None:
    path = copy_db(first_release_db, tmp_path / "data")
    raw = _raw(path)
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == FIRST
        columns = columns_at(raw)
        before = snapshot(raw, columns)
    finally:
        raw.close()
    arabic = [r for r in before["caregiver"] if ARABIC.search(" ".join(map(str, r)))]
    assert arabic and len(before["family"]) == 30  # the data covers what the test claims

    db = open_database(path, passphrase=PASSPHRASE, clock=clock())
    try:
        report = db.check()
        assert report.ok, report.results
        # Old rows read through today's services, including the full-text index 0001 wrote.
        listed = fam.list_families(db, fam.FamilyFilter(include_archived=True))
        assert len(listed) == len(before["family"])
        for row in listed:
            fam.load_draft(db, row.id)
        given = columns["caregiver"].index("given_name")
        family_id = columns["caregiver"].index("family_id")
        hits = search.search(db, arabic[0][given], include_archived=True)
        assert arabic[0][family_id] in {h.family_id for h in hits}
    finally:
        db.close()

    raw = _raw(path)
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            migrate.head_revision()
        )
        assert_kept(snapshot(raw, columns), before)
        logged = raw.execute("SELECT detail FROM audit_entry WHERE action = 'migrated'")
        assert [r[0] for r in logged] == [f"{FIRST} -> {migrate.head_revision()}"]
    finally:
        raw.close()

    made = sorted(backup_dir(path).iterdir())
    assert len(made) == 1
    info = store_backup.read_info(made[0])
    assert (info.reason, info.schema_revision) == ("before-update", FIRST)
    assert backups.verify(made[0], passphrase=PASSPHRASE) == len(before["family"])
    old_db, _ = store_backup.extract(made[0], tmp_path / "unpacked")
    raw = _raw(old_db)
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == FIRST
        assert snapshot(raw, columns) == before  # the copy is exactly the old database
    finally:
        raw.close()


def test_check_on_an_old_database_reports_it_and_changes_nothing(
    first_release_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`liaison check` never migrates: it says the schema is behind and writes no file."""
    path = copy_db(first_release_db, tmp_path / "data")
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE)
    before = file_hashes(path.parent)
    code = cli_main(["check", "--db", str(path), "--passphrase-file", str(secret)])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"schema: FAILED: at {FIRST}, head is {migrate.head_revision()}" in out
    assert err.strip().splitlines() == [
        "liaison: the database failed schema; restore it from a backup or ask for help "
        "before adding records."
    ]
    assert file_hashes(path.parent) == before


def test_newer_schema_is_one_clear_line_from_the_cli(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = _raw(db_path)
    raw.execute("UPDATE alembic_version SET version_num = '0999'")
    raw.close()
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE)
    for command in (["check"], ["families", "list"], ["backup"]):
        capsys.readouterr()
        code = cli_main([*command, "--db", str(db_path), "--passphrase-file", str(secret)])
        err = capsys.readouterr().err
        assert code == SchemaTooNew.exit_code, command
        assert len(err.splitlines()) == 1 and "newer version of Liaison" in err
