"""Results on screen: who came back by language (or year), then each question's counts and
shares, overall, by home language or by year group, small numbers hidden as in the termly
report; the written answers in a separate list, for the officer only."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison.services import parent_voice as pv
from ui.bidi import isolate
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.widgets import refill


class ResultsTab(UsesVault, QWidget):
    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.questionnaire = QComboBox()
        self.questionnaire.setAccessibleName("Questionnaire")
        self.run = QComboBox()
        self.run.setAccessibleName("Sending")
        self.by = QComboBox()
        self.by.setAccessibleName("Break down by")
        for label, value in (
            ("All", "overall"),
            ("Home language", "language"),
            ("Year group", "year"),
        ):
            self.by.addItem(label, value)
        self.hide_small = QCheckBox("Hide small numbers (1 to 4)")
        self.hide_small.setChecked(True)
        for label, widget in (
            ("Questionnaire", self.questionnaire),
            ("Sending", self.run),
            ("By", self.by),
        ):
            top.addWidget(QLabel(label))
            top.addWidget(widget, 1 if widget is not self.by else 0)
        top.addWidget(self.hide_small)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setAccessibleName("Results summary")
        layout.addWidget(self.summary)
        split = QSplitter()
        self.table = QTableWidget(0, 0)
        self.table.setAccessibleName("Results per question")
        self.table.verticalHeader().setVisible(False)
        split.addWidget(self.table)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("Written answers (for you only: never in figures or reports)"))
        self.written = QListWidget()
        self.written.setAccessibleName("Written answers")
        self.written.setWordWrap(True)
        side_layout.addWidget(self.written)
        split.addWidget(side)
        split.setSizes([700, 300])
        layout.addWidget(split, 1)
        self.questionnaire.currentIndexChanged.connect(lambda _: self._runs())
        for widget in (self.run, self.by):
            widget.currentIndexChanged.connect(lambda _: self.show_results())
        self.hide_small.toggled.connect(lambda _: self.show_results())

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.written.clear()
        self.questionnaire.clear()

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        refill(self.questionnaire, [(q.title, q.key) for q in pv.list_questionnaires(self.db)])
        self._runs()

    def _runs(self) -> None:
        key = self.questionnaire.currentData()
        runs = [(run.label(), run.id) for run in pv.list_runs(self.db, key)]
        refill(self.run, [("Every sending", None), *runs])
        self.show_results()

    def show_results(self) -> None:
        key = self.questionnaire.currentData()
        if key is None or not self.vault.is_open:
            return
        run_id = self.run.currentData()
        runs = None if run_id is None else [run_id]
        suppress, by = self.hide_small.isChecked(), self.by.currentData()
        found = pv.results_for(self.db, key, run_ids=runs)
        self.summary.setText(
            f"{found.title}: {found.returned} of {found.sent} came back."
            + (" Small numbers are hidden, as in the termly report." if suppress else "")
        )
        grids = [
            pv.response_rows(found, by="year" if by == "year" else "language", suppress=suppress)
        ]
        grids += [pv.present(q, by=by, suppress=suppress) for q in found.questions]
        self._fill(grids)
        self.written.clear()
        for w in pv.written_answers(self.db, key, run_ids=runs):
            self.written.addItem(
                f"{w.family_ref} {w.pupil} ({w.language}, {w.sent_on:%d/%m/%Y})\n"
                f"{w.question}\n{isolate(w.text)}"
            )

    def _fill(self, grids) -> None:
        width = max(len(g.columns) for g in grids)
        rows = sum(len(g.rows) + 2 for g in grids)
        self.table.clear()
        self.table.clearSpans()  # titles of an earlier fill would span these rows
        self.table.setColumnCount(width)
        self.table.setRowCount(rows)
        self.table.horizontalHeader().setVisible(False)
        bold = QFont()
        bold.setBold(True)
        n = 0
        for grid in grids:
            title = QTableWidgetItem(grid.title)
            title.setFont(bold)
            self.table.setItem(n, 0, title)
            self.table.setSpan(n, 0, 1, width)
            n += 1
            for column, name in enumerate(grid.columns):
                head = QTableWidgetItem(name)
                head.setFont(bold)
                self.table.setItem(n, column, head)
            n += 1
            for row in grid.rows:
                for column, value in enumerate(row):
                    self.table.setItem(n, column, QTableWidgetItem(str(value)))
                n += 1
        self.table.setRowCount(n)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
