"""The whole family in one form: household, caregivers and pupils, with errors by the field."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import LiaisonError, ValidationError
from liaison.services import families as fam
from ui import mnemonics
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.dates_ahead import confirm_far_dates
from ui.views.family.person_editors import CaregiverEditor, PupilEditor
from ui.views.widgets import (
    ERROR_STYLE,
    ChangeSignals,
    DateEdit,
    Field,
    fit_to_screen,
    save_cancel,
)

_KEY = re.compile(r"^(caregivers|pupils)\[(\d+)\]\.(\w+)")


class FamilyForm(ChangeSignals):
    def __init__(self, draft: fam.FamilyDraft) -> None:
        super().__init__()
        self.draft = draft
        self.fields: dict[str, Field] = {}
        self._new_keys = 0
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        self.summary.setAccessibleName("Problems with this form")
        layout.addWidget(self.summary)
        household = QFormLayout()
        row = QHBoxLayout()
        self.address1 = self._line(household, "address_line1", "Address", "Address line 1")
        self.address2 = self._line(household, "address_line2", "", "Address line 2")
        self.town = QLineEdit()
        self.town.setAccessibleName("Town")
        self.postcode = QLineEdit()
        self.postcode.setAccessibleName("Postcode")
        self.postcode.setMaximumWidth(110)
        for key, widget in (("town", self.town), ("postcode", self.postcode)):
            self.fields[key] = Field(widget)
            row.addWidget(self.fields[key])
            self.watch(widget)
        household.addRow("Town, postcode", row)
        dates = QHBoxLayout()
        self.arrival = DateEdit("New arrival date")
        self.check_in = DateEdit("Next check-in date")
        for key, label, widget in (
            ("new_arrival_date", "New to the country/school on", self.arrival),
            ("next_check_in_on", "Next check-in", self.check_in),
        ):
            self.fields[key] = Field(widget)
            dates.addWidget(QLabel(label))
            dates.addWidget(self.fields[key])
            self.watch(widget)
        dates.addStretch()
        household.addRow("", dates)
        layout.addLayout(household)

        self.carer_tabs = QTabWidget()
        self.carer_tabs.setAccessibleName("Caregivers")
        self.pupil_tabs = QTabWidget()
        self.pupil_tabs.setAccessibleName("Pupils")
        for title, tabs, add_text, add, remove in (
            (
                "Caregivers",
                self.carer_tabs,
                "Add caregiver",
                self.add_caregiver,
                self._remove_carer,
            ),
            ("Pupils", self.pupil_tabs, "Add pupil", self.add_pupil, self._remove_pupil),
        ):
            header = QHBoxLayout()
            label = QLabel(f"<b>{title}</b>")
            header.addWidget(label)
            header.addStretch()
            add_button = QPushButton(add_text)
            add_button.clicked.connect(lambda _=False, fn=add: fn())
            remove_button = QPushButton(f"Remove {title.lower()[:-1]}")
            remove_button.setAccessibleName(f"Remove selected {title.lower()[:-1]}")
            remove_button.clicked.connect(remove)
            header.addWidget(add_button)
            header.addWidget(remove_button)
            layout.addLayout(header)
            layout.addWidget(tabs)
        self.fields["family"] = Field(QLabel())
        layout.addWidget(self.fields["family"])
        self.pupil_tabs.currentChanged.connect(lambda _: self._refresh_links())
        self.load(draft)

    def _line(self, form: QFormLayout, key: str, label: str, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        self.fields[key] = Field(edit)
        form.addRow(label, self.fields[key])
        self.watch(edit)
        return edit

    # -- people ------------------------------------------------------------------------------
    def _new_key(self, prefix: str) -> str:
        self._new_keys += 1
        return f"{prefix}{self._new_keys}"

    def add_caregiver(self, draft: fam.CaregiverDraft | None = None) -> CaregiverEditor:
        draft = draft or fam.CaregiverDraft(key=self._new_key("new-carer-"))
        editor = CaregiverEditor(draft)
        editor.changed.connect(self.changed.emit)
        editor.given.textChanged.connect(lambda _=None, e=editor: self._retitle(self.carer_tabs, e))
        editor.family.textChanged.connect(
            lambda _=None, e=editor: self._retitle(self.carer_tabs, e)
        )
        self.carer_tabs.addTab(editor, editor.title_text())
        self.carer_tabs.setCurrentIndex(self.carer_tabs.count() - 1)
        self._refresh_links()
        self.changed.emit()
        return editor

    def add_pupil(self, draft: fam.PupilDraft | None = None) -> PupilEditor:
        if draft is None:
            surname = self.caregivers()[0].family.text() if self.caregivers() else ""
            draft = fam.PupilDraft(key=self._new_key("new-pupil-"), family_name=surname)
        editor = PupilEditor(draft)
        editor.changed.connect(self.changed.emit)
        editor.given.textChanged.connect(lambda _=None, e=editor: self._retitle(self.pupil_tabs, e))
        self.pupil_tabs.addTab(editor, editor.title_text())
        self.pupil_tabs.setCurrentIndex(self.pupil_tabs.count() - 1)
        self._refresh_links()
        self.changed.emit()
        return editor

    def _retitle(self, tabs: QTabWidget, editor: QWidget) -> None:
        for i in range(tabs.count()):
            if _inner(tabs, i) is editor:
                tabs.setTabText(i, editor.title_text())
        self._refresh_links()

    def _remove_carer(self) -> None:
        if self.carer_tabs.count():
            self.carer_tabs.removeTab(self.carer_tabs.currentIndex())
            self._refresh_links()
            self.changed.emit()

    def _remove_pupil(self) -> None:
        if self.pupil_tabs.count():
            self.pupil_tabs.removeTab(self.pupil_tabs.currentIndex())
            self.changed.emit()

    def caregivers(self) -> list[CaregiverEditor]:
        return [_inner(self.carer_tabs, i) for i in range(self.carer_tabs.count())]

    def pupils(self) -> list[PupilEditor]:
        return [_inner(self.pupil_tabs, i) for i in range(self.pupil_tabs.count())]

    def _refresh_links(self) -> None:
        carers = [(e.draft.key, e.title_text()) for e in self.caregivers()]
        for pupil in self.pupils():
            pupil.set_caregivers(carers)

    # -- load, collect, errors -------------------------------------------------------------
    def load(self, d: fam.FamilyDraft) -> None:
        self.address1.setText(d.address_line1 or "")
        self.address2.setText(d.address_line2 or "")
        self.town.setText(d.town or "")
        self.postcode.setText(d.postcode or "")
        self.arrival.set_date(d.new_arrival_date)
        self.check_in.set_date(d.next_check_in_on)
        for c in d.caregivers:
            self.add_caregiver(c)
        for p in d.pupils:
            self.add_pupil(p)
        if not d.caregivers and not d.pupils:
            self.add_caregiver()
        self.carer_tabs.setCurrentIndex(0)
        self.pupil_tabs.setCurrentIndex(0)

    def collect(self) -> fam.FamilyDraft:
        """The draft as typed; dates that cannot be read raise ValidationError by field."""
        errors: dict[str, str] = {}
        date_fields: list[tuple[str, DateEdit]] = [
            ("new_arrival_date", self.arrival),
            ("next_check_in_on", self.check_in),
        ]
        for i, p in enumerate(self.pupils()):
            for attr in ("date_of_birth", "admission_date", "left_date"):
                widget = p.fields[attr].widget
                assert isinstance(widget, DateEdit)
                date_fields.append((f"pupils[{i}].{attr}", widget))
        for key, widget in date_fields:
            try:
                widget.date()
            except ValueError as exc:
                errors[key] = str(exc)
        if errors:
            raise ValidationError(errors)
        return fam.FamilyDraft(
            id=self.draft.id,
            reference=self.draft.reference,
            address_line1=self.address1.text() or None,
            address_line2=self.address2.text() or None,
            town=self.town.text() or None,
            postcode=self.postcode.text() or None,
            new_arrival_date=self.arrival.date(),
            next_check_in_on=self.check_in.date(),
            caregivers=[e.to_draft() for e in self.caregivers()],
            pupils=[e.to_draft() for e in self.pupils()],
        )

    def clear_errors(self) -> None:
        for f in self._all_fields():
            f.set_error(None)
        self.summary.setVisible(False)

    def _all_fields(self) -> list[Field]:
        out = list(self.fields.values())
        for e in [*self.caregivers(), *self.pupils()]:
            out += list(e.fields.values())
        return out

    def show_errors(self, errors: dict[str, str]) -> Field | None:
        """Put each message next to its field, open the tab at fault, return the first field."""
        self.clear_errors()
        first: Field | None = None
        unplaced = []
        for key, message in errors.items():
            field = self._field_for(key)
            if field is None:
                unplaced.append(f"{key}: {message}")
                continue
            field.set_error(message)
            if first is None:
                first = field
                match = _KEY.match(key)
                if match:
                    tabs = self.carer_tabs if match.group(1) == "caregivers" else self.pupil_tabs
                    tabs.setCurrentIndex(int(match.group(2)))
        count = len(errors)
        self.summary.setText(
            f"{count} thing{'s' if count != 1 else ''} to fix before saving"
            + ("" if not unplaced else ": " + "; ".join(unplaced))
        )
        self.summary.setVisible(True)
        if first is not None:
            first.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return first

    def _field_for(self, key: str) -> Field | None:
        if key in self.fields:
            return self.fields[key]
        match = _KEY.match(key)
        if not match:
            return None
        group, index, attr = match.group(1), int(match.group(2)), match.group(3)
        editors: list = self.caregivers() if group == "caregivers" else self.pupils()
        if index >= len(editors):
            return None
        return editors[index].fields.get(attr) or editors[index].fields.get(attr.split("[")[0])


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    return area


def _inner(tabs: QTabWidget, index: int) -> QWidget:
    return tabs.widget(index)


class FamilyDialog(UsesVault, QDialog):
    """Create or edit a family. Ctrl+S saves, Esc cancels; unsaved changes are never lost."""

    def __init__(
        self, vault: Vault, draft: fam.FamilyDraft, messages: Messages, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.vault, self.messages = vault, messages
        self.saved_id: int | None = None
        self.dirty = False
        title = f"Family {draft.reference}" if draft.reference else "New family"
        self.setWindowTitle(title)
        fit_to_screen(self, 1100, 680)
        layout = QVBoxLayout(self)
        self.form = FamilyForm(draft)
        self.form.changed.connect(self._mark_dirty)
        area = _scroll(self.form)
        layout.addWidget(area)
        buttons = save_cancel(self.save, self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        mnemonics.assign(self)
        self.dirty = False

    def _mark_dirty(self) -> None:
        self.dirty = True

    def save(self) -> bool:
        try:
            draft = self.form.collect()
            loaded = self.form.draft.next_check_in_on
            changed = draft.next_check_in_on if draft.next_check_in_on != loaded else None
            if not confirm_far_dates(
                self.messages, self, [("Next check-in", changed)], self.db.clock.today()
            ):
                return False
            self.saved_id = fam.save_family(self.db, draft)
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return False
        except LiaisonError as exc:
            self.messages.error(self, "Could not save", exc.message)
            return False
        self.dirty = False
        super().accept()
        return True

    def reject(self) -> None:
        if self.dirty:
            answer = self.messages.unsaved(self, "this family")
            if answer == "cancel":
                return
            if answer == "save":
                self.save()
                return
        self.dirty = False
        super().reject()

    def closeEvent(self, event) -> None:
        if self.dirty:
            answer = self.messages.unsaved(self, "this family")
            if answer == "cancel" or (answer == "save" and not self.save()):
                event.ignore()
                return
        event.accept()
