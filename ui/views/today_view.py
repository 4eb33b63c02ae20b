"""Today: the first thing after unlocking. Every line opens its family; actions tick off here.

Sections come in the order the officer should act on them (today's meetings and money first,
what can wait last); long sections show their oldest few lines and "and 38 more", and a "no
contact" reminder can be snoozed with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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

from liaison.errors import LiaisonError, ValidationError
from liaison.services.casework import meetings, snoozes, today
from liaison.validation import uk_date
from ui.bidi import english_frame
from ui.language_names import name as language_name
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.today_support import SupportFirstPanel

FAMILY_ROLE = Qt.ItemDataRole.UserRole
ACTION_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "no_contact" lines can be snoozed; "more" unfolds
SECTION_ROLE = Qt.ItemDataRole.UserRole + 3

# A section longer than FOLD_OVER lines shows its first SHOWN (the oldest) and "and N more".
FOLD_OVER, SHOWN = 8, 5


@dataclass(frozen=True)
class Line:
    when: str
    family: str
    what: str
    family_id: int
    action_id: int | None = None
    kind: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    lines: list[Line]
    foldable: bool = True


def _urgent(page: today.TodayPage) -> list[Section]:
    """Today's meetings, bookings before the agency charges, and promises made: never folded."""
    names = page.family_names
    return [
        Section(
            "meetings_today",
            "Meetings today",
            [
                Line(
                    f"{m.starts_at:%H:%M}",
                    m.family,
                    f"{m.kind.label} ({m.status.label.lower()})"
                    + (f" · {m.place}" if m.place else ""),
                    m.family_id,
                )
                for m in page.meetings_today
            ],
            foldable=False,
        ),
        Section(
            "bookings",
            "Interpreter bookings to confirm or cancel",
            [
                Line(
                    f"{d.booking.starts_at:%a %d/%m %H:%M}",
                    names.get(d.booking.family_id, d.booking.family_reference),
                    f"{language_name(d.booking.language)} "
                    f"{d.booking.mode.label.lower()} ({d.booking.status.label.lower()}): {d.why}",
                    d.booking.family_id,
                )
                for d in page.booking_decisions
            ],
            foldable=False,
        ),
        Section(
            "actions",
            "Actions due",
            [
                Line(
                    ("Overdue " if x.overdue else "") + f"{x.when:%d/%m/%Y}",
                    x.family,
                    x.text,
                    x.family_id,
                    x.ref_id,
                )
                for x in page.actions
            ],
            foldable=False,
        ),
    ]


def _follow_ups(page: today.TodayPage) -> list[Section]:
    """Check-ins, newcomers and loose ends, then the reminders and the rest of the week."""
    names = page.family_names
    return [
        Section(
            "check_ins",
            "Check-ins due",
            [Line(f"{x.when:%d/%m/%Y}", x.family, x.text, x.family_id) for x in page.check_ins],
        ),
        Section(
            "no_day1",
            "New arrivals without a Day 1 meeting",
            [Line(f"{x.when:%d/%m/%Y}", x.family, x.text, x.family_id) for x in page.no_day1],
        ),
        Section(
            "to_update",
            "Meetings to update (held or cancelled?)",
            [
                Line(f"{m.starts_at:%d/%m %H:%M}", m.family, m.kind.label, m.family_id)
                for m in page.to_update
            ],
        ),
        Section(
            "referrals",
            "Referral follow-ups",
            [
                Line(
                    uk_date(r.follow_up_on),
                    names.get(r.family_id, r.family_reference),
                    f"{r.service} ({r.status.label.lower()})",
                    r.family_id,
                )
                for r in page.referral_follow_ups
            ],
        ),
        Section(
            "no_contact",
            "No contact for too long",
            [
                Line(f"{x.when:%d/%m/%Y}", x.family, x.text, x.family_id, kind="no_contact")
                for x in page.no_contact
            ],
        ),
        Section(
            "this_week",
            "Later this week",
            [
                Line(f"{m.starts_at:%a %d/%m %H:%M}", m.family, m.kind.label, m.family_id)
                for m in page.meetings_this_week
            ],
        ),
    ]


def sections(page: today.TodayPage) -> list[Section]:
    """What to do first, first: today's meetings, then bookings before the agency charges,
    promises made, check-ins, newcomers, loose ends; reminders and the rest of the week last."""
    return _urgent(page) + _follow_ups(page)


