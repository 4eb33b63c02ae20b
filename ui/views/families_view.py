"""The families workspace: a fast filtered table on the left, the family page on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liaison.i18n import languages
from liaison.services import families as fam
from ui.messages import Messages
from ui.models.families_table import FamiliesModel, FamiliesProxy
from ui.vault import UsesVault, Vault
from ui.views.family.page import FamilyPage
from ui.views.family.person_editors import YEAR_LABELS

# Ref, Family, Pupils (class), Languages, Interpreter, New arrival, Needs
COLUMN_WIDTHS = (66, 214, 180, 116, 80, 90, 50)
SHOWN_COLUMNS = 4  # the columns the default split keeps in view


class FamiliesView(UsesVault, QWidget):
    family_opened = Signal(int)

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        filters = QHBoxLayout()
        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText("Filter by name, reference, class or language…")
        self.filter_text.setAccessibleName("Filter families")
        self.filter_text.setClearButtonEnabled(True)
        filters.addWidget(self.filter_text, 3)
        self.class_combo = QComboBox()
        self.class_combo.setAccessibleName("Filter by class")
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("Filter by year group")
        self.year_combo.addItem("All years", None)
        for value, label in YEAR_LABELS:
            self.year_combo.addItem(label, value)
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName("Filter by language")
        self.interpreter = QCheckBox("Interpreter")
        self.new_arrivals = QCheckBox("New arrivals")
        self.open_needs = QCheckBox("Open needs")
        self.archived = QCheckBox("Archived too")
        for w in (self.class_combo, self.year_combo, self.language_combo):
            filters.addWidget(w, 1)
        for box in (self.interpreter, self.new_arrivals, self.open_needs, self.archived):
            box.setAccessibleName(f"Only {box.text().lower()}")
            filters.addWidget(box)
        layout.addLayout(filters)

        self.model = FamiliesModel()
        self.proxy = FamiliesProxy()
        self.proxy.setSourceModel(self.model)
        self.table = self._make_table()
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of families shown")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.count_label)
        self.page = FamilyPage(vault, messages)
        from ui.views.family.casework_tabs import FriendlyFacesTab, MeetingsTab
        from ui.views.family.support_tab import SupportTab

        self.page.add_tab(MeetingsTab(vault, messages), "Meetings")
        self.page.add_tab(
            SupportTab(vault, messages), "Support", "Interpreter bookings and referrals"
        )
        from ui.views.family.letters_tab import LettersTab

        self.page.add_tab(LettersTab(vault, messages), "Letters")
        self.page.add_tab(FriendlyFacesTab(vault, messages), "Faces", "Friendly Faces")
        # Deferred: a change can come from inside a selection signal (saving a note on the way
        # to another family); resetting the model there would pull the rug from under Qt.
        self.page.changed.connect(lambda: QTimer.singleShot(0, self.reload))
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.page)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        self._split_done = False
        QWidget.setTabOrder(self.table, self.page.tabs)

        self.filter_text.textChanged.connect(self.apply_filter)
        for combo in (self.class_combo, self.year_combo, self.language_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        for box in (self.interpreter, self.new_arrivals, self.open_needs, self.archived):
            box.toggled.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        # Double-click or Enter opens the family's page (Edit is a button on it).
        self.table.doubleClicked.connect(lambda _: self.focus_page())
        self.table.activated.connect(lambda _: self.focus_page())

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName("Families")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(24)
        table.setWordWrap(False)
        # Tab leaves the table for the family page; the arrow keys move between families. Tab
        # moving cell by cell wrapped to the next row and silently opened another family.
        table.setTabKeyNavigation(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            table.setColumnWidth(column, width)
        table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        return table

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._split_done and self.splitter.width() > 0:
            self._split_done = True
            self.split_for_screen()

    def split_for_screen(self) -> None:
        """Give the table room for reference, family, pupils and languages, the page the rest."""
        table = sum(self.table.columnWidth(c) for c in range(SHOWN_COLUMNS))
        table += self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth()
        total = self.splitter.width() - self.splitter.handleWidth()
        self.splitter.setSizes([table, max(total - table, 1)])

    def focus_page(self) -> None:
        if self.page.family_id is not None:
            self.page.tabs.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Load every family once; filtering then happens in memory, per keystroke."""
        if not self.vault.is_open:
            return
        current = self.page.family_id
        rows = fam.list_families(self.db, fam.FamilyFilter(include_archived=True))
        self.model.set_rows(rows)
        self._fill_combos(rows)
        self.apply_filter()
        if current is not None:
            self.select_family(current)
        # The filter's folded names are made once the list is on screen, before the first
        # keystroke needs them (the list itself reads only what the table shows).
        QTimer.singleShot(0, lambda: [row.filter_text for row in rows])

    def clear(self) -> None:
        self.model.clear()
        self.page.clear()

    def _fill_combos(self, rows: list[fam.FamilyRow]) -> None:
        chosen_class = self.class_combo.currentData()
        chosen_lang = self.language_combo.currentData()
        classes = sorted({c for r in rows for c in r.classes})
        langs = sorted({code for r in rows for code in r.languages})
        for combo, first, items in (
            (self.class_combo, "All classes", [(c, c) for c in classes]),
            (self.language_combo, "All languages", [(languages.describe(c), c) for c in langs]),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for label, value in items:
                combo.addItem(label, value)
            combo.blockSignals(False)
        self.class_combo.setCurrentIndex(max(0, self.class_combo.findData(chosen_class)))
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(chosen_lang)))

    def current_filter(self) -> fam.FamilyFilter:
        year = self.year_combo.currentData()
        klass = self.class_combo.currentData()
        return fam.FamilyFilter(
            text=self.filter_text.text(),
            class_names=(klass,) if klass else (),
            year_groups=(year,) if year is not None else (),
            language=self.language_combo.currentData(),
            interpreter_needed=self.interpreter.isChecked(),
            new_arrivals=self.new_arrivals.isChecked(),
            open_needs=self.open_needs.isChecked(),
            include_archived=self.archived.isChecked(),
        )

    def apply_filter(self) -> None:
        self.proxy.set_filter(self.current_filter(), self.db.clock.today())
        shown, total = self.proxy.rowCount(), sum(1 for r in self.model.rows if not r.archived)
        self.count_label.setText(f"{shown} of {total} families")

    # -- selection ---------------------------------------------------------------------------
    def _row_changed(self, current, previous) -> None:
        if not current.isValid():
            return
        row = self.proxy.row_at(current.row())
        if row.id == self.page.family_id:
            return
        if not self.page.may_leave():
            # Stay on the family with unsaved work (after this signal, not inside it).
            QTimer.singleShot(0, lambda: self.select_family(self.page.family_id))
            return
        self.page.show_family(row.id)
        self.family_opened.emit(row.id)

    def select_family(self, family_id: int | None) -> bool:
        if family_id is None:
            return False
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).id == family_id:
                index = self.proxy.index(r, 0)
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(index)
                return True
        return False

    def open_family(self, family_id: int) -> None:
        """Show a family even if the filters hide it (from search or Today). The filters are
        cleared only as far as needed; "Archived too" is ticked only for an archived family."""
        if self.select_family(family_id):
            return
        self.filter_text.clear()
        for combo in (self.class_combo, self.year_combo, self.language_combo):
            combo.setCurrentIndex(0)
        for box in (self.interpreter, self.new_arrivals, self.open_needs):
            box.setChecked(False)
        if self.select_family(family_id):
            return
        if any(r.id == family_id and r.archived for r in self.model.rows):
            self.archived.setChecked(True)
        if not self.select_family(family_id):
            self.page.show_family(family_id)
