"""Fixtures for the reliability suite (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.reliability.old_schema import create_at_0001


@pytest.fixture(scope="session")
def first_release_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made by schema 0001 with 30 fictional families; copy it before use."""
    path = tmp_path_factory.mktemp("rev0001") / "liaison.db"
    create_at_0001(path, PASSPHRASE, CHEAP_KDF, families=30, seed=11)
    return path
