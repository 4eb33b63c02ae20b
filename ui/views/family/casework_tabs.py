"""Tabs on the family page added by later capabilities: meetings and Friendly Faces."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from liaison.errors import LiaisonError
from liaison.services import families as fam
from liaison.services.casework import friendly_faces, meetings
from ui.messages import Messages
from ui.models.tables import fill, selected_id, table
from ui.vault import UsesVault, Vault


def _one_line(text: str | None, limit: int = 120) -> str:
    return (text or "").replace("\n", " ")[:limit]


class MeetingsTab(UsesVault, QWidget):
    changed = Signal()

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.family_id: int | None = None
        layout = QVBoxLayout(self)
        self.meetings = table(["When", "Kind", "Status", "Attended", "Notes"], "Meetings")
        self.meetings.doubleClicked.connect(lambda _: self.open_meeting(selected_id(self.meetings)))
        layout.addWidget(self.meetings, 2)
        row = QHBoxLayout()
        add = QPushButton("&New meeting…")
        add.clicked.connect(lambda: self.open_meeting(None))
        row.addWidget(add)
        row.addStretch()
        layout.addLayout(row)
        layout.addWidget(QLabel("Actions"))
        self.actions = table(["Due", "Who", "Done", "What"], "Actions")
        layout.addWidget(self.actions, 1)
        self.done_button = QPushButton("Mark selected action done")
        self.done_button.clicked.connect(self.mark_done)
        layout.addWidget(self.done_button)

    def show_family(self, family_id: int) -> None:
        self.family_id = family_id
        rows = meetings.list_meetings(self.db, family_id=family_id)
        rows.sort(key=lambda m: m.starts_at, reverse=True)
        fill(
            self.meetings,
            [
                (
                    f"{m.starts_at:%d/%m/%Y %H:%M}",
                    m.kind.label,
                    m.status.label,
                    ", ".join(m.attendees),
                    "(confidential)"
                    if m.confidential
                    else (m.notes or "").replace("\n", " ")[:120],
                )
                for m in rows
            ],
            [m.id for m in rows],
        )
        acts = meetings.list_actions(self.db, family_id=family_id)
        fill(
            self.actions,
            [
                (
                    f"{a.due_on:%d/%m/%Y}",
                    a.owner.label,
                    f"{a.done_on:%d/%m/%Y}" if a.done_on else "",
                    a.what,
                )
                for a in acts
            ],
            [a.id for a in acts],
        )

    def open_meeting(self, meeting_id: int | None) -> None:
        if self.family_id is None:
            return
        from ui.views.dialogs.meeting import MeetingDialog

        dialog = MeetingDialog(self.vault, self.messages, self.family_id, self, meeting_id)
        dialog.accepted.connect(lambda: self._saved(dialog, meeting_id is None))
        dialog.open()
        self.dialog = dialog

    def _saved(self, dialog, new: bool) -> None:
        self.changed.emit()
        if not (new and dialog.wants_interpreter()):
            return
        if not self.messages.ask(
            self,
            "Book an interpreter?",
            "A caregiver in this family needs an interpreter. Book one for this meeting now?",
        ):
            return
        from ui.views.dialogs.booking import BookingDialog

        view = meetings.get_meeting(self.db, dialog.saved_id)
        booking = BookingDialog(
            self.vault,
            self.messages,
            view.family_id,
            self,
            meeting_id=view.id,
            starts_at=view.starts_at,
            ends_at=view.ends_at,
            place=view.place,
        )
        booking.accepted.connect(self.changed.emit)
        booking.open()
        self.booking_dialog = booking

    def mark_done(self) -> None:
        action_id = selected_id(self.actions)
        if action_id is not None:
            meetings.complete_action(self.db, action_id)
            self.changed.emit()


class FriendlyFacesTab(UsesVault, QWidget):
    changed = Signal()

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.family_id: int | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Friendly Faces: established parents who welcome new families."))
        self.volunteers = QWidget()
        self.volunteer_layout = QVBoxLayout(self.volunteers)
        self.volunteer_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.volunteers)
        layout.addWidget(QLabel("Matches"))
        self.matches = table(
            ["Since", "Family welcomed", "Volunteer", "Ended"], "Friendly Faces matches"
        )
        layout.addWidget(self.matches, 1)
        end = QPushButton("End selected match")
        end.clicked.connect(self.end_match)
        layout.addWidget(end)
        layout.addWidget(QLabel("Suggested volunteers for this family"))
        self.suggestions = table(["Volunteer", "Family", "Why"], "Suggested volunteers")
        layout.addWidget(self.suggestions, 1)
        match = QPushButton("&Match with selected volunteer")
        match.clicked.connect(self.match_selected)
        layout.addWidget(match)

    def clear_family(self) -> None:
        """Forget the family shown (at Lock): the volunteers' names are in the boxes."""
        self.family_id = None
        while self.volunteer_layout.count():
            item = self.volunteer_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def show_family(self, family_id: int) -> None:
        self.clear_family()
        self.family_id = family_id
        detail = fam.load_draft(self.db, family_id)
        volunteers = friendly_faces.volunteer_ids(self.db, family_id)
        for carer in detail.caregivers:
            box = QCheckBox(f"{carer.display_name} is a Friendly Faces volunteer")
            box.setAccessibleName(box.text())
            box.setChecked(carer.id in volunteers)
            box.toggled.connect(lambda on, cid=carer.id: self.set_volunteer(cid, on))
            self.volunteer_layout.addWidget(box)
        found = friendly_faces.matches_for(self.db, family_id)
        fill(
            self.matches,
            [
                (
                    f"{m.matched_on:%d/%m/%Y}",
                    m.family_reference,
                    f"{m.volunteer_name} ({m.volunteer_reference})",
                    f"{m.ended_on:%d/%m/%Y}" if m.ended_on else "",
                )
                for m in found
            ],
            [m.id for m in found],
        )
        suggestions = friendly_faces.suggest_volunteers(self.db, family_id)
        fill(
            self.suggestions,
            [(s.name, s.reference, "; ".join(s.reasons) or "a volunteer") for s in suggestions],
            [s.caregiver_id for s in suggestions],
        )

    def set_volunteer(self, caregiver_id: int | None, on: bool) -> None:
        if caregiver_id is not None:
            friendly_faces.set_volunteer(self.db, caregiver_id, on)

    def match_selected(self) -> None:
        volunteer = selected_id(self.suggestions)
        if volunteer is None or self.family_id is None:
            self.messages.info(self, "Friendly Faces", "Choose a volunteer from the list first.")
            return
        try:
            friendly_faces.match(self.db, self.family_id, volunteer)
        except LiaisonError as exc:
            self.messages.error(self, "Could not match", exc.message)
            return
        self.changed.emit()

    def end_match(self) -> None:
        match_id = selected_id(self.matches)
        if match_id is not None:
            friendly_faces.end_match(self.db, match_id)
            self.changed.emit()
