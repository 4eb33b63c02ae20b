"""The Day 1 admissions intake for a new arrival: one guided pass, saved in one go at the end.

People, languages and interpreter need -> needs and barriers -> communication and consent ->
the Day 1 meeting and a scheduled follow-up check-in.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.clock import LONDON
from liaison.errors import LiaisonError, ValidationError
from liaison.models.enums import AttendeeRole, ConsentKind, ConsentStatus, MeetingKind, NeedCategory
from liaison.services import families as fam
from liaison.services import school
from liaison.services.casework import meetings
from liaison.services.school.calendar import SchoolCalendar
from liaison.validation import ahead_date
from ui.guard import AsksBeforeDiscarding
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.dates_ahead import confirm_far_dates
from ui.views.family.form import FamilyForm
from ui.views.widgets import ERROR_STYLE, DateEdit, fit_to_screen, scrolled

STEPS = ["Family and languages", "Needs and barriers", "Contact and consent", "Day 1 and follow-up"]
FOLLOW_UP_SCHOOL_DAYS = 10


class IntakeDialog(AsksBeforeDiscarding, UsesVault, QDialog):
    discard_what = "this intake"

    def __init__(self, vault: Vault, messages: Messages, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.vault, self.messages = vault, messages
        self.saved_id: int | None = None
        self.setWindowTitle("New arrival intake (Day 1)")
        fit_to_screen(self, 1150, 680)
        today = self.db.clock.today()
        layout = QVBoxLayout(self)
        self.step_label = QLabel()
        self.step_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        layout.addWidget(self.step_label)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.form = FamilyForm(fam.FamilyDraft(new_arrival_date=today))
        area = QScrollArea()
        area.setWidget(self.form)
        area.setWidgetResizable(True)
        self.pages.addWidget(area)
        for page in (self._needs_page(), self._consent_page(), self._follow_up_page(today)):
            self.pages.addWidget(scrolled(page))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.back = QPushButton("< &Back")
        self.next = QPushButton("&Next >")
        self.cancel = QPushButton("&Cancel")
        self.next.setDefault(True)
        self.back.clicked.connect(lambda: self._go(self.pages.currentIndex() - 1))
        self.next.clicked.connect(self._next)
        self.cancel.clicked.connect(self.reject)
        for b in (self.back, self.next, self.cancel):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self._go(0)
        self.mark_clean()

    # -- pages ---------------------------------------------------------------------------------
    def _needs_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.addWidget(
            QLabel("Tick what the family needs help with, and add a word of detail."), 0, 0, 1, 2
        )
        self.need_boxes: dict[NeedCategory, tuple[QCheckBox, QLineEdit]] = {}
        for row, category in enumerate(NeedCategory, start=1):
            box = QCheckBox(category.label)
            detail = QLineEdit()
            detail.setAccessibleName(f"{category.label} detail")
            detail.setEnabled(False)
            box.toggled.connect(detail.setEnabled)
            grid.addWidget(box, row, 0)
            grid.addWidget(detail, row, 1)
            self.need_boxes[category] = (box, detail)
        grid.setRowStretch(len(NeedCategory) + 1, 1)
        return page

    def _consent_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        info = QLabel(
            "Explain, with an interpreter if needed, what the school keeps and why. Contact "
            "channels and best times are on the first page, per caregiver."
        )
        info.setWordWrap(True)
        layout.addWidget(info)
        # Consent is an act: the officer ticks it once the family has said yes, never before.
        self.store_consent = QCheckBox("The family agrees that the school keeps these records")
        layout.addWidget(self.store_consent)
        layout.addWidget(
            QLabel("They also agree to share their details with (one service per line):")
        )
        self.share_with = QPlainTextEdit()
        self.share_with.setAccessibleName("Services the family agrees to share with")
        self.share_with.setPlaceholderText("e.g. Northbridge Food Bank")
        layout.addWidget(self.share_with)
        return page

    def _follow_up_page(self, today: dt.date) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.record_meeting = QCheckBox("Record this Day 1 admissions meeting now")
        self.record_meeting.setChecked(True)
        form.addRow("", self.record_meeting)
        self.meeting_notes = QPlainTextEdit(meetings.template_for(MeetingKind.ADMISSIONS))
        self.meeting_notes.setAccessibleName("Day 1 meeting notes")
        form.addRow("Meeting notes", self.meeting_notes)
        self.interpreter_used = QCheckBox("An interpreter was present")
        form.addRow("", self.interpreter_used)
        calendar = SchoolCalendar(school.list_terms(self.db))
        follow = today
        for _ in range(FOLLOW_UP_SCHOOL_DAYS):
            follow = calendar.next_school_day(follow)
        self.follow_up = DateEdit("Follow-up check-in date")
        self.follow_up.set_date(follow)
        form.addRow("Follow-up check-in", self.follow_up)
        return page

    # -- navigation ----------------------------------------------------------------------------
    def _go(self, index: int) -> None:
        index = max(0, min(index, len(STEPS) - 1))
        self.pages.setCurrentIndex(index)
        self.step_label.setText(f"Step {index + 1} of {len(STEPS)}: {STEPS[index]}")
        self.back.setEnabled(index > 0)
        self.next.setText("&Save" if index == len(STEPS) - 1 else "&Next >")

    def _next(self) -> None:
        index = self.pages.currentIndex()
        self.error.clear()
        if index == 0:
            try:
                fam.validate(self.form.collect(), self.db.clock.today())
            except ValidationError as exc:
                self.form.show_errors(exc.errors)
                return
            self.form.clear_errors()
        if index < len(STEPS) - 1:
            self._go(index + 1)
            return
        self.save()

    def save(self) -> bool:
        today = self.db.clock.today()
        try:
            follow_up = ahead_date(self.follow_up.date(), today, what="The follow-up check-in")
        except ValueError as exc:
            self._go(len(STEPS) - 1)
            self.error.setText(f"{exc}.")
            return False
        if not confirm_far_dates(
            self.messages, self, [("The follow-up check-in", follow_up)], today
        ):
            return False
        try:
            draft = self.form.collect()
            draft.next_check_in_on = follow_up
            family_id = fam.save_family(self.db, draft)
        except ValidationError as exc:
            self._go(0)
            self.form.show_errors(exc.errors)
            return False
        except LiaisonError as exc:
            self.messages.error(self, "Could not save the family", exc.message)
            return False
        self.saved_id = family_id
        # The family exists now: the rest is added to it; a failure is reported, not hidden.
        try:
            for category, (box, detail) in self.need_boxes.items():
                if box.isChecked():
                    fam.add_need(self.db, family_id, category, detail=detail.text())
            if self.store_consent.isChecked():
                fam.record_consent(self.db, family_id, ConsentKind.STORE, ConsentStatus.GIVEN)
            for service in self.share_with.toPlainText().splitlines():
                if service.strip():
                    fam.record_consent(
                        self.db,
                        family_id,
                        ConsentKind.SHARE,
                        ConsentStatus.GIVEN,
                        service=service.strip(),
                    )
            if self.record_meeting.isChecked():
                carers = fam.load_draft(self.db, family_id).caregivers
                language = next(
                    (c.interpreter_language for c in carers if c.interpreter_needed), None
                )
                meetings.save_meeting(
                    self.db,
                    meetings.MeetingDraft(
                        family_id=family_id,
                        kind=MeetingKind.ADMISSIONS,
                        starts_at=self.db.clock.now().astimezone(LONDON) - dt.timedelta(minutes=1),
                        notes=self.meeting_notes.toPlainText(),
                        interpreter_present=self.interpreter_used.isChecked() and bool(language),
                        interpreter_language=language
                        if self.interpreter_used.isChecked()
                        else None,
                        attendees=[
                            meetings.AttendeeDraft(AttendeeRole.CAREGIVER, caregiver_id=c.id)
                            for c in carers
                        ],
                    ),
                )
        except LiaisonError as exc:
            self.messages.error(
                self,
                "Family saved, but not everything",
                f"The family was saved. This part was not: {exc.message}",
            )
        self.accept()
        return True
