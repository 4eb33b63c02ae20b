"""File > Read scanned replies…: the copier's scan read off the GUI thread (progress, Cancel),
then a review: what was found, each unsure box's crop beside its question to settle with one
key, and Record. Nothing is recorded until Record; crops stay in memory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import Cancelled, LiaisonError, ValidationError
from ui import mnemonics

if TYPE_CHECKING:
    from liaison.services.scans import Choices, RecordResult, ScanSummary, Unsure
    from ui.messages import Messages
    from ui.vault import Vault

SCAN_FILTER = "Scans (*.pdf *.tif *.tiff *.jpg *.jpeg *.png);;All files (*)"
KEYS_HELP = (
    "Y or Enter: as read · 1–9: the box ticked · 0: none ticked · S: skip (leave this page to "
    "enter by hand)"
)


class UnsurePanel(QWidget):
    """One unsure box at a time: the paper as scanned, the question, the boxes by number."""

    settled = Signal(object)  # a Choice, or None for skip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.unsure: Unsure | None = None
        self.position = QLabel()
        self.crop = QLabel()
        self.crop.setMinimumSize(360, 120)
        self.crop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.crop.setStyleSheet("background: white; border: 1px solid #999;")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setStyleSheet("color: #8a4b00;")
        self.keys = QLabel(KEYS_HELP)
        self.keys.setWordWrap(True)
        self.keys.setStyleSheet("color: #555;")
        words = QVBoxLayout()
        for widget in (self.position, self.question, self.why):
            words.addWidget(widget)
        words.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.crop, 0)
        row.addLayout(words, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.keys)

    def show_unsure(self, unsure: Unsure, index: int, count: int) -> None:
        self.unsure = unsure
        pixmap = QPixmap()
        pixmap.loadFromData(unsure.crop_png)  # from memory: never a file
        self.crop.setPixmap(pixmap)
        title = _escape(unsure.title)
        self.position.setText(f'<p dir="ltr"><b>To confirm {index} of {count}</b>: {title}</p>')
        # Each line an English line (dir="ltr"), whatever script the words in it are in: Qt
        # would otherwise run a line right to left when its first letter is Arabic.
        lines = [_escape(unsure.question.text)] + [
            f"&nbsp;&nbsp;<b>{i}</b> = {_escape(words)}"
            for i, (_, words) in enumerate(unsure.question.options, start=1)
        ]
        self.question.setText("".join(f'<p dir="ltr">{line}</p>' for line in lines))
        offer = dict(unsure.question.options)
        proposal = ", ".join(offer.get(k, k) for k in unsure.proposal) or "no answer proposed"
        seen = _escape(f"Seen: {unsure.why}. Likeliest: {proposal}.")
        self.why.setText(f'<p dir="ltr">{seen}</p>')

    def keyPressEvent(self, event: QKeyEvent) -> None:
        unsure = self.unsure
        text = event.text().lower()
        if unsure is None or (
            not text and event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            super().keyPressEvent(event)
            return
        keys = [k for k, _ in unsure.question.options]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or text == "y":
            if unsure.proposal:
                self.settled.emit(tuple(unsure.proposal))
        elif text == "s":
            self.settled.emit(None)
        elif text == "0":
            self.settled.emit(())
        elif text.isdigit() and 1 <= int(text) <= len(keys):
            self.settled.emit((keys[int(text) - 1],))
        else:
            super().keyPressEvent(event)


class ScanReviewDialog(QDialog):
    """Reads `path` when shown; the officer reviews, settles the unsure boxes and records."""

    recorded = Signal(object)  # RecordResult

    def __init__(self, vault: Vault, messages: Messages, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.vault, self.messages, self.path = vault, messages, Path(path)
        self.setWindowTitle(f"Scanned replies: {self.path.name}")
        self.resize(980, 680)
        self.summary: ScanSummary | None = None
        self.choices: Choices = {}
        self.skipped: set[tuple[str, str]] = set()
        self.queue: list[Unsure] = []
        self.job = None
        self.headline = QLabel(f"Reading {self.path.name}…")
        self.headline.setWordWrap(True)
        self.progress = QProgressBar()
        self.pages = QTreeWidget()
        self.pages.setHeaderLabels(["Page", "Found", "Reference", "Who", "Read, or why not"])
        self.pages.setRootIsDecorated(False)
        self.pages.setUniformRowHeights(True)
        self.panel = UnsurePanel()
        self.panel.settled.connect(self._settle)
        self.panel.setVisible(False)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel reading")
        self.cancel_button.clicked.connect(self.cancel)
        self.record_button = QPushButton("&Record")
        self.record_button.setEnabled(False)
        self.record_button.clicked.connect(self.record)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.progress)
        layout.addWidget(self.panel)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)
        mnemonics.assign(self)

    # -- reading -------------------------------------------------------------------------------
    def start(self) -> None:
        from liaison.services import scans

        path = self.path

        def job(db, progress, cancel):
            return scans.read_scans(db, path, progress=progress, cancel=cancel)

        self.job = self.vault.ops.long(
            job, self._read, parent=self, progress=self._progress, failed=self._failed
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.headline.setText(f"Reading {self.path.name}: page {done} of {total}…")

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.progress.setVisible(False)
        self.cancel_button.setEnabled(False)
        if isinstance(exc, Cancelled):
            self.headline.setText("Reading cancelled: nothing was recorded.")
        elif isinstance(exc, ValidationError):
            self.headline.setText("; ".join(exc.errors.values()))
        elif isinstance(exc, LiaisonError):
            self.headline.setText(exc.message)
        else:
            self.headline.setText(f"The scan could not be read: {exc}")

    def _read(self, summary: ScanSummary) -> None:
        self.job = None
        self.summary = summary
        self.progress.setVisible(False)
        self.cancel_button.setEnabled(False)
        self.queue = list(summary.unsure)
        self.headline.setText(summary.headline() + ". Nothing is recorded until you press Record.")
        self._list_pages()
        self.record_button.setEnabled(True)
        self._next()

    def _list_pages(self) -> None:
        assert self.summary is not None
        self.pages.clear()
        for page in self.summary.pages:
            said = "; ".join(t for t in (page.describe_answers(), page.note) if t)
            row = [page.label, page.found.value, page.reference, page.title, said]
            item = QTreeWidgetItem(row)
            item.setToolTip(4, said)
            self.pages.addTopLevelItem(item)
        for column in range(4):
            self.pages.resizeColumnToContents(column)

    # -- settling unsure boxes -----------------------------------------------------------------
    def _next(self) -> None:
        waiting = [u for u in self.queue if u.key not in self.choices and u.key not in self.skipped]
        if not waiting:
            self.panel.setVisible(False)
            self.outcome.setText(self._tally())
            self.record_button.setFocus()
            return
        total = len(self.queue)
        self.panel.show_unsure(waiting[0], total - len(waiting) + 1, total)
        self.panel.setVisible(True)
        self.panel.setFocus()
        self.outcome.setText(self._tally())

    def _settle(self, choice: object) -> None:
        unsure = self.panel.unsure
        if unsure is None:
            return
        if choice is None:
            self.skipped.add(unsure.key)
        else:
            self.choices[unsure.key] = choice
        self._next()

    def _tally(self) -> str:
        if not self.queue:
            return "No box needs confirming."
        return (
            f"Confirmed {len(self.choices)} of {len(self.queue)} unsure box(es); "
            f"{len(self.skipped)} skipped (those pages are left to enter by hand)."
        )

    # -- recording -----------------------------------------------------------------------------
    def record(self) -> None:
        from liaison.services import scans

        summary, choices = self.summary, dict(self.choices)
        if summary is None:
            return
        self.record_button.setEnabled(False)

        def job(db, progress, cancel):
            return scans.record_scans(db, summary, choices, progress=progress, cancel=cancel)

        self.job = self.vault.ops.long(
            job, self._recorded, parent=self, progress=None, failed=self._failed
        )

    def _recorded(self, result: RecordResult) -> None:
        self.job = None
        self.outcome.setText(result.describe())
        self.recorded.emit(result)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
