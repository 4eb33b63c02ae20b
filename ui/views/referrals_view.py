"""Support area: every referral with filters, and the directory of local services."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import ValidationError
from liaison.i18n import languages
from liaison.models.enums import ReferralStatus, ServiceCategory
from liaison.services.casework import referrals
from liaison.services.changes import Area
from ui.messages import Messages
from ui.models.tables import fill, selected_id, table
from ui.vault import UsesVault, Vault
from ui.views.widgets import ERROR_STYLE, DateEdit


class ReferralsView(UsesVault, QWidget):
    # What this screen shows: the workspace refreshes it when a write changes these.
    watches = frozenset({Area.CASEWORK, Area.DIRECTORY, Area.FAMILIES})

    def __init__(self, vault: Vault, messages: Messages, open_family) -> None:
        super().__init__()
        self.vault, self.messages, self.open_family = vault, messages, open_family
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._referrals_tab(), "Referrals")
        self.tabs.addTab(self._services_tab(), "Services directory")

    def _referrals_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        filters = QHBoxLayout()
        self.status = QComboBox()
        self.status.setAccessibleName("Filter referrals by status")
        self.status.addItem("All statuses", None)
        for s in ReferralStatus:
            self.status.addItem(s.label, s)
        self.category = QComboBox()
        self.category.setAccessibleName("Filter referrals by category")
        self.category.addItem("All categories", None)
        for c in ServiceCategory:
            self.category.addItem(c.label, c)
        self.start = DateEdit("From date")
        self.end = DateEdit("To date")
        go = QPushButton("Filter")
        go.clicked.connect(self.refresh)
        for w in (
            self.status,
            self.category,
            QLabel("from"),
            self.start,
            QLabel("to"),
            self.end,
            go,
        ):
            filters.addWidget(w)
        filters.addStretch()
        layout.addLayout(filters)
        self.list = table(
            ["Date", "Family", "Service", "Need", "Status", "Consent", "Follow up", "Outcome"],
            "All referrals",
        )
        self.list.doubleClicked.connect(self._open_family)
        layout.addWidget(self.list)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        return page

    def _services_tab(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        self.services = table(["Category", "Name", "Languages", "Contact"], "Services")
        layout.addWidget(self.services, 2)
        box = QGroupBox("Add a local service")
        form = QFormLayout(box)
        self.s_name = QLineEdit()
        self.s_name.setAccessibleName("Service name")
        self.s_category = QComboBox()
        self.s_category.setAccessibleName("Service category")
        for c in ServiceCategory:
            self.s_category.addItem(c.label, c)
        self.s_hint = QLabel()
        self.s_hint.setWordWrap(True)
        self.s_hint.setStyleSheet("color: #555;")
        self.s_category.currentIndexChanged.connect(self._hint)
        self.s_offer = QPlainTextEdit()
        self.s_offer.setMaximumHeight(60)
        self.s_offer.setAccessibleName("What they offer")
        self.s_langs = QLineEdit()
        self.s_langs.setPlaceholderText("DfE codes, e.g. POL, ARA")
        self.s_langs.setAccessibleName("Languages offered")
        self.s_refer = QLineEdit()
        self.s_refer.setAccessibleName("How to refer")
        self.s_phone = QLineEdit()
        self.s_phone.setAccessibleName("Service phone")
        self.s_email = QLineEdit()
        self.s_email.setAccessibleName("Service email")
        self.s_hours = QLineEdit()
        self.s_hours.setAccessibleName("Opening times")
        self.s_active = QCheckBox("Active")
        self.s_active.setChecked(True)
        for label, w in (
            ("Name", self.s_name),
            ("Category", self.s_category),
            ("", self.s_hint),
            ("Offers", self.s_offer),
            ("Languages", self.s_langs),
            ("How to refer", self.s_refer),
            ("Phone", self.s_phone),
            ("Email", self.s_email),
            ("Opening times", self.s_hours),
            ("", self.s_active),
        ):
            form.addRow(label, w)
        self.s_error = QLabel()
        self.s_error.setStyleSheet(ERROR_STYLE)
        self.s_error.setWordWrap(True)
        form.addRow(self.s_error)
        add = QPushButton("Add service")
        add.clicked.connect(self.add_service)
        form.addRow(add)
        layout.addWidget(box, 1)
        self._hint()
        return page

    def _hint(self) -> None:
        wanted = self.s_category.currentData()
        for item in referrals.starter_categories():
            if wanted is not None and item["category"] == str(wanted):
                self.s_hint.setText(item["examples"])

    def clear(self) -> None:
        self.list.setRowCount(0)
        self.services.setRowCount(0)

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        try:
            start, end = self.start.date(), self.end.date()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        found = referrals.list_referrals(
            self.db,
            status=self.status.currentData(),
            category=self.category.currentData(),
            start=start,
            end=end,
        )
        fill(
            self.list,
            [
                (
                    f"{r.suggested_on:%d/%m/%Y}",
                    r.family_reference,
                    r.service,
                    r.need or "",
                    r.status.label,
                    f"{r.consent_on:%d/%m/%Y}" if r.consent_on else "",
                    f"{r.follow_up_on:%d/%m/%Y}" if r.follow_up_on else "",
                    r.outcome or "",
                )
                for r in found
            ],
            [r.family_id for r in found],
        )
        services = referrals.list_services(self.db, active_only=False)
        fill(
            self.services,
            [
                (
                    s.category.label,
                    s.name + ("" if s.active else " (inactive)"),
                    ", ".join(languages.describe(c) for c in s.languages or []),
                    ", ".join(x for x in (s.phone, s.email) if x),
                )
                for s in services
            ],
            [s.id or 0 for s in services],
        )

    def _open_family(self) -> None:
        family_id = selected_id(self.list)
        if family_id is not None:
            self.open_family(family_id)

    def add_service(self) -> None:
        try:
            referrals.save_service(
                self.db,
                referrals.ServiceDraft(
                    self.s_name.text(),
                    self.s_category.currentData(),
                    offer=self.s_offer.toPlainText() or None,
                    languages=[c.strip() for c in self.s_langs.text().split(",") if c.strip()],
                    how_to_refer=self.s_refer.text() or None,
                    phone=self.s_phone.text() or None,
                    email=self.s_email.text() or None,
                    opening_times=self.s_hours.text() or None,
                    active=self.s_active.isChecked(),
                ),
            )
        except ValidationError as exc:
            self.s_error.setText("; ".join(exc.errors.values()))
            return
        self.s_error.clear()
        for w in (
            self.s_name,
            self.s_langs,
            self.s_refer,
            self.s_phone,
            self.s_email,
            self.s_hours,
        ):
            w.clear()
        self.s_offer.clear()
        self.refresh()
