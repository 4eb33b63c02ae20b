"""Passphrase twice with a strength meter (zxcvbn), used by the wizard and Settings."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from liaison.services.demo_mark import DEMO_PASSPHRASE
from ui.views.widgets import ERROR_STYLE


class PassphraseFields(QWidget):
    """The rule is the core's (liaison/store/strength.py), so the window and the command
    line accept exactly the same passphrases."""

    validity_changed = Signal(bool)

    def __init__(self, names: Iterable[str | None] = ()) -> None:
        super().__init__()
        self.names = list(names)
        form = QFormLayout(self)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("New passphrase")
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("New passphrase again")
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.meter.setAccessibleName("Passphrase strength")
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName("Passphrase advice")
        form.addRow("Passphrase", self.first)
        form.addRow("Type it again", self.second)
        form.addRow("Strength", self.meter)
        form.addRow("", self.feedback)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.valid = False
        self._shown = False

    def showEvent(self, event) -> None:
        # The first look, when first shown rather than when built: the first-run wizard builds
        # this page before the database code (and zxcvbn) has loaded (ui/preload.py).
        if not self._shown:
            self._shown = True
            self._update()
        super().showEvent(event)

    def passphrase(self) -> str:
        return self.first.text()

    def set_names(self, names: Iterable[str | None]) -> None:
        """The school's and the officer's names, which count against a passphrase."""
        self.names = list(names)
        self._update()

    def _update(self) -> None:
        from liaison.services.access import passphrase_strength

        self._shown = True
        text = self.first.text()
        judged = passphrase_strength(text, self.names)
        self.meter.setValue(judged.score)
        self.meter.setFormat(judged.label if text else "")
        problems = [p[0].upper() + p[1:] + "." for p in judged.problems]
        if judged.advice and (judged.problems or judged.score < 4):
            problems.append(judged.advice)
        if self.second.text() and self.second.text() != text:
            problems.append("The two passphrases differ.")
        demo = text.strip().casefold() == DEMO_PASSPHRASE
        if demo:
            problems.insert(0, "That is the demo's passphrase, shown to anyone: choose your own.")
        valid = judged.ok and self.second.text() == text and not demo
        self.feedback.setText(" ".join(problems) if text else "")
        self.feedback.setStyleSheet("" if valid or not text else ERROR_STYLE)
        if valid != self.valid:
            self.valid = valid
            self.validity_changed.emit(valid)
