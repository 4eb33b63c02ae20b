"""Booking an attendance support meeting in one click: the meeting form opens for the family
with the kind, the next school day, and the note template whose first line already holds each
child's attendance from the MIS. The officer picks the time and presses Save."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QWidget

from liaison.models.enums import MeetingKind
from liaison.services import attendance, school
from liaison.services.casework import meetings
from liaison.validation import year_label
from ui.messages import Messages
from ui.vault import Vault
from ui.views.dialogs.meeting import MeetingDialog

FIRST_HEADING = "Attendance now (from the MIS):"


def attendance_lines(found: attendance.FamilyAttendance) -> list[str]:
    """Each child still at school with figures: their latest attendance, with the sessions."""
    lines = []
    for pupil in found.pupils:
        latest = pupil.latest
        if latest is None or pupil.left_date is not None:
            continue
        # English first, so a name in a right-to-left script does not turn the line around.
        year = year_label(pupil.year_group) or "Pupil"
        flag = latest.rate.label()
        lines.append(
            f"- {year}: {pupil.name}, {latest.rate.describe()}"
            + (f", {flag}" if flag else "")
            + f", as at {latest.as_at:%d/%m/%Y}"
        )
    return lines


def support_note(template: str, found: attendance.FamilyAttendance) -> str:
    """The template with the children's attendance written under its first heading."""
    lines = attendance_lines(found)
    if not lines or FIRST_HEADING not in template:
        return template
    return template.replace(FIRST_HEADING, FIRST_HEADING + "\n" + "\n".join(lines), 1)


def open_support_meeting(
    vault: Vault, messages: Messages, family_id: int, parent: QWidget
) -> MeetingDialog:
    """The meeting form, filled in for an attendance support meeting; shown, not yet saved."""
    db = vault.db
    dialog = MeetingDialog(vault, messages, family_id, parent)
    dialog.kind.setCurrentIndex(dialog.kind.findData(MeetingKind.ATTENDANCE_SUPPORT))
    day = school.SchoolCalendar(school.list_terms(db)).next_school_day(db.clock.today())
    dialog.date.set_date(day)
    dialog.start.setTime(QTime(9, 0))
    dialog.end.setTime(QTime(9, 30))
    template = meetings.template_for(MeetingKind.ATTENDANCE_SUPPORT)
    dialog.notes.setPlainText(support_note(template, attendance.family_attendance(db, family_id)))
    # A review in four weeks, as the template asks; the officer can change it.
    dialog.next_check_in.set_date(day + dt.timedelta(weeks=4))
    dialog.setWindowTitle("Book an attendance support meeting")
    dialog.open()
    return dialog