class TodayView(UsesVault, QWidget):
    def __init__(
        self, vault: Vault, messages: Messages, open_family: Callable[[int], None]
    ) -> None:
        super().__init__()
        self.vault, self.messages, self.open_family = vault, messages, open_family
        self.page: today.TodayPage | None = None
        self.unfolded: set[str] = set()
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        header.addWidget(self.heading, 1)
        self.snooze_button = QPushButton("&Snooze reminder…")
        self.snooze_button.setToolTip("Put off a 'no contact' reminder, saying why")
        self.snooze_button.setEnabled(False)
        self.snooze_button.clicked.connect(self.snooze_selected)
        header.addWidget(self.snooze_button)
        refresh = QPushButton("&Refresh")
        refresh.clicked.connect(self.refresh)
        header.addWidget(refresh)
        layout.addLayout(header)
        self.snoozed_label = QLabel()
        self.snoozed_label.setAccessibleName("Snoozed reminders")
        layout.addWidget(self.snoozed_label)
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
        self.tree.currentItemChanged.connect(self._current_changed)
        layout.addWidget(self.tree, 1)
        # Support first (attendance, issue 23): above the list, refreshing itself.
        self.support = SupportFirstPanel(vault, messages, open_family, self)
        layout.insertWidget(1, self.support)
        refresh.clicked.connect(self.support.refresh)

    def clear(self) -> None:
        self.page = None
        self.tree.clear()
        self.heading.clear()
        self.snoozed_label.clear()

    def refresh(self) -> None:
        # Worked out on the database worker (0.35 s at 2,000 families), so the window is
        # painted and answers meanwhile.
        if not self.vault.is_open:
            return
        self.vault.ops.query(today.compute, self.show_page, parent=self, key="today")

    def show_page(self, page: today.TodayPage) -> None:
        self.page = page
        self.heading.setText(f"Today, {page.today:%A %d %B %Y}")
        self.snoozed_label.setText(
            f"{page.snoozed} 'no contact' reminder{'s' if page.snoozed != 1 else ''} snoozed."
            if page.snoozed
            else ""
        )
        self.snoozed_label.setVisible(bool(page.snoozed))
        self.tree.blockSignals(True)
        self.tree.clear()
        for section in sections(page):
            self._add_section(section)
        self.tree.blockSignals(False)
        self.snooze_button.setEnabled(False)

    def _add_section(self, section: Section) -> None:
        top = QTreeWidgetItem([f"{section.title} ({len(section.lines)})"])
        top.setData(0, SECTION_ROLE, section.key)
        font = top.font(0)
        font.setBold(True)
        top.setFont(0, font)
        self.tree.addTopLevelItem(top)
        top.setFirstColumnSpanned(True)
        lines = section.lines
        folded = section.foldable and len(lines) > FOLD_OVER and section.key not in self.unfolded
        for line in lines[:SHOWN] if folded else lines:
            top.addChild(self._item(line))
        if folded:
            more = QTreeWidgetItem([f"and {len(lines) - SHOWN} more… (Enter to show all)"])
            more.setData(0, KIND_ROLE, "more")
            more.setData(0, SECTION_ROLE, section.key)
            top.addChild(more)
            more.setFirstColumnSpanned(True)
        top.setExpanded(bool(lines))

    def _item(self, line: Line) -> QTreeWidgetItem:
        item = QTreeWidgetItem([line.when, english_frame(line.family), line.what])
        item.setData(0, FAMILY_ROLE, line.family_id)
        item.setData(0, KIND_ROLE, line.kind)
        item.setToolTip(2, line.what)
        if line.action_id is not None:
            item.setData(0, ACTION_ROLE, line.action_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
        return item

    def section_item(self, key: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.data(0, SECTION_ROLE) == key:
                return top
        return None

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        if item.data(0, KIND_ROLE) == "more":
            self.unfold(str(item.data(0, SECTION_ROLE)))
            return
        family_id = item.data(0, FAMILY_ROLE)
        if family_id is not None:
            self.open_family(int(family_id))

    def unfold(self, key: str) -> None:
        self.unfolded.add(key)
        # Not from inside the item's own signal: refresh() deletes that item.
        QTimer.singleShot(0, self.refresh)

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self.snooze_button.setEnabled(
            current is not None and current.data(0, KIND_ROLE) == "no_contact"
        )

    def snooze_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None or item.data(0, KIND_ROLE) != "no_contact":
            return
        family_id = int(item.data(0, FAMILY_ROLE))
        until = snoozes.default_until(self.db.clock.today())
        reason = self.messages.text(
            self,
            "Snooze the reminder",
            f"Why can contact with {item.text(1)} wait until {uk_date(until)} "
            f"({snoozes.DEFAULT_WEEKS} weeks)? The reason is kept in the family's chronology.",
        )
        if reason is None:
            return
        try:
            snoozes.snooze_no_contact(self.db, family_id, reason, until)
        except ValidationError as exc:
            self.messages.error(self, "Not snoozed", "; ".join(exc.errors.values()).capitalize())
            return
        except LiaisonError as exc:
            self.messages.error(self, "Not snoozed", exc.message)
            return
        self.refresh()

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        action_id = item.data(0, ACTION_ROLE)
        if action_id is None or item.checkState(0) != Qt.CheckState.Checked:
            return
        meetings.complete_action(self.db, int(action_id))
        # Not from inside the item's own signal: refresh() deletes that item.
        QTimer.singleShot(0, self.refresh)
