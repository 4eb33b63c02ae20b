"""The unlocked workspace: navigation between areas, and the global search box (Ctrl+F)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.services import families as fam
from liaison.services import search
from liaison.services.changes import Area
from ui.bidi import english_frame, isolate
from ui.messages import Messages
from ui.vault import Vault
from ui.views.families_view import FamiliesView
from ui.views.today_view import TodayView

if TYPE_CHECKING:
    from ui.views.bookbag_view import BookbagView
    from ui.views.events_view import EventsView
    from ui.views.interpreters_view import InterpretersView
    from ui.views.parent_voice import ParentVoiceView
    from ui.views.referrals_view import ReferralsView
    from ui.views.reports_view import ReportsView
    from ui.views.templates_view import TemplatesView


class SearchBox(QWidget):
    """Full-text search over names in any script, transliterations and notes."""

    def __init__(self, vault: Vault, open_family) -> None:
        super().__init__()
        self.vault, self.open_family = vault, open_family
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Search names (any script) and notes…  Ctrl+F")
        self.edit.setAccessibleName("Search families")
        self.edit.setClearButtonEnabled(True)
        layout.addWidget(self.edit)
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setVisible(False)
        self.results.setMaximumHeight(260)
        layout.addWidget(self.results)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.run)
        self.edit.textChanged.connect(lambda _: self.timer.start())
        self.edit.returnPressed.connect(self.open_first)
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)

    def run(self) -> None:
        text = self.edit.text().strip()
        if not text or not self.vault.is_open:
            self.results.clear()
            self.results.setVisible(False)
            return
        # Off the GUI thread; a search overtaken by more typing is dropped.
        self.vault.ops.query(
            lambda db: search.search(db, text, limit=30), self._show, parent=self, key="search"
        )

    def _show(self, hits: list[search.SearchHit]) -> None:
        self.results.clear()
        for hit in hits:
            label = english_frame(f"{hit.reference}  {hit.title}")
            if hit.snippet:
                label += f"\n      {hit.kind}: {isolate(hit.snippet)}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, hit.family_id)
            self.results.addItem(item)
        if not hits:
            self.results.addItem(QListWidgetItem("No family matches"))
        self.results.setVisible(True)

    def open_first(self) -> None:
        """Enter: open the best match for what is typed now (searching first if needed)."""
        self.timer.stop()
        text = self.edit.text().strip()
        if not text or not self.vault.is_open:
            return

        def opened(hits: list[search.SearchHit]) -> None:
            self._show(hits)
            if hits:
                self.results.setVisible(False)
                self.open_family(hits[0].family_id)

        self.vault.ops.query(
            lambda db: search.search(db, text, limit=30), opened, parent=self, key="search"
        )

    def _open_item(self, item: QListWidgetItem) -> None:
        family_id = item.data(Qt.ItemDataRole.UserRole)
        if family_id is not None:
            self.results.setVisible(False)
            self.open_family(int(family_id))

    def clear(self) -> None:
        self.edit.clear()
        self.results.clear()
        self.results.setVisible(False)


class Workspace(QWidget):
    settings_saved = Signal()

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        side = QVBoxLayout()
        self.nav = QListWidget()
        self.nav.setAccessibleName("Areas")
        self.nav.setMaximumWidth(170)
        self.nav.setIconSize(QSize(0, 0))
        side.addWidget(self.nav, 1)
        self.school_label = QLabel()
        self.school_label.setWordWrap(True)
        self.school_label.setMaximumWidth(170)
        side.addWidget(self.school_label)
        layout.addLayout(side)
        right = QVBoxLayout()
        self.search = SearchBox(vault, self.open_family)
        right.addWidget(self.search)
        self.areas = QStackedWidget()
        right.addWidget(self.areas, 1)
        layout.addLayout(right, 1)
        self.families = FamiliesView(vault, messages)
        self.today = TodayView(vault, messages, self.open_family)
        self._areas: dict[str, QWidget] = {}
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self.add_area("Today", self.today)
        self.add_area("Families", self.families)
        # The other areas are built the first time they are shown: a faster start.
        for name, factory in (
            ("Events", self._make_events),
            ("Interpreters", self._make_interpreters),
            ("Referrals", self._make_referrals),
            ("Book-bag letters", self._make_bookbag),
            ("Letter templates", self._make_templates),
            ("Parent voice", self._make_parent_voice),
            ("Reports", self._make_reports),
            ("Privacy", self._make_privacy),
        ):
            self._lazy(name, factory)
        self.nav.currentRowChanged.connect(self._nav_changed)
        # Screens refresh when a write changed what they show (any write, from any screen,
        # dialog or background job): the one in view at once, the others when next shown.
        self._stale: set[QWidget] = set()
        # Queued, also for writes made on this thread: a screen is never reloaded in the middle
        # of the very click that saved (a reset model under a selection change crashes Qt).
        vault.ops.changed.connect(self._changed, Qt.ConnectionType.QueuedConnection)

    def add_area(self, name: str, widget: QWidget) -> None:
        self._areas[name] = widget
        self.areas.addWidget(widget)
        self.nav.addItem(name)

    def _lazy(self, name: str, factory: Callable[[], QWidget]) -> None:
        placeholder = QWidget()
        self._areas[name] = placeholder
        self._factories[name] = factory
        self.areas.addWidget(placeholder)
        self.nav.addItem(name)

    def area(self, name: str) -> QWidget:
        """The area's widget, built on first use."""
        factory = self._factories.pop(name, None)
        if factory is not None:
            placeholder = self._areas[name]
            widget = factory()
            index = self.areas.indexOf(placeholder)
            self.areas.insertWidget(index, widget)
            self.areas.removeWidget(placeholder)
            placeholder.deleteLater()
            self._areas[name] = widget
        return self._areas[name]

    # Built the first time they are shown or asked for.
    @property
    def events(self) -> EventsView:
        return self.area("Events")

    @property
    def interpreters(self) -> InterpretersView:
        return self.area("Interpreters")

    @property
    def referrals(self) -> ReferralsView:
        return self.area("Referrals")

    @property
    def bookbag(self) -> BookbagView:
        return self.area("Book-bag letters")

    @property
    def templates(self) -> TemplatesView:
        return self.area("Letter templates")

    @property
    def parent_voice(self) -> ParentVoiceView:
        return self.area("Parent voice")

    @property
    def reports(self) -> ReportsView:
        return self.area("Reports")

    def _make_events(self) -> QWidget:
        from ui.views.events_view import EventsView

        return EventsView(self.vault, self.messages)

    def _make_interpreters(self) -> QWidget:
        from ui.views.interpreters_view import InterpretersView

        return InterpretersView(self.vault, self.messages, self.open_family)

    def _make_referrals(self) -> QWidget:
        from ui.views.referrals_view import ReferralsView

        return ReferralsView(self.vault, self.messages, self.open_family)

    def _make_bookbag(self) -> QWidget:
        from ui.views.bookbag_view import BookbagView

        return BookbagView(self.vault, self.messages)

    def _make_templates(self) -> QWidget:
        from ui.views.templates_view import TemplatesView

        return TemplatesView(self.vault, self.messages)

    def _make_parent_voice(self) -> QWidget:
        from ui.views.parent_voice import ParentVoiceView

        return ParentVoiceView(self.vault, self.messages)

    def _make_privacy(self) -> QWidget:
        from ui.views.privacy_view import PrivacyView

        return PrivacyView(self.vault, self.messages)

    def _make_reports(self) -> QWidget:
        from ui.views.reports_view import ReportsView

        return ReportsView(self.vault, self.messages)

    def area_names(self) -> list[str]:
        return list(self._areas)

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        name = self.nav.item(row).text()
        built = name not in self._factories
        widget = self.area(name)
        self.areas.setCurrentWidget(widget)
        # Today depends on the date as well as the records: it is worked out whenever shown.
        if not built or widget in self._stale or widget is self.today:
            self._refresh(widget)

    def _refresh(self, widget: QWidget) -> None:
        self._stale.discard(widget)
        refresh = getattr(widget, "refresh", None)
        if refresh is not None and self.vault.is_open:
            refresh()

    def _changed(self, areas: frozenset[Area]) -> None:
        if not self.vault.is_open:
            return
        if Area.FAMILIES in areas:
            self.families.reload()
        elif self.families.page.family_id is not None:
            self.families.page.refresh()  # a meeting, booking or letter on the open family
        for name, widget in self._areas.items():
            if name in self._factories or widget is self.families:
                continue  # not built yet (it loads when first shown), or reloaded above
            if not getattr(widget, "watches", frozenset(Area)) & areas:
                continue
            if widget is self.areas.currentWidget():
                self._refresh(widget)
            else:
                self._stale.add(widget)

    def show_area(self, name: str) -> None:
        self.nav.setCurrentRow(self.area_names().index(name))

    def current_area(self) -> str:
        item = self.nav.currentItem()
        return item.text() if item else "Today"

    # -- state across locks ------------------------------------------------------------------
    def load(self, state: dict[str, object]) -> None:
        from liaison.services import school

        self.school_label.setText(school.get_school(self.vault.db).name)
        self._stale = {w for n, w in self._areas.items() if n not in self._factories}
        self.families.reload()
        area = str(state.get("area", "Today"))
        row = self.area_names().index(area)
        if self.nav.currentRow() == row:
            self._nav_changed(row)  # already shown: refresh it, as navigating would
        else:
            self.show_area(area)
        family_id = state.get("family_id")
        if isinstance(family_id, int):
            self.families.open_family(family_id)
        tab = state.get("family_tab")
        if isinstance(tab, int):
            self.families.page.tabs.setCurrentIndex(tab)

    def save_state(self) -> dict[str, object]:
        return {
            "area": self.current_area(),
            "family_id": self.families.page.family_id,
            "family_tab": self.families.page.tabs.currentIndex(),
        }

    def clear(self) -> None:
        """Forget every record shown (called when locking)."""
        self.search.clear()
        self.families.clear()
        self.today.clear()
        for name, area in self._areas.items():
            if name not in self._factories and area not in (self.today, self.families):
                area.clear()
        self.school_label.clear()

    def may_leave(self) -> bool:
        return self.families.page.may_leave()

    # -- actions -------------------------------------------------------------------------------
    def open_family(self, family_id: int) -> None:
        self.show_area("Families")
        self.families.open_family(family_id)

    def focus_search(self) -> None:
        self.search.edit.setFocus()
        self.search.edit.selectAll()

    def new_family(self) -> None:
        from ui.views.family.form import FamilyDialog

        dialog = FamilyDialog(self.vault, fam.FamilyDraft(), self.messages, self)
        dialog.accepted.connect(lambda: self._created(dialog.saved_id))
        dialog.open()
        self.dialog = dialog

    def _created(self, family_id: int | None) -> None:
        # The lists have refreshed themselves (the write said it changed families).
        if family_id is not None:
            self.open_family(family_id)

    def intake(self) -> None:
        from ui.views.family.intake import IntakeDialog

        dialog = IntakeDialog(self.vault, self.messages, self)
        dialog.accepted.connect(lambda: self._created(dialog.saved_id))
        dialog.open()
        self.dialog = dialog

    def import_from_mis(self) -> None:
        from ui.views.import_wizard import ImportWizard

        dialog = ImportWizard(self.vault, self.messages, self)
        dialog.accepted.connect(lambda: self._created(None))
        dialog.open()
        self.dialog = dialog

    def read_scans(self, path: Path | None = None) -> None:
        """A scan of returned slips and questionnaire pages, chosen in the native dialog."""
        from ui.files import ask_open
        from ui.views.scans_review import SCAN_FILTER, ScanReviewDialog

        if path is None:
            path = ask_open(self, self.vault.db, "Read scanned replies", SCAN_FILTER)
        if path is None:
            return
        dialog = ScanReviewDialog(self.vault, self.messages, path, self)
        dialog.open()
        dialog.start()
        self.dialog = dialog

    def import_attendance(self) -> None:
        from ui.views.dialogs.attendance_import import AttendanceImportDialog

        # Screens showing attendance refresh themselves: the import says it changed attendance.
        dialog = AttendanceImportDialog(self.vault, self.messages, self)
        dialog.open()
        self.dialog = dialog

    def open_settings(self) -> None:
        from ui.views.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.vault, self.messages, self)
        dialog.accepted.connect(lambda: self.load(self.save_state()))
        dialog.accepted.connect(self.settings_saved.emit)
        dialog.open()
        self.dialog = dialog
