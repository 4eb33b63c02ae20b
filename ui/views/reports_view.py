"""Reports area: the termly summary for leadership on screen, then exported as PDF, Excel or CSV.

The figures are computed off the GUI thread (a big database takes a moment); the small-number
rule is applied when they are shown, so ticking it on or off redraws without computing again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import LiaisonError, ValidationError
from liaison.services import reporting as rp
from liaison.services import school
from liaison.services.changes import Area
from ui import files, worker
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.widgets import ERROR_STYLE, DateEdit

Index = QModelIndex | QPersistentModelIndex
DARK, LIGHT = QColor(56, 56, 56), QColor(209, 209, 209)


class FiguresModel(QAbstractTableModel):
    """One section's tables as rows: each table's title, then its figures."""

    HEADERS = ("Measure", "This period", "Previous", "Change")

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, rp.Row | None]] = []
        self.suppress = True
        self.headers = list(self.HEADERS)

    def set_section(
        self, section: rp.Section | None, report: rp.Report | None, suppress: bool
    ) -> None:
        self.beginResetModel()
        self.suppress = suppress
        self.items = []
        self.headers = list(self.HEADERS)
        if section is not None and report is not None:
            self.headers[1] = report.period.name
            if report.previous is not None:
                self.headers[2] = report.previous.name
            for table in section.tables:
                self.items.append((table.title, None))
                self.items += [(row.label, row) for row in table.rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def text(self, row: int, column: int) -> str:
        label, figure = self.items[row]
        if column == 0:
            return label
        if figure is None:
            return ""
        if column == 1:
            return rp.shown(figure, "current", self.suppress)
        if column == 2:
            return rp.shown(figure, "previous", self.suppress)
        return rp.change(figure, self.suppress)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        title = self.items[index.row()][1] is None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.FontRole and title:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and title:
            return QBrush(QColor(230, 230, 230))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BarsWidget(QWidget):
    """Horizontal bars for two series (dark, and light outlined), each labelled with its value;
    a value hidden by the small-number rule gets its label and no bar."""

    def __init__(self, accessible: str) -> None:
        super().__init__()
        self.setAccessibleName(accessible)
        self.title = ""
        self.rows: list[rp.Row] = []
        self.series: tuple[str, str | None] = ("", None)
        self.suppress = True
        self.setMinimumWidth(320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(
        self,
        title: str,
        rows: list[rp.Row],
        first: str,
        second: str | None,
        suppress: bool,
    ) -> None:
        self.title, self.rows, self.series, self.suppress = title, rows, (first, second), suppress
        self.setAccessibleDescription(
            f"{title}: " + "; ".join(f"{r.label} {rp.shown(r, 'current', suppress)}" for r in rows)
        )
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def _band(self) -> int:
        return 30 if self.series[1] else 20

    def _height(self) -> int:
        return 56 + self._band() * len(self.rows)

    def sizeHint(self):  # type: ignore[no-untyped-def]
        size = super().sizeHint()
        size.setHeight(self._height())
        return size

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = painter.fontMetrics()
        width = self.width()
        title_font = QFont(painter.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QPen(QColor("black")))
        painter.drawText(8, 18, self.title)
        painter.setFont(QFont(self.font()))
        x = 8
        for name, fill in ((self.series[0], DARK), (self.series[1], LIGHT)):
            if not name:
                continue
            painter.setBrush(fill)
            painter.drawRect(x, 28, 11, 11)
            painter.drawText(x + 16, 38, name)
            x += 30 + metrics.horizontalAdvance(name)
        if not self.rows:
            return
        label_w = min(190, max(metrics.horizontalAdvance(r.label) for r in self.rows) + 14)
        value_w = 90
        bar_space = max(width - label_w - value_w - 8, 10)
        which = [("current", DARK)] + ([("previous", LIGHT)] if self.series[1] else [])
        values = [
            v
            for r in self.rows
            for key, _ in which
            if not rp.hidden(r, key, self.suppress)
            and (v := (r.current if key == "current" else r.previous))
        ]
        scale = bar_space / max(values) if values else 0
        band, top = self._band(), 50
        painter.drawLine(label_w, top, label_w, top + band * len(self.rows))
        bar_h = 10
        for i, row in enumerate(self.rows):
            y0 = top + i * band
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - 12)
            painter.drawText(
                QRectF(0, y0, label_w - 6, band),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            for j, (key, fill) in enumerate(which):
                y = y0 + (band - len(which) * (bar_h + 2)) / 2 + j * (bar_h + 2)
                value = row.current if key == "current" else row.previous
                length = 0.0
                if value and not rp.hidden(row, key, self.suppress):
                    length = max(value * scale, 1.0)
                    painter.setBrush(fill)
                    painter.drawRect(QRectF(label_w, y, length, bar_h))
                painter.drawText(
                    QRectF(label_w + length + 4, y - 3, value_w, bar_h + 6),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    rp.shown(row, key, self.suppress),
                )
        painter.end()


class Tile(QFrame):
    """One headline figure: the number, what it is, and the change on the previous period."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("Tile { background: #f0f0f0; border: 1px solid #888; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.value = QLabel()
        self.value.setStyleSheet("font-size: 20pt; font-weight: 600;")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.delta = QLabel()
        self.delta.setStyleSheet("color: #333; font-size: 8.5pt;")
        for w in (self.value, self.label, self.delta):
            layout.addWidget(w)

    def show_row(self, row: rp.Row, previous: str | None, suppress: bool) -> None:
        value = rp.shown(row, "current", suppress)
        self.value.setText(value)
        self.label.setText(row.label)
        delta = rp.change(row, suppress)
        if previous is None:
            text = ""
        elif delta == rp.NONE:
            text = f"{previous}: {rp.shown(row, 'previous', suppress)}"
        elif delta == "no change":
            text = f"same as {previous}"
        else:
            text = f"{delta} on {previous}"
        self.delta.setText(text)
        self.setAccessibleName(f"{row.label}: {value}. {text}".strip(". "))


class ReportsView(UsesVault, QWidget):
    # What this screen shows: the workspace refreshes it when a write changes these.
    watches = frozenset({Area.SETTINGS})

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.report: rp.Report | None = None
        self.job: worker.Job | None = None
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
        self.pdf_button = QPushButton("Export PDF…")
        self.pdf_button.setAccessibleName("Export PDF")
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.xlsx_button = QPushButton("Export Excel…")
        self.xlsx_button.setAccessibleName("Export Excel workbook")
        self.xlsx_button.clicked.connect(self.choose_xlsx)
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.setAccessibleName("Export CSV files")
        self.csv_button.clicked.connect(self.choose_csv)
        for w in (self.pdf_button, self.xlsx_button, self.csv_button):
            w.setEnabled(False)
            exports.addWidget(w)
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
        ticket, db = self._ticket, self.db
        self.summary.setText(f"Working out the figures for {period.name}…")
        self.show_button.setEnabled(False)
        self.job = worker.run(
            lambda: rp.build(db, period, previous),
            lambda made: self._built(ticket, made),
            lambda exc: self._failed(ticket, exc),
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
        for w in (self.pdf_button, self.xlsx_button, self.csv_button):
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
