"""The family page's Attendance tab: each child's attendance across the MIS snapshots as a small
chart, the contacts and meetings on the same time line, the latest figures with the sessions
behind them, and one button to book an attendance support meeting."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison.services import attendance
from liaison.validation import year_label
from ui.bidi import english_frame
from ui.messages import Messages
from ui.models.tables import fill, table
from ui.vault import UsesVault, Vault
from ui.views.attendance_meeting import open_support_meeting
from ui.views.family.attendance_chart import AttendanceChart


def _change(pupil: attendance.PupilTrend) -> str:
    """The change since the snapshot before, in points, within one academic year."""
    points = [p for p in pupil.points if p.rate.attendance is not None]
    if len(points) < 2 or points[-1].academic_year != points[-2].academic_year:
        return ""
    now, before = points[-1].rate.attendance, points[-2].rate.attendance
    assert now is not None and before is not None
    delta = round(now - before, 1)
    return "no change" if delta == 0 else f"{'+' if delta > 0 else '−'}{abs(delta):.1f} pts"


class AttendanceTab(UsesVault, QWidget):
    changed = Signal()

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.family_id: int | None = None
        self.found: attendance.FamilyAttendance | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Attendance summary")
        top.addWidget(self.summary, 1)
        self.book_button = QPushButton("Book attendance &support meeting…")
        self.book_button.clicked.connect(self.book)
        top.addWidget(self.book_button)
        layout.addLayout(top)
        self.latest = table(
            ["Child", "Latest", "Attendance (sessions)", "Flag", "Since the one before"],
            "Latest attendance",
        )
        self.latest.setMaximumHeight(130)
        layout.addWidget(self.latest)
        self.chart = AttendanceChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        layout.addWidget(scroll, 1)
        self.dialog: QWidget | None = None

    def show_family(self, family_id: int) -> None:
        self.family_id = family_id
        self.found = found = attendance.family_attendance(self.db, family_id)
        rows, ids = [], []
        for pupil in found.pupils:
            latest = pupil.latest
            year = year_label(pupil.year_group)
            rows.append(
                (
                    english_frame(f"{pupil.name}{f' ({year})' if year else ''}"),
                    f"{latest.as_at:%d/%m/%Y}" if latest else "",
                    latest.rate.describe() if latest else "no attendance held",
                    latest.rate.label() if latest else "",
                    _change(pupil),
                )
            )
            ids.append(pupil.pupil_id)
        fill(self.latest, rows, ids)
        self.chart.set_attendance(found if found.has_figures else None)
        self.summary.setText(
            "Attendance to date from the MIS at each snapshot; the dashed line is 90% (at or "
            "below it a pupil is persistently absent). Contacts and meetings are marked below "
            "each chart."
            if found.has_figures
            else "No attendance held for this family yet: import it from the MIS "
            "(File > Import attendance…)."
        )

    def book(self) -> None:
        if self.family_id is None:
            return
        dialog = open_support_meeting(self.vault, self.messages, self.family_id, self)
        dialog.accepted.connect(self.changed.emit)
        self.dialog = dialog
