"""File > Import attendance…: a CTF or an attendance CSV as the snapshot of one date.

Choose the file and the date the figures are as at (a CTF and some CSVs carry their own), map
a CSV's columns (the same step as the pupils' CSV; the choice is remembered), review which
pupils are new, changed, unchanged or not found, then import in one transaction. Reading, the
review and the import run on the database worker (ui/operations.py); the services are
liaison.services.attendance.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.services import attendance
from ui import mnemonics
from ui.messages import Messages
from ui.models.tables import fill, table
from ui.operations import describe
from ui.vault import UsesVault, Vault
from ui.views.column_mapping import ColumnMapping
from ui.views.widgets import ERROR_STYLE, DateEdit

ACTIONS = {
    attendance.NEW: "new",
    attendance.CHANGED: "changed",
    attendance.UNCHANGED: "no change",
    attendance.NOT_HELD: "not held in Liaison",
}


class AttendanceImportDialog(UsesVault, QDialog):
    FILE, MAPPING, REVIEW, RESULT = range(4)

    def __init__(self, vault: Vault, messages: Messages, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.vault, self.messages = vault, messages
        self.setWindowTitle("Import attendance")
        self.resize(1000, 640)
        self.csv = None  # the CSV's table, for the mapping page
        self.found: attendance.AttendanceFile | None = None
        self.plan: attendance.SnapshotPlan | None = None
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        for build in (self._file_page, self._mapping_page, self._review_page, self._result_page):
            self.pages.addWidget(build())
        layout.addWidget(self.pages, 1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Import problem")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.back = QPushButton("< &Back")
        self.next = QPushButton("&Next >")
        cancel = QPushButton("&Cancel")
        for button in (self.back, self.next, cancel):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.back.clicked.connect(lambda: self._show(self.FILE))
        self.next.clicked.connect(self.go_next)
        cancel.clicked.connect(self.reject)
        self._show(self.FILE)
        mnemonics.assign(self)  # Alt-key letters for the buttons without one (Choose file…)

    # -- pages ---------------------------------------------------------------------------------
    def _file_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(
            "<h2>Import attendance from the school MIS</h2><p>Choose a <b>Common Transfer "
            "File</b> (.xml) or an <b>attendance CSV</b> (one row per pupil: UPN or name and "
            "date of birth; sessions possible, present and absent, or a percentage). Each "
            "import is the snapshot of one date, so trends build up over the year; importing "
            "the same file twice changes nothing, and an older file is kept in date order.</p>"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setAccessibleName("Attendance file")
        browse = QPushButton("Choose file…")
        browse.clicked.connect(self.browse)
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        form = QFormLayout()
        self.as_at = DateEdit("Figures as at")
        form.addRow("Figures as at (if the file does not say)", self.as_at)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _mapping_page(self) -> QWidget:
        self.columns = ColumnMapping(attendance.FIELDS)
        return self.columns

    def _review_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the import would do")
        layout.addWidget(self.summary)
        self.review = table(["Pupil", "In the file", "What", "Attendance", "Flag"], "Pupils")
        layout.addWidget(self.review, 3)
        self.notes = QListWidget()
        self.notes.setAccessibleName("Pupils without figures and warnings")
        layout.addWidget(self.notes, 1)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName("Import result")
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        return page

    # -- steps ---------------------------------------------------------------------------------
    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back.setEnabled(page in (self.MAPPING, self.REVIEW))
        self.next.setEnabled(True)
        self.next.setText({self.REVIEW: "&Import", self.RESULT: "C&lose"}.get(page, "&Next >"))

    def _problem(self, exc: BaseException) -> None:
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setText(describe(exc))
        self.next.setEnabled(True)

    def _busy(self, text: str) -> None:
        self.error.setStyleSheet("")
        self.error.setText(text)
        self.next.setEnabled(False)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import attendance", str(Path.home()), "MIS exports (*.xml *.csv *.txt)"
        )
        if path:
            self.file_edit.setText(path)

    def choose(self, path: Path) -> None:
        """Take a file as if chosen (tests)."""
        self.file_edit.setText(str(path))
        self._show(self.FILE)
        self.go_next()

    def go_next(self) -> None:
        page = self.pages.currentIndex()
        if page == self.FILE:
            self._open()
        elif page == self.MAPPING:
            self._read(self.mapping())
        elif page == self.REVIEW:
            self._import()
        else:
            self.accept()

    def _open(self) -> None:
        text = self.file_edit.text().strip()
        if not text:
            self._problem(ValueError("Choose the file to import."))
            return
        self.path = path = Path(text)
        if attendance.kind_of(path) == "csv":
            self._busy("Reading the file…")
            self.vault.ops.query(
                lambda db: (attendance.read_table(path), attendance.remembered_mapping(db)),
                self._table_read,
                parent=self,
                failed=self._problem,
            )
        else:
            self._read(None)

    def _table_read(self, result) -> None:
        self.csv, remembered = result
        rows = len(self.csv.rows)
        self.columns.show_file(
            self.csv.headers,
            (cells for _, cells in self.csv.rows),
            attendance.guess_mapping(self.csv.headers, remembered),
            f"<b>{self.path.name}</b>: {rows} row{'s' * (rows != 1)}. Choose which column "
            "holds each figure: the UPN (or forename, surname and date of birth), and sessions "
            "possible with present or the absences, or the attendance %. Liaison remembers "
            "your choice for the next export.",
        )
        self.error.clear()
        self._show(self.MAPPING)

    def mapping(self) -> dict[str, str]:
        return self.columns.mapping()

    def _read(self, mapping: dict[str, str] | None) -> None:
        path = self.path
        try:
            as_at = self.as_at.date()
        except ValueError as exc:
            self._problem(ValueError(str(exc).capitalize() + "."))
            return
        self._busy("Reading the figures and finding the pupils…")

        def run(db):
            found = attendance.read_file(path, mapping, as_at)
            return found, attendance.preview(db, found)

        self.vault.ops.query(run, self._reviewed, parent=self, failed=self._problem)

    def _reviewed(self, result) -> None:
        self.found, self.plan = result
        plan = self.plan
        self.summary.setText(
            f"<b>{plan.file_name}</b> {plan.describe()}. Nothing is written until you press Import."
        )
        fill(
            self.review,
            [
                (x.name, x.where, ACTIONS[x.action], x.rate.describe(), x.rate.label())
                for x in plan.lines
            ],
        )
        self.notes.clear()
        self.notes.addItems([f"No figures in the file: {w}" for w in plan.without])
        self.notes.addItems([f"Warning: {w}" for w in plan.warnings])
        self.error.clear()
        self._show(self.REVIEW)

    def _import(self) -> None:
        found = self.found
        assert found is not None
        mapping = self.mapping() if self.csv is not None else None
        self._busy("Importing…")

        def run(db, progress, cancel):
            plan = attendance.run(db, found, progress=progress, cancel=cancel)
            if mapping:
                attendance.remember_mapping(db, mapping)
            return plan

        self.vault.ops.long(run, self._done, parent=self, failed=self._problem)

    def _done(self, plan: attendance.SnapshotPlan) -> None:
        self.plan = plan
        self.result_label.setText(f"Imported {plan.file_name} {plan.describe()}.")
        self.error.clear()
        self._show(self.RESULT)
