"""The main window's backup commands: back up now, daily and on closing, and restore.

A mixin of MainWindow (ui/main_window.py), which holds the vault, the messages, the status
labels and `lock()` these use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from liaison.errors import LiaisonError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QStatusBar

    from ui.messages import Messages
    from ui.operations import Job
    from ui.vault import Vault


class BackupActions:
    if TYPE_CHECKING:  # MainWindow's, which this is mixed into
        vault: Vault
        messages: Messages
        lock_label: QLabel
        unlocked_text: str
        backup_job: Job | None
        db_path: Path
        saved_state: dict

        def lock(self, idle: bool = False) -> None: ...

        def statusBar(self) -> QStatusBar: ...

    def back_up_now(self, reason: str = "manual") -> None:
        """A verified backup off the GUI thread; the status bar says how it went."""
        if not self.vault.is_open:
            return
        from liaison.services import backups

        self.lock_label.setText("Backing up…")

        def done(path) -> None:
            self.lock_label.setText(self.unlocked_text)
            self.statusBar().showMessage(f"Backed up and verified: {path}", 10_000)

        def failed(exc: BaseException) -> None:
            self.lock_label.setText(self.unlocked_text)
            message = exc.message if isinstance(exc, LiaisonError) else str(exc)
            self.messages.error(self, "Backup failed", message)

        self.backup_job = self.vault.ops.long(
            lambda db, _progress, _cancel: backups.make(db, reason),
            done,
            parent=self,
            failed=failed,
        )

    def restore_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

        from liaison.services import backups

        start = str(backups.folder(self.vault.db)) if self.vault.is_open else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, "Restore from backup", start, "Liaison backups (*.liaison-backup)"
        )
        if not path:
            return
        secret, ok = QInputDialog.getText(
            self,
            "Restore",
            "Passphrase the database had when this backup was made (a backup opens with "
            "the passphrase of its day, which may not be today's):",
            QLineEdit.EchoMode.Password,
        )
        if ok and secret:
            self.restore_from(Path(path), secret)

    def restore_from(self, backup: Path, secret: str) -> bool:
        """Open the backup and show what it holds, then lock, replace the database (the current
        one kept aside) and ask to unlock. Any failure leaves the current database in place."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from liaison.services import backups

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            contents = backups.inspect(backup, passphrase=secret)
        except LiaisonError as exc:
            self.messages.error(self, "Restore failed", exc.message + " Nothing was changed.")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        other = backups.other_database(self.db_path, contents)
        warning = f"{other}\n\n" if other else ""
        if not self.messages.ask(
            self,
            "Restore from backup" if not other else "Restore another database?",
            f"{warning}{contents.describe()}\n\nReplace the current database with this "
            "backup? The current database is kept aside, not deleted.",
        ):
            return False
        self.lock()
        try:
            result = backups.restore(self.db_path, backup, passphrase=secret)
        except LiaisonError as exc:
            self.messages.error(self, "Restore failed", exc.message + " Nothing was changed.")
            return False
        self.messages.info(
            self,
            "Restored",
            f"Restored {result.families} families. The previous database is kept as "
            f"{result.kept_aside.name}. Unlock with the backup's passphrase.",
        )
        self.saved_state = {}
        return True

    def daily_backup(self) -> None:
        """At most one automatic backup a day while the app runs, off the GUI thread."""
        from liaison.services import backups

        if not self.vault.is_open or (self.backup_job is not None and not self.backup_job.done):
            return
        if backups.due(self.vault.db):
            self.back_up_now("daily")

    def _backup_on_close(self) -> None:
        from liaison.services import backups

        if not self.vault.is_open:
            return
        self.lock_label.setText("Backing up…")
        QApplication.processEvents()
        try:
            backups.make(self.vault.db, "on-close")
        except LiaisonError as exc:
            self.messages.error(
                self,
                "Backup on closing failed",
                exc.message + " Your records are safe in the database; make a backup when the "
                "folder is back (File > Back up now).",
            )
