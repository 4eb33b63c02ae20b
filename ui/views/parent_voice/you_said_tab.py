"""You said, we did: record against a questionnaire what families said and what the school decided
and did (with the point in a family language where someone has translated it), then print
the translated letter to every family who was sent the questionnaire."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import Cancelled, LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.services import parent_voice as pv
from liaison.services.parent_voice import you_said
from ui.bidi import isolate
from ui.long_jobs import JobRunner, RunsJobs
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.widgets import ERROR_STYLE, LanguageCombo, refill


class YouSaidTab(UsesVault, RunsJobs, QWidget):
    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.result: you_said.LetterRun | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.questionnaire = QComboBox()
        self.questionnaire.setAccessibleName("Questionnaire")
        top.addWidget(QLabel("Questionnaire"))
        top.addWidget(self.questionnaire, 1)
        layout.addLayout(top)
        self.points = QListWidget()
        self.points.setAccessibleName("What you said, what we did")
        self.points.setWordWrap(True)
        layout.addWidget(self.points, 1)
        form = QFormLayout()
        self.question = QComboBox()
        self.question.setAccessibleName("About question")
        self.said = QLineEdit()
        self.said.setAccessibleName("You said")
        self.said.setPlaceholderText("What families told us, e.g. Homework is hard to help with")
        self.did = QLineEdit()
        self.did.setAccessibleName("We did")
        self.did.setPlaceholderText(
            "What the school decided or did, e.g. A homework club on Tuesdays"
        )
        self.language = LanguageCombo("Translation language")
        self.said_there = QLineEdit()
        self.said_there.setAccessibleName("You said, translated")
        self.did_there = QLineEdit()
        self.did_there.setAccessibleName("We did, translated")
        form.addRow("About", self.question)
        form.addRow("You said", self.said)
        form.addRow("We did", self.did)
        form.addRow("Also in (optional)", self.language)
        form.addRow("  you said", self.said_there)
        form.addRow("  we did", self.did_there)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        add = QPushButton("&Record this point")
        add.clicked.connect(self.add_point)
        remove = QPushButton("Remove the chosen point")
        remove.clicked.connect(self.remove_point)
        self.print_button = QPushButton("&Print the letter to every family sent it…")
        self.print_button.clicked.connect(self.print_letters)
        cancel = QPushButton("Cancel printing")
        for b in (add, remove, self.print_button, cancel):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Printing progress")
        layout.addWidget(self.progress)
        self.runner = JobRunner(vault, self, self.progress, cancel, [self.print_button])
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("You said, we did message")
        layout.addWidget(self.message)
        self.questionnaire.currentIndexChanged.connect(lambda _: self._show())

    def clear(self) -> None:
        self.points.clear()
        self.questionnaire.clear()

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        refill(self.questionnaire, [(q.title, q.key) for q in pv.list_questionnaires(self.db)])
        self._show()

    def _show(self) -> None:
        key = self.questionnaire.currentData()
        if key is None:
            return
        q = pv.get_questionnaire(self.db, key)
        self.question.clear()
        self.question.addItem("(the questionnaire as a whole)", None)
        for x in q.design.questions:
            self.question.addItem(q.master.questions[x.key], x.key)
        self.points.clear()
        for p in you_said.points(self.db, key):
            also = ", ".join(languages.describe(c) for c in sorted(p.translations))
            item = f"{p.decided_on:%d/%m/%Y}  You said: {p.you_said}\n    We did: {p.we_did}"
            if also:
                item += f"\n    Also in {also}: " + isolate(
                    next(iter(p.translations.values()))["we_did"]
                )
            self.points.addItem(item)
            self.points.item(self.points.count() - 1).setData(256, p.id)
        families = len(you_said.families_sent(self.db, key))
        self.message.setStyleSheet("")
        self.message.setText(
            f"{families} families were sent this questionnaire; each gets one letter, in the "
            "language they read, with the points in it."
        )

    def add_point(self) -> None:
        key = self.questionnaire.currentData()
        code = self.language.code()
        translations = {}
        if code and (self.said_there.text().strip() or self.did_there.text().strip()):
            translations[code] = {
                "you_said": self.said_there.text(),
                "we_did": self.did_there.text(),
            }
        try:
            you_said.record(
                self.db,
                key,
                self.said.text(),
                self.did.text(),
                question_key=self.question.currentData(),
                translations=translations,
            )
        except ValidationError as exc:
            self._error("; ".join(exc.errors.values()))
            return
        for w in (self.said, self.did, self.said_there, self.did_there):
            w.clear()
        self._show()

    def remove_point(self) -> None:
        item = self.points.currentItem()
        if item is not None and self.messages.ask(self, "Remove", "Remove this point?"):
            you_said.remove(self.db, int(item.data(256)))
            self._show()

    def _error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def print_letters(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save letters", str(Path.home() / "you-said-we-did.pdf"), "PDF (*.pdf)"
        )
        if path:
            self.start(Path(path))

    def start(self, out: Path) -> None:
        key = self.questionnaire.currentData()

        def job(db, progress, cancel):
            return you_said.print_letters(db, key, out, progress=progress, cancel=cancel)

        self.runner.long(job, self._done, self._failed)

    def _done(self, result: you_said.LetterRun) -> None:
        self.result = result
        english = sum(result.points_in_english.values())
        self.message.setStyleSheet("")
        self.message.setText(
            f"Printed {result.letters} letters ({result.pages} pages) to {result.out} as "
            f"book-bag batch {result.batch_id}."
            + (f" {english} carry the points in English (no translation given)." if english else "")
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.message.setText("Cancelled: nothing was printed or recorded.")
        elif isinstance(exc, ValidationError):
            self._error("; ".join(exc.errors.values()))
        elif isinstance(exc, LiaisonError):
            self._error(exc.message)
        else:
            self._error(f"Printing failed: {exc}")
