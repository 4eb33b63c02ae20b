"""The unlock screen: nothing but the passphrase (or recovery code) until the database is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.views.widgets import ERROR_STYLE


class UnlockView(QWidget):
    unlock_requested = Signal(str, bool)  # secret, is_recovery_code

    def __init__(self) -> None:
        super().__init__()
        self.recovery = False
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(460)
        layout = QVBoxLayout(box)
        self.heading = QLabel("<h2>Liaison is locked</h2>")
        layout.addWidget(self.heading)
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
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def set_database(self, path: str, locked_after_idle: bool = False) -> None:
        text = f"Database: {path}"
        if locked_after_idle:
            text = "Locked to keep records private. " + text
        self.where.setText(text)

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
        self.error.setText(message)
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.fields.validity_changed.connect(self.ok.setEnabled)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def passphrase(self) -> str:
        return self.fields.passphrase()
