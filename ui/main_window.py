"""The main window: first run, unlock, and the workspace; locking on Ctrl+L and when idle."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from liaison import __version__
from liaison.clock import Clock
from liaison.errors import LiaisonError, StoreBusy
from ui import preload, worker
from ui.messages import Messages
from ui.operations import Operations
from ui.vault import Vault
from ui.views.unlock import NewPassphraseDialog, UnlockView

if TYPE_CHECKING:
    # Loaded while the officer types the passphrase (ui/preload.py), not before the window.
    from liaison.services.access import Database, KdfParams
    from ui.views.first_run import FirstRunWizard
    from ui.workspace import Workspace

# The workspace's areas in order (Ctrl+1 ... Ctrl+9): named here so the Go menu exists before
# the workspace is built (tests/ui/test_startup.py checks the two agree).
AREAS = (
    "Today",
    "Families",
    "Events",
    "Interpreters",
    "Referrals",
    "Book-bag letters",
    "Letter templates",
    "Reports",
    "Privacy",
)

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class IdleWatcher(QObject):
    """Restarts the auto-lock timer on any keyboard or mouse input in the application."""

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    def __init__(
        self,
        db_path: Path,
        messages: Messages | None = None,
        *,
        kdf: KdfParams | None = None,
        clock: Clock | None = None,
        demo_families: int = 300,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.messages = messages or Messages()
        self.kdf, self.clock, self.demo_families = kdf, clock, demo_families
        self.settings = settings or QSettings("Liaison", "Liaison")
        self.vault = Vault()
        self.vault.ops = Operations(self.vault, self.messages)
        self.saved_state: dict[str, object] = {}
        self.hidden: list[QWidget] = []
        self.setWindowTitle("Liaison")
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.unlock_view = UnlockView()
        self.unlock_view.unlock_requested.connect(self.unlock)
        self.stack.addWidget(self.unlock_view)
        self._workspace: Workspace | None = None
        self.wizard: FirstRunWizard | None = None

        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(lambda: self.lock(idle=True))
        self.watcher = IdleWatcher(self.idle)
        # While the app runs for days on end: look every half hour whether a day has passed
        # since the newest backup.
        self.backup_job: worker.Job | None = None
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(30 * 60_000)
        self.backup_timer.timeout.connect(self.daily_backup)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.watcher)

        self._build_menus()
        self.db_label = QLabel()
        self.db_label.setAccessibleName("Database file")
        self.lock_label = QLabel()
        self.lock_label.setAccessibleName("Lock state")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.lock_label)
        self.resize(1280, 760)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.show_start()

    @property
    def workspace(self) -> Workspace:
        """The screens behind the lock, built the first time they are needed: while the key is
        derived at the first unlock, so the unlock screen shows before their code loads."""
        if self._workspace is None:
            preload.wait()
            from ui.workspace import Workspace

            self._workspace = Workspace(self.vault, self.messages)
            self._workspace.settings_saved.connect(self.restart_idle_timer)
            self.stack.addWidget(self._workspace)
        return self._workspace

    # -- menus ---------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, needs_db: bool = True) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        if needs_db:
            self.db_actions.append(action)
        return action

    def _build_menus(self) -> None:
        self.db_actions: list[QAction] = []
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        # The workspace is reached when an action fires (it may not be built yet).
        self.new_family_action = self._action(
            file_menu,
            "&New family…",
            lambda: self.workspace.new_family(),
            QKeySequence.StandardKey.New,
        )
        self._action(
            file_menu,
            "New &arrival intake (Day 1)…",
            lambda: self.workspace.intake(),
            "Ctrl+Shift+N",
        )
        self._action(file_menu, "&Import from MIS…", lambda: self.workspace.import_from_mis())
        self._action(file_menu, "Read &scanned replies…", lambda: self.workspace.read_scans())
        file_menu.addSeparator()
        self._action(file_menu, "&Back up now", self.back_up_now, "Ctrl+B")
        self._action(file_menu, "&Restore from backup…", self.restore_dialog)
        self._action(file_menu, "&Settings…", lambda: self.workspace.open_settings(), "Ctrl+,")
        self.lock_action = self._action(file_menu, "&Lock", lambda: self.lock(), "Ctrl+L")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, needs_db=False)
        edit_menu = bar.addMenu("&Edit")
        self._action(
            edit_menu,
            "&Find…",
            lambda: self.workspace.focus_search(),
            QKeySequence.StandardKey.Find,
        )
        go_menu = bar.addMenu("&Go")
        for index, name in enumerate(AREAS):
            self._action(
                go_menu,
                name,
                lambda _=False, n=name: self.workspace.show_area(n),
                f"Ctrl+{index + 1}",
            )
        help_menu = bar.addMenu("&Help")
        self._action(
            help_menu,
            "&About Liaison",
            self.about,
            QKeySequence.StandardKey.HelpContents,
            needs_db=False,
        )

    def about(self) -> None:
        self.messages.info(
            self,
            "About Liaison",
            f"Liaison {__version__}\n\nFamily records, interpreter bookings, referrals and "
            "translated letters for a school's family liaison officer. Everything stays in one "
            f"encrypted file on this computer:\n{self.db_path}\n\nCtrl+L locks at any time.",
        )

    # -- start, unlock, lock --------------------------------------------------------------------
    def show_start(self) -> None:
        self.db_label.setText(str(self.db_path))
        # A restore the last run was killed in is finished or undone before we look (if
        # another window holds the database, unlocking says so).
        from liaison.services.startup import finish_interrupted_restore

        with contextlib.suppress(LiaisonError):
            finish_interrupted_restore(self.db_path)
        if self.db_path.exists():
            self._show_unlock()
        else:
            from ui.views.first_run import FirstRunWizard

            self.wizard = FirstRunWizard(
                self.db_path,
                self.messages,
                kdf=self.kdf,
                clock=self.clock,
                demo_families=self.demo_families,
            )
            self.wizard.finished.connect(self._wizard_done)
            self.wizard.restored.connect(self._wizard_restored)
            self.stack.addWidget(self.wizard)
            self.stack.setCurrentWidget(self.wizard)
            self._set_locked_ui(True, "No database yet")

    def _wizard_done(self, db: Database) -> None:
        assert self.wizard is not None
        self.stack.removeWidget(self.wizard)
        self.wizard.deleteLater()
        self.wizard = None
        self._opened(db, "created")

    def _wizard_restored(self, secret: str, is_recovery: bool) -> None:
        """The backup is in place: unlock it with the secret already typed (a recovery code
        goes on to ask for a new passphrase, as at the unlock screen)."""
        assert self.wizard is not None
        self.stack.removeWidget(self.wizard)
        self.wizard.deleteLater()
        self.wizard = None
        self._show_unlock()
        self.unlock(secret, is_recovery)

    def _show_unlock(self, idle: bool = False) -> None:
        self.unlock_view.set_database(str(self.db_path), locked_after_idle=idle)
        self.unlock_view.reset()
        self.stack.setCurrentWidget(self.unlock_view)
        self._set_locked_ui(True, "Locked")

    def _set_locked_ui(self, locked: bool, text: str) -> None:
        for action in self.db_actions:
            action.setEnabled(not locked)
        self.lock_label.setText(text)

    def unlock(self, secret: str, is_recovery: bool) -> None:
        path, clock = self.db_path, self.clock

        def open_db() -> Database:
            preload.wait()
            from liaison.services import audit, backups
            from liaison.services.access import open_database

            if is_recovery:
                db = open_database(path, recovery_code=secret, clock=clock)
            else:
                db = open_database(path, passphrase=secret, clock=clock)
            # Logged here, off the GUI thread: the audit write waits for an fsync.
            audit.log_opened(db, "app (recovery code)" if is_recovery else "app (passphrase)")
            backups.tidy(db)  # what a backup killed part-way left behind
            return db

        worker.run(
            open_db,
            lambda db: self._unlocked(db, is_recovery),
            self._unlock_failed,
        )
        # While the key is derived on the worker: build the screens here, on the GUI thread.
        self.workspace  # noqa: B018

    def _unlock_failed(self, exc: BaseException) -> None:
        if isinstance(exc, StoreBusy):
            self.unlock_view.show_error(
                "This database is already open in another Liaison window (on this or another "
                "computer). Use that window, or close it first."
            )
        elif isinstance(exc, LiaisonError):
            self.unlock_view.show_error(exc.message)
        else:
            self.unlock_view.show_error(f"Liaison could not open the database: {exc}")

    def _unlocked(self, db: Database, is_recovery: bool) -> None:
        if is_recovery:
            dialog = NewPassphraseDialog(
                self, "Recovery code accepted: choose a new passphrase", names=db.names()
            )
            self.passphrase_dialog = dialog

            def chosen() -> None:
                db.reset_passphrase(dialog.passphrase(), kdf=self.kdf)
                self._opened(db, "recovery code")

            def refused() -> None:
                db.close()
                self.unlock_view.show_error(
                    "A new passphrase is needed after using the recovery code."
                )

            dialog.accepted.connect(chosen)
            dialog.rejected.connect(refused)
            dialog.open()
            return
        self._opened(db, "passphrase")

    def _opened(self, db: Database, how: str) -> None:
        from liaison.services import audit

        if how == "created":
            audit.log_opened(db, "app (new database)")
        self.vault.set(db)
        self.workspace.load(self.saved_state)
        self.stack.setCurrentWidget(self.workspace)
        self._set_locked_ui(False, "Unlocked")
        self.restart_idle_timer()
        self.backup_timer.start()
        hidden, self.hidden = self.hidden, []
        for widget in hidden:
            widget.show()

    def restart_idle_timer(self) -> None:
        from liaison.services import school

        minutes = (
            school.get_setting(self.vault.db, "auto_lock_minutes") if self.vault.is_open else 5
        )
        self.idle.setInterval(max(1, int(minutes)) * 60_000)
        self.idle.start()

    def lock(self, idle: bool = False) -> None:
        """Hide every record, close the database and forget the key; remember where we were."""
        if not self.vault.is_open:
            return
        self.idle.stop()
        self.backup_timer.stop()
        if self.backup_job is not None and not self.backup_job.done:
            worker.wait_all()  # a backup reading the database finishes before it closes
        for widget in QApplication.topLevelWidgets():
            if widget is self or not widget.isVisible():
                continue
            # Open forms reach the database through the vault, so they work again after
            # unlocking: hide them now (nothing typed is lost) and show them again then.
            widget.hide()
            self.hidden.append(widget)
        self.saved_state = self.workspace.save_state()
        self.workspace.clear()
        self.vault.close()
        # Every reference is gone and the key zeroed. Widgets cleared above are deleted now,
        # not later, then the memory Python freed is written over (store/memory.py says what
        # this cannot reach).
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        from liaison.services.access import forget_freed_memory

        forget_freed_memory()
        self._show_unlock(idle=idle)

    # -- backups -------------------------------------------------------------------------------
    def back_up_now(self, reason: str = "manual") -> None:
        """A verified backup off the GUI thread; the status bar says how it went."""
        if not self.vault.is_open:
            return
        from liaison.services import backups

        db = self.vault.db
        self.lock_label.setText("Backing up…")

        def done(path) -> None:  # type: ignore[no-untyped-def]
            self.lock_label.setText("Unlocked")
            self.statusBar().showMessage(f"Backed up and verified: {path}", 10_000)

        def failed(exc: BaseException) -> None:
            self.lock_label.setText("Unlocked")
            message = exc.message if isinstance(exc, LiaisonError) else str(exc)
            self.messages.error(self, "Backup failed", message)

        self.backup_job = worker.run(lambda: backups.make(db, reason), done, failed)

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

    # -- closing -------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.vault.is_open and not self.workspace.may_leave():
            event.ignore()
            return
        if self.wizard is not None and self.wizard.job is not None:
            self.wizard.cancel()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.idle.stop()
        worker.wait_all()
        # A backup every time the app closes (rotation keeps the newest of each day).
        self._backup_on_close()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.watcher)
        worker.wait_all()
        if self._workspace is not None:
            self._workspace.clear()
        self.vault.close()
        event.accept()
