"""The unlock screen: nothing but the passphrase (or recovery code) until the database is open."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison.services.demo_mark import DEMO_PASSPHRASE
from ui.views.widgets import ERROR_STYLE, button_box

ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str) -> str:
    """A long path wraps at its separators instead of running off the screen: an invisible
    break after each / or \\ (the tooltip keeps the plain text to copy)."""
    for sep in ("/", "\\"):
        text = text.replace(sep, sep + ZERO_WIDTH_SPACE)
    return text


class UnlockView(QWidget):
    unlock_requested = Signal(str, bool)  # secret, is_recovery_code

    def __init__(self) -> None:
        super().__init__()
        self.recovery = False
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        # A fixed width: centred with a width of its own choosing, the box was laid out too
        # narrow for its wrapped lines and cut a long path or error short (issue 18).
        box.setFixedWidth(460)
        layout = QVBoxLayout(box)
        self.heading = QLabel("<h2>Liaison is locked</h2>")
        layout.addWidget(self.heading)
        # A demo database says so, shows its passphrase, and opens with one click.
        self.demo_note = QLabel(
            f"<b>DEMO</b>: fictional families only. The demo's passphrase is "
            f"<b>{DEMO_PASSPHRASE}</b>."
        )
        self.demo_note.setWordWrap(True)
        self.demo_note.setStyleSheet("background: #fff3c4; padding: 6px;")
        self.demo_note.setAccessibleName("Demo database")
        self.demo_button = QPushButton("Open the &demo")
        self.demo_button.clicked.connect(self.open_demo)
        layout.addWidget(self.demo_note)
        layout.addWidget(self.demo_button)
        self.set_demo(False)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setAccessibleName("Database file")
        layout.addWidget(self.where)
        self.prompt = QLabel("Passphrase")
        layout.addWidget(self.prompt)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Passphrase")
        self.secret.returnPressed.connect(self._submit)
        layout.addWidget(self.secret)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Unlock problem")
        layout.addWidget(self.error)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName("Unlocking")
        layout.addWidget(self.busy)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        layout.addWidget(self.unlock_button)
        self.switch = QPushButton("Use recovery code instead")
        self.switch.setFlat(True)
        self.switch.clicked.connect(self.toggle_recovery)
        layout.addWidget(self.switch)
        # Centred between stretches rather than by alignment: an aligned item is given its
        # plain size hint, so wrapped lines lost their height.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_demo(self, demo: bool) -> None:
        self.demo = demo
        self.demo_note.setVisible(demo)
        self.demo_button.setVisible(demo)
        self.heading.setText(
            "<h2>Liaison DEMO is locked</h2>" if demo else "<h2>Liaison is locked</h2>"
        )

    def open_demo(self) -> None:
        if self.recovery:
            self.toggle_recovery()
        self.secret.setText(DEMO_PASSPHRASE)
        self._submit()

    def set_database(self, path: str, locked_after_idle: bool = False) -> None:
        text = f"Database: {breakable(path)}"
        if locked_after_idle:
            text = "Locked to keep records private. " + text
        self.where.setText(text)
        self.where.setToolTip(path)

    def toggle_recovery(self) -> None:
        self.recovery = not self.recovery
        self.prompt.setText("Recovery code (8 groups of 5)" if self.recovery else "Passphrase")
        self.secret.setAccessibleName(self.prompt.text())
        self.secret.setEchoMode(
            QLineEdit.EchoMode.Normal if self.recovery else QLineEdit.EchoMode.Password
        )
        self.switch.setText(
            "Use passphrase instead" if self.recovery else "Use recovery code instead"
        )
        self.secret.clear()
        self.error.clear()
        self.secret.setFocus()

    def _submit(self) -> None:
        secret = self.secret.text()
        if not secret:
            self.show_error(
                "Type your passphrase." if not self.recovery else "Type the recovery code."
            )
            return
        self.set_busy(True)
        self.unlock_requested.emit(secret, self.recovery)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.unlock_button.setEnabled(not busy)
        self.secret.setEnabled(not busy)
        if busy:
            self.error.clear()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(breakable(message))
        self.secret.selectAll()
        self.secret.setFocus()

    def reset(self) -> None:
        self.secret.clear()
        self.error.clear()
        self.set_busy(False)
        if self.recovery:
            self.toggle_recovery()
        self.secret.setFocus()


class NewPassphraseDialog(QDialog):
    """Choose a new passphrase (after a recovery-code unlock, or from Settings)."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str = "Choose a new passphrase",
        names: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        from ui.views.dialogs.passphrase import PassphraseFields

        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Choose a new passphrase. Your old one will no longer open the database.")
        )
        self.fields = PassphraseFields(names or [])
        layout.addWidget(self.fields)
        buttons = button_box(
            QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.fields.validity_changed.connect(self.ok.setEnabled)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def passphrase(self) -> str:
        return self.fields.passphrase()
