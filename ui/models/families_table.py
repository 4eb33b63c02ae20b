"""The families table: a Qt model over FamilyRow values and a proxy that filters as you type."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from liaison.i18n import languages
from liaison.services.families import FamilyFilter, FamilyRow, matches
from liaison.validation import uk_date
from ui.bidi import english_frame
from ui.language_names import names

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ["Ref", "Family", "Pupils (class)", "Languages", "Interpreter", "New arrival", "Needs"]


class FamiliesModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[FamilyRow] = []
        self.sort_column, self.sort_order = 1, Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: list[FamilyRow]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda row: _sort_key(row, self.sort_column))
        if self.sort_order == Qt.SortOrder.DescendingOrder:
            self.rows.reverse()
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python on precomputed keys: Qt's proxy sort would call data() per compare."""
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(
            key=lambda row: _sort_key(row, column),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return row.caregivers
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return ", ".join(languages.describe(code) for code in row.languages)
        if role == Qt.ItemDataRole.ForegroundRole and row.archived:
            from PySide6.QtGui import QColor

            return QColor("#777777")
        return None

    @staticmethod
    def _text(row: FamilyRow, col: int) -> str:
        if col == 0:
            return row.reference
        if col == 1:
            return english_frame(row.title + ("  (archived)" if row.archived else ""))
        if col == 2:
            return english_frame(row.pupils)
        if col == 3:
            return names(row.languages)
        if col == 4:
            return "Yes" if row.interpreter_needed else ""
        if col == 5:
            return uk_date(row.new_arrival_date) if row.new_arrival_date else ""
        return str(row.open_needs) if row.open_needs else ""


def _sort_key(row: FamilyRow, column: int) -> Any:
    if column == 0:
        return row.reference
    if column == 1:
        return (row.sort_key, row.reference)
    if column == 2:
        return row.pupils.casefold()
    if column == 3:
        return names(row.languages)
    if column == 4:
        return (row.interpreter_needed, row.sort_key)
    if column == 5:
        return (row.new_arrival_date or dt.date.min, row.sort_key)
    return (row.open_needs, row.sort_key)


class FamiliesProxy(QSortFilterProxyModel):
    """Filters with the same rules as the service (`families.matches`), in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.flt = FamilyFilter()
        self.today = dt.date.today()
        # Sorting happens in the source model; the proxy only filters, keeping source order.
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None and column >= 0:
            source.sort(column, order)

    def set_filter(self, flt: FamilyFilter, today: dt.date) -> None:
        self.beginFilterChange()
        self.flt, self.today = flt, today
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, FamiliesModel)
        return matches(model.rows[source_row], self.flt, self.today)

    def row_at(self, proxy_row: int) -> FamilyRow:
        model = self.sourceModel()
        assert isinstance(model, FamiliesModel)
        return model.rows[self.mapToSource(self.index(proxy_row, 0)).row()]
