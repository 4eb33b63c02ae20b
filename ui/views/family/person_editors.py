"""Editors for one caregiver and one pupil, each a tab in the family form."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from liaison.models.enums import ContactChannel, Proficiency, Relationship
from liaison.services import families as fam
from ui.views.family.language_prefill import LanguagePrefill
from ui.views.widgets import ChangeSignals, DateEdit, Field, LanguageCombo

CHANNEL_LABELS = {
    ContactChannel.BOOKBAG: "Book-bag letter",
    ContactChannel.PHONE: "Phone",
    ContactChannel.TEXT: "Text",
    ContactChannel.EMAIL: "Email",
    ContactChannel.FACE_TO_FACE: "Face to face",
}
PROFICIENCY_LABELS = {
    Proficiency.NOT_ASSESSED: "Not assessed",
    Proficiency.NEW: "A - New to English",
    Proficiency.EARLY: "B - Early acquisition",
    Proficiency.DEVELOPING: "C - Developing competence",
    Proficiency.COMPETENT: "D - Competent",
    Proficiency.FLUENT: "E - Fluent",
}
YEAR_LABELS = [(-1, "Nursery"), (0, "Reception")] + [(n, f"Year {n}") for n in range(1, 14)]


def _line(name: str, width: int | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    if width:
        edit.setMaximumWidth(width)
    return edit


class CaregiverEditor(ChangeSignals):
    def __init__(self, draft: fam.CaregiverDraft) -> None:
        super().__init__()
        self.draft = draft
        self.fields: dict[str, Field] = {}
        outer = QVBoxLayout(self)
        grid = QGridLayout()
        outer.addLayout(grid)
        names = QFormLayout()
        self.given = self._add(names, "given_name", "Given name", _line("Given name"))
        self.family = self._add(names, "family_name", "Family name", _line("Family name"))
        self.preferred = self._add(names, "preferred_name", "Known as", _line("Known as"))
        self.given_latin = self._add(
            names, "given_name_latin", "Given name (Latin letters)", _line("Given name, Latin")
        )
        self.family_latin = self._add(
            names, "family_name_latin", "Family name (Latin letters)", _line("Family name, Latin")
        )
        self.title = self._add(names, "title", "Title", _line("Title", 90))
        grid.addLayout(names, 0, 0)
        contact = QFormLayout()
        self.mobile = self._add(contact, "phone_mobile", "Mobile", _line("Mobile phone", 180))
        self.other_phone = self._add(
            contact, "phone_other", "Other phone", _line("Other phone", 180)
        )
        self.email = self._add(contact, "email", "Email", _line("Email"))
        self.best_times = self._add(
            contact, "best_times", "Best times", _line("Best times to contact")
        )
        channels = QWidget()
        row = QHBoxLayout(channels)
        row.setContentsMargins(0, 0, 0, 0)
        self.channel_boxes: dict[ContactChannel, QCheckBox] = {}
        for channel, label in CHANNEL_LABELS.items():
            box = QCheckBox(label)
            box.setAccessibleName(f"Contact by {label}")
            self.channel_boxes[channel] = box
            row.addWidget(box)
            self.watch(box)
        self._add(contact, "contact_channels", "Contact by", channels)
        self.main_contact = QCheckBox("Main contact for the family")
        contact.addRow("", self.main_contact)
        grid.addLayout(contact, 0, 1)

        lang_box = QGroupBox("Languages and interpreting")
        lang = QGridLayout(lang_box)
        form = QFormLayout()
        self.main_language = LanguageCombo("Main language")
        self.reads_main = QCheckBox("reads it")
        self.reads_main.setAccessibleName("Reads main language")
        self.reads_main.setChecked(True)
        main_row = QWidget()
        main_layout = QHBoxLayout(main_row)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(self.main_language, 1)
        main_layout.addWidget(self.reads_main)
        self.fields["main_language"] = Field(main_row)
        form.addRow("Main language", self.fields["main_language"])
        self.watch(self.main_language, self.reads_main)
        self.letter_language = self._add(
            form, "letter_language", "Letters in", LanguageCombo("Language for letters")
        )
        self.reads_english = QComboBox()
        self.reads_english.setAccessibleName("Reads English")
        for label, value in (("Not known", None), ("Yes", True), ("No", False)):
            self.reads_english.addItem(label, value)
        self._add(form, "reads_english", "Reads English", self.reads_english)
        lang.addLayout(form, 0, 0)
        other = QVBoxLayout()
        other.addWidget(QLabel("Other languages (speaks / reads)"))
        self.languages = QTableWidget(0, 3)
        self.languages.setHorizontalHeaderLabels(["Language", "Speaks", "Reads"])
        self.languages.setAccessibleName("Other languages")
        self.languages.horizontalHeader().setStretchLastSection(False)
        self.languages.setColumnWidth(0, 220)
        self.languages.setMinimumHeight(90)
        other.addWidget(self.languages)
        buttons = QHBoxLayout()
        add = QPushButton("Add language")
        remove = QPushButton("Remove")
        add.clicked.connect(lambda: self._add_language_row(fam.LanguageSkill("", True, False)))
        remove.clicked.connect(self._remove_language_row)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        other.addLayout(buttons)
        self.fields["languages"] = Field(QLabel())
        other.addWidget(self.fields["languages"])
        lang.addLayout(other, 0, 1)
        interp = QFormLayout()
        self.interpreter_needed = QCheckBox("Interpreter needed")
        interp.addRow("", self.interpreter_needed)
        self.interpreter_language = self._add(
            interp,
            "interpreter_language",
            "Interpreter language",
            LanguageCombo("Interpreter language"),
        )
        self.interpreter_dialect = self._add(
            interp, "interpreter_dialect", "Dialect", _line("Interpreter dialect", 200)
        )
        self.interpreter_gender = QComboBox()
        self.interpreter_gender.setAccessibleName("Interpreter gender preference")
        for label, value in (("No preference", None), ("Female", "female"), ("Male", "male")):
            self.interpreter_gender.addItem(label, value)
        self._add(interp, "interpreter_gender", "Interpreter gender", self.interpreter_gender)
        self.interpreter_preference = self._add(
            interp, "interpreter_preference", "Other preferences", _line("Interpreter preferences")
        )
        lang.addLayout(interp, 1, 0, 1, 2)
        outer.addWidget(lang_box)
        outer.addStretch()
        self.watch(
            self.main_contact, self.reads_english, self.interpreter_needed, self.interpreter_gender
        )
        self.prefill = LanguagePrefill.after_loading(self, draft)

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget):
        field = Field(widget)
        self.fields[key] = field
        form.addRow(label, field)
        self.watch(widget)
        return widget

    def _add_language_row(self, skill: fam.LanguageSkill) -> None:
        row = self.languages.rowCount()
        self.languages.insertRow(row)
        combo = LanguageCombo(f"Other language {row + 1}")
        combo.set_code(skill.code or None)
        speaks, reads = QCheckBox(), QCheckBox()
        speaks.setChecked(skill.speaks)
        reads.setChecked(skill.reads)
        speaks.setAccessibleName(f"Speaks language {row + 1}")
        reads.setAccessibleName(f"Reads language {row + 1}")
        self.languages.setCellWidget(row, 0, combo)
        self.languages.setCellWidget(row, 1, speaks)
        self.languages.setCellWidget(row, 2, reads)
        self.watch(combo, speaks, reads)
        self.changed.emit()

    def _remove_language_row(self) -> None:
        row = self.languages.currentRow()
        if row < 0:
            row = self.languages.rowCount() - 1
        if row >= 0:
            self.languages.removeRow(row)
            self.changed.emit()

    def load(self, d: fam.CaregiverDraft) -> None:
        self.given.setText(d.given_name)
        self.family.setText(d.family_name)
        self.preferred.setText(d.preferred_name or "")
        self.given_latin.setText(d.given_name_latin or "")
        self.family_latin.setText(d.family_name_latin or "")
        self.title.setText(d.title or "")
        self.mobile.setText(d.phone_mobile or "")
        self.other_phone.setText(d.phone_other or "")
        self.email.setText(d.email or "")
        self.best_times.setText(d.best_times or "")
        for channel, box in self.channel_boxes.items():
            box.setChecked(channel.value in d.contact_channels)
        self.main_contact.setChecked(d.is_main_contact)
        self.main_language.set_code(d.main_language)
        main_skill = next((x for x in d.languages if x.code == d.main_language), None)
        self.reads_main.setChecked(main_skill.reads if main_skill else True)
        self.letter_language.set_code(d.letter_language)
        self.reads_english.setCurrentIndex(self.reads_english.findData(d.reads_english))
        self.languages.setRowCount(0)
        for skill in d.languages:
            if skill.code != d.main_language:
                self._add_language_row(skill)
        self.interpreter_needed.setChecked(d.interpreter_needed)
        self.interpreter_language.set_code(d.interpreter_language)
        self.interpreter_dialect.setText(d.interpreter_dialect or "")
        self.interpreter_gender.setCurrentIndex(
            max(0, self.interpreter_gender.findData(d.interpreter_gender))
        )
        self.interpreter_preference.setText(d.interpreter_preference or "")

    def to_draft(self) -> fam.CaregiverDraft:
        d = self.draft
        main = self.main_language.code()
        skills = [fam.LanguageSkill(main, True, self.reads_main.isChecked())] if main else []
        for row in range(self.languages.rowCount()):
            combo = self.languages.cellWidget(row, 0)
            speaks = self.languages.cellWidget(row, 1)
            reads = self.languages.cellWidget(row, 2)
            assert isinstance(combo, LanguageCombo)
            code = combo.code()
            if code:
                skills.append(fam.LanguageSkill(code, speaks.isChecked(), reads.isChecked()))
        return fam.CaregiverDraft(
            key=d.key,
            id=d.id,
            given_name=self.given.text(),
            family_name=self.family.text(),
            preferred_name=self.preferred.text() or None,
            given_name_latin=self.given_latin.text() or None,
            family_name_latin=self.family_latin.text() or None,
            title=self.title.text() or None,
            phone_mobile=self.mobile.text() or None,
            phone_other=self.other_phone.text() or None,
            email=self.email.text() or None,
            main_language=main,
            letter_language=self.letter_language.code(),
            languages=skills,
            reads_english=self.reads_english.currentData(),
            interpreter_needed=self.interpreter_needed.isChecked(),
            interpreter_language=self.interpreter_language.code(),
            interpreter_dialect=self.interpreter_dialect.text() or None,
            interpreter_gender=self.interpreter_gender.currentData(),
            interpreter_preference=self.interpreter_preference.text() or None,
            contact_channels=[c.value for c, box in self.channel_boxes.items() if box.isChecked()],
            best_times=self.best_times.text() or None,
            is_main_contact=self.main_contact.isChecked(),
        )

    def title_text(self) -> str:
        name = f"{self.given.text()} {self.family.text()}".strip()
        return name or "New caregiver"


class PupilEditor(ChangeSignals):
    def __init__(self, draft: fam.PupilDraft) -> None:
        super().__init__()
        self.draft = draft
        self.fields: dict[str, Field] = {}
        outer = QHBoxLayout(self)
        left = QFormLayout()
        self.given = self._add(left, "given_name", "Given name", _line("Pupil given name"))
        self.family = self._add(left, "family_name", "Family name", _line("Pupil family name"))
        self.preferred = self._add(left, "preferred_name", "Known as", _line("Pupil known as"))
        self.given_latin = self._add(
            left, "given_name_latin", "Given name (Latin letters)", _line("Pupil given name, Latin")
        )
        self.family_latin = self._add(
            left,
            "family_name_latin",
            "Family name (Latin letters)",
            _line("Pupil family name, Latin"),
        )
        self.dob = self._add(left, "date_of_birth", "Date of birth", DateEdit("Date of birth"))
        self.upn = self._add(left, "upn", "UPN", _line("UPN", 180))
        outer.addLayout(left)
        right = QFormLayout()
        self.year = QComboBox()
        self.year.setAccessibleName("Year group")
        self.year.addItem("", None)
        for value, label in YEAR_LABELS:
            self.year.addItem(label, value)
        self._add(right, "year_group", "Year group", self.year)
        self.class_name = self._add(right, "class_name", "Class", _line("Class", 100))
        self.admission = self._add(right, "admission_date", "Admitted", DateEdit("Admission date"))
        self.first_language = self._add(
            right, "first_language", "First language", LanguageCombo("First language")
        )
        self.proficiency = QComboBox()
        self.proficiency.setAccessibleName("English proficiency")
        for value, label in PROFICIENCY_LABELS.items():
            self.proficiency.addItem(label, value)
        self._add(right, "proficiency", "English proficiency", self.proficiency)
        self.left_date = self._add(right, "left_date", "Left school", DateEdit("Left date"))
        self.links_box = QGroupBox("Caregivers of this pupil")
        self.links_layout = QGridLayout(self.links_box)
        right.addRow(self.links_box)
        self.fields["links"] = Field(QLabel())
        right.addRow(self.fields["links"])
        outer.addLayout(right)
        self.link_rows: list[tuple[str, QCheckBox, QComboBox, QCheckBox]] = []
        self.load(draft)

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget):
        field = Field(widget)
        self.fields[key] = field
        form.addRow(label, field)
        self.watch(widget)
        return widget

    def load(self, d: fam.PupilDraft) -> None:
        self.given.setText(d.given_name)
        self.family.setText(d.family_name)
        self.preferred.setText(d.preferred_name or "")
        self.given_latin.setText(d.given_name_latin or "")
        self.family_latin.setText(d.family_name_latin or "")
        self.dob.set_date(d.date_of_birth)
        self.upn.setText(d.upn or "")
        self.year.setCurrentIndex(max(0, self.year.findData(d.year_group)))
        self.class_name.setText(d.class_name or "")
        self.admission.set_date(d.admission_date)
        self.first_language.set_code(d.first_language)
        self.proficiency.setCurrentIndex(max(0, self.proficiency.findData(d.proficiency)))
        self.left_date.set_date(d.left_date)

    def set_caregivers(self, carers: list[tuple[str, str]]) -> None:
        """Rebuild the link rows for the family's caregivers (key, name), keeping choices."""
        previous = {
            key: (box.isChecked(), rel.currentData(), pr.isChecked())
            for key, box, rel, pr in self.link_rows
        }
        existing = {link.caregiver_key: link for link in self.draft.links}
        while self.links_layout.count():
            item = self.links_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.link_rows = []
        for row, (key, name) in enumerate(carers):
            box = QCheckBox(name)
            box.setAccessibleName(f"Linked to {name}")
            rel = QComboBox()
            rel.setAccessibleName(f"Relationship of {name}")
            for r in Relationship:
                rel.addItem(r.label, r)
            pr = QCheckBox("Parental responsibility")
            if key in previous:
                linked, relation, resp = previous[key]
            elif key in existing:
                linked, relation, resp = (
                    True,
                    existing[key].relationship,
                    existing[key].parental_responsibility,
                )
            else:
                linked, relation, resp = (
                    not self.draft.links and row == 0,
                    Relationship.MOTHER,
                    True,
                )
            box.setChecked(linked)
            rel.setCurrentIndex(max(0, rel.findData(relation)))
            pr.setChecked(resp)
            self.links_layout.addWidget(box, row, 0)
            self.links_layout.addWidget(rel, row, 1)
            self.links_layout.addWidget(pr, row, 2)
            self.watch(box, rel, pr)
            self.link_rows.append((key, box, rel, pr))

    def to_draft(self) -> fam.PupilDraft:
        d = self.draft
        return fam.PupilDraft(
            key=d.key,
            id=d.id,
            given_name=self.given.text(),
            family_name=self.family.text(),
            preferred_name=self.preferred.text() or None,
            given_name_latin=self.given_latin.text() or None,
            family_name_latin=self.family_latin.text() or None,
            date_of_birth=self.dob.date(),
            upn=self.upn.text() or None,
            year_group=self.year.currentData(),
            class_name=self.class_name.text() or None,
            admission_date=self.admission.date(),
            first_language=self.first_language.code(),
            proficiency=self.proficiency.currentData(),
            left_date=self.left_date.date(),
            links=[
                fam.LinkDraft(key, rel.currentData(), pr.isChecked(), priority=i + 1)
                for i, (key, box, rel, pr) in enumerate(self.link_rows)
                if box.isChecked()
            ],
        )

    def title_text(self) -> str:
        name = f"{self.given.text()} {self.family.text()}".strip()
        return name or "New pupil"
