"""Small input widgets shared by the forms: UK dates, languages, fields with an error line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cache

from PySide6.QtCore import QSize, Qt, QTime, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from liaison.i18n import languages
from liaison.validation import parse_uk_date, uk_date

ERROR_STYLE = "color: #b00020;"
# A 1366x768 screen with a title bar and a taskbar leaves about this much for a window.
USABLE = QSize(1366, 700)

# Standard buttons with Alt-key letters (Qt's own texts have none on most platforms).
_BUTTON_TEXT = {
    QDialogButtonBox.StandardButton.Save: "&Save",
    QDialogButtonBox.StandardButton.Cancel: "&Cancel",
    QDialogButtonBox.StandardButton.Ok: "&OK",
    QDialogButtonBox.StandardButton.Close: "C&lose",
    QDialogButtonBox.StandardButton.Discard: "&Discard",
}


def button_box(*buttons: QDialogButtonBox.StandardButton) -> QDialogButtonBox:
    """A dialog's buttons, each reachable with Alt and its underlined letter."""
    box = QDialogButtonBox()
    for which in buttons:
        box.addButton(which).setText(_BUTTON_TEXT[which])
    return box


def save_cancel(save: Callable[[], object], cancel: Callable[[], None]) -> QDialogButtonBox:
    """Save and Cancel, with their Alt letters, wired to the dialog's own save and reject."""
    box = button_box(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(save)
    box.rejected.connect(cancel)
    return box


def refill(combo: QComboBox, items: Iterable[tuple[str, object]], *, otherwise: int = 0) -> None:
    """Replace a combo box's items, keeping the chosen one when it is still there (else the
    item at `otherwise`), without signalling: the caller refreshes what depends on it once."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(keep)
    combo.setCurrentIndex(index if index >= 0 else min(otherwise, combo.count() - 1))
    combo.blockSignals(False)


def scrolled(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless scroll area: a long form scrolls instead of pushing the
    dialog's buttons off a small screen."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def keep_length(start: QTimeEdit, end: QTimeEdit) -> None:
    """Moving the start moves the end with it, keeping the length (a meeting, a booking)."""
    last = [start.time()]

    def moved(new: QTime) -> None:
        length = last[0].secsTo(end.time())
        last[0] = new
        if length > 0:
            end.setTime(new.addSecs(length))

    start.timeChanged.connect(moved)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Start at the size asked for, but never larger than the screen's free area."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry().size() if screen is not None else USABLE
    window.resize(min(width, free.width() - 16), min(height, free.height() - 40))


class DateEdit(QLineEdit):
    """A date typed the UK way (22/11/2026); empty means no date."""

    def __init__(self, accessible: str) -> None:
        super().__init__()
        self.setPlaceholderText("dd/mm/yyyy")
        self.setAccessibleName(accessible)
        self.setMaximumWidth(130)

    def date(self) -> dt.date | None:
        text = self.text().strip()
        return parse_uk_date(text) if text else None

    def set_date(self, value: dt.date | None) -> None:
        self.setText(uk_date(value) if value else "")


@cache
def _language_items() -> list[tuple[str, str]]:
    items = [
        (f"{lang.english} ({lang.dfe}) {lang.endonym}", lang.dfe) for lang in languages.CATALOGUE
    ]
    return sorted(items, key=lambda x: x[0])


class LanguageCombo(QComboBox):
    """Choose a catalogue language by typing its English name, endonym or DfE code."""

    def __init__(self, accessible: str, *, allow_none: bool = True) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName(accessible)
        if allow_none:
            self.addItem("", None)
        for label, code in _language_items():
            self.addItem(label, code)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setMinimumContentsLength(18)

    def code(self) -> str | None:
        index = self.findText(self.currentText())
        if index >= 0:
            return self.itemData(index)
        text = self.currentText().strip()
        return text.upper() or None  # the service says clearly if it is not a code

    def set_code(self, code: str | None) -> None:
        index = self.findData(code) if code else 0
        if index < 0:
            self.setEditText(code or "")
        else:
            self.setCurrentIndex(index)


_EDIT_SIGNALS = ("textChanged", "editTextChanged", "currentIndexChanged", "toggled", "timeChanged")


class Field(QWidget):
    """An input with a red line under it for what is wrong; the line goes as soon as the
    officer changes the input (it is checked again on saving)."""

    fixed = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        for source in (widget, *widget.findChildren(QWidget)):
            for name in _EDIT_SIGNALS:
                signal = getattr(source, name, None)
                if signal is not None:
                    signal.connect(self._edited)

    def _edited(self, *_: object) -> None:
        if self.error.isVisible():
            self.set_error(None)
            self.fixed.emit()

    def set_error(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.error.setVisible(bool(text))
        if text:
            self.error.setAccessibleName(f"Problem: {text}")


class ChangeSignals(QWidget):
    """Mixin-like base: emits `changed` when any input inside changes (for unsaved prompts)."""

    changed = Signal()

    def watch(self, *widgets: QWidget) -> None:
        for w in widgets:
            for name in ("textChanged", "currentIndexChanged", "toggled", "editTextChanged"):
                signal = getattr(w, name, None)
                if signal is not None:
                    signal.connect(lambda *_: self.changed.emit())


def translation_rows(
    add_language: Callable[[], object],
    export_po: Callable[[], object],
    import_po: Callable[[], object],
) -> tuple[LanguageCombo, QHBoxLayout, QHBoxLayout]:
    """The controls every translatable thing has (letter templates, questionnaires): a
    language to add with its button, and the PO export and import for a translator."""
    combo = LanguageCombo("Language to add")
    add = QPushButton("Add language")
    add.clicked.connect(add_language)
    language_row = QHBoxLayout()
    language_row.addWidget(combo, 1)
    language_row.addWidget(add)
    po_row = QHBoxLayout()
    for text, slot in (
        ("Export for translator (PO)…", export_po),
        ("Import translation (PO)…", import_po),
    ):
        button = QPushButton(text)
        button.clicked.connect(slot)
        po_row.addWidget(button)
    return combo, language_row, po_row
