"""Which column of a CSV export holds each field: a choice per field beside the file's first rows.

One page for both CSV imports (families from the MIS, attendance figures): each had its own copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
NOT_IN_FILE = "(not in the file)"
SAMPLE_ROWS = 50


class Field(Protocol):
    key: str
    label: str
    required: bool


class SampleModel(QAbstractTableModel):
    """The first rows of a CSV file, as they are, under its own headers."""

    def __init__(self, headers: list[str], rows: list[list[str]]) -> None:
        super().__init__()
        self.headers, self.rows = headers, rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            row = self.rows[index.row()]
            return row[index.column()] if index.column() < len(row) else ""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return str(section + 1)


class ColumnMapping(QWidget):
    """A few words about the file, a column to choose for each field (* where one is needed),
    and the file's first rows to choose by."""

    def __init__(self, fields: Sequence[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        split = QSplitter()
        scroll = QScrollArea()  # a dozen fields and more: the form scrolls on a short screen
        scroll.setWidgetResizable(True)
        holder = QWidget()
        form = QFormLayout(holder)
        self.combos: dict[str, QComboBox] = {}
        for field in fields:
            combo = QComboBox()
            combo.setAccessibleName(f"Column for {field.label}")
            combo.setMinimumContentsLength(18)
            self.combos[field.key] = combo
            form.addRow(field.label + (" *" if field.required else ""), combo)
        scroll.setWidget(holder)
        split.addWidget(scroll)
        self.sample = QTableView()
        self.sample.setAccessibleName("First rows of the file")
        self.sample.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        split.addWidget(self.sample)
        split.setSizes([420, 740])
        layout.addWidget(split, 1)
        self.sample_model = SampleModel([], [])

    def show_file(
        self,
        headers: list[str],
        rows: Iterable[list[str]],
        guessed: Mapping[str, str],
        intro: str,
    ) -> None:
        """Offer the file's headers for every field, the guessed (or remembered) one chosen."""
        for key, combo in self.combos.items():
            combo.clear()
            combo.addItem(NOT_IN_FILE, None)
            for header in headers:
                combo.addItem(header, header)
            found = combo.findData(guessed[key]) if key in guessed else 0
            combo.setCurrentIndex(max(found, 0))
        self.sample_model = SampleModel(headers, list(islice(rows, SAMPLE_ROWS)))
        self.sample.setModel(self.sample_model)
        self.sample.resizeColumnsToContents()
        self.intro.setText(intro)

    def mapping(self) -> dict[str, str]:
        """The column chosen for each field that has one."""
        return {k: c.currentData() for k, c in self.combos.items() if c.currentData()}
