"""Every file Liaison writes with personal data or keys is readable by its owner only (POSIX
modes; on Windows files inherit the ACLs of the user's profile folder): the database and its
WAL and SHM, the key file, backups, the files a backup is unpacked to, a restored database,
and exports. Checked under the usual umask 022, which would otherwise give 0644."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison.services import backups
from liaison.services.access import create_database
from liaison.store import backup as store_backup
from liaison.store.database import Database, keyfile_path
from tests.conftest import CHEAP_KDF, PASSPHRASE, clock, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _others_can_read(path: Path) -> bool:
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def _open_to_others(folder: Path) -> list[str]:
    return sorted(
        f"{p.relative_to(folder)} {stat.filemode(p.stat().st_mode)}"
        for p in folder.rglob("*")
        if p.is_file() and p.stat().st_size and _others_can_read(p)
    )


def test_database_key_file_and_logs_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "liaison.db"
    db, _ = create_database(path, PASSPHRASE, kdf=CHEAP_KDF, clock=clock())
    try:
        assert Path(f"{path}-wal").exists()  # open: the log and its index exist now
        assert _open_to_others(path.parent) == []
    finally:
        db.close()
    assert not _others_can_read(path.parent)  # the data folder Liaison made


def test_backups_unpacked_copies_and_restores_are_owner_only(
    demo_db: Database, demo_path: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    made = backups.make(demo_db, "manual", usb)
    assert _open_to_others(usb) == []
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    store_backup.extract(made, unpacked)
    assert _open_to_others(unpacked) == []
    demo_db.close()
    result = backups.restore(demo_path, made, passphrase=PASSPHRASE)
    assert _open_to_others(demo_path.parent) == [], "restored or kept-aside files"
    assert result.kept_aside.exists() and not _others_can_read(keyfile_path(demo_path))


def test_exports_are_owner_only(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run_cli(
        capsys, "report", "--from", "01/09/2026", "--to", "18/12/2026",
        "--out", str(out / "r.pdf"), "--xlsx", str(out / "r.xlsx"), "--csv", str(out / "csv"),
    )  # fmt: skip
    assert code == 0, err
    (out / "sar").mkdir()
    code, _, err = run_cli(capsys, "sar", "--family", "F00002", "--requester", "Mum",
                           "--out", str(out / "sar"))  # fmt: skip
    assert code == 0, err
    assert _open_to_others(out) == []
