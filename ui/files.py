"""File dialogs that open in the folder last used, with a name that says whose and when."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

if TYPE_CHECKING:  # the first-run wizard asks for files before the database code loads
    from liaison.services.access import Database


def _last_folder(db: Database | None) -> Path:
    from liaison.services import save_places

    return save_places.last_folder(db)


def ask_save(
    parent: QWidget, db: Database | None, title: str, name: str, filters: str
) -> Path | None:
    """A file to write, starting at `name` in the folder last used; remembered if chosen."""
    start = _last_folder(db) / name
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    return _chosen(db, path)


def ask_open(parent: QWidget, db: Database | None, title: str, filters: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(_last_folder(db)), filters)
    return _chosen(db, path)


def ask_folder(parent: QWidget, db: Database | None, title: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, str(_last_folder(db)))
    return _chosen(db, folder)


def _chosen(db: Database | None, path: str) -> Path | None:
    if not path:
        return None
    from liaison.services import save_places

    save_places.remember_folder(db, Path(path))
    return Path(path)
