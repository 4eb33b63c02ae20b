"""Message boxes behind a small service, so tests answer them without patching QMessageBox."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


class Messages:
    """The real thing: modal boxes."""

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.critical(parent, title, text)

    def ask(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """A line of text, or None if cancelled."""
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getText(parent, title, label)
        return value if ok else None

    def printer(self, parent: QWidget | None, what: str) -> QPrinter | None:
        """The system's print dialog: the printer chosen and set up, or None if cancelled."""
        from ui.printing import new_printer

        printer = new_printer()
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(f"Print {what}")
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def unsaved(self, parent: QWidget | None, what: str) -> str:
        """'save', 'discard' or 'cancel' for unsaved changes."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save your changes to {what}?")
        box.setInformativeText("If you don't save, your changes will be lost.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        for which, text in (
            (QMessageBox.StandardButton.Save, "&Save"),
            (QMessageBox.StandardButton.Discard, "&Don't save"),
            (QMessageBox.StandardButton.Cancel, "&Cancel"),
        ):
            box.button(which).setText(text)
        answer = box.exec()
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(QMessageBox.StandardButton(answer), "cancel")


class ScriptedMessages(Messages):
    """For tests: records every message and answers from a queue."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answers: list[object] = []

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("info", title, text))

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("error", title, text))

    def ask(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.shown.append(("ask", title, text))
        return bool(self.answers.pop(0)) if self.answers else False

    def text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        self.shown.append(("text", title, label))
        answer = self.answers.pop(0) if self.answers else None
        return None if answer is None else str(answer)

    def printer(self, parent: QWidget | None, what: str) -> QPrinter | None:
        """A printer writing the PDF file queued as the answer (None: the dialog cancelled)."""
        from ui.printing import pdf_printer

        self.shown.append(("printer", "Print", what))
        answer = self.answers.pop(0) if self.answers else None
        if isinstance(answer, QPrinter) or answer is None:
            return answer
        return pdf_printer(Path(str(answer)))

    def unsaved(self, parent: QWidget | None, what: str) -> str:
        self.shown.append(("unsaved", "Unsaved changes", what))
        return str(self.answers.pop(0)) if self.answers else "cancel"
