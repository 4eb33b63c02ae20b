"""Sending a questionnaire home, as a book-bag run: who (classes, a year, the school, a language,
a need), counted first, then printed off the window's thread with progress and cancel; and a
preview of the printed page in any of its languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import Cancelled, LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.services import parent_voice as pv
from liaison.services.parent_voice import compose
from ui.long_jobs import JobRunner, RunsJobs
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.who_picker import WhoPicker
from ui.views.widgets import ERROR_STYLE, DateEdit


class SendTab(UsesVault, RunsJobs, QWidget):
    sent = Signal(int)  # a sending was printed and recorded: its number

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.result: pv.RunResult | None = None
        layout = QHBoxLayout(self)
        form = QFormLayout()
        self.questionnaire = QComboBox()
        self.questionnaire.setAccessibleName("Questionnaire")
        form.addRow("Questionnaire", self.questionnaire)
        self.who = WhoPicker(form)
        # Named here too: tests and screenshots choose through them.
        self.whole, self.classes, self.language = (
            self.who.whole,
            self.who.classes,
            self.who.language,
        )
        self.deadline = DateEdit("Return by")
        form.addRow("Return by", self.deadline)
        left = QVBoxLayout()
        left.addLayout(form)
        buttons = QHBoxLayout()
        count = QPushButton("&Count")
        count.clicked.connect(self.count)
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self.print_sending)
        self.cancel_button = QPushButton("Cancel")
        preview = QPushButton("Pre&view…")
        preview.clicked.connect(self.preview)
        for b in (count, self.print_button, self.cancel_button, preview):
            buttons.addWidget(b)
        left.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Printing progress")
        left.addWidget(self.progress)
        self.runner = JobRunner(vault, self, self.progress, self.cancel_button, [self.print_button])
        left.addStretch()
        layout.addLayout(left, 1)
        right = QVBoxLayout()
        self.summary = QLabel("Choose who gets the questionnaire, then Count.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Sending summary")
        right.addWidget(self.summary)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        right.addWidget(self.error)
        right.addStretch()
        layout.addLayout(right, 1)

    def clear(self) -> None:
        self.classes.clear()
        self.summary.clear()

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        keep = self.questionnaire.currentData()
        self.questionnaire.clear()
        for q in pv.list_questionnaires(self.db):
            self.questionnaire.addItem(f"{q.title} (one per {q.design.per})", q.key)
        self.questionnaire.setCurrentIndex(max(0, self.questionnaire.findData(keep)))
        self.who.refill(self.db)
        if not self.deadline.text():
            self.deadline.set_date(self.db.clock.today() + dt.timedelta(days=14))

    def selection(self) -> pv.Selection:
        return pv.Selection(**self.who.chosen())

    def count(self):
        try:
            plan = pv.plan(self.db, self.questionnaire.currentData(), self.selection())
        except LiaisonError as exc:
            self._error(exc)
            return None
        self.error.clear()
        per_class = ", ".join(f"{k}: {v}" for k, v in plan.per_class().items())
        text = (
            f"{len(plan.items)} questionnaires (each child their own, siblings too, when it is "
            f"one per child).\n\nPer class: {per_class}\n\nPer language: "
            + ", ".join(plan.language_lines())
        )
        if plan.fallbacks():
            text += f"\n\n{len(plan.fallbacks())} in English (no version in their language)."
        self.summary.setText(text)
        return plan

    def print_sending(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save questionnaires", str(Path.home() / "questionnaires.pdf"), "PDF (*.pdf)"
        )
        if path:
            self.start(Path(path))

    def start(self, out: Path) -> None:
        plan = self.count()
        if plan is None:
            return
        try:
            deadline = self.deadline.date()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        fields = {"deadline": deadline} if deadline else {}
        description = self.selection().describe()

        def job(db, progress, cancel):
            return pv.run(
                db,
                plan,
                out,
                fields=fields,
                description=description,
                progress=progress,
                cancel=cancel,
            )

        self.runner.long(job, self._done, self._failed)

    def _done(self, result: pv.RunResult) -> None:
        self.result = result
        self.summary.setText(
            f"Printed {result.questionnaires} questionnaires ({result.pages} pages) to "
            f"{result.out}: sending number {result.run_id}. Each page has its own reference; "
            "type the answers in under Enter answers."
        )
        self.sent.emit(result.run_id)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.summary.setText("Cancelled: nothing was printed or recorded.")
        elif isinstance(exc, LiaisonError):
            self._error(exc)
        else:
            self.error.setText(f"Printing failed: {exc}")

    def _error(self, exc: LiaisonError) -> None:
        text = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc.message
        self.error.setText(text)

    def preview(self) -> None:
        key = self.questionnaire.currentData()
        code = self.language.currentData() or "ENG"
        q = pv.get_questionnaire(self.db, key)
        if code not in q.versions:
            code = "ENG"
        try:
            images = compose.preview_images(self.db, key, code, width_px=760)
        except LiaisonError as exc:
            self._error(exc)
            return
        self.preview_dialog = PreviewDialog(images, f"{q.title}: {languages.describe(code)}", self)
        self.preview_dialog.open()


class PreviewDialog(QDialog):
    """The printed pages, as they will look."""

    def __init__(self, images, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Preview: {title}")
        self.resize(820, 700)
        layout = QVBoxLayout(self)
        scroll = QScrollArea()
        inner = QWidget()
        pages = QVBoxLayout(inner)
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            pages.addWidget(label)
        scroll.setWidget(inner)
        layout.addWidget(scroll)
