"""Book a meeting or record one: who came, interpreter, notes from a template, actions agreed."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from liaison.clock import LONDON
from liaison.errors import LiaisonError, ValidationError
from liaison.models.enums import ActionOwner, AttendeeRole, MeetingKind, MeetingStatus
from liaison.services import families as fam
from liaison.services.casework import meetings
from ui.guard import AsksBeforeDiscarding
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.dates_ahead import confirm_far_dates
from ui.views.widgets import (
    ERROR_STYLE,
    DateEdit,
    Field,
    LanguageCombo,
    fit_to_screen,
    keep_length,
    save_cancel,
    scrolled,
)

_ACTION_KEY = re.compile(r"^actions\[(\d+)\]")


class MeetingDialog(AsksBeforeDiscarding, UsesVault, QDialog):
    discard_what = "this meeting"

    def __init__(
        self,
        vault: Vault,
        messages: Messages,
        family_id: int,
        parent: QWidget | None,
        meeting_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault, self.messages = vault, messages
        self.family_id, self.meeting_id = family_id, meeting_id
        self.saved_id: int | None = None
        self.setWindowTitle("Meeting" if meeting_id else "New meeting")
        fit_to_screen(self, 920, 680)
        self.draft = fam.load_draft(self.db, family_id)
        outer = QVBoxLayout(self)
        # The form scrolls; Save and Cancel stay in view on a 1366x768 screen whatever the
        # size of the household.
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(body), 1)
        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields: dict[str, Field] = {}
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of meeting")
        for kind in MeetingKind:
            self.kind.addItem(kind.label, kind)
        form.addRow("Kind", self._field("kind", self.kind))
        when = QHBoxLayout()
        self.date = DateEdit("Meeting date")
        self.start = QTimeEdit()
        self.start.setDisplayFormat("HH:mm")
        self.start.setAccessibleName("Start time")
        self.end = QTimeEdit()
        self.end.setDisplayFormat("HH:mm")
        self.end.setAccessibleName("End time")
        when.addWidget(self._field("starts_at", self.date))
        when.addWidget(QLabel("from"))
        when.addWidget(self.start)
        when.addWidget(QLabel("to"))
        when.addWidget(self._field("ends_at", self.end))
        when.addStretch()
        form.addRow("When", when)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        self.status.addItem("Booked if in the future, held if past", None)
        for status in MeetingStatus:
            self.status.addItem(status.label, status)
        form.addRow("Status", self._field("status", self.status))
        self.place = QLineEdit()
        self.place.setAccessibleName("Place")
        form.addRow("Place", self._field("place", self.place))
        interp = QHBoxLayout()
        self.interpreter = QCheckBox("&Interpreter present, for")
        self.interpreter_language = LanguageCombo("Interpreter language")
        interp.addWidget(self.interpreter)
        interp.addWidget(self._field("interpreter_language", self.interpreter_language), 1)
        form.addRow("Interpreter", interp)

        who = QGroupBox("Who attended")
        grid = QGridLayout(who)
        self.attendee_boxes: list[tuple[QCheckBox, AttendeeRole, int]] = []
        people = [(AttendeeRole.CAREGIVER, c.id, c.display_name) for c in self.draft.caregivers]
        people += [(AttendeeRole.PUPIL, p.id, p.display_name) for p in self.draft.pupils]
        for i, (role, person_id, name) in enumerate(people):
            box = QCheckBox(name)
            box.setAccessibleName(f"{name} attended")
            grid.addWidget(box, i // 3, i % 3)
            assert person_id is not None
            self.attendee_boxes.append((box, role, person_id))
        self.staff = QLineEdit()
        self.staff.setPlaceholderText("Staff and others, separated by commas")
        self.staff.setAccessibleName("Staff and others who attended")
        grid.addWidget(self._field("attendees", self.staff), (len(people) + 2) // 3, 0, 1, 3)
        layout.addWidget(who)

        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Meeting notes")
        self.notes.setMinimumHeight(140)
        layout.addWidget(self._field("notes", self.notes), 1)
        self.confidential = QCheckBox("C&onfidential notes (left out of every export except a SAR)")
        layout.addWidget(self.confidential)

        layout.addWidget(self._actions_box())
        follow = QHBoxLayout()
        self.next_check_in = DateEdit("Next check-in")
        follow.addWidget(QLabel("Next check-in with the family"))
        follow.addWidget(self._field("next_check_in_on", self.next_check_in))
        follow.addStretch()
        layout.addLayout(follow)
        buttons = save_cancel(self.save, self.reject)
        outer.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._template = ""
        self._load()
        keep_length(self.start, self.end)
        self.mark_clean()

    def _actions_box(self) -> QGroupBox:
        actions = QGroupBox("Actions agreed")
        actions_layout = QVBoxLayout(actions)
        self.actions = QTableWidget(0, 3)
        self.actions.setHorizontalHeaderLabels(["What", "Due", "Who"])
        self.actions.setAccessibleName("Actions agreed")
        self.actions.setColumnWidth(0, 460)
        self.actions.setColumnWidth(1, 140)
        self.actions.horizontalHeader().setStretchLastSection(True)
        self.actions.setMaximumHeight(130)
        actions_layout.addWidget(self.actions)
        self.action_error = QLabel()
        self.action_error.setStyleSheet(ERROR_STYLE)
        actions_layout.addWidget(self.action_error)
        add = QPushButton("Add &action")
        add.clicked.connect(lambda: self.add_action())
        actions_layout.addWidget(add)
        return actions

    def _field(self, key: str, widget: QWidget) -> Field:
        self.fields[key] = Field(widget)
        return self.fields[key]

    def _kind_changed(self) -> None:
        # Prefill the headings unless she has already written something of her own.
        if self.notes.toPlainText().strip() in ("", self._template.strip()):
            self._template = meetings.template_for(self.kind.currentData())
            self.notes.setPlainText(self._template)

    def _load(self) -> None:
        now = self.db.clock.now().astimezone(LONDON)
        if self.meeting_id is None:
            self.date.set_date(now.date())
            self.start.setTime(QTime(now.hour, (now.minute // 15) * 15))
            self.end.setTime(self.start.time().addSecs(30 * 60))
            carer = next((c for c in self.draft.caregivers if c.interpreter_needed), None)
            if carer is not None:
                self.interpreter_language.set_code(carer.interpreter_language)
            self._kind_changed()
            return
        view = meetings.get_meeting(self.db, self.meeting_id)
        self.kind.setCurrentIndex(self.kind.findData(view.kind))
        self.date.set_date(view.starts_at.date())
        self.start.setTime(QTime(view.starts_at.hour, view.starts_at.minute))
        if view.ends_at:
            self.end.setTime(QTime(view.ends_at.hour, view.ends_at.minute))
        self.status.setCurrentIndex(self.status.findData(view.status))
        self.place.setText(view.place or "")
        self.interpreter.setChecked(view.interpreter_present)
        self.interpreter_language.set_code(view.interpreter_language)
        self.notes.setPlainText(view.notes or "")
        self.confidential.setChecked(view.confidential)
        names = set(view.attendees)
        for box, _, _ in self.attendee_boxes:
            box.setChecked(box.text() in names)
        self.staff.setText(
            ", ".join(a.rsplit(" (", 1)[0] for a in view.attendees if a.endswith(")"))
        )
        for action in view.actions:
            self.add_action(action)

    def add_action(self, action: meetings.ActionView | None = None) -> None:
        row = self.actions.rowCount()
        self.actions.insertRow(row)
        what = QLineEdit(action.what if action else "")
        what.setAccessibleName(f"Action {row + 1}")
        due = DateEdit(f"Action {row + 1} due")
        due.set_date(action.due_on if action else self.db.clock.today() + dt.timedelta(days=7))
        owner = QComboBox()
        owner.setAccessibleName(f"Action {row + 1} owner")
        for o in ActionOwner:
            owner.addItem(o.label, o)
        if action:
            owner.setCurrentIndex(owner.findData(action.owner))
        what.setProperty("action_id", action.id if action else None)
        what.setProperty("done_on", action.done_on.isoformat() if action and action.done_on else "")
        self.actions.setCellWidget(row, 0, what)
        self.actions.setCellWidget(row, 1, due)
        self.actions.setCellWidget(row, 2, owner)
        what.setFocus()

    def collect(self) -> meetings.MeetingDraft:
        errors: dict[str, str] = {}
        try:
            day = self.date.date()
        except ValueError as exc:
            errors["starts_at"] = str(exc)
            day = None
        if day is None and "starts_at" not in errors:
            errors["starts_at"] = "give the date"
        try:
            next_check_in = self.next_check_in.date()
        except ValueError as exc:
            errors["next_check_in_on"] = str(exc)
            next_check_in = None
        actions = []
        for row in range(self.actions.rowCount()):
            what = self.actions.cellWidget(row, 0)
            due = self.actions.cellWidget(row, 1)
            owner = self.actions.cellWidget(row, 2)
            assert isinstance(what, QLineEdit) and isinstance(due, DateEdit)
            assert isinstance(owner, QComboBox)
            if not what.text().strip():
                continue
            try:
                due_on = due.date()
            except ValueError as exc:
                errors[f"actions[{row}].due_on"] = str(exc)
                continue
            if due_on is None:
                errors[f"actions[{row}].due_on"] = "give the date it is due"
                continue
            done = what.property("done_on")
            actions.append(
                meetings.ActionDraft(
                    what.text(),
                    due_on,
                    owner.currentData(),
                    id=what.property("action_id"),
                    done_on=dt.date.fromisoformat(done) if done else None,
                )
            )
        if errors:
            raise ValidationError(errors)
        assert day is not None
        start = dt.datetime.combine(day, self.start.time().toPython(), LONDON)
        end = dt.datetime.combine(day, self.end.time().toPython(), LONDON)
        attendees = [
            meetings.AttendeeDraft(
                role,
                caregiver_id=pid if role == AttendeeRole.CAREGIVER else None,
                pupil_id=pid if role == AttendeeRole.PUPIL else None,
            )
            for box, role, pid in self.attendee_boxes
            if box.isChecked()
        ]
        attendees += [
            meetings.AttendeeDraft(AttendeeRole.STAFF, name=name.strip())
            for name in self.staff.text().split(",")
            if name.strip()
        ]
        return meetings.MeetingDraft(
            family_id=self.family_id,
            kind=self.kind.currentData(),
            starts_at=start,
            ends_at=end if end != start else None,
            status=self.status.currentData(),
            place=self.place.text() or None,
            interpreter_present=self.interpreter.isChecked(),
            interpreter_language=self.interpreter_language.code()
            if self.interpreter.isChecked()
            else None,
            notes=self.notes.toPlainText()
            if self.notes.toPlainText().strip() != self._template.strip()
            else None,
            confidential=self.confidential.isChecked(),
            attendees=attendees,
            actions=actions,
            next_check_in_on=next_check_in,
            id=self.meeting_id,
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        for f in self.fields.values():
            f.set_error(None)
        self.action_error.clear()
        other = []
        for key, message in errors.items():
            match = _ACTION_KEY.match(key)
            if match:
                self.action_error.setText(f"Action {int(match.group(1)) + 1}: {message}")
            elif key.startswith("attendees"):
                self.fields["attendees"].set_error(message)
            elif key in self.fields:
                self.fields[key].set_error(message)
            else:
                other.append(message)
        self.summary.setText("Please fix: " + "; ".join(errors.values()) if errors else "")

    def wants_interpreter(self) -> bool:
        """A booked meeting with a caregiver who needs an interpreter: offer to book one."""
        if self.saved_id is None:
            return False
        view = meetings.get_meeting(self.db, self.saved_id)
        needed = any(c.interpreter_needed for c in self.draft.caregivers)
        return needed and view.status == MeetingStatus.BOOKED

    def save(self) -> bool:
        try:
            draft = self.collect()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        ahead = [("Next check-in", draft.next_check_in_on)]
        ahead += [(f"Action '{a.what}' due", a.due_on) for a in draft.actions if a.id is None]
        if not confirm_far_dates(self.messages, self, ahead, self.db.clock.today()):
            return False
        try:
            self.saved_id = meetings.save_meeting(self.db, draft)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except LiaisonError as exc:
            self.messages.error(self, "Could not save the meeting", exc.message)
            return False
        self.accept()
        return True
