"""Passphrase twice with a strength meter (zxcvbn), used by the wizard and Settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget
from zxcvbn import zxcvbn

from liaison.services.access import MIN_PASSPHRASE_LEN
from liaison.services.demo_mark import DEMO_PASSPHRASE
from ui.views.widgets import ERROR_STYLE

STRENGTH = ["Very weak", "Weak", "Fair", "Strong", "Very strong"]
MIN_SCORE = 2


class PassphraseFields(QWidget):
    validity_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
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
        self._update()

    def passphrase(self) -> str:
        return self.first.text()

    def _update(self) -> None:
        text = self.first.text()
        problems: list[str] = []
        score = 0
        if text:
            # Only the first 100 characters: zxcvbn slows down sharply on long input.
            result = zxcvbn(text[:100])
            score = int(result["score"])
            advice = result["feedback"].get("warning") or " ".join(
                result["feedback"].get("suggestions", [])[:1]
            )
            if advice:
                problems.append(advice)
        self.meter.setValue(score)
        self.meter.setFormat(STRENGTH[score] if text else "")
        if len(text) < MIN_PASSPHRASE_LEN:
            problems.insert(
                0, f"Use at least {MIN_PASSPHRASE_LEN} characters; a short sentence works."
            )
        elif score < MIN_SCORE:
            problems.insert(0, "Too easy to guess: add words only you would put together.")
        if self.second.text() and self.second.text() != text:
            problems.append("The two passphrases differ.")
        demo = text.strip().casefold() == DEMO_PASSPHRASE
        if demo:
            problems.insert(0, "That is the demo's passphrase, shown to anyone: choose your own.")
        valid = (
            len(text) >= MIN_PASSPHRASE_LEN
            and score >= MIN_SCORE
            and self.second.text() == text
            and not demo
        )
        self.feedback.setText(" ".join(problems))
        self.feedback.setStyleSheet("" if valid or not text else ERROR_STYLE)
        if valid != self.valid:
            self.valid = valid
            self.validity_changed.emit(valid)
