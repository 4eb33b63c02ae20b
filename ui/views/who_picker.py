"""Who a run goes home to: the whole school, classes, a year, only families speaking a language,
only families with an open need. One set of choices for book-bag letters and for sending a
questionnaire (each had its own copy)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QListWidget

from liaison.i18n import languages
from liaison.models.enums import NeedCategory
from liaison.services import families as fam
from ui.views.family.person_editors import YEAR_LABELS

if TYPE_CHECKING:
    from liaison.services.access import Database


class WhoPicker:
    """The choices' rows, added to the caller's form; `chosen()` is what a run's Selection takes."""

    def __init__(self, form: QFormLayout) -> None:
        self.whole = QCheckBox("The whole school")
        form.addRow("Who", self.whole)
        self.classes = QListWidget()
        self.classes.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.classes.setAccessibleName("Classes")
        self.classes.setMaximumHeight(140)
        form.addRow("Classes", self.classes)
        self.year = QComboBox()
        self.year.setAccessibleName("Year group")
        self.year.addItem("(no year group)", None)
        for value, label in YEAR_LABELS:
            self.year.addItem(label, value)
        form.addRow("or year", self.year)
        self.language = QComboBox()
        self.language.setAccessibleName("Only families speaking")
        form.addRow("Only language", self.language)
        self.need = QComboBox()
        self.need.setAccessibleName("Only families with the open need")
        self.need.addItem("(any)", None)
        for category in NeedCategory:
            self.need.addItem(category.label, category)
        form.addRow("Only with need", self.need)

    def refill(self, db: Database) -> None:
        """The school's classes, and the languages its families speak."""
        self.classes.clear()
        for name in fam.class_names(db):
            self.classes.addItem(name)
        self.language.clear()
        self.language.addItem("(any)", None)
        for code in sorted({c for r in fam.list_families(db) for c in r.languages}):
            self.language.addItem(languages.describe(code), code)

    def chosen(self) -> dict[str, Any]:
        """The choices as a run's Selection takes them (bookbag's, parent voice's)."""
        year, need = self.year.currentData(), self.need.currentData()
        return {
            "class_names": tuple(item.text() for item in self.classes.selectedItems()),
            "year_groups": (year,) if year is not None else (),
            "whole_school": self.whole.isChecked(),
            "language": self.language.currentData(),
            "need": NeedCategory(need) if need else None,
        }
