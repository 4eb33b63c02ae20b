"""Interpreters area: the week's bookings, the directory of interpreters and agencies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.models.enums import BookingStatus, InterpretingMode
from liaison.services import save_places, school
from liaison.services.casework import interpreter_directory, interpreters
from liaison.services.changes import Area
from liaison.services.exports import save as write_atomic
from liaison.validation import parse_pounds, pounds
from ui import files
from ui.messages import Messages
from ui.models.tables import fill, selected_id, table
from ui.vault import UsesVault, Vault
from ui.views.widgets import ERROR_STYLE

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class InterpretersView(UsesVault, QWidget):
    # What this screen shows: the workspace refreshes it when a write changes these.
    watches = frozenset({Area.CASEWORK, Area.DIRECTORY, Area.FAMILIES})

    def __init__(self, vault: Vault, messages: Messages, open_family) -> None:
        super().__init__()
        self.vault, self.messages, self.open_family = vault, messages, open_family
        self.week_start: dt.date | None = None
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._week_tab(), "Bookings this week")
        self.tabs.addTab(self._directory_tab(), "Directory")

    # -- week ----------------------------------------------------------------------------------
    def _week_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        nav = QHBoxLayout()
        prev = QPushButton("< Previous week")
        nxt = QPushButton("Next week >")
        this = QPushButton("This week")
        self.week_label = QLabel()
        self.week_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        prev.clicked.connect(lambda: self.move_week(-7))
        nxt.clicked.connect(lambda: self.move_week(7))
        this.clicked.connect(lambda: self.move_week(None))
        for w in (prev, this, nxt):
            nav.addWidget(w)
        nav.addWidget(self.week_label, 1)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter bookings by status")
        self.status_filter.addItem("All statuses", None)
        for s in BookingStatus:
            self.status_filter.addItem(s.label, s)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        nav.addWidget(self.status_filter)
        layout.addLayout(nav)
        self.week = QTableWidget(1, 7)
        self.week.setAccessibleName("Bookings week view")
        self.week.verticalHeader().setVisible(False)
        self.week.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.week.setWordWrap(True)
        self.week.setMinimumHeight(220)
        layout.addWidget(self.week, 2)
        self.list = table(
            ["When", "Family", "Language", "Mode", "Interpreter", "Status", "Cancel by", "Cost"],
            "Bookings",
        )
        self.list.doubleClicked.connect(self._open_family)
        layout.addWidget(self.list, 2)
        actions = QHBoxLayout()
        self.set_status = QComboBox()
        self.set_status.setAccessibleName("Set status of selected booking")
        for s in BookingStatus:
            self.set_status.addItem(s.label, s)
        apply = QPushButton("Set status")
        apply.clicked.connect(self.apply_status)
        export = QPushButton("Export to calendar (.ics)…")
        export.clicked.connect(self.export_ics)
        actions.addWidget(QLabel("Selected booking:"))
        actions.addWidget(self.set_status)
        actions.addWidget(apply)
        actions.addWidget(export)
        actions.addStretch()
        layout.addLayout(actions)
        return page

    def move_week(self, days: int | None) -> None:
        today = self.db.clock.today()
        monday = today - dt.timedelta(days=today.weekday())
        self.week_start = (
            monday
            if days is None or self.week_start is None
            else (self.week_start + dt.timedelta(days=days))
        )
        self.refresh()

    def clear(self) -> None:
        self.week.clearContents()
        self.list.setRowCount(0)
        self.people.setRowCount(0)

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        if self.week_start is None:
            today = self.db.clock.today()
            self.week_start = today - dt.timedelta(days=today.weekday())
        start, end = self.week_start, self.week_start + dt.timedelta(days=6)
        self.week_label.setText(f"Week of {start:%d/%m/%Y}")
        found = interpreters.list_bookings(
            self.db, start=start, end=end, status=self.status_filter.currentData()
        )
        self.week.setHorizontalHeaderLabels(
            [f"{DAYS[i]} {start + dt.timedelta(days=i):%d/%m}" for i in range(7)]
        )
        for day in range(7):
            date = start + dt.timedelta(days=day)
            lines = [
                f"{b.starts_at:%H:%M}-{b.ends_at:%H:%M} {languages.describe(b.language)}\n"
                f"  {b.family_reference} · {b.interpreter or 'no interpreter yet'} · "
                f"{b.status.label.lower()}"
                for b in found
                if b.starts_at.date() == date
            ]
            item = QTableWidgetItem("\n".join(lines))
            item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.week.setItem(0, day, item)
        self.week.resizeRowsToContents()
        fill(
            self.list,
            [
                (
                    f"{b.starts_at:%a %d/%m %H:%M}-{b.ends_at:%H:%M}",
                    b.family_reference,
                    languages.describe(b.language) + (f", {b.dialect}" if b.dialect else ""),
                    b.mode.label,
                    b.interpreter or "",
                    b.status.label,
                    f"{b.cancel_by:%d/%m %H:%M}" if b.cancel_by else "",
                    pounds(b.cost_pence),
                )
                for b in found
            ],
            [b.id for b in found],
        )
        self._fill_directory()

    def _open_family(self) -> None:
        booking_id = selected_id(self.list)
        if booking_id is not None:
            self.open_family(interpreters.get_booking(self.db, booking_id).family_id)

    def apply_status(self) -> None:
        booking_id = selected_id(self.list)
        if booking_id is None:
            return
        interpreters.set_booking_status(self.db, booking_id, self.set_status.currentData())
        self.refresh()

    def export_ics(self) -> None:
        booking_id = selected_id(self.list)
        if booking_id is None:
            self.messages.info(self, "Export", "Choose a booking in the list first.")
            return
        booking = interpreters.get_booking(self.db, booking_id)
        name = save_places.file_name(
            "booking", booking.family_reference, booking.starts_at.date(), "ics"
        )
        path = files.ask_save(self, self.db, "Export booking", name, "Calendar files (*.ics)")
        if path:
            self.write_ics(booking_id, path)

    def write_ics(self, booking_id: int, path: Path) -> None:
        booking = interpreters.get_booking(self.db, booking_id)
        data = interpreters.to_ics(booking, school.get_school(self.db).name or "School")
        write_atomic(path, data)
        self.messages.info(
            self, "Exported", f"Saved {path}. It names the family only by reference."
        )

    # -- directory -----------------------------------------------------------------------------
    def _directory_tab(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        self.people = table(["Name", "Languages", "Agency", "Modes", "Rate"], "Interpreters")
        left.addWidget(self.people, 1)
        self.agencies = table(["Agency", "Cancel within", "Phone"], "Agencies")
        self.agencies.setMaximumHeight(160)
        left.addWidget(self.agencies)
        layout.addLayout(left, 2)
        right = QVBoxLayout()
        box = QGroupBox("Add an interpreter")
        form = QFormLayout(box)
        self.name = QLineEdit()
        self.name.setAccessibleName("Interpreter name")
        self.langs = QLineEdit()
        self.langs.setPlaceholderText("ARA:Levantine, URD, PRSD")
        self.langs.setAccessibleName("Interpreter languages")
        self.agency = QComboBox()
        self.agency.setAccessibleName("Agency")
        self.gender = QComboBox()
        self.gender.setAccessibleName("Interpreter gender")
        for label, value in (("Not recorded", None), ("Female", "female"), ("Male", "male")):
            self.gender.addItem(label, value)
        modes = QHBoxLayout()
        self.mode_boxes = {}
        for m in InterpretingMode:
            b = QCheckBox(m.label)
            b.setChecked(m == InterpretingMode.IN_PERSON)
            self.mode_boxes[m] = b
            modes.addWidget(b)
        self.hourly = QLineEdit()
        self.hourly.setPlaceholderText("e.g. 32.50")
        self.hourly.setAccessibleName("Hourly rate in pounds")
        self.fixed = QLineEdit()
        self.fixed.setAccessibleName("Fixed fee in pounds")
        self.phone = QLineEdit()
        self.phone.setAccessibleName("Interpreter phone")
        for label, w in (
            ("Name", self.name),
            ("Languages", self.langs),
            ("Agency", self.agency),
            ("Gender", self.gender),
        ):
            form.addRow(label, w)
        form.addRow("Modes", modes)
        for label, w in (
            ("Hourly rate £", self.hourly),
            ("Fixed fee £", self.fixed),
            ("Phone", self.phone),
        ):
            form.addRow(label, w)
        add = QPushButton("Add interpreter")
        add.clicked.connect(self.add_interpreter)
        form.addRow(add)
        right.addWidget(box)
        abox = QGroupBox("Add an agency")
        aform = QFormLayout(abox)
        self.agency_name = QLineEdit()
        self.agency_name.setAccessibleName("Agency name")
        self.agency_hours = QSpinBox()
        self.agency_hours.setRange(0, 336)
        self.agency_hours.setValue(24)
        self.agency_hours.setSuffix(" hours")
        self.agency_hours.setAccessibleName("Cancellation window")
        aform.addRow("Name", self.agency_name)
        aform.addRow("Free cancellation until", self.agency_hours)
        aadd = QPushButton("Add agency")
        aadd.clicked.connect(self.add_agency)
        aform.addRow(aadd)
        right.addWidget(abox)
        self.dir_error = QLabel()
        self.dir_error.setStyleSheet(ERROR_STYLE)
        self.dir_error.setWordWrap(True)
        right.addWidget(self.dir_error)
        right.addStretch()
        layout.addLayout(right, 1)
        return page

    def _fill_directory(self) -> None:
        people = interpreter_directory.list_interpreters(self.db, active_only=False)
        fill(
            self.people,
            [
                (
                    p.name + ("" if p.active else " (inactive)"),
                    ", ".join(c + (f" ({d})" if d else "") for c, d in p.languages),
                    p.agency or "",
                    ", ".join(m.label for m in p.modes),
                    f"{pounds(p.fixed_fee_pence)} fixed"
                    if p.fixed_fee_pence is not None
                    else pounds(p.hourly_rate_pence) + ("/h" if p.hourly_rate_pence else ""),
                )
                for p in people
            ],
            [p.id for p in people],
        )
        agencies = interpreter_directory.list_agencies(self.db)
        fill(
            self.agencies,
            [(a.name, f"{a.cancellation_hours} h", a.phone or "") for a in agencies],
            [a.id or 0 for a in agencies],
        )
        chosen = self.agency.currentData()
        self.agency.clear()
        self.agency.addItem("(independent)", None)
        for a in agencies:
            self.agency.addItem(a.name, a.id)
        self.agency.setCurrentIndex(max(0, self.agency.findData(chosen)))

    def _pence(self, text: str, what: str) -> int | None:
        try:
            return parse_pounds(text)
        except ValueError as exc:
            raise ValidationError({what: f"{what}: {exc}"}) from None

    def add_interpreter(self) -> None:
        try:
            langs = []
            for part in self.langs.text().split(","):
                code, _, dialect = part.strip().partition(":")
                if code:
                    langs.append((code.strip(), dialect.strip() or None))
            interpreter_directory.save_interpreter(
                self.db,
                interpreter_directory.InterpreterDraft(
                    self.name.text(),
                    langs,
                    agency_id=self.agency.currentData(),
                    gender=self.gender.currentData(),
                    modes=[m for m, b in self.mode_boxes.items() if b.isChecked()],
                    hourly_rate_pence=self._pence(self.hourly.text(), "hourly rate"),
                    fixed_fee_pence=self._pence(self.fixed.text(), "fixed fee"),
                    phone=self.phone.text() or None,
                ),
            )
        except ValidationError as exc:
            self.dir_error.setText("; ".join(exc.errors.values()))
            return
        except LiaisonError as exc:
            self.dir_error.setText(exc.message)
            return
        self.dir_error.clear()
        for w in (self.name, self.langs, self.hourly, self.fixed, self.phone):
            w.clear()
        self.refresh()

    def add_agency(self) -> None:
        try:
            interpreter_directory.save_agency(
                self.db,
                interpreter_directory.AgencyDraft(
                    self.agency_name.text(), cancellation_hours=self.agency_hours.value()
                ),
            )
        except ValidationError as exc:
            self.dir_error.setText("; ".join(exc.errors.values()))
            return
        self.dir_error.clear()
        self.agency_name.clear()
        self.refresh()
