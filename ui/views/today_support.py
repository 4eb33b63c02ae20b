"""Support first, on Today: the families to reach about attendance, each with one button that
opens an attendance support meeting ready to book (services.attendance.support holds the rule).

The panel looks after itself: it reads off the GUI thread through the operation layer when
Today is shown, when its Refresh is pressed and when a write changes casework, families or
attendance; it forgets everything when Liaison locks. It hides when nobody needs it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison.services import attendance
from liaison.services.changes import Area
from ui.bidi import english_frame
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.attendance_meeting import open_support_meeting

FAMILY_ROLE = Qt.ItemDataRole.UserRole
_WATCHED = {Area.CASEWORK, Area.FAMILIES, Area.ATTENDANCE, Area.SETTINGS}


class SupportFirstPanel(UsesVault, QGroupBox):
    def __init__(
        self,
        vault: Vault,
        messages: Messages,
        open_family: Callable[[int], None],
        host: QWidget,
    ) -> None:
        super().__init__("Support first: attendance")
        self.vault, self.messages, self.open_family = vault, messages, open_family
        self.host = host
        self.lines: list[attendance.SupportLine] = []
        self.setAccessibleName("Support first: attendance")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Family", "Children at 90% or below", ""])
        self.table.setAccessibleName("Families to support about attendance")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Rows as tall as their wrapped text, following the column as the window resizes.
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 240)
        self.table.setColumnWidth(2, 210)
        self.table.setMaximumHeight(230)
        self.table.itemDoubleClicked.connect(self._open)
        layout.addWidget(self.table)
        self.dialog: QWidget | None = None
        self.setVisible(False)
        host.installEventFilter(self)
        vault.locked.connect(self.clear)
        vault.ops.changed.connect(self._changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Show:
            self.refresh()
        return False

    def _changed(self, areas: frozenset[Area]) -> None:
        if areas & _WATCHED and self.host.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        self.vault.ops.query(
            lambda db: attendance.support_first(db), self.show_lines, parent=self, key="support"
        )

    def clear(self) -> None:
        self.lines = []
        self.table.setRowCount(0)
        self.summary.clear()
        self.setVisible(False)

    def show_lines(self, lines: list[attendance.SupportLine]) -> None:
        self.lines = lines
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            family = QTableWidgetItem(english_frame(f"{line.reference}  {line.family}"))
            family.setData(FAMILY_ROLE, line.family_id)
            self.table.setItem(row, 0, family)
            text = english_frame(line.text)  # names in their own script stay in place
            what = QTableWidgetItem(text)
            what.setToolTip(text)
            self.table.setItem(row, 1, what)
            book = QPushButton("Book support meeting…")
            book.setAccessibleName(f"Book an attendance support meeting with {line.reference}")
            book.clicked.connect(lambda _=False, f=line.family_id: self.book(f))
            self.table.setCellWidget(row, 2, book)
        n = len(lines)
        self.summary.setText(
            f"{n} {'family has' if n == 1 else 'families have'} a child newly persistently or "
            "severely absent at the latest attendance snapshot, and no contact recently. "
            "Double-click a family to open it."
        )
        self.setVisible(bool(lines))

    def _open(self, item: QTableWidgetItem) -> None:
        family = self.table.item(item.row(), 0)
        if family is not None:
            self.open_family(int(family.data(FAMILY_ROLE)))

    def book(self, family_id: int) -> None:
        dialog = open_support_meeting(self.vault, self.messages, family_id, self)
        dialog.accepted.connect(self.refresh)
        self.dialog = dialog
