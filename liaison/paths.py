"""Where Liaison keeps its files, and where it finds the files it ships with."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

DB_FILENAME = "liaison.db"


def data_dir() -> Path:
    """The officer's data folder: LIAISON_DATA_DIR if set, else the platform's user data folder."""
    override = os.environ.get("LIAISON_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("Liaison", appauthor=False, roaming=False))


def default_db_path() -> Path:
    override = os.environ.get("LIAISON_DB")
    if override:
        return Path(override)
    return data_dir() / DB_FILENAME


def project_root() -> Path:
    """The folder holding migrations/ and resources/: the frozen bundle or the source tree."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def migrations_dir() -> Path:
    return project_root() / "migrations"


def resources_dir() -> Path:
    return project_root() / "resources"
