"""Today: the first thing after unlocking. Every line opens its family; actions tick off here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison.i18n import languages
from liaison.services.casework import meetings, today
from ui.bidi import english_frame
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.today_support import SupportFirstPanel

FAMILY_ROLE = Qt.ItemDataRole.UserRole
ACTION_ROLE = Qt.ItemDataRole.UserRole + 1


class TodayView(UsesVault, QWidget):
    def __init__(
        self, vault: Vault, messages: Messages, open_family: Callable[[int], None]
    ) -> None:
        super().__init__()
        self.vault, self.messages, self.open_family = vault, messages, open_family
        self.page: today.TodayPage | None = None
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        header.addWidget(self.heading, 1)
        refresh = QPushButton("&Refresh")
        refresh.clicked.connect(self.refresh)
        header.addWidget(refresh)
        layout.addLayout(header)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Today")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["When", "Family", "What"])
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(0, 200)
        self.tree.setColumnWidth(1, 300)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemDoubleClicked.connect(self._activated)
        self.tree.itemChanged.connect(self._changed)
        layout.addWidget(self.tree, 1)
        # Support first (attendance, issue 23): above the list, refreshing itself.
        self.support = SupportFirstPanel(vault, messages, open_family, self)
        layout.insertWidget(1, self.support)
        refresh.clicked.connect(self.support.refresh)

    def clear(self) -> None:
        self.page = None
        self.tree.clear()
        self.heading.clear()

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        self.page = page = today.compute(self.db)
        self.heading.setText(f"Today, {page.today:%A %d %B %Y}")
        self.tree.blockSignals(True)
        self.tree.clear()
        sections = [
            (
                "Meetings today",
                [
                    (
                        f"{m.starts_at:%H:%M}",
                        m.family,
                        f"{m.kind.label} ({m.status.label.lower()})"
                        + (f" · {m.place}" if m.place else ""),
                        m.family_id,
                        None,
                    )
                    for m in page.meetings_today
                ],
            ),
            (
                "Later this week",
                [
                    (
                        f"{m.starts_at:%a %d/%m %H:%M}",
                        m.family,
                        m.kind.label,
                        m.family_id,
                        None,
                    )
                    for m in page.meetings_this_week
                ],
            ),
            (
                "Actions due",
                [
                    (
                        ("OVERDUE " if x.overdue else "") + f"{x.when:%d/%m/%Y}",
                        x.family,
                        x.text,
                        x.family_id,
                        x.ref_id,
                    )
                    for x in page.actions
                ],
            ),
            (
                "Check-ins due",
                [
                    (f"{x.when:%d/%m/%Y}", x.family, x.text, x.family_id, None)
                    for x in page.check_ins
                ],
            ),
            (
                "Interpreter bookings to confirm or cancel",
                [
                    (
                        f"by {b.cancel_by:%d/%m %H:%M}" if b.cancel_by else "",
                        b.family_reference,
                        f"{languages.describe(b.language)} {b.mode.label.lower()} on "
                        f"{b.starts_at:%d/%m %H:%M} ({b.status.label.lower()})",
                        b.family_id,
                        None,
                    )
                    for b in page.booking_decisions
                ],
            ),
            (
                "Referral follow-ups",
                [
                    (
                        f"{r.follow_up_on:%d/%m/%Y}" if r.follow_up_on else "",
                        r.family_reference,
                        f"{r.service} ({r.status.label.lower()})",
                        r.family_id,
                        None,
                    )
                    for r in page.referral_follow_ups
                ],
            ),
            (
                "Meetings to update (held or cancelled?)",
                [
                    (
                        f"{m.starts_at:%d/%m %H:%M}",
                        m.family,
                        m.kind.label,
                        m.family_id,
                        None,
                    )
                    for m in page.to_update
                ],
            ),
            (
                "No contact for too long",
                [
                    (f"{x.when:%d/%m/%Y}", x.family, x.text, x.family_id, None)
                    for x in page.no_contact
                ],
            ),
            (
                "New arrivals without a Day 1 meeting",
                [(f"{x.when:%d/%m/%Y}", x.family, x.text, x.family_id, None) for x in page.no_day1],
            ),
        ]
        for title, lines in sections:
            top = QTreeWidgetItem([f"{title} ({len(lines)})"])
            top.setFirstColumnSpanned(True)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for when, family, what, family_id, action_id in lines:
                item = QTreeWidgetItem([when, english_frame(family), what])
                item.setData(0, FAMILY_ROLE, family_id)
                item.setToolTip(2, what)
                if action_id is not None:
                    item.setData(0, ACTION_ROLE, action_id)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(0, Qt.CheckState.Unchecked)
                top.addChild(item)
            top.setExpanded(bool(lines))
            top.setFirstColumnSpanned(True)
        self.tree.blockSignals(False)

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        family_id = item.data(0, FAMILY_ROLE)
        if family_id is not None:
            self.open_family(int(family_id))

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        action_id = item.data(0, ACTION_ROLE)
        if action_id is None or item.checkState(0) != Qt.CheckState.Checked:
            return
        meetings.complete_action(self.db, int(action_id))
        # Not from inside the item's own signal: refresh() deletes that item.
        QTimer.singleShot(0, self.refresh)
