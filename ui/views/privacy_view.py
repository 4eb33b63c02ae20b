"""Privacy area: subject access requests (log, review, withhold, bundle) and retention/erasure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import LiaisonError, ValidationError
from liaison.services import families as fam
from liaison.services.changes import Area
from liaison.services.privacy import retention
from liaison.services.privacy import subject_access as sar
from ui import files
from ui.messages import Messages
from ui.models.tables import fill, selected_id, table
from ui.vault import UsesVault, Vault
from ui.views.widgets import ERROR_STYLE, DateEdit


class PrivacyView(UsesVault, QWidget):
    # What this screen shows: the workspace refreshes it when a write changes these.
    watches = frozenset({Area.PRIVACY, Area.FAMILIES})

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.items: list[sar.Item] = []
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._requests_tab(), "Subject access requests")
        self.tabs.addTab(self._retention_tab(), "Retention")
        self.refresh()

    # -- subject access ----------------------------------------------------------------------
    def _requests_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        new = QGroupBox("Log a new request")
        form = QFormLayout(new)
        self.family_ref = QLineEdit()
        self.family_ref.setAccessibleName("Family reference")
        self.family_ref.setPlaceholderText("e.g. F00012")
        self.family_ref.editingFinished.connect(self._load_caregivers)
        self.who = QComboBox()
        self.who.setAccessibleName("Whose information")
        self.who.addItem("The whole family", None)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of request")
        for key, label in sar.KINDS.items():
            self.kind.addItem(label, key)
        self.requester = QLineEdit()
        self.requester.setAccessibleName("Requested by")
        self.received = DateEdit("Date received")
        log = QPushButton("Log request")
        log.clicked.connect(self.log_request)
        form.addRow("Family", self.family_ref)
        form.addRow("About", self.who)
        form.addRow("Kind", self.kind)
        form.addRow("Requested by", self.requester)
        form.addRow("Received", self.received)
        form.addRow(log)
        layout.addWidget(new)

        split = QSplitter()
        self.requests = table(
            ["Family", "Kind", "Requested by", "Received", "Due", "Status"], "Requests"
        )
        self.requests.itemSelectionChanged.connect(self._show_items)
        split.addWidget(self.requests)
        review = QWidget()
        rl = QVBoxLayout(review)
        self.items_table = table(["Item", "Confidential", "Withheld"], "Items held")
        rl.addWidget(self.items_table)
        row = QHBoxLayout()
        self.exemption = QComboBox()
        self.exemption.setAccessibleName("Exemption")
        self.exemption.addItems(list(sar.EXEMPTIONS))
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for withholding")
        self.reason.setPlaceholderText("Why the exemption applies")
        hold = QPushButton("Withhold")
        hold.clicked.connect(self.withhold)
        give = QPushButton("Include again")
        give.clicked.connect(self.release)
        for w in (self.exemption, self.reason, hold, give):
            row.addWidget(w)
        rl.addLayout(row)
        self.produce_button = QPushButton("Produce bundle (PDF and JSON)…")
        self.produce_button.clicked.connect(self.produce)
        rl.addWidget(self.produce_button)
        split.addWidget(review)
        split.setSizes([560, 700])
        layout.addWidget(split, 1)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        return page

    def _load_caregivers(self) -> None:
        self.who.clear()
        self.who.addItem("The whole family", None)
        try:
            family_id = fam.family_id_for_reference(self.db, self.family_ref.text())
        except LiaisonError:
            return
        for c in fam.load_draft(self.db, family_id).caregivers:
            self.who.addItem(f"Only {c.given_name} {c.family_name}", c.id)

    def log_request(self) -> None:
        self.error.clear()
        try:
            family_id = fam.family_id_for_reference(self.db, self.family_ref.text())
            request_id = sar.log_request(
                self.db,
                family_id,
                kind=self.kind.currentData(),
                requester=self.requester.text(),
                received_on=self.received.date() or self.db.clock.today(),
                caregiver_id=self.who.currentData(),
            )
        except ValidationError as exc:
            self.error.setText("; ".join(exc.errors.values()))
            return
        except LiaisonError as exc:
            self.error.setText(exc.message)
            return
        self.requester.clear()
        self.refresh()
        for row in range(self.requests.rowCount()):
            if self.requests.item(row, 0).data(Qt.ItemDataRole.UserRole) == request_id:
                self.requests.selectRow(row)

    def _current_request(self) -> int | None:
        return selected_id(self.requests)

    def _show_items(self) -> None:
        request_id = self._current_request()
        if request_id is None:
            fill(self.items_table, [])
            return
        request = sar.get_request(self.db, request_id)
        self.items = [] if request.family_id is None else sar.collect(self.db, request_id)
        rows = [
            (
                item.title,
                "confidential" if item.confidential else "",
                request.withheld[item.key]["exemption"] if item.key in request.withheld else "",
            )
            for item in self.items
        ]
        fill(self.items_table, rows, list(range(len(self.items))))

    def _current_item(self) -> sar.Item | None:
        index = selected_id(self.items_table)
        return None if index is None else self.items[index]

    def withhold(self) -> None:
        request_id, item = self._current_request(), self._current_item()
        if request_id is None or item is None:
            self.error.setText("Choose a request and an item first.")
            return
        try:
            sar.withhold(
                self.db, request_id, item.key, self.exemption.currentText(), self.reason.text()
            )
        except ValidationError as exc:
            self.error.setText("; ".join(exc.errors.values()))
            return
        self.error.clear()
        self.reason.clear()
        self._show_items()

    def release(self) -> None:
        request_id, item = self._current_request(), self._current_item()
        if request_id is not None and item is not None:
            sar.release(self.db, request_id, item.key)
            self._show_items()

    def produce(self) -> None:
        request_id = self._current_request()
        if request_id is None:
            self.error.setText("Choose a request first.")
            return
        folder = files.ask_folder(self, self.db, "Folder for the bundle")
        if not folder:
            return
        try:
            pdf, data = sar.produce(self.db, request_id, Path(folder))
        except LiaisonError as exc:
            self.messages.error(self, "Subject access", exc.message)
            return
        self.messages.info(self, "Subject access", f"Wrote {pdf.name} and {data.name}.")
        self.refresh()

    # -- retention -------------------------------------------------------------------------
    def _retention_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel("Keep records for"))
        self.years = QSpinBox()
        self.years.setRange(1, 100)
        self.years.setSuffix(" years")
        self.years.setAccessibleName("Years records are kept after the last pupil leaves")
        row.addWidget(self.years)
        row.addWidget(QLabel("after the family's last pupil leaves"))
        save = QPushButton("Save")
        save.clicked.connect(self.save_years)
        row.addWidget(save)
        row.addStretch()
        layout.addLayout(row)
        self.past = table(["Family", "Last pupil left", "Kept until", "Pupils"], "Past retention")
        layout.addWidget(self.past, 1)
        self.erase_button = QPushButton("Erase selected families for good…")
        self.erase_button.clicked.connect(self.erase)
        layout.addWidget(self.erase_button)
        return page

    def save_years(self) -> None:
        retention.set_years(self.db, self.years.value())
        self.refresh()

    def erase(self) -> None:
        rows = sorted({i.row() for i in self.past.selectedIndexes()})
        ids = [self.past.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]
        refs = [self.past.item(r, 0).text() for r in rows]
        if not ids:
            self.messages.info(self, "Erase", "Choose the families to erase first.")
            return
        first = (
            f"Erase {len(ids)} families ({', '.join(refs)}) for good? Every record, note, "
            "booking, referral and letter of theirs is removed and cannot be brought back "
            "from this database."
        )
        if not self.messages.ask(self, "Erase families", first):
            return
        typed = self.messages.text(self, "Erase families", f"Type ERASE {len(ids)} to confirm")
        if typed != f"ERASE {len(ids)}":
            self.messages.info(self, "Erase families", "Nothing was erased.")
            return
        try:
            count = retention.erase(self.db, ids)
        except LiaisonError as exc:
            self.messages.error(self, "Erase families", exc.message)
            return
        self.messages.info(self, "Erase families", f"Erased {count} families.")
        self.refresh()

    # -- both --------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        requests = sar.list_requests(self.db)
        fill(
            self.requests,
            [
                (
                    r.family_reference or "(erased)",
                    "UK GDPR" if r.kind == sar.GDPR else "Educational record",
                    r.requester,
                    f"{r.received_on:%d/%m/%Y}",
                    f"{r.due_on:%d/%m/%Y}",
                    f"answered {r.completed_on:%d/%m/%Y}" if r.completed_on else "open",
                )
                for r in requests
            ],
            [r.id for r in requests],
        )
        self.years.setValue(retention.years(self.db))
        past = retention.past_retention(self.db)
        fill(
            self.past,
            [
                (p.reference, f"{p.left_on:%d/%m/%Y}", f"{p.keep_until:%d/%m/%Y}", str(p.pupils))
                for p in past
            ],
            [p.family_id for p in past],
        )

    def clear(self) -> None:
        fill(self.requests, [])
        fill(self.items_table, [])
        fill(self.past, [])
        self.items = []
