"""Shared fixtures: a real SQLCipher database made once per session and copied per test.

Argon2 runs with tiny parameters here (the cost is a setting recorded in each key slot), so a
test opens a database in milliseconds; the real cost is measured in bench/store.py.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison.clock import FixedClock
from liaison.services.access import create_database, open_database
from liaison.store.database import Database, keyfile_path
from liaison.store.keyfile import KdfParams

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "correct horse battery staple"
CHEAP_KDF = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
DEMO_FAMILIES = 40


def clock() -> FixedClock:
    return FixedClock(NOW)


def copy_db(src: Path, dest_dir: Path, name: str = "liaison.db") -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / name
    shutil.copy2(src, dest)
    shutil.copy2(keyfile_path(src), keyfile_path(dest))
    return dest


@pytest.fixture(scope="session", autouse=True)
def _one_qt_application(qapp):
    """Letters render through QtGui; the widget tests need a QApplication. Make the one
    application a QApplication before any core test would start a bare QGuiApplication."""
    return qapp


@pytest.fixture(scope="session")
def _template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("templates")


@pytest.fixture(scope="session")
def empty_template(_template_dir: Path) -> tuple[Path, str]:
    path = _template_dir / "empty" / "liaison.db"
    db, code = create_database(path, PASSPHRASE, kdf=CHEAP_KDF, clock=clock())
    db.close()
    return path, code


@pytest.fixture(scope="session")
def demo_template(_template_dir: Path) -> tuple[Path, str]:
    from liaison import demo

    path = _template_dir / "demo" / "liaison.db"
    db, code = create_database(path, PASSPHRASE, kdf=CHEAP_KDF, clock=clock())
    try:
        demo.build_demo(db, families=DEMO_FAMILIES, seed=7)
    finally:
        db.close()
    return path, code


@pytest.fixture
def db_path(tmp_path: Path, empty_template: tuple[Path, str]) -> Path:
    return copy_db(empty_template[0], tmp_path / "data")


@pytest.fixture
def demo_path(tmp_path: Path, demo_template: tuple[Path, str]) -> Path:
    return copy_db(demo_template[0], tmp_path / "data")


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path, passphrase=PASSPHRASE, clock=clock())
    yield database
    database.close()


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator[Database]:
    database = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    yield database
    database.close()


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", "utf-8")
    return path


@pytest.fixture
def wrong_passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "wrong.txt"
    path.write_text("this is not the passphrase\n", "utf-8")
    return path


def file_hashes(folder: Path) -> dict[str, str]:
    """Hash of every file under `folder`, for "nothing was changed" checks.

    The empty `.lock` file beside a database is left out: it holds no data, and deleting it on
    close would let two processes lock different inodes of the same name.
    """
    import hashlib

    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (p.suffix == ".lock" and p.stat().st_size == 0)
    }


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The command line in this process: exit code, stdout and stderr."""
    from liaison.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def env(demo_path: Path, passphrase_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI pointed at a copy of the demo database through its environment variables."""
    monkeypatch.setenv("LIAISON_DB", str(demo_path))
    monkeypatch.setenv("LIAISON_PASSPHRASE_FILE", str(passphrase_file))
    return demo_path


# The scanned stack the scan tests share (issue 22): printed, marked and read once a session.
from tests.scan_stack import scanned_school  # noqa: E402, F401
