"""First start with no database: create one (school, officer, passphrase, recovery code), make
a demo database of fictional families, or restore a backup (a new computer, or after a failure)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.clock import Clock
from liaison.errors import Cancelled, LiaisonError
from liaison.services.demo_mark import DEMO_PASSPHRASE
from ui import files
from ui.messages import Messages
from ui.operations import Job, Operations
from ui.views.dialogs.passphrase import PassphraseFields
from ui.views.widgets import ERROR_STYLE

if TYPE_CHECKING:  # the wizard shows before the database code loads (ui/preload.py)
    from liaison.services.access import Database, KdfParams

CHOICE, SCHOOL, PASSPHRASE, WORKING, RECOVERY, RESTORE = range(6)


class FirstRunWizard(QWidget):
    finished = Signal(object)  # the open Database
    restored = Signal(str, bool)  # the backup's secret, and whether it is the recovery code

    def __init__(
        self,
        db_path: Path,
        messages: Messages,
        ops: Operations,
        *,
        kdf: KdfParams | None = None,
        clock: Clock | None = None,
        demo_families: int = 300,
    ) -> None:
        super().__init__()
        self.db_path, self.messages, self.ops = db_path, messages, ops
        self.kdf, self.clock, self.demo_families = kdf, clock, demo_families
        self.db: Database | None = None
        self.recovery_code = ""
        self.job: Job | None = None
        outer = QVBoxLayout(self)
        outer.addWidget(QLabel("<h2>Welcome to Liaison</h2>"))
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._school_page())
        self.pages.addWidget(self._passphrase_page())
        self.pages.addWidget(self._working_page())
        self.pages.addWidget(self._recovery_page())
        self.pages.addWidget(self._restore_page())
        self.checked_backup: tuple[str, str, bool] | None = None
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.back = QPushButton("< &Back")
        self.next = QPushButton("&Next >")
        self.next.setDefault(True)
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        outer.addLayout(buttons)
        self._show(CHOICE)

    # -- pages -------------------------------------------------------------------------------
    def _choice_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(f"There is no Liaison database at {self.db_path} yet."))
        self.create_choice = QRadioButton("Create a new database for my school")
        self.demo_choice = QRadioButton(
            "Try a DEMO database of fictional families (you can make a real one later)"
        )
        self.restore_choice = QRadioButton(
            "Restore from a backup (moving to a new computer, or after a failure)"
        )
        self.create_choice.setChecked(True)
        group = QButtonGroup(page)
        for button in (self.create_choice, self.demo_choice, self.restore_choice):
            group.addButton(button)
            layout.addWidget(button)
        note = QLabel(
            "Everything is kept in one encrypted file on this computer. Nothing is sent anywhere."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addSpacing(12)
        # Trying the app is one click: the demo's passphrase is fixed and shown, never asked.
        self.demo_button = QPushButton(f"Try the &demo now (passphrase: {DEMO_PASSPHRASE})")
        self.demo_button.setToolTip(
            "Fictional families only. The demo's passphrase is shown to anyone, so it can never "
            "be used for a real database."
        )
        self.demo_button.clicked.connect(self.start_demo)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()
        return page

    def _school_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.school_name = QLineEdit()
        self.school_name.setAccessibleName("School name")
        self.school_address = QPlainTextEdit()
        self.school_address.setAccessibleName("School address")
        self.school_address.setMaximumHeight(90)
        self.officer_name = QLineEdit()
        self.officer_name.setAccessibleName("Your name")
        self.school_error = QLabel()
        self.school_error.setStyleSheet(ERROR_STYLE)
        form.addRow("School name", self.school_name)
        form.addRow("School address", self.school_address)
        form.addRow("Your name (family liaison officer)", self.officer_name)
        form.addRow("", self.school_error)
        return page

    def _passphrase_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        text = QLabel(
            "Choose a passphrase to lock the database. Nobody, including us, can open it without "
            "this passphrase or the recovery code you will see next."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.passphrase = PassphraseFields()
        self.passphrase.validity_changed.connect(lambda _: self._update_buttons())
        layout.addWidget(self.passphrase)
        layout.addStretch()
        return page

    def _working_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.work_label = QLabel("Creating the encrypted database…")
        layout.addWidget(self.work_label)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        layout.addWidget(self.progress)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.cancel_button)
        layout.addStretch()
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        text = QLabel(
            "<b>Your recovery code.</b> It is shown only now. If the passphrase is ever forgotten, "
            "this code is the only way back into the records. Print the recovery sheet and keep "
            "it in the school safe."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.code_label = QLabel()
        self.code_label.setAccessibleName("Recovery code")
        self.code_label.setStyleSheet(
            "font-family: 'DejaVu Sans Mono', 'Consolas', monospace;font-size: 18pt; padding: 12px;"
        )
        layout.addWidget(self.code_label)
        self.print_button = QPushButton("&Print recovery sheet (PDF)…")
        self.print_button.clicked.connect(self.save_sheet)
        layout.addWidget(self.print_button)
        self.kept = QCheckBox(
            "I have printed or written down the recovery code and will keep it safe"
        )
        self.kept.toggled.connect(lambda _: self._update_buttons())
        layout.addWidget(self.kept)
        layout.addStretch()
        return page

    def _restore_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        text = QLabel(
            "Choose a Liaison backup (a .liaison-backup file, from the backup folder, a USB stick "
            "or a network drive). A backup opens with the passphrase or recovery code the "
            "database had on the day it was made, which may not be today's."
        )
        text.setWordWrap(True)
        form.addRow(text)
        row = QHBoxLayout()
        self.backup_path = QLineEdit()
        self.backup_path.setAccessibleName("Backup file")
        choose = QPushButton("C&hoose…")
        choose.setAccessibleName("Choose backup file")
        choose.clicked.connect(self.choose_backup)
        row.addWidget(self.backup_path, 1)
        row.addWidget(choose)
        form.addRow("Backup file", row)
        self.restore_secret = QLineEdit()
        self.restore_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.restore_secret.setAccessibleName("Passphrase or recovery code of the backup")
        form.addRow("Its passphrase", self.restore_secret)
        self.restore_is_code = QCheckBox("This is the recovery code, not the passphrase")
        self.restore_is_code.toggled.connect(self._recovery_code_toggled)
        form.addRow("", self.restore_is_code)
        self.check_button = QPushButton("&Check backup")
        self.check_button.clicked.connect(self.check_backup)
        form.addRow("", self.check_button)
        self.backup_summary = QLabel()
        self.backup_summary.setWordWrap(True)
        self.backup_summary.setAccessibleName("What the backup holds")
        form.addRow("", self.backup_summary)
        for edit in (self.backup_path, self.restore_secret):
            edit.textChanged.connect(self._backup_changed)
        return page

    # -- navigation ----------------------------------------------------------------------------
    def _show(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.back.setVisible(index in (SCHOOL, PASSPHRASE, RESTORE))
        labels = {RECOVERY: "&Finish", RESTORE: "&Restore"}
        self.next.setText(labels.get(index, "&Next >"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        index = self.pages.currentIndex()
        if index == PASSPHRASE:
            self.next.setEnabled(self.passphrase.valid)
        elif index == WORKING:
            self.next.setEnabled(False)
        elif index == RECOVERY:
            self.next.setEnabled(self.kept.isChecked())
        elif index == RESTORE:
            self.next.setEnabled(self.checked_backup == self._backup_choice())
        else:
            self.next.setEnabled(True)

    def go_back(self) -> None:
        index = self.pages.currentIndex()
        if index == RESTORE:
            self._show(CHOICE)
        elif index > CHOICE:
            self._show(index - 1)

    def go_next(self) -> None:
        index = self.pages.currentIndex()
        if index == CHOICE:
            if self.restore_choice.isChecked():
                self._show(RESTORE)
            elif self.demo_choice.isChecked():
                self.start_demo()
            else:
                self._show(SCHOOL)
        elif index == SCHOOL:
            if not self.school_name.text().strip() or not self.officer_name.text().strip():
                self.school_error.setText("Give the school's name and your name.")
                return
            self.school_error.clear()
            # The school's and her own name are the first words an attacker would try.
            self.passphrase.set_names([self.school_name.text(), self.officer_name.text()])
            self._show(PASSPHRASE)
        elif index == PASSPHRASE:
            self.start_work()
        elif index == RECOVERY:
            assert self.db is not None
            self.finished.emit(self.db)
        elif index == RESTORE:
            self.start_restore()

    # -- restore -------------------------------------------------------------------------------
    def _backup_choice(self) -> tuple[str, str, bool]:
        return (
            self.backup_path.text().strip(),
            self.restore_secret.text(),
            self.restore_is_code.isChecked(),
        )

    def _secret(self, choice: tuple[str, str, bool]) -> dict[str, str]:
        _, secret, is_code = choice
        return {"recovery_code": secret} if is_code else {"passphrase": secret}

    def _recovery_code_toggled(self, is_code: bool) -> None:
        self.restore_secret.setEchoMode(
            QLineEdit.EchoMode.Normal if is_code else QLineEdit.EchoMode.Password
        )
        self._backup_changed()

    def _backup_changed(self) -> None:
        if self.checked_backup is not None and self.checked_backup != self._backup_choice():
            self.checked_backup = None
            self.backup_summary.clear()
        self._update_buttons()

    def choose_backup(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a backup", str(Path.home()), "Liaison backups (*.liaison-backup)"
        )
        if path:
            self.backup_path.setText(path)

    def check_backup(self) -> None:
        """Open the backup with the secret and show what it holds; nothing is written yet."""
        from liaison.services import backups

        choice = self._backup_choice()
        if not choice[0] or not choice[1]:
            self.backup_summary.setText("Choose the backup file and type its passphrase.")
            return
        self.check_button.setEnabled(False)
        self.backup_summary.setText("Opening the backup…")

        def done(contents: backups.BackupContents) -> None:
            self.check_button.setEnabled(True)
            if choice != self._backup_choice():
                return  # changed while it was being checked
            self.checked_backup = choice
            self.backup_summary.setText(contents.describe() + " Press Restore to use it.")
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            message = exc.message if isinstance(exc, LiaisonError) else str(exc)
            self.backup_summary.setText(f"<span style='color:#a00000'>{message}</span>")

        self.job = self.ops.background(
            lambda _p, _c: backups.inspect(Path(choice[0]), **self._secret(choice)),
            done,
            parent=self,
            failed=failed,
        )

    def start_restore(self) -> None:
        from liaison.services import backups

        choice = self._backup_choice()
        self._show(WORKING)
        self.progress.setRange(0, 0)
        self.work_label.setText("Restoring the backup…")
        self.cancel_button.setVisible(False)

        def done(_result: object) -> None:
            self.job = None
            self.restored.emit(choice[1], choice[2])

        def failed(exc: BaseException) -> None:
            self.job = None
            message = exc.message if isinstance(exc, LiaisonError) else str(exc)
            self.messages.error(self, "Could not restore the backup", message)
            self._show(RESTORE)

        self.job = self.ops.background(
            lambda _p, _c: backups.restore(self.db_path, Path(choice[0]), **self._secret(choice)),
            done,
            parent=self,
            failed=failed,
        )

    # -- work ----------------------------------------------------------------------------------
    def start_demo(self) -> None:
        self.demo_choice.setChecked(True)
        self.start_work()

    def start_work(self) -> None:
        from liaison import demo
        from liaison.services import school
        from liaison.services.access import create_database
        from ui import preload

        preload.wait()
        self._show(WORKING)
        is_demo = self.demo_choice.isChecked()
        self.progress.setRange(0, 0)
        self.work_label.setText(
            "Making a demo database of fictional families…"
            if is_demo
            else "Creating the encrypted database…"
        )
        self.cancel_button.setVisible(is_demo)
        secret = self.passphrase.passphrase()
        details = school.SchoolDetails(
            name=self.school_name.text().strip(),
            address=self.school_address.toPlainText().strip(),
            officer_name=self.officer_name.text().strip(),
        )

        def make(progress, cancelled):
            db, code = create_database(
                self.db_path,
                secret,
                kdf=self.kdf,
                clock=self.clock,
                names=[] if is_demo else [details.name, details.officer_name],
                demo=is_demo,
            )
            try:
                if is_demo:
                    progress(0, self.demo_families)
                    demo.build_demo(
                        db, families=self.demo_families, progress=progress, cancel=cancelled
                    )
                else:
                    school.save_school(db, details)
                    year = (
                        db.clock.today().year
                        if db.clock.today().month >= 9
                        else db.clock.today().year - 1
                    )
                    for kind, start, end in school.standard_terms(year):
                        school.add_term(db, kind, start, end)
            except BaseException:
                db.close()
                _remove_database(self.db_path)
                raise
            return db, code

        self.job = self.ops.background(
            make, self._made, parent=self, progress=self._progress, failed=self._failed
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.work_label.setText(f"Making fictional families… {done} of {total}")

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.work_label.setText("Stopping…")

    def _made(self, result: tuple[Database, str]) -> None:
        self.job = None
        self.db, self.recovery_code = result
        if self.demo_choice.isChecked():
            # Nothing to recover: the demo's passphrase is on the unlock screen.
            self.finished.emit(self.db)
            return
        self.code_label.setText(self.recovery_code)
        self._show(RECOVERY)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        if isinstance(exc, Cancelled):
            self._show(CHOICE)
            return
        message = exc.message if isinstance(exc, LiaisonError) else f"Something went wrong: {exc}"
        self.messages.error(self, "Could not create the database", message)
        self._show(CHOICE if self.demo_choice.isChecked() else PASSPHRASE)

    def save_sheet(self) -> None:

        assert self.db is not None
        name = f"liaison-recovery-sheet-{self.db.clock.today().isoformat()}.pdf"
        path = files.ask_save(self, self.db, "Save recovery sheet", name, "PDF (*.pdf)")
        if not path:
            return
        self.write_sheet(path)

    def write_sheet(self, path: Path) -> None:
        from liaison.services import access

        assert self.db is not None
        access.write_recovery_sheet(self.db, path, self.recovery_code)
        self.messages.info(
            self, "Recovery sheet saved", f"Saved {path}. Print it and keep it in the safe."
        )


def _remove_database(path: Path) -> None:
    """A half-made database goes whole: the file, its WAL and SHM, its key file and, for a
    demo, its marker."""
    from liaison.services.access import remove_database
    from liaison.services.demo_mark import marker_path

    remove_database(path)
    marker_path(path).unlink(missing_ok=True)
