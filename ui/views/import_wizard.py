"""Import from the MIS: choose a file, map CSV columns, review the families, import, result.

Reading the file and making the plan run off the GUI thread (a 2,000-pupil CTF takes a second
or two); the import itself runs there too, with progress and cancel, in one transaction.
Everything goes through liaison.services.mis_import.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import Cancelled, LiaisonError
from liaison.services import mis_import as imports
from liaison.services.mis_import.plan import ImportPlan
from ui import files, mnemonics
from ui.messages import Messages
from ui.operations import Job
from ui.vault import UsesVault, Vault
from ui.views.column_mapping import ColumnMapping
from ui.views.import_review import ReviewModel
from ui.views.widgets import ERROR_STYLE, fit_to_screen


class ImportWizard(UsesVault, QDialog):
    FILE, MAPPING, REVIEW, RUNNING, RESULT = range(5)

    def __init__(self, vault: Vault, messages: Messages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.messages = vault, messages
        self.setWindowTitle("Import from MIS")
        self.setAccessibleName("Import from MIS")
        fit_to_screen(self, 1200, 680)
        self.path: Path | None = None
        self.table: imports.CsvTable | None = None
        self.parsed: imports.ParsedFile | None = None
        self.plan: ImportPlan | None = None
        self.result: imports.ImportResult | None = None
        self.job: Job | None = None
        self.imported = False
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Import problem")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.back = QPushButton("< &Back")
        self.next = QPushButton("&Next >")
        self.cancel_button = QPushButton("&Cancel")
        for button, name in (
            (self.back, "Back"),
            (self.next, "Next"),
            (self.cancel_button, "Cancel import"),
        ):
            button.setAccessibleName(name)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.cancel_button.clicked.connect(self.cancel)
        for build in (
            self._file_page,
            self._mapping_page,
            self._review_page,
            self._running_page,
            self._result_page,
        ):
            self.pages.addWidget(build())
        self._show(self.FILE)
        mnemonics.assign(self)

    # -- pages ---------------------------------------------------------------------------------
    def _file_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(
            "<h2>Import pupils and contacts from the school MIS</h2>"
            "<p>Choose a <b>Common Transfer File</b> (.xml, from SIMS, Arbor, Bromcom or any "
            "English MIS) or a <b>CSV</b> export. Nothing is written until you have reviewed the "
            f"families; importing again updates, never duplicates. Limits: {imports.limits()}.</p>"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setAccessibleName("File to import")
        self.file_edit.setPlaceholderText("CTF .xml or .csv file")
        self.file_edit.returnPressed.connect(self.go_next)
        browse = QPushButton("C&hoose file…")
        browse.setAccessibleName("Choose file")
        browse.clicked.connect(self.browse)
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _mapping_page(self) -> QWidget:
        self.columns = ColumnMapping(imports.FIELDS)
        return self.columns

    def _review_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the import would do")
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.review_model = ReviewModel()
        self.review = QTableView()
        self.review.setAccessibleName("Proposed families")
        self.review.setModel(self.review_model)
        self.review.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.review.verticalHeader().setVisible(False)
        # "Why" wraps onto more lines rather than being cut off at the window's edge.
        self.review.setWordWrap(True)
        self.review.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.review.horizontalHeader()
        for column, width in enumerate((60, 90, 80, 220, 300)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.fit_rows = QTimer(self)
        self.fit_rows.setSingleShot(True)
        self.fit_rows.setInterval(80)
        self.fit_rows.timeout.connect(self.review.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self.fit_rows.start())
        split.addWidget(self.review)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        self.notes_heading = QLabel("<b>Pupils skipped, and warnings</b>")
        lower_layout.addWidget(self.notes_heading)
        self.notes = QListWidget()
        self.notes.setAccessibleName("Skipped pupils and warnings")
        self.notes.setWordWrap(True)
        lower_layout.addWidget(self.notes)
        split.addWidget(lower)
        split.setSizes([420, 160])
        layout.addWidget(split, 1)
        return page

    def _running_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.running_label = QLabel("Importing…")
        layout.addWidget(self.running_label)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        layout.addWidget(self.progress)
        layout.addStretch(1)
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

    # -- navigation ------------------------------------------------------------------------------
    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back.setEnabled(page in (self.MAPPING, self.REVIEW))
        self.next.setEnabled(page != self.RUNNING)
        self.next.setText({self.REVIEW: "&Import", self.RESULT: "C&lose"}.get(page, "&Next >"))
        self.cancel_button.setVisible(page != self.RESULT)
        self.cancel_button.setText("S&top" if page == self.RUNNING else "&Cancel")

    def browse(self) -> None:
        path = files.ask_open(
            self,
            self.db,
            "Import from MIS",
            "MIS exports (*.xml *.csv *.txt);;Common Transfer Files (*.xml);;CSV (*.csv *.txt)",
        )
        if path:
            self.file_edit.setText(str(path))
            self.go_next()

    def choose(self, path: Path) -> None:
        """Take a file as if chosen in the file dialog (tests and drag-and-drop)."""
        self.file_edit.setText(str(path))
        self._show(self.FILE)
        self.go_next()

    def go_back(self) -> None:
        page = self.pages.currentIndex()
        if page == self.REVIEW and self.table is not None:
            self._show(self.MAPPING)
        else:
            self._show(self.FILE)
        self.error.clear()

    def go_next(self) -> None:
        self.error.clear()
        page = self.pages.currentIndex()
        if page == self.FILE:
            self._open_file()
        elif page == self.MAPPING:
            self._read_with_mapping()
        elif page == self.REVIEW:
            self.start_import()
        elif page == self.RESULT:
            self.accept()

    def _busy(self, text: str) -> None:
        self.next.setEnabled(False)
        self.error.setStyleSheet("")
        self.error.setText(text)

    def _problem(self, exc: BaseException) -> None:
        self.job = None
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setText(exc.message if isinstance(exc, LiaisonError) else f"{exc}")
        self._show(self.pages.currentIndex())

    def _open_file(self) -> None:
        text = self.file_edit.text().strip()
        if not text:
            self.error.setText("Choose the file to import.")
            return
        self.path = Path(text)
        self.table = None
        path = self.path
        if imports.kind_of(path) == "csv":
            self._busy("Reading the file…")
            self.job = self.vault.ops.background(
                lambda _progress, _cancel: imports.read_table(path),
                self._table_read,
                parent=self,
                failed=self._problem,
            )
        else:
            self._busy("Reading the file and matching pupils…")
            self._plan_with(None)

    def _table_read(self, table: imports.CsvTable) -> None:
        self.job = None
        self.table = table
        remembered = imports.remembered_mapping(self.db)
        self.columns.show_file(
            table.headers,
            (cells for _, cells in table.rows),
            imports.guess_mapping(table.headers, remembered),
            f"<b>{self.path.name if self.path else ''}</b>: {table.row_count} rows, "
            f"{table.encoding}, {imports.describe_delimiter(table.delimiter)}-separated. "
            "Choose which column holds each field (* is needed). Liaison remembers your choice "
            "for the next export.",
        )
        self.error.clear()
        self._show(self.MAPPING)

    def mapping(self) -> dict[str, str]:
        return self.columns.mapping()

    def _read_with_mapping(self) -> None:
        mapping = self.mapping()
        self._busy("Reading the rows and matching pupils…")
        self._plan_with(mapping)

    def _plan_with(self, mapping: dict[str, str] | None) -> None:
        """Read the file and match its pupils against the records, off the window's thread."""
        assert self.path is not None
        path = self.path

        def plan(db):
            parsed = imports.read_file(path, mapping)
            return parsed, imports.preview(db, parsed)

        self.job = self.vault.ops.query(plan, self._planned, parent=self, failed=self._problem)

    def _planned(self, found: tuple[imports.ParsedFile, ImportPlan]) -> None:
        self.job = None
        self.parsed, plan = found
        self.plan = plan
        self.review_model.left_out.clear()
        self.review_model.set_plan(plan)
        self.review.resizeRowsToContents()
        c = plan.counts()
        self.summary.setText(
            f"<b>{plan.file_name}</b> ({plan.source or plan.kind.upper()}). Nothing has been "
            f"written yet. <b>{c['families_created']}</b> new families, "
            f"<b>{c['families_updated']}</b> to update, {c['families_unchanged']} unchanged; "
            f"pupils: {c['pupils_created']} new, {c['pupils_updated']} updated, "
            f"{c['pupils_left']} marked as left, {c['pupils_skipped']} skipped; "
            f"{c['warnings']} warnings. Untick a family to leave it out."
        )
        self.notes.clear()
        for line in plan.skipped:
            self.notes.addItem(f"Skipped {line.name} ({line.where}): {'; '.join(line.reasons)}")
        for warning in plan.warnings:
            self.notes.addItem(f"Warning: {warning}")
        self.notes_heading.setText(
            f"<b>Pupils skipped ({len(plan.skipped)}), and warnings ({len(plan.warnings)})</b>"
        )
        self.error.clear()
        self._show(self.REVIEW)

    # -- importing -------------------------------------------------------------------------------
    def start_import(self) -> None:
        if self.parsed is None:
            return
        parsed = self.parsed
        skip = frozenset(self.review_model.left_out)
        mapping = self.mapping() if self.table is not None else None
        self.progress.setRange(0, 0)
        self._show(self.RUNNING)

        def work(db, progress, cancelled):
            result = imports.run(db, parsed, skip=skip, progress=progress, cancel=cancelled)
            if mapping is not None:
                imports.remember_mapping(db, mapping)
            return result

        self.job = self.vault.ops.long(
            work,
            self._imported,
            parent=self,
            progress=self._progress,
            failed=self._import_failed,
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.running_label.setText(f"Importing… {done} of {total} families")

    def _imported(self, result: imports.ImportResult) -> None:
        self.job = None
        self.result = result
        self.imported = True
        c = result.counts()
        self.result_label.setText(
            f"<h2>Imported</h2><p>{c['families_created']} new families, "
            f"{c['families_updated']} updated ({c['families_unchanged']} unchanged). Pupils: "
            f"{c['pupils_created']} new, {c['pupils_updated']} updated, {c['pupils_left']} "
            f"marked as left, {c['pupils_skipped']} skipped. Caregivers: "
            f"{c['caregivers_created']} new, {c['caregivers_updated']} updated.</p>"
            "<p>The import is recorded in the audit log.</p>"
        )
        self._show(self.RESULT)

    def _import_failed(self, exc: BaseException) -> None:
        self.job = None
        if isinstance(exc, Cancelled):
            self.error.setStyleSheet("")
            self.error.setText(exc.message)
        else:
            self.error.setStyleSheet(ERROR_STYLE)
            self.error.setText(
                (exc.message if isinstance(exc, LiaisonError) else str(exc))
                + " The database is as it was before."
            )
        self._show(self.REVIEW)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            if self.pages.currentIndex() == self.RUNNING:
                return
        self.reject()
