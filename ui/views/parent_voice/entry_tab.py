"""Answers in, from the keyboard: scan (a USB scanner types the reference and Enter) or type the
reference, the page's questions appear in the language it went home in beside English, a
number key ticks the box with that number and moves on, Enter saves and goes to the next
reference.

Keys on the page: 1-9 tick the box with that number (counted from the left, as printed);
0, '-' or Space leave a question blank; Down/Tab and Up move; Backspace clears a question;
Enter saves; Esc goes back to the reference without saving. A written answer is typed in its
line; Enter there saves too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison.clock import to_local
from liaison.errors import LiaisonError, ValidationError
from liaison.services import parent_voice as pv
from ui.bidi import english_frame
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.widgets import ERROR_STYLE, refill

OK_STYLE = "color: #1b5e20;"
CURRENT = "QFrame#question { border: 2px solid #1565c0; border-radius: 4px; }"
OTHER = "QFrame#question { border: 1px solid #d0d0d0; border-radius: 4px; }"
TICKED, EMPTY = "☒", "☐"
NAMES_UP_TO = 150  # beyond this many still to come back, names for the class being entered


class QuestionRow(QFrame):
    """One question: its words in both languages and its boxes, numbered as printed."""

    def __init__(self, q: pv.entry.EntryQuestion, direction: str) -> None:
        super().__init__()
        self.q = q
        self.setObjectName("question")
        self.chosen: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        home = QLabel(f"{q.number}. {q.text}")
        home.setWordWrap(True)
        if direction == "rtl":  # right-aligned, read from the right, number first
            home.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            home.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        layout.addWidget(home)
        if q.text_en != q.text:
            english = QLabel(q.text_en)
            english.setStyleSheet("color: #555;")
            english.setWordWrap(True)
            layout.addWidget(english)
        self.boxes = QLabel()
        self.boxes.setAccessibleName(f"Answers to question {q.number}")
        self.line: QLineEdit | None = None
        if q.kind == "text":
            self.line = QLineEdit()
            self.line.setAccessibleName(f"Written answer to question {q.number}")
            self.line.setPlaceholderText("Type what they wrote (or leave empty); Enter saves")
            self.line.setMaxLength(pv.entry.MAX_TEXT)
            layout.addWidget(self.line)
        else:
            self.boxes.setWordWrap(True)
            layout.addWidget(self.boxes)
        self.show_boxes()
        self.set_current(False)

    def show_boxes(self) -> None:
        if self.q.kind == "text":
            return
        parts = []
        for n, (key, label, english) in enumerate(self.q.options, start=1):
            mark = TICKED if key in self.chosen else EMPTY
            words = label if english == label else f"{label} / {english}"
            parts.append(f"{n} {mark} {english_frame(words)}")
        hint = "  (tick any, then ↓)" if self.q.kind == "any" else ""
        self.boxes.setText("     ".join(parts) + hint)

    def set_current(self, current: bool) -> None:
        self.setStyleSheet(CURRENT if current else OTHER)

    def tick(self, number: int) -> bool:
        """Tick box `number`; for tick-one questions, True (move on)."""
        if not 1 <= number <= len(self.q.options):
            return False
        key = self.q.options[number - 1][0]
        if self.q.kind == "one":
            self.chosen = [key]
        elif key in self.chosen:
            self.chosen.remove(key)
        else:
            self.chosen.append(key)
        self.show_boxes()
        return self.q.kind == "one"

    def clear_answer(self) -> None:
        self.chosen = []
        if self.line is not None:
            self.line.clear()
        self.show_boxes()

    def value(self) -> pv.entry.Answer:
        if self.line is not None:
            return self.line.text().strip() or None
        if self.q.kind == "one":
            return self.chosen[0] if self.chosen else None
        order = [o[0] for o in self.q.options]
        return sorted(self.chosen, key=order.index) or None

    def load(self, value: pv.entry.Answer) -> None:
        if self.line is not None:
            self.line.setText(str(value or ""))
        else:
            self.chosen = list(value) if isinstance(value, list) else ([value] if value else [])
            self.show_boxes()


class PagePanel(QWidget):
    """The page being entered; takes the keys."""

    save_requested = Signal()
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Page being entered")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.rows: list[QuestionRow] = []
        self.current = 0

    def show_page(self, page: pv.PageToEnter) -> None:
        self.clear()
        for q in page.questions:
            row = QuestionRow(q, page.direction)
            if row.line is not None:
                row.line.returnPressed.connect(self.save_requested.emit)
                row.line.installEventFilter(self)
            self.rows.append(row)
            self.layout_.addWidget(row)
            if q.key in page.answers:
                row.load(page.answers[q.key])
        self.layout_.addStretch()
        self.move_to(0)

    def clear(self) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = []
        self.current = 0

    def answers(self) -> dict[str, pv.entry.Answer]:
        return {row.q.key: row.value() for row in self.rows}

    def move_to(self, index: int) -> None:
        if not self.rows:
            return
        self.current = max(0, min(index, len(self.rows) - 1))
        for n, row in enumerate(self.rows):
            row.set_current(n == self.current)
        row = self.rows[self.current]
        if row.line is not None:
            row.line.setFocus()
        else:
            self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.rows or not self._key(event):
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab and Shift+Tab move between questions while the page has the keys.
        if self.rows:
            self.move_to(self.current + (1 if next else -1))
            return True
        return super().focusNextPrevChild(next)

    def eventFilter(self, watched, event) -> bool:
        # In a written answer's line, Up/Down/Esc still move or cancel.
        if event.type() == event.Type.KeyPress and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_Escape,
        ):
            return self._key(event)
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key, text = event.key(), event.text()
        row = self.rows[self.current]
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.cancel_requested.emit()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            self.move_to(self.current + 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            self.move_to(self.current - 1)
        elif key == Qt.Key.Key_Backspace:
            row.clear_answer()
        elif text in ("0", "-", " "):
            row.clear_answer()
            self.move_to(self.current + 1)
        elif text.isdigit():
            if row.tick(int(text)):
                self.move_to(self.current + 1)
        else:
            return False
        return True


class EntryTab(UsesVault, QWidget):
    """Scan or type a reference; tick with number keys; Enter saves and moves on."""

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.page: pv.PageToEnter | None = None
        self.correcting = False
        self.entered = 0
        self.wrong_run: int | None = None
        self.last_class = ""
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.run = QComboBox()
        self.run.setAccessibleName("Sending being entered")
        top.addWidget(QLabel("Sending:"))
        top.addWidget(self.run, 1)
        self.run.currentIndexChanged.connect(lambda _: self._show_progress())
        layout.addLayout(top)
        row = QHBoxLayout()
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Questionnaire page reference")
        self.reference.setPlaceholderText("Scan the QR code or type the reference (Q…), then Enter")
        self.reference.returnPressed.connect(self.open_reference)
        row.addWidget(self.reference, 1)
        self.correct_button = QPushButton("&Correct it")
        self.correct_button.setVisible(False)
        self.correct_button.clicked.connect(self.correct)
        self.switch_button = QPushButton("&Switch to that sending")
        self.switch_button.setVisible(False)
        self.switch_button.clicked.connect(self.switch_run)
        row.addWidget(self.correct_button)
        row.addWidget(self.switch_button)
        layout.addLayout(row)
        self.message = QLabel("Scan or type a reference to begin.")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Entry message")
        layout.addWidget(self.message)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 12pt;")
        self.heading.setAccessibleName("Page heading")
        layout.addWidget(self.heading)
        self.panel = PagePanel()
        self.panel.save_requested.connect(self.save)
        self.panel.cancel_requested.connect(self.back_to_reference)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.panel)
        middle = QHBoxLayout()
        middle.addWidget(scroll, 3)
        side = QVBoxLayout()
        side.addWidget(QLabel("Still to come back, by class:"))
        self.waiting = QListWidget()
        self.waiting.setAccessibleName("Still to come back, by class")
        self.waiting.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the page
        side.addWidget(self.waiting)
        middle.addLayout(side, 1)
        layout.addLayout(middle, 1)
        keys = QLabel(
            "Keys: 1-9 tick the box with that number (from the left, as printed) · 0, - or "
            "Space: left blank · ↑ ↓: question · Backspace: clear · Enter: save · Esc: back"
        )
        keys.setStyleSheet("color: #555;")
        keys.setWordWrap(True)
        layout.addWidget(keys)
        self.progress = QLabel()
        self.progress.setAccessibleName("Entry progress")
        layout.addWidget(self.progress)

    # -- state ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        runs = [(run.label(), run.id) for run in pv.list_runs(self.db)]
        refill(self.run, [("Any sending", None), *runs], otherwise=1)
        self._show_progress()

    def clear(self) -> None:
        self.page = None
        self.panel.clear()
        self.run.clear()
        self.reference.clear()
        self.heading.clear()

    def choose_run(self, run_id: int) -> None:
        index = self.run.findData(run_id)
        if index < 0:
            self.refresh()
            index = self.run.findData(run_id)
        self.run.setCurrentIndex(index)

    def _say(self, text: str, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def _show_progress(self) -> None:
        if not self.vault.is_open:
            return
        run_id = self.run.currentData()
        text = f"Entered this session: {self.entered} pages."
        if run_id is not None:
            run = pv.get_run(self.db, run_id)
            text += f" This sending: {run.returned} of {run.questionnaires} questionnaires back."
        self.progress.setText(text)
        self._show_waiting(run_id)

    def _show_waiting(self, run_id: int | None) -> None:
        """Who has not answered yet, by class (as for reply slips)."""
        self.waiting.clear()
        if run_id is None:
            return
        every = pv.waiting(self.db, run_id, only_missing=False)
        rows = [w for w in every if w.missing]
        for class_name, (missing, sent) in pv.runs.by_class(every).items():
            self.waiting.addItem(f"{class_name}: {missing} of {sent} to come back")
            # Names for every class in a small sending; in a big one for the class being
            # entered (a pile is usually one class), so a save stays quick.
            if len(rows) > NAMES_UP_TO and class_name != self.last_class:
                continue
            for w in (w for w in rows if w.class_name == class_name):
                pages = "" if w.pages_back == 0 else f" ({len(w.missing)} of {w.pages} pages)"
                self.waiting.addItem(f"    {english_frame(w.pupil or w.family_ref)}{pages}")

    # -- the flow -------------------------------------------------------------------------------
    def open_reference(self) -> None:
        self.correct_button.setVisible(False)
        self.switch_button.setVisible(False)
        text = self.reference.text().strip()
        if not text:
            return
        try:
            page = pv.find_page(self.db, text, run_id=self.run.currentData())
        except pv.OtherRun as exc:
            self.wrong_run = pv.find_page(self.db, text).run_id
            self.switch_button.setVisible(True)
            return self._refuse(exc)
        except LiaisonError as exc:
            return self._refuse(exc)
        self.correcting = False
        if page.entered_at is not None:
            when = to_local(page.entered_at).strftime("%d/%m/%Y")
            self.correct_button.setVisible(True)
            self._say(
                f"{page.reference} was already entered on {when} by {page.entered_by} "
                f"({page.describe()}). A second copy of the same page? To change its answers, "
                "press Correct it (Alt+C)."
            )
            self.page = page
            self.reference.selectAll()
            return
        self._open(page)

    def _refuse(self, exc: LiaisonError) -> None:
        text = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc.message
        self._say(text)
        self.page = None
        self.panel.clear()
        self.heading.clear()
        self.reference.selectAll()
        self.reference.setFocus()

    def _open(self, page: pv.PageToEnter) -> None:
        self.page = page
        self.last_class = page.class_name or "(no class)"
        self.heading.setText(english_frame(page.describe()))
        self._say(f"{page.reference}: tick with the number keys, then Enter.", ok=True)
        self.panel.show_page(page)

    def correct(self) -> None:
        if self.page is not None:
            self.correcting = True
            self.correct_button.setVisible(False)
            self._open(self.page)
            self._say(f"Correcting {self.page.reference}: change the answers, then Enter.", True)

    def switch_run(self) -> None:
        if self.wrong_run is not None:
            self.choose_run(self.wrong_run)
            self.switch_button.setVisible(False)
            self.open_reference()

    def save(self) -> None:
        if self.page is None:
            return
        answers = self.panel.answers()
        try:
            done = pv.record_answers(
                self.db,
                self.page.reference,
                answers,
                run_id=self.run.currentData(),
                replace=self.correcting,
            )
        except LiaisonError as exc:
            text = (
                "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc.message
            )
            self._say(text)
            return
        given = sum(1 for v in answers.values() if v not in (None, "", []))
        self.entered += 1
        what = "Corrected" if self.correcting else "Saved"
        self._say(
            f"{what} {done.reference}: {given} of {len(done.questions)} answers "
            f"({english_frame(done.describe())}). Next reference.",
            ok=True,
        )
        self.back_to_reference(keep_message=True)
        self._show_progress()

    def back_to_reference(self, keep_message: bool = False) -> None:
        if not keep_message:
            self._say("Not saved. Scan or type a reference.")
        self.page = None
        self.correcting = False
        self.panel.clear()
        self.heading.clear()
        self.reference.clear()
        self.reference.setFocus()
