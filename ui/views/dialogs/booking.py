"""Book an interpreter: language and dialect from the caregiver's record, clashes flagged first."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from liaison.clock import LONDON
from liaison.errors import LiaisonError, ValidationError
from liaison.models.enums import BookingStatus, InterpretingMode
from liaison.services import families as fam
from liaison.services.casework import interpreter_directory, interpreters
from liaison.validation import parse_pounds
from ui.guard import AsksBeforeDiscarding
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.widgets import (
    ERROR_STYLE,
    DateEdit,
    Field,
    LanguageCombo,
    fit_to_screen,
    keep_length,
    save_cancel,
)


def _amount(pence: int | None) -> str:
    return "" if pence is None else f"{pence / 100:.2f}"


class BookingDialog(AsksBeforeDiscarding, UsesVault, QDialog):
    discard_what = "this booking"

    def __init__(
        self,
        vault: Vault,
        messages: Messages,
        family_id: int,
        parent: QWidget | None,
        *,
        booking_id: int | None = None,
        meeting_id: int | None = None,
        starts_at: dt.datetime | None = None,
        ends_at: dt.datetime | None = None,
        place: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault, self.messages = vault, messages
        self.family_id, self.booking_id, self.meeting_id = family_id, booking_id, meeting_id
        self.saved_id: int | None = None
        self.setWindowTitle("Interpreter booking")
        fit_to_screen(self, 640, 560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields: dict[str, Field] = {}
        draft = fam.load_draft(self.db, family_id)
        self.caregiver = QComboBox()
        self.caregiver.setAccessibleName("For caregiver")
        self.caregiver.addItem("(the family)", None)
        for c in draft.caregivers:
            self.caregiver.addItem(c.display_name, c.id)
        self.carers = {c.id: c for c in draft.caregivers}
        form.addRow("For", self.caregiver)
        self.language = LanguageCombo("Booking language", allow_none=False)
        form.addRow("Language", self._field("language", self.language))
        self.dialect = QLineEdit()
        self.dialect.setAccessibleName("Dialect")
        form.addRow("Dialect", self.dialect)
        self.mode = QComboBox()
        self.mode.setAccessibleName("Mode")
        for m in InterpretingMode:
            self.mode.addItem(m.label, m)
        form.addRow("Mode", self.mode)
        self.interpreter = QComboBox()
        self.interpreter.setAccessibleName("Interpreter")
        form.addRow("Interpreter", self.interpreter)
        when = QHBoxLayout()
        self.date = DateEdit("Booking date")
        self.start = QTimeEdit(QTime(9, 0))
        self.start.setDisplayFormat("HH:mm")
        self.start.setAccessibleName("Booking start")
        self.end = QTimeEdit(QTime(10, 0))
        self.end.setDisplayFormat("HH:mm")
        self.end.setAccessibleName("Booking end")
        when.addWidget(self._field("starts_at", self.date))
        when.addWidget(self.start)
        when.addWidget(QLabel("to"))
        when.addWidget(self._field("ends_at", self.end))
        form.addRow("When", when)
        self.place = QLineEdit(place or "")
        self.place.setAccessibleName("Booking place")
        form.addRow("Place", self.place)
        self.status = QComboBox()
        self.status.setAccessibleName("Booking status")
        for s in BookingStatus:
            self.status.addItem(s.label, s)
        form.addRow("Status", self.status)
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Agency booking reference")
        form.addRow("Agency reference", self.reference)
        self.cost = QLineEdit()
        self.cost.setPlaceholderText("worked out from the rate; type to override")
        self.cost.setAccessibleName("Cost in pounds")
        form.addRow("Cost (£)", self._field("cost_pence", self.cost))
        self.notes = QLineEdit()
        self.notes.setAccessibleName("Booking notes")
        form.addRow("Notes", self.notes)
        self.warnings = QLabel()
        self.warnings.setStyleSheet(ERROR_STYLE)
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Booking warnings")
        layout.addWidget(self.warnings)
        self.save_anyway = QPushButton("Save &anyway")
        self.save_anyway.setVisible(False)
        self.save_anyway.clicked.connect(lambda: self.save(accept_warnings=True))
        layout.addWidget(self.save_anyway)
        buttons = save_cancel(self.save, self.reject)
        layout.addWidget(buttons)
        self.caregiver.currentIndexChanged.connect(self._caregiver_changed)
        self.language.currentIndexChanged.connect(self._fill_interpreters)
        self._load(starts_at, ends_at)
        keep_length(self.start, self.end)
        self.mark_clean()

    def _field(self, key: str, widget: QWidget) -> Field:
        self.fields[key] = Field(widget)
        return self.fields[key]

    def _caregiver_changed(self) -> None:
        carer = self.carers.get(self.caregiver.currentData())
        if carer is None:
            return
        code = carer.interpreter_language or carer.main_language
        if code:
            self.language.set_code(code)
        self.dialect.setText(carer.interpreter_dialect or "")

    def _fill_interpreters(self) -> None:
        code = self.language.code()
        chosen = self.interpreter.currentData()
        self.interpreter.clear()
        self.interpreter.addItem("(not chosen yet)", None)
        for p in interpreter_directory.list_interpreters(self.db, language=code):
            dialects = ", ".join(d for c, d in p.languages if d and code and c[:3] == code[:3])
            self.interpreter.addItem(
                p.name
                + (f" ({dialects})" if dialects else "")
                + (f", {p.agency}" if p.agency else ""),
                p.id,
            )
        self.interpreter.setCurrentIndex(max(0, self.interpreter.findData(chosen)))

    def _load(self, starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> None:
        if self.booking_id is None:
            start = starts_at or (self.db.clock.now() + dt.timedelta(days=1)).astimezone(LONDON)
            end = ends_at or start + dt.timedelta(hours=1)
            self.date.set_date(start.astimezone(LONDON).date())
            self.start.setTime(
                QTime(start.astimezone(LONDON).hour, start.astimezone(LONDON).minute)
            )
            self.end.setTime(QTime(end.astimezone(LONDON).hour, end.astimezone(LONDON).minute))
            needing = next((c for c in self.carers.values() if c.interpreter_needed), None)
            index = self.caregiver.findData(needing.id) if needing else 0
            self.caregiver.setCurrentIndex(max(0, index))
            self._caregiver_changed()
            self._fill_interpreters()
            return
        b = interpreters.get_booking(self.db, self.booking_id)
        self.meeting_id = b.meeting_id
        self.language.set_code(b.language)
        self._fill_interpreters()
        self.caregiver.setCurrentIndex(
            max(
                0,
                self.caregiver.findData(
                    next(
                        (cid for cid, c in self.carers.items() if c.display_name == b.caregiver),
                        None,
                    )
                ),
            )
        )
        self.language.set_code(b.language)
        self.dialect.setText(b.dialect or "")
        self.mode.setCurrentIndex(self.mode.findData(b.mode))
        self.interpreter.setCurrentIndex(max(0, self.interpreter.findData(b.interpreter_id)))
        self.date.set_date(b.starts_at.date())
        self.start.setTime(QTime(b.starts_at.hour, b.starts_at.minute))
        self.end.setTime(QTime(b.ends_at.hour, b.ends_at.minute))
        self.place.setText(b.place or "")
        self.status.setCurrentIndex(self.status.findData(b.status))
        self.reference.setText(b.agency_reference or "")
        if b.cost_overridden:
            self.cost.setText(_amount(b.cost_pence))
        self.notes.setText(b.notes or "")

    def collect(self) -> interpreters.BookingDraft:
        errors: dict[str, str] = {}
        try:
            day = self.date.date()
        except ValueError as exc:
            day = None
            errors["starts_at"] = str(exc)
        if day is None:
            errors.setdefault("starts_at", "give the date")
        cost = None
        try:
            cost = parse_pounds(self.cost.text())
        except ValueError as exc:
            errors["cost_pence"] = str(exc)
        if errors:
            raise ValidationError(errors)
        assert day is not None
        return interpreters.BookingDraft(
            family_id=self.family_id,
            language=self.language.code() or "",
            dialect=self.dialect.text().strip() or None,
            starts_at=dt.datetime.combine(day, self.start.time().toPython(), LONDON),
            ends_at=dt.datetime.combine(day, self.end.time().toPython(), LONDON),
            mode=self.mode.currentData(),
            interpreter_id=self.interpreter.currentData(),
            caregiver_id=self.caregiver.currentData(),
            meeting_id=self.meeting_id,
            place=self.place.text().strip() or None,
            status=self.status.currentData(),
            agency_reference=self.reference.text().strip() or None,
            cost_pence=cost,
            notes=self.notes.text().strip() or None,
            id=self.booking_id,
        )

    def save(self, accept_warnings: bool = False) -> bool:
        for f in self.fields.values():
            f.set_error(None)
        try:
            self.saved_id = interpreters.save_booking(
                self.db, self.collect(), accept_warnings=accept_warnings
            )
        except interpreters.BookingWarnings as exc:
            self.warnings.setText(
                "Check before booking:\n• "
                + "\n• ".join(exc.warnings)
                + "\nChange the booking, or save anyway if you have checked."
            )
            self.save_anyway.setVisible(True)
            return False
        except ValidationError as exc:
            for key, message in exc.errors.items():
                if key in self.fields:
                    self.fields[key].set_error(message)
            self.warnings.setText("; ".join(exc.errors.values()))
            return False
        except LiaisonError as exc:
            self.messages.error(self, "Could not save the booking", exc.message)
            return False
        self.accept()
        return True
