"""Reports area: the termly summary for leadership on screen, then exported as PDF, Excel or CSV.

The figures are computed off the GUI thread (a big database takes a moment); the small-number
rule is applied when they are shown, so ticking it on or off redraws without computing again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import LiaisonError, ValidationError
from liaison.services import reporting as rp
from liaison.services import school
from liaison.services.changes import Area
from ui import files, printing
from ui.messages import Messages
from ui.operations import Job, describe
from ui.vault import UsesVault, Vault
from ui.views.report_widgets import BarsWidget, FiguresModel, Tile
from ui.views.widgets import ERROR_STYLE, DateEdit


class ReportsView(UsesVault, QWidget):
    # What this screen shows: the workspace refreshes it when a write changes these.
    watches = frozenset({Area.SETTINGS})

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.report: rp.Report | None = None
        self.job: Job | None = None
        self._ticket = 0
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.by_term = QRadioButton("Term")
        self.by_term.setAccessibleName("Report on a term")
        self.by_dates = QRadioButton("Dates")
        self.by_dates.setAccessibleName("Report on dates")
        group = QButtonGroup(self)
        group.addButton(self.by_term)
        group.addButton(self.by_dates)
        self.by_term.setChecked(True)
        self.term = QComboBox()
        self.term.setAccessibleName("Term")
        self.term.setMinimumWidth(140)
        self.start = DateEdit("From date")
        self.end = DateEdit("To date")
        self.term.activated.connect(lambda _: self.by_term.setChecked(True))
        self.start.textEdited.connect(lambda _: self.by_dates.setChecked(True))
        self.end.textEdited.connect(lambda _: self.by_dates.setChecked(True))
        self.show_button = QPushButton("Show figures")
        self.show_button.setAccessibleName("Show figures")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.generate)
        for w in (self.by_term, self.term, self.by_dates, self.start, QLabel("to"), self.end):
            bar.addWidget(w)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        self.suppress = QCheckBox('Counts from 1 to 4 as "fewer than 5"')
        self.suppress.setAccessibleName("Hide small numbers")
        self.suppress.setChecked(True)
        self.suppress.toggled.connect(lambda _: self.present())
        bar.addWidget(self.suppress)
        layout.addLayout(bar)

        exports = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Report period")
        exports.addWidget(self.summary, 1)
        self.pdf_button, self.print_button, self.xlsx_button, self.csv_button = (
            self._export_button(exports, text, name, slot)
            for text, name, slot in (
                ("Export PDF…", "Export PDF", self.choose_pdf),
                ("P&rint…", "Print the summary", self.print_report),
                ("Export Excel…", "Export Excel workbook", self.choose_xlsx),
                ("Export CSV…", "Export CSV files", self.choose_csv),
            )
        )
        layout.addLayout(exports)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Report error")
        layout.addWidget(self.error)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Report sections")
        layout.addWidget(self.tabs, 1)
        overview = QWidget()
        over = QVBoxLayout(overview)
        grid = QGridLayout()
        self.tiles = [Tile() for _ in range(8)]
        for i, tile in enumerate(self.tiles):
            grid.addWidget(tile, i // 4, i % 4)
        over.addLayout(grid)
        self.trend = BarsWidget("Families supported and contacts, term by term")
        over.addWidget(self.trend, 1)
        self.tabs.addTab(overview, "Headlines")
        self.section_models: dict[str, FiguresModel] = {}
        self.charts: dict[str, BarsWidget] = {}

    # -- choosing the period ------------------------------------------------------------------
    @staticmethod
    def _export_button(row: QHBoxLayout, text: str, name: str, slot) -> QPushButton:
        """An export button, off until there are figures to export."""
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(lambda: slot())
        button.setEnabled(False)
        row.addWidget(button)
        return button

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        terms = school.list_terms(self.db)
        names = [t.name for t in reversed(terms)]
        if [self.term.itemText(i) for i in range(self.term.count())] != names:
            current = self.term.currentText()
            self.term.clear()
            self.term.addItems(names)
            chosen = current or (t.name if (t := rp.default_term(self.db)) else "")
            if chosen:
                self.term.setCurrentText(chosen)
        if not terms:
            self.by_dates.setChecked(True)
        if not self.start.text() and not self.end.text():
            today = self.db.clock.today()
            self.start.set_date(today.replace(day=1))
            self.end.set_date(today)
        if self.report is None and self.job is None:
            self.suppress.setChecked(rp.suppress_small_default(self.db))
            self.generate()

    def clear(self) -> None:
        """Forget the figures (called when locking)."""
        self._ticket += 1
        self.job = None
        self.report = None
        self.term.clear()
        self.summary.clear()
        self.error.clear()
        self.present()

    def period(self) -> tuple[rp.Period, rp.Period | None]:
        if self.by_term.isChecked():
            name = self.term.currentText()
            if not name:
                raise LiaisonError(
                    "There are no term dates yet: add them in Settings, or use dates."
                )
            return rp.resolve(self.db, term=name)
        try:
            start, end = self.start.date(), self.end.date()
        except ValueError as exc:
            raise LiaisonError(str(exc).capitalize() + ".") from None
        if start is None or end is None:
            raise LiaisonError("Type both dates as dd/mm/yyyy, e.g. 01/09/2026 to 18/12/2026.")
        return rp.resolve(self.db, start=start, end=end)

    def generate(self) -> None:
        try:
            period, previous = self.period()
        except ValidationError as exc:
            self.error.setText("; ".join(exc.errors.values()).capitalize() + ".")
            return
        except LiaisonError as exc:
            self.error.setText(exc.message)
            return
        self.error.clear()
        self._ticket += 1
        ticket = self._ticket
        self.summary.setText(f"Working out the figures for {period.name}…")
        self.show_button.setEnabled(False)
        self.job = self.vault.ops.query(
            lambda db: rp.build(db, period, previous),
            lambda made: self._built(ticket, made),
            parent=self,
            failed=lambda exc: self._failed(ticket, exc),
        )

    def _built(self, ticket: int, made: rp.Report) -> None:
        if ticket != self._ticket:
            return  # an older request, or the screen was locked meanwhile
        self.job = None
        self.show_button.setEnabled(True)
        self.report = made
        self.present()

    def _failed(self, ticket: int, exc: BaseException) -> None:
        if ticket != self._ticket:
            return
        self.job = None
        self.show_button.setEnabled(True)
        self.summary.clear()
        self.error.setText(
            exc.message if isinstance(exc, LiaisonError) else f"The report failed: {exc}"
        )

    # -- showing ------------------------------------------------------------------------------
    def present(self) -> None:
        r, suppress = self.report, self.suppress.isChecked()
        for w in (self.pdf_button, self.print_button, self.xlsx_button, self.csv_button):
            w.setEnabled(r is not None)
        while self.tabs.count() > 1:
            self.tabs.removeTab(1)
        self.section_models, self.charts = {}, {}
        if r is None:
            for tile in self.tiles:
                tile.setVisible(False)
            self.trend.set_rows("", [], "", None, suppress)
            return
        text = f"{r.school_name} · {r.period.name}"
        if r.period.is_term:
            text += f" ({r.period.dates})"
        if r.to_date:
            text += f", figures to {r.made_on:%d/%m/%Y}"
        text += f" · compared with {r.previous.name}" if r.previous else " · nothing earlier"
        self.summary.setText(text)
        previous = r.previous.name if r.previous else None
        for tile, row in zip(self.tiles, r.headlines, strict=False):
            tile.setVisible(True)
            tile.show_row(row, previous, suppress)
        trend_rows = [rp.Row(p.term, p.families_supported, p.contacts) for p in r.trend]
        self.trend.set_rows(
            "Families supported and contacts, term by term",
            trend_rows,
            "Families supported",
            "Contacts held",
            suppress,
        )
        self.trend.setVisible(len(trend_rows) > 1)
        for section in r.sections:
            self._add_section(section, r, suppress)

    def _add_section(self, section: rp.Section, r: rp.Report, suppress: bool) -> None:
        page = QWidget()
        layout = QHBoxLayout(page)
        model = FiguresModel()
        model.set_section(section, r, suppress)
        view = QTableView()
        view.setModel(model)
        view.setAccessibleName(f"Figures: {section.title}")
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            view.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        layout.addWidget(view, 3)
        chart = BarsWidget(f"Chart: {section.title}")
        table = next(
            (t for t in section.tables if t.chart and rp.worth_a_chart(t.rows, suppress)), None
        )
        if table is not None:
            chart.set_rows(
                table.title,
                list(table.rows),
                r.period.name,
                r.previous.name if r.previous else None,
                suppress,
            )
            layout.addWidget(chart, 2)
        else:
            chart.setVisible(False)
        self.tabs.addTab(page, section.title)
        self.section_models[section.title] = model
        self.charts[section.title] = chart

    def figure(self, section: str, label: str) -> tuple[str, str, str]:
        """What the screen shows for one figure: this period, previous, change."""
        model = self.section_models[section]
        for i, (text, row) in enumerate(model.items):
            if row is not None and text == label:
                return model.text(i, 1), model.text(i, 2), model.text(i, 3)
        raise KeyError(label)

    # -- exporting ----------------------------------------------------------------------------
    def _suggested(self, suffix: str) -> str:
        name = self.report.period.name if self.report else "report"
        safe = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")
        return f"termly-summary-{safe}{suffix}"

    def choose_pdf(self) -> None:
        path = files.ask_save(
            self, self.db, "Export the termly summary", self._suggested(".pdf"), "PDF (*.pdf)"
        )
        if path:
            self.export(pdf=path)

    def choose_xlsx(self) -> None:
        path = files.ask_save(
            self, self.db, "Export the figures", self._suggested(".xlsx"), "Excel workbook (*.xlsx)"
        )
        if path:
            self.export(xlsx=path)

    def choose_csv(self) -> None:
        folder = files.ask_folder(self, self.db, "Folder for the CSV files")
        if folder:
            self.export(csv_dir=folder / self._suggested(""))

    def print_report(self) -> None:
        """The system's print dialog, then the same pages as the exported PDF."""
        if self.report is None:
            return
        printer = self.messages.printer(self, "the termly summary")
        if printer is not None:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        report, suppress = self.report, self.suppress.isChecked()
        if report is None:
            return
        self.print_button.setEnabled(False)

        def printed(pages: int) -> None:
            self.print_button.setEnabled(True)
            self.summary.setText(self.summary.text() + f" Sent {pages} pages to the printer.")

        def failed(message: str) -> None:
            self.print_button.setEnabled(True)
            self.messages.error(self, "Print", f"Nothing more was printed: {message}")

        def job(db, _progress, _cancel):
            # Made in memory and sent to the printer off the window's thread; the job holds
            # the printer until it ends.
            return printing.print_pdf(printer, rp.pdf_to_print(db, report, suppress=suppress))

        self.print_job = self.vault.ops.long(
            job, printed, parent=self, failed=lambda exc: failed(describe(exc))
        )

    def export(
        self, *, pdf: Path | None = None, xlsx: Path | None = None, csv_dir: Path | None = None
    ) -> rp.Exported | None:
        if self.report is None:
            return None
        try:
            done = rp.export(
                self.db,
                self.report,
                pdf=pdf,
                xlsx=xlsx,
                csv_dir=csv_dir,
                suppress=self.suppress.isChecked(),
            )
        except (LiaisonError, OSError) as exc:
            message = exc.message if isinstance(exc, LiaisonError) else str(exc)
            self.messages.error(self, "Export", f"Nothing was saved: {message}")
            return None
        self.messages.info(
            self, "Exported", f"Saved {done.describe()}. Figures only: no names or notes."
        )
        return done
