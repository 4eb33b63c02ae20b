"""The family's interpreter bookings and signposting referrals, on the family page."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.models.enums import ReferralStatus
from liaison.services import families
from liaison.services.casework import interpreters, referrals
from liaison.validation import pounds
from ui.guard import AsksBeforeDiscarding
from ui.messages import Messages
from ui.models.tables import fill, selected_id, table
from ui.vault import UsesVault, Vault
from ui.views.dates_ahead import confirm_far_dates
from ui.views.widgets import ERROR_STYLE, DateEdit, save_cancel


class ReferralDialog(AsksBeforeDiscarding, UsesVault, QDialog):
    """Signpost or refer: which need it answers, which service, and whether details are shared."""

    def __init__(self, vault: Vault, messages: Messages, family_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.vault, self.messages, self.family_id = vault, messages, family_id
        self.saved_id: int | None = None
        self.setWindowTitle("Signpost or refer")
        self.discard_what = "this referral"
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.need = QComboBox()
        self.need.setAccessibleName("Need it answers")
        self.need.addItem("(no particular need)", None)
        for n in families.get_family(self.db, family_id).needs:
            if n.status.is_open:
                self.need.addItem(f"{n.category.label}: {n.detail or ''}", n.id)
        form.addRow("Need", self.need)
        self.service = QComboBox()
        self.service.setAccessibleName("Service")
        for s in referrals.list_services(self.db):
            self.service.addItem(f"{s.name} ({s.category.label})", s.id)
        form.addRow("Service", self.service)
        self.status = QComboBox()
        self.status.setAccessibleName("Referral status")
        self.status.addItem("Suggested (signposted; nothing shared)", ReferralStatus.SUGGESTED)
        self.status.addItem("Referred (the family's details are shared)", ReferralStatus.REFERRED)
        form.addRow("Status", self.status)
        self.follow_up = DateEdit("Follow-up date")
        self.follow_up.set_date(self.db.clock.today() + dt.timedelta(days=14))
        form.addRow("Follow up on", self.follow_up)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Referral problem")
        layout.addWidget(self.error)
        buttons = save_cancel(self.save, self.reject)
        layout.addWidget(buttons)
        if self.service.count() == 0:
            self.error.setText("Add the local services first (Support > Services).")
        self.mark_clean()

    def save(self) -> bool:
        try:
            follow = self.follow_up.date()
            if not confirm_far_dates(
                self.messages, self, [("Follow up on", follow)], self.db.clock.today()
            ):
                return False
            self.saved_id = referrals.create_referral(
                self.db,
                self.family_id,
                self.service.currentData(),
                need_id=self.need.currentData(),
                status=self.status.currentData(),
                follow_up_on=follow,
            )
        except ValidationError as exc:
            self.error.setText(" ".join(m[0].upper() + m[1:] + "." for m in exc.errors.values()))
            return False
        except (LiaisonError, ValueError) as exc:
            self.error.setText(getattr(exc, "message", str(exc)))
            return False
        self.accept()
        return True


class SupportTab(UsesVault, QWidget):
    changed = Signal()

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.family_id: int | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Interpreter bookings"))
        self.bookings = table(["When", "Language", "Interpreter", "Status", "Cost"], "Bookings")
        self.bookings.doubleClicked.connect(lambda _: self.open_booking(selected_id(self.bookings)))
        layout.addWidget(self.bookings, 1)
        row = QHBoxLayout()
        book = QPushButton("&Book interpreter…")
        book.clicked.connect(lambda: self.open_booking(None))
        row.addWidget(book)
        row.addStretch()
        layout.addLayout(row)
        layout.addWidget(QLabel("Signposting and referrals"))
        self.referrals = table(
            ["Date", "Service", "Need", "Status", "Follow up", "Outcome"], "Referrals"
        )
        layout.addWidget(self.referrals, 1)
        row = QHBoxLayout()
        refer = QPushButton("&Signpost or refer…")
        refer.clicked.connect(self.refer)
        row.addWidget(refer)
        self.next_status = QComboBox()
        self.next_status.setAccessibleName("Move selected referral to")
        for s in ReferralStatus:
            self.next_status.addItem(s.label, s)
        row.addWidget(QLabel("Selected referral:"))
        row.addWidget(self.next_status)
        self.outcome = QPlainTextEdit()
        self.outcome.setAccessibleName("Referral outcome")
        self.outcome.setPlaceholderText("Outcome (optional)")
        self.outcome.setMaximumHeight(50)
        row.addWidget(self.outcome, 1)
        update = QPushButton("Update")
        update.clicked.connect(self.update_selected)
        row.addWidget(update)
        layout.addLayout(row)

    def show_family(self, family_id: int) -> None:
        self.family_id = family_id
        found = interpreters.list_bookings(self.db, family_id=family_id)
        found.sort(key=lambda b: b.starts_at, reverse=True)
        fill(
            self.bookings,
            [
                (
                    f"{b.starts_at:%d/%m/%Y %H:%M}",
                    languages.describe(b.language) + (f", {b.dialect}" if b.dialect else ""),
                    b.interpreter or "not chosen",
                    b.status.label,
                    pounds(b.cost_pence),
                )
                for b in found
            ],
            [b.id for b in found],
        )
        refs = referrals.list_referrals(self.db, family_id=family_id)
        fill(
            self.referrals,
            [
                (
                    f"{r.suggested_on:%d/%m/%Y}",
                    r.service,
                    r.need or "",
                    r.status.label,
                    f"{r.follow_up_on:%d/%m/%Y}" if r.follow_up_on else "",
                    r.outcome or "",
                )
                for r in refs
            ],
            [r.id for r in refs],
        )

    def open_booking(self, booking_id: int | None, **kwargs: object) -> None:
        if self.family_id is None:
            return
        from ui.views.dialogs.booking import BookingDialog

        dialog = BookingDialog(
            self.vault,
            self.messages,
            self.family_id,
            self,
            booking_id=booking_id,
            **kwargs,
        )
        dialog.accepted.connect(self.changed.emit)
        dialog.open()
        self.dialog = dialog

    def refer(self) -> None:
        if self.family_id is None:
            return
        dialog = ReferralDialog(self.vault, self.messages, self.family_id, self)
        dialog.accepted.connect(self.changed.emit)
        dialog.open()
        self.dialog = dialog

    def update_selected(self) -> None:
        referral_id = selected_id(self.referrals)
        if referral_id is None:
            self.messages.info(self, "Referrals", "Choose a referral in the list first.")
            return
        status = self.next_status.currentData()
        mark_met = False
        if status == ReferralStatus.COMPLETED:
            view = next(
                r
                for r in referrals.list_referrals(self.db, family_id=self.family_id)
                if r.id == referral_id
            )
            if view.need_id is not None:
                mark_met = self.messages.ask(
                    self, "Need met?", f"Mark the need '{view.need}' as met as well?"
                )
        try:
            referrals.update_referral(
                self.db,
                referral_id,
                status=status,
                outcome=self.outcome.toPlainText() or None,
                mark_need_met=mark_met,
            )
        except LiaisonError as exc:
            message = (
                "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc.message
            )
            self.messages.error(self, "Could not update the referral", message)
            return
        self.outcome.clear()
        self.changed.emit()
