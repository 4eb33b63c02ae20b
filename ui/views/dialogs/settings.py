"""Settings: school and logo, officer, term dates, auto-lock and keys, where the data lives."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import LiaisonError, ValidationError
from liaison.models.enums import TermKind
from liaison.services import attendance, backups, school
from liaison.validation import uk_date
from ui.guard import AsksBeforeDiscarding
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.widgets import ERROR_STYLE, DateEdit, fit_to_screen, save_cancel


class SettingsDialog(AsksBeforeDiscarding, UsesVault, QDialog):
    discard_what = "the settings"

    def __init__(self, vault: Vault, messages: Messages, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.vault, self.messages = vault, messages
        self.setWindowTitle("Settings")
        fit_to_screen(self, 760, 560)
        self.details = school.get_school(self.db)
        self.logo = self.details.logo_png
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._school_tab(), "School")
        self.tabs.addTab(self._terms_tab(), "Term dates")
        self.tabs.addTab(self._security_tab(), "Security")
        self.tabs.addTab(self._data_tab(), "Data")
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = save_cancel(self.save, self.reject)
        layout.addWidget(buttons)
        self.mark_clean()

    def _school_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        d = self.details
        self.name = QLineEdit(d.name)
        self.address = QPlainTextEdit(d.address)
        self.address.setMaximumHeight(80)
        self.phone = QLineEdit(d.phone or "")
        self.email = QLineEdit(d.email or "")
        self.head = QLineEdit(d.headteacher or "")
        self.officer = QLineEdit(d.officer_name)
        self.role = QLineEdit(d.officer_role)
        for label, widget in (
            ("School name", self.name),
            ("Address", self.address),
            ("Phone", self.phone),
            ("Email", self.email),
            ("Headteacher", self.head),
            ("Your name", self.officer),
            ("Your role", self.role),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        row = QHBoxLayout()
        self.logo_preview = QLabel()
        self.logo_preview.setAccessibleName("Logo preview")
        self.logo_preview.setFixedHeight(64)
        self._show_logo()
        choose = QPushButton("Choose logo (PNG)…")
        choose.clicked.connect(self.choose_logo)
        remove = QPushButton("Remove logo")
        remove.clicked.connect(lambda: self.set_logo(None))
        row.addWidget(self.logo_preview)
        row.addWidget(choose)
        row.addWidget(remove)
        row.addStretch()
        form.addRow("Logo", row)
        return page

    def _show_logo(self) -> None:
        if self.logo:
            pixmap = QPixmap()
            pixmap.loadFromData(self.logo)
            self.logo_preview.setPixmap(pixmap.scaledToHeight(64))
        else:
            self.logo_preview.setText("No logo")

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose the school logo", "", "PNG images (*.png)"
        )
        if path:
            self.set_logo(Path(path).read_bytes())

    def set_logo(self, data: bytes | None) -> None:
        self.logo = data
        self.logo_preview.clear()
        self._show_logo()

    def _terms_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.terms = QTableWidget(0, 3)
        self.terms.setHorizontalHeaderLabels(["Term", "Starts", "Ends"])
        self.terms.setAccessibleName("Term dates")
        self.terms.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.terms)
        row = QHBoxLayout()
        self.term_kind = QComboBox()
        self.term_kind.setAccessibleName("New term")
        for kind in TermKind:
            self.term_kind.addItem(kind.value.capitalize(), kind)
        self.term_start = DateEdit("New term starts")
        self.term_end = DateEdit("New term ends")
        add = QPushButton("Add term")
        add.clicked.connect(self.add_term)
        delete = QPushButton("Delete selected")
        delete.clicked.connect(self.delete_term)
        for w in (self.term_kind, self.term_start, self.term_end, add, delete):
            row.addWidget(w)
        layout.addLayout(row)
        standard = QPushButton("Add typical dates for the current academic year")
        standard.clicked.connect(self.add_standard_terms)
        layout.addWidget(standard)
        self._fill_terms()
        return page

    def _fill_terms(self) -> None:
        views = school.list_terms(self.db)
        self.term_ids = [t.id for t in views]
        self.terms.setRowCount(len(views))
        for r, t in enumerate(views):
            for c, value in enumerate((t.name, uk_date(t.starts_on), uk_date(t.ends_on))):
                self.terms.setItem(r, c, QTableWidgetItem(value))

    def _try(self, action) -> bool:
        try:
            action()
        except ValidationError as exc:
            self.error.setText("; ".join(exc.errors.values()))
            return False
        except (LiaisonError, ValueError) as exc:
            self.error.setText(getattr(exc, "message", str(exc)))
            return False
        self.error.clear()
        return True

    def add_term(self) -> None:
        def add() -> None:
            start, end = self.term_start.date(), self.term_end.date()
            if start is None or end is None:
                raise ValueError("give the first and last day of the term (dd/mm/yyyy)")
            school.add_term(self.db, self.term_kind.currentData(), start, end)

        if self._try(add):
            self.term_start.clear()
            self.term_end.clear()
            self._fill_terms()

    def delete_term(self) -> None:
        row = self.terms.currentRow()
        if row >= 0 and self._try(lambda: school.delete_term(self.db, self.term_ids[row])):
            self._fill_terms()

    def add_standard_terms(self) -> None:
        today = self.db.clock.today()
        year = today.year if today.month >= 9 else today.year - 1

        def add() -> None:
            for kind, start, end in school.standard_terms(year):
                school.add_term(self.db, kind, start, end)

        self._try(add)
        self._fill_terms()

    def _security_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(1, 120)
        self.auto_lock.setSuffix(" minutes")
        self.auto_lock.setAccessibleName("Lock after idle")
        self.auto_lock.setValue(int(school.get_setting(self.db, "auto_lock_minutes")))
        form.addRow("Lock when idle for", self.auto_lock)
        self.contact_weeks = QSpinBox()
        self.contact_weeks.setRange(1, 26)
        self.contact_weeks.setSuffix(" school weeks")
        self.contact_weeks.setValue(int(school.get_setting(self.db, "contact_rule_weeks")))
        self.contact_weeks.setAccessibleName("Contact rule")
        form.addRow("Flag families with no contact for", self.contact_weeks)
        self.new_weeks = QSpinBox()
        self.new_weeks.setRange(1, 26)
        self.new_weeks.setSuffix(" school weeks")
        self.new_weeks.setValue(int(school.get_setting(self.db, "contact_rule_new_arrival_weeks")))
        self.new_weeks.setAccessibleName("Contact rule for new arrivals")
        form.addRow("…new arrivals in their first term", self.new_weeks)
        self.attendance_days = QSpinBox()  # issue 23: support first on Today
        self.attendance_days.setRange(1, 60)
        self.attendance_days.setSuffix(" school days")
        self.attendance_days.setValue(int(school.get_setting(self.db, attendance.SETTING)))
        self.attendance_days.setAccessibleName("Support first: no contact in")
        form.addRow("Support first (attendance): no contact in", self.attendance_days)
        self.sibling_rule = QComboBox()
        self.sibling_rule.setAccessibleName("Book-bag letters for siblings")
        for label, value in (
            ("One per household, with the youngest child", "youngest"),
            ("One per household, with the eldest child", "eldest"),
            ("One per child", "each"),
        ):
            self.sibling_rule.addItem(label, value)
        self.sibling_rule.setCurrentIndex(
            max(0, self.sibling_rule.findData(school.get_setting(self.db, "sibling_rule")))
        )
        form.addRow("Book-bag letters for siblings", self.sibling_rule)
        self.suppress_small = QCheckBox('Show counts from 1 to 4 as "fewer than 5"')
        self.suppress_small.setAccessibleName("Termly report: hide small numbers")
        self.suppress_small.setChecked(bool(school.get_setting(self.db, "report_suppress_small")))
        form.addRow("Termly report", self.suppress_small)
        change = QPushButton("Change passphrase…")
        change.clicked.connect(self.change_passphrase)
        form.addRow("", change)
        recovery = QPushButton("Make a new recovery code…")
        recovery.clicked.connect(self.new_recovery_code)
        form.addRow("", recovery)
        return page

    def change_passphrase(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from ui.views.unlock import NewPassphraseDialog

        current, ok = QInputDialog.getText(
            self, "Change passphrase", "Current passphrase:", QLineEdit.EchoMode.Password
        )
        if not ok:
            return
        dialog = NewPassphraseDialog(self, names=self.db.names())
        if dialog.exec() and self._try(
            lambda: self.db.change_passphrase(current, dialog.passphrase())
        ):
            self.messages.info(self, "Passphrase changed", "Use the new passphrase from now on.")

    def new_recovery_code(self) -> None:
        if not self.messages.ask(
            self,
            "New recovery code",
            "The old recovery code will stop working. Make a new one now?",
        ):
            return
        code = self.db.replace_recovery_code()
        self.messages.info(
            self,
            "New recovery code",
            f"{code}\n\nWrite it down or print it (File > Settings shows it only now) and keep it "
            "in the school safe.",
        )

    def _data_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        path = QLabel(str(self.db.path))
        path.setWordWrap(True)
        path.setAccessibleName("Database file")
        form.addRow("Database file", path)
        keys = QLabel(f"{self.db.path.name}.keys, beside it (keep them together)")
        form.addRow("Key file", keys)

        row = QHBoxLayout()
        self.backup_folder = QLineEdit(str(backups.folder(self.db)))
        self.backup_folder.setAccessibleName("Backup folder")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_backup_folder)
        row.addWidget(self.backup_folder, 1)
        row.addWidget(choose)
        form.addRow("Backups go to", row)
        policy = backups.rotation(self.db)
        keep = QHBoxLayout()
        self.keep_daily, self.keep_weekly, self.keep_monthly = (
            QSpinBox(),
            QSpinBox(),
            QSpinBox(),
        )
        for box, value, label in (
            (self.keep_daily, policy.daily, "daily"),
            (self.keep_weekly, policy.weekly, "weekly"),
            (self.keep_monthly, policy.monthly, "monthly"),
        ):
            box.setRange(1, 99)
            box.setValue(value)
            box.setAccessibleName(f"Keep {label} backups")
            keep.addWidget(box)
            keep.addWidget(QLabel(label))
        keep.addStretch()
        form.addRow("Keep the newest", keep)
        rotation_note = QLabel(
            "Liaison backs up when it closes and at most once a day while it runs. Each backup "
            "is opened and checked before older ones are removed; backups made before an update "
            "are never removed."
        )
        rotation_note.setWordWrap(True)
        form.addRow("", rotation_note)
        note = QLabel(
            "To use another database file, start Liaison with LIAISON_DB set to its path, or "
            "move this one with its key file while Liaison is closed."
        )
        note.setWordWrap(True)
        form.addRow("", note)
        return page

    def choose_backup_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Backup folder", self.backup_folder.text())
        if path:
            self.backup_folder.setText(path)

    def save(self) -> None:
        details = school.SchoolDetails(
            name=self.name.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text() or None,
            email=self.email.text() or None,
            headteacher=self.head.text() or None,
            officer_name=self.officer.text(),
            officer_role=self.role.text() or "Family Liaison Officer",
            logo_png=self.logo,
        )

        def save_all() -> None:
            school.save_school(self.db, details)
            school.set_setting(self.db, "auto_lock_minutes", self.auto_lock.value())
            school.set_setting(self.db, "contact_rule_weeks", self.contact_weeks.value())
            school.set_setting(self.db, "contact_rule_new_arrival_weeks", self.new_weeks.value())
            school.set_setting(self.db, attendance.SETTING, self.attendance_days.value())
            school.set_setting(self.db, "sibling_rule", self.sibling_rule.currentData())
            school.set_setting(self.db, "report_suppress_small", self.suppress_small.isChecked())
            backups.set_rotation(
                self.db,
                backups.Rotation(
                    self.keep_daily.value(), self.keep_weekly.value(), self.keep_monthly.value()
                ),
            )
            folder = self.backup_folder.text().strip()
            default = str(self.db.path.parent / "backups")
            if not folder or folder == default:
                school.set_setting(self.db, "backup_folder", None)
            elif not Path(folder).is_dir():
                raise ValueError(f"the backup folder {folder} does not exist")
            else:
                school.set_setting(self.db, "backup_folder", folder)

        if self._try(save_all):
            self.accept()
