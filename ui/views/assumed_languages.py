"""Review letter languages assumed from the pupils: grouped by language, confirm one family or a
whole group at once. Confirming records the letter language (the officer's act); it never
replaces a language typed meanwhile (liaison.services.presumed_review)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison.i18n import languages
from liaison.services.letters import assumed as presumed_review
from ui import mnemonics

ROLE = Qt.ItemDataRole.UserRole


class AssumedLanguagesDialog(QDialog):
    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Letter languages assumed from the pupils")
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Language / family", "Caregiver", "Why"])
        self.tree.setAccessibleName("Families by assumed letter language")
        layout.addWidget(self.tree)
        buttons = QHBoxLayout()
        self.confirm_selected = QPushButton("Confirm selected families")
        self.confirm_group = QPushButton("Confirm the whole language")
        self.done = QLabel()
        close = QPushButton("Close")
        for w in (self.confirm_selected, self.confirm_group):
            buttons.addWidget(w)
        buttons.addWidget(self.done, 1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.confirm_selected.clicked.connect(self._confirm_selected)
        self.confirm_group.clicked.connect(self._confirm_group)
        close.clicked.connect(self.accept)
        self.reload()
        mnemonics.assign(self)

    def reload(self) -> None:
        self.tree.clear()
        groups = presumed_review.by_language(presumed_review.assumed_families(self.db))
        total = sum(len(g) for g in groups.values())
        self.intro.setText(
            f"{total} families have no language recorded for the caregiver; their letters go in "
            "the language their pupils' first language points to. Check with each family, then "
            "confirm (it is recorded as the caregiver's letter language)."
        )
        for code, group in groups.items():
            head = QTreeWidgetItem([f"{languages.describe(code)}: {len(group)}", "", ""])
            head.setData(0, ROLE, ("group", code))
            for a in group:
                child = QTreeWidgetItem([a.reference, a.caregiver_name, a.reason])
                child.setData(0, ROLE, ("family", a.caregiver_id, code))
                head.addChild(child)
            self.tree.addTopLevelItem(head)
            head.setExpanded(True)
        self.tree.resizeColumnToContents(0)

    def _confirm(self, pairs: list[tuple[int, str]]) -> None:
        done = 0
        for code in {c for _, c in pairs}:
            done += presumed_review.confirm(self.db, [i for i, c in pairs if c == code], code)
        self.done.setText(f"Confirmed {done} families.")
        self.reload()

    def _confirm_selected(self) -> None:
        pairs = []
        for item in self.tree.selectedItems():
            data = item.data(0, ROLE)
            if data and data[0] == "family":
                pairs.append((data[1], data[2]))
        self._confirm(pairs)

    def _confirm_group(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        head = item if item.parent() is None else item.parent()
        pairs = [
            (head.child(i).data(0, ROLE)[1], head.child(i).data(0, ROLE)[2])
            for i in range(head.childCount())
        ]
        self._confirm(pairs)
