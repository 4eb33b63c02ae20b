"""Typing is never thrown away without asking: Esc, Cancel or the window's close box on a
dialog holding changes asks first (issue 18: a new meeting's notes vanished on Esc).

What the officer typed is read from the inputs themselves, so a dialog needs no bookkeeping of
its own and typing something and deleting it again counts as no change.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from ui import mnemonics
from ui.messages import Messages


def typed_state(root: QWidget) -> tuple[object, ...]:
    """Everything the officer can have typed or chosen inside `root`, in a fixed order."""
    values: list[object] = []
    for w in root.findChildren(QWidget):
        if isinstance(w, QLineEdit):
            values.append(w.text())
        elif isinstance(w, QPlainTextEdit) or (isinstance(w, QTextEdit) and not w.isReadOnly()):
            values.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            values.append(w.currentText())
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            values.append(w.isChecked())
        elif isinstance(w, QDateTimeEdit):
            values.append(w.dateTime().toString())
        elif isinstance(w, QSpinBox):
            values.append(w.value())
        elif isinstance(w, QAbstractSpinBox):
            values.append(w.text())
        elif isinstance(w, QListWidget):
            values.append(tuple(i.text() for i in w.selectedItems()))
    return tuple(values)


class AsksBeforeDiscarding:
    """Mixin for a QDialog (listed before it): `reject` asks when anything was changed.

    The dialog calls `mark_clean()` once its inputs are filled in. With `save_on_ask` the
    question offers Save (the dialog's `save()`, returning True when it saved); otherwise it
    asks whether to close and lose the changes.
    """

    messages: Messages
    discard_what = "this form"
    save_on_ask = True
    _clean: tuple[object, ...] | None = None

    def mark_clean(self) -> None:
        """Called at the end of the dialog's constructor: what is there now is not a change.
        Its buttons get their Alt-key letters here too."""
        assert isinstance(self, QWidget)
        mnemonics.assign(self)
        self._clean = typed_state(self)

    def has_changes(self) -> bool:
        assert isinstance(self, QWidget)
        return self._clean is not None and typed_state(self) != self._clean

    def may_discard(self) -> bool:
        """True when the dialog may close: nothing changed, or the officer said so (or saved)."""
        if not self.has_changes():
            return True
        assert isinstance(self, QDialog)
        if not self.save_on_ask:
            return self.messages.ask(
                self,
                "Unsaved changes",
                f"Close {self.discard_what} and lose what you typed?",
            )
        answer = self.messages.unsaved(self, self.discard_what)
        if answer == "save":
            self.save()  # accepts (and closes) when it saved
            return False
        return answer == "discard"

    def reject(self) -> None:
        if self.may_discard():
            self._clean = None
            super().reject()
