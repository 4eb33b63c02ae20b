"""File dialogs that open in the folder last used, with a name that says whose and when."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from liaison.services import save_places
from liaison.services.access import Database


def ask_save(
    parent: QWidget, db: Database | None, title: str, name: str, filters: str
) -> Path | None:
    """A file to write, starting at `name` in the folder last used; remembered if chosen."""
    start = save_places.last_folder(db) / name
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    return _chosen(db, path)


def ask_open(parent: QWidget, db: Database | None, title: str, filters: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(save_places.last_folder(db)), filters)
    return _chosen(db, path)


def ask_folder(parent: QWidget, db: Database | None, title: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, str(save_places.last_folder(db)))
    return _chosen(db, folder)


def _chosen(db: Database | None, path: str) -> Path | None:
    if not path:
        return None
    save_places.remember_folder(db, Path(path))
    return Path(path)
