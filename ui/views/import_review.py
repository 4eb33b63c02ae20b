"""The import's review table: one line per proposed family, with what would happen and why;
the first column's box leaves a family out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from liaison.services.mis_import.plan import SKIP, UNCHANGED, FamilyPlan, ImportPlan
from ui.bidi import english_frame

Index = QModelIndex | QPersistentModelIndex
ACTION_LABELS = {
    "create": "New family",
    "update": "Update",
    "unchanged": "No change",
    "skip": "Left out",
}
PUPIL_LABELS = {
    "create": "new",
    "update": "updated",
    "unchanged": "no change",
    "left": "marked as left",
    "skip": "left out",
}


class ReviewModel(QAbstractTableModel):
    """One line per proposed family; the first column's box leaves a family out."""

    COLUMNS = ("Import", "Action", "Reference", "Family", "Pupils", "Why")

    def __init__(self) -> None:
        super().__init__()
        self.families: list[FamilyPlan] = []
        self.left_out: set[str] = set()
        self._text: list[tuple[str, ...]] = []

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self.families = [] if plan is None else plan.families
        self._text = [self._row(f) for f in self.families]
        self.endResetModel()

    @staticmethod
    def _row(f: FamilyPlan) -> tuple[str, ...]:
        pupils = "; ".join(
            f"{p.name} ({PUPIL_LABELS.get(p.action, p.action)}"
            + (f": {', '.join(p.reasons)}" if p.reasons and p.action != "create" else "")
            + ")"
            for p in f.pupils
        )
        why = list(f.reasons)
        if f.caregivers_added:
            why.append("adds " + ", ".join(f.caregivers_added))
        if f.caregivers_updated:
            why.append("updates " + "; ".join(f.caregivers_updated))
        return (
            "",
            ACTION_LABELS.get(f.action, f.action),
            f.reference or "new",
            english_frame(f.title),
            english_frame(pupils),
            english_frame("; ".join(why)),
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.families)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        family = self.families[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            if family.action in (UNCHANGED, SKIP):
                return None
            left_out = family.key in self.left_out
            return Qt.CheckState.Unchecked if left_out else Qt.CheckState.Checked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text[index.row()][index.column()]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.families[index.row()].action not in (UNCHANGED, SKIP):
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        key = self.families[index.row()].key
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.left_out.discard(key)
        else:
            self.left_out.add(key)
        self.dataChanged.emit(index, index)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None
