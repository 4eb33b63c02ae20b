"""The open database, or none while locked. Views reach the database only through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui.operations import Locked, Operations

if TYPE_CHECKING:  # the window shows before the database code loads (ui/preload.py)
    from liaison.services.access import Database


class Vault(QObject):
    opened = Signal()
    locked = Signal()

    ops: Operations  # the operation layer every screen runs its work through (main_window sets it)

    def __init__(self) -> None:
        super().__init__()
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None or not self._db.is_open:
            raise Locked("Liaison is locked; unlock it first.")
        return self._db

    @property
    def is_open(self) -> bool:
        return self._db is not None and self._db.is_open

    def set(self, db: Database) -> None:
        self._db = db
        self.opened.emit()

    def close(self) -> None:
        """Close the connection and drop the key."""
        db, self._db = self._db, None
        if db is not None:
            db.close()
        self.locked.emit()


class UsesVault:
    """For screens: `self.db` is the open database, reached through the vault, so a screen
    kept across a lock works again after unlocking. Set `self.vault` in __init__."""

    vault: Vault

    @property
    def db(self) -> Database:
        return self.vault.db
