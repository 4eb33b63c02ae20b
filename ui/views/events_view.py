"""Engagement events: create one, invite families by class, year or language, take the register."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from liaison.clock import LONDON
from liaison.errors import LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.models.enums import EventKind
from liaison.services import families as fam
from liaison.services.casework import events
from liaison.services.changes import Area
from ui.messages import Messages
from ui.models.tables import fill, selected_id, table
from ui.vault import UsesVault, Vault
from ui.views.family.person_editors import YEAR_LABELS
from ui.views.widgets import ERROR_STYLE, DateEdit


class EventsView(UsesVault, QWidget):
    # What this screen shows: the workspace refreshes it when a write changes these.
    watches = frozenset({Area.CASEWORK, Area.FAMILIES})

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.event_id: int | None = None
        outer = QHBoxLayout(self)
        splitter = QSplitter()
        outer.addWidget(splitter)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        self.list = table(["When", "Event", "Invited", "Came"], "Events")
        self.list.itemSelectionChanged.connect(self._selected)
        left_layout.addWidget(self.list, 1)
        new = QGroupBox("New event")
        form = QFormLayout(new)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of event")
        for kind in EventKind:
            self.kind.addItem(kind.label, kind)
        self.title = QLineEdit()
        self.title.setAccessibleName("Event title")
        self.date = DateEdit("Event date")
        self.start = QTimeEdit(QTime(9, 0))
        self.start.setDisplayFormat("HH:mm")
        self.start.setAccessibleName("Event start")
        self.end = QTimeEdit(QTime(10, 0))
        self.end.setDisplayFormat("HH:mm")
        self.end.setAccessibleName("Event end")
        self.place = QLineEdit()
        self.place.setAccessibleName("Event place")
        times = QHBoxLayout()
        for w in (self.date, self.start, QLabel("to"), self.end):
            times.addWidget(w)
        form.addRow("Kind", self.kind)
        form.addRow("Title", self.title)
        form.addRow("When", times)
        form.addRow("Place", self.place)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form.addRow(self.error)
        create = QPushButton("&Create event")
        create.clicked.connect(self.create_event)
        form.addRow(create)
        left_layout.addWidget(new)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        self.heading = QLabel("Choose an event")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        right_layout.addWidget(self.heading)
        invite = QHBoxLayout()
        self.class_combo = QComboBox()
        self.class_combo.setAccessibleName("Invite class")
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("Invite year group")
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName("Invite language")
        invite.addWidget(QLabel("Invite:"))
        for w in (self.class_combo, self.year_combo, self.language_combo):
            invite.addWidget(w)
        invite_button = QPushButton("&Invite these families")
        invite_button.clicked.connect(self.invite)
        invite.addWidget(invite_button)
        right_layout.addLayout(invite)
        pick = QHBoxLayout()
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("Family reference, e.g. F00042")
        self.reference.setAccessibleName("Invite one family by reference")
        pick_button = QPushButton("Invite one family")
        pick_button.clicked.connect(self.invite_one)
        pick.addWidget(self.reference)
        pick.addWidget(pick_button)
        right_layout.addLayout(pick)
        self.register_table = table(["Family", "Caregiver", "Came"], "Event register")
        right_layout.addWidget(self.register_table, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)

    def clear(self) -> None:
        self.event_id = None
        self.list.setRowCount(0)
        self.register_table.setRowCount(0)

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        if not self.date.text():
            self.date.set_date(self.db.clock.today())
        found = events.list_events(self.db)
        found.sort(key=lambda e: e.starts_at, reverse=True)
        fill(
            self.list,
            [
                (
                    f"{e.starts_at:%d/%m/%Y %H:%M}",
                    f"{e.kind.label}: {e.title}",
                    str(e.invited),
                    str(e.attended),
                )
                for e in found
            ],
            [e.id for e in found],
        )
        rows = fam.list_families(self.db)
        classes = sorted({c for r in rows for c in r.classes})
        langs = sorted({code for r in rows for code in r.languages})
        for combo, first, items in (
            (self.class_combo, "any class", [(c, c) for c in classes]),
            (self.year_combo, "any year", [(label, value) for value, label in YEAR_LABELS]),
            (self.language_combo, "any language", [(languages.describe(c), c) for c in langs]),
        ):
            chosen = combo.currentData()
            combo.clear()
            combo.addItem(first, None)
            for label, value in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        if self.event_id is not None:
            self.show_event(self.event_id)

    def create_event(self) -> None:
        try:
            day = self.date.date()
            if day is None:
                raise ValueError("give the date of the event")
            start = dt.datetime.combine(day, self.start.time().toPython(), LONDON)
            end = dt.datetime.combine(day, self.end.time().toPython(), LONDON)
            self.event_id = events.create_event(
                self.db, self.kind.currentData(), self.title.text(), start, end, self.place.text()
            )
        except ValidationError as exc:
            self.error.setText("; ".join(exc.errors.values()))
            return
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.title.clear()
        self.refresh()

    def _selected(self) -> None:
        event_id = selected_id(self.list)
        if event_id is not None and event_id != self.event_id:
            self.show_event(event_id)

    def show_event(self, event_id: int) -> None:
        self.event_id = event_id
        view = next((e for e in events.list_events(self.db) if e.id == event_id), None)
        if view is None:
            return
        self.heading.setText(
            f"{view.kind.label}: {view.title}, {view.starts_at:%d/%m/%Y %H:%M}"
            + (f" · {view.place}" if view.place else "")
        )
        lines = events.register(self.db, event_id)
        fill(
            self.register_table,
            [(x.reference, x.name, "") for x in lines],
            [x.family_id for x in lines],
        )
        for row, line in enumerate(lines):
            box = QCheckBox("came")
            box.setAccessibleName(f"{line.name} came")
            box.setChecked(bool(line.attended))
            box.toggled.connect(lambda on, cid=line.caregiver_id: self.mark(cid, on))
            self.register_table.setCellWidget(row, 2, box)

    def mark(self, caregiver_id: int, attended: bool) -> None:
        if self.event_id is not None:
            events.record_attendance(self.db, self.event_id, caregiver_id, attended)

    def invite(self) -> None:
        if self.event_id is None:
            self.messages.info(self, "Invite", "Choose or create an event first.")
            return
        year = self.year_combo.currentData()
        klass = self.class_combo.currentData()
        flt = fam.FamilyFilter(
            class_names=(klass,) if klass else (),
            year_groups=(year,) if year is not None else (),
            language=self.language_combo.currentData(),
        )
        count = events.invite(self.db, self.event_id, flt=flt)
        self.messages.info(self, "Invited", f"{count} more families invited.")
        self.refresh()

    def invite_one(self) -> None:
        if self.event_id is None:
            return
        try:
            family_id = fam.family_id_for_reference(self.db, self.reference.text().strip())
            events.invite(self.db, self.event_id, family_ids=[family_id])
        except LiaisonError as exc:
            self.messages.error(self, "Could not invite", exc.message)
            return
        self.reference.clear()
        self.refresh()
