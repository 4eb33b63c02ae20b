"""The main window: first run, unlock, and the workspace; locking on Ctrl+L and when idle."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QWidget,
)

from liaison import __version__
from liaison.clock import Clock
from liaison.errors import LiaisonError, StoreBusy
from ui import preload
from ui.backup_actions import BackupActions
from ui.icon import app_icon
from ui.messages import Messages
from ui.operations import Job, Operations
from ui.vault import Vault
from ui.views.unlock import NewPassphraseDialog, UnlockView

if TYPE_CHECKING:
    # Loaded while the officer types the passphrase (ui/preload.py), not before the window.
    from liaison.services.access import Database, KdfParams
    from ui.views.first_run import FirstRunWizard
    from ui.workspace import Workspace

# The workspace's areas in order (Ctrl+1 ... Ctrl+9, then Ctrl+0): named here so the Go menu
# exists before the workspace is built (tests/ui/test_startup.py checks the two agree).
AREAS = (
    "Today",
    "Families",
    "Events",
    "Interpreters",
    "Referrals",
    "Book-bag letters",
    "Letter templates",
    "Parent voice",
    "Reports",
    "Privacy",
)

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


LOCK_KEYS = QKeySequence("Ctrl+L")
# Dialogs that live only inside a call that waits for them (a question, a file or a printer):
# locking closes them, and they are not brought back after unlocking.
TRANSIENT = (QMessageBox, QInputDialog, QFileDialog, QProgressDialog, QPrintDialog)


class IdleWatcher(QObject):
    """Restarts the auto-lock timer on any keyboard or mouse input in the application, and
    locks on Ctrl+L from any window: the menu's shortcut does not reach past a modal dialog."""

    def __init__(self, timer: QTimer, lock) -> None:
        super().__init__()
        self.timer, self.lock = timer, lock

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        if event.type() == QEvent.Type.KeyPress and _is_lock_key(event):
            return self.lock()
        return False


def _is_lock_key(event: QKeyEvent) -> bool:
    combo = QKeySequence(event.keyCombination())
    return combo.matches(LOCK_KEYS) == QKeySequence.SequenceMatch.ExactMatch


class MainWindow(BackupActions, QMainWindow):
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
        self.unlocked_text = "Unlocked"
        self.setWindowTitle("Liaison")
        self.setWindowIcon(app_icon())
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
        self.watcher = IdleWatcher(self.idle, self._lock_key)
        # While the app runs for days on end: look every half hour whether a day has passed
        # since the newest backup.
        self.backup_job: Job | None = None
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
        self.resize(1280, 700)
        geometry = self.settings.value("window/geometry")
        # The first time, the whole screen: a school PC's 1366x768 leaves no room to spare.
        self.opens_maximised = geometry is None
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

    def present(self) -> None:
        """Show the window: maximised on the first run, as it was left after that."""
        if self.opens_maximised:
            self.showMaximized()
        else:
            self.show()

    # -- menus ---------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, needs_db: bool = True) -> QAction:
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
        self._action(file_menu, "Import a&ttendance…", lambda: self.workspace.import_attendance())
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
                f"Ctrl+{(index + 1) % 10}",  # the tenth is Ctrl+0
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
                self.vault.ops,
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
        from liaison.services import demo_mark  # light: two file reads, no database code

        self.unlock_view.set_demo(demo_mark.is_demo(self.db_path))
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

        self.vault.ops.background(
            lambda _progress, _cancel: open_db(),
            lambda db: self._unlocked(db, is_recovery),
            parent=self,
            failed=self._unlock_failed,
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
        from liaison.services import demo_mark, school

        demo = bool(school.get_setting(db, demo_mark.SETTING))
        self.setWindowTitle("Liaison — DEMO (fictional families)" if demo else "Liaison")
        self.unlocked_text = "Unlocked · DEMO" if demo else "Unlocked"
        if demo:
            self.workspace.school_label.setText(
                self.workspace.school_label.text() + "\nDEMO: fictional families"
            )
        self._set_locked_ui(False, self.unlocked_text)
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

    def _lock_key(self) -> bool:
        """Ctrl+L pressed in any window of the app: lock if there is anything to lock."""
        if not self.vault.is_open:
            return False
        self.lock()
        return True

    def lock(self, idle: bool = False) -> None:
        """Hide every window at once, close the database and forget the key; remember where
        we were. Open forms are kept (hidden) with what was typed in them."""
        if not self.vault.is_open:
            return
        self.idle.stop()
        self.backup_timer.stop()
        # Work on the database stops (a book-bag run is cancelled; a backup or a query ends)
        # before it closes, and what it made is delivered now, to be cleared below, not after
        # the freed memory has been written over.
        self.vault.ops.stop()
        QApplication.sendPostedEvents()
        for widget in QApplication.topLevelWidgets():
            if widget is self or not widget.isVisible():
                continue
            # Open forms reach the database through the vault, so they work again after
            # unlocking: hide them now (nothing typed is lost) and show them again then.
            widget.hide()
            if not isinstance(widget, TRANSIENT):
                self.hidden.append(widget)
        self.saved_state = self.workspace.save_state()
        self.workspace.clear()
        self.vault.ops.stop()  # anything a screen started while being cleared
        self.vault.close()
        # Every reference is gone and the key zeroed. Late results are delivered (and dropped:
        # the database is closed) and widgets cleared above are deleted now, not later; then
        # the memory Python freed is written over (store/memory.py says what this cannot reach).
        QApplication.sendPostedEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self._show_unlock(idle=idle)
        from liaison.services.access import forget_freed_memory

        forget_freed_memory()
        # What the unlock screen's first events let go (its layout, the old screens' last
        # deferred deletes) is written over again on the event loop's next turn (about 0.1 s,
        # nearly all of it the garbage collection that comes first).
        QTimer.singleShot(0, forget_freed_memory)

    # -- closing -------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if self.vault.is_open and not self.workspace.may_leave():
            event.ignore()
            return
        if self.wizard is not None and self.wizard.job is not None:
            self.wizard.cancel()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.idle.stop()
        self.vault.ops.wait()
        # A backup every time the app closes (rotation keeps the newest of each day).
        self._backup_on_close()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.watcher)
        self.vault.ops.wait()
        if self._workspace is not None:
            self._workspace.clear()
        self.vault.close()
        event.accept()
