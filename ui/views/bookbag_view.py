"""Book-bag letters: one template to a class, a year or the school, counted, then printed
off the GUI thread with a progress bar and a cancel button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTime
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import LiaisonError, ValidationError
from liaison.services import save_places
from liaison.services.changes import Area
from liaison.services.early_unlock import start_renderers, stop_renderers
from liaison.services.letters import bookbag
from liaison.services.letters.templates import list_templates
from ui import files, printing
from ui.long_jobs import JobRunner, RunsJobs
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.family.letter_fields import build_inputs, read_inputs
from ui.views.who_picker import WhoPicker
from ui.views.widgets import ERROR_STYLE, refill


class BookbagView(UsesVault, RunsJobs, QWidget):
    # What this screen shows: the workspace refreshes it when a write changes these.
    watches = frozenset({Area.FAMILIES, Area.LETTERS, Area.SETTINGS})

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.result: bookbag.RunResult | None = None
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        form = QFormLayout()
        self.template = QComboBox()
        self.template.setAccessibleName("Template")
        self.template.currentIndexChanged.connect(self._template_changed)
        form.addRow("Letter", self.template)
        self.who = WhoPicker(form)
        # Named here too: tests and screenshots choose through them.
        self.whole, self.classes, self.language = (
            self.who.whole,
            self.who.classes,
            self.who.language,
        )
        self.rule = self._rule_box()
        form.addRow("Siblings", self.rule)
        self._inputs_key: str | None = None  # the letter the inputs (self.fields) are for
        self.untranslated = QComboBox()
        self.untranslated.setAccessibleName("No translation")
        self.untranslated.addItem("Send in English, marked on the cover sheet", "english")
        self.untranslated.addItem("Leave them out (listed)", "exclude")
        form.addRow("No translation", self.untranslated)
        self.bilingual = QCheckBox("Bilingual (home language, then English)")
        self.bilingual.setChecked(True)
        form.addRow("", self.bilingual)
        left.addLayout(form)
        self.fields_box = QWidget()
        self.fields_form = QFormLayout(self.fields_box)
        left.addWidget(self.fields_box)
        left.addLayout(self._buttons())
        self.progress = self._progress_bar()
        left.addWidget(self.progress)
        left.addStretch()
        layout.addLayout(left, 1)
        right = QVBoxLayout()
        self.summary = QLabel("Choose who gets the letter, then Count.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Batch summary")
        right.addWidget(self.summary)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        right.addWidget(self.error)
        replies = QGroupBox("Reply slips")
        box = QVBoxLayout(replies)
        row = QHBoxLayout()
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("Type or scan the reference on a returned slip")
        self.reference.setAccessibleName("Reply reference")
        yes = QPushButton("Yes ✓")
        no = QPushButton("No ✗")
        yes.clicked.connect(lambda: self.record_reply("yes"))
        no.clicked.connect(lambda: self.record_reply("no"))
        self.reference.returnPressed.connect(lambda: self.record_reply("yes"))
        for w in (self.reference, yes, no):
            row.addWidget(w)
        box.addLayout(row)
        self.waiting = QListWidget()
        self.waiting.setAccessibleName("Still to answer")
        box.addWidget(QLabel("Still to answer, by class (last batch):"))
        box.addWidget(self.waiting)
        right.addWidget(replies, 1)
        layout.addLayout(right, 1)
        self.inputs: dict[str, QWidget] = {}
        self.fields: list[str] = []
        self.then_print = False

    def _progress_bar(self) -> QProgressBar:
        """The bar, with the runner that shows it and holds the print buttons down."""
        bar = QProgressBar()
        bar.setAccessibleName("Printing progress")
        busy = (self.print_button, self.paper_button)
        self.runner = JobRunner(self.vault, self, bar, self.cancel_button, busy)
        return bar

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        made = []
        for text, tip, slot in (
            ("&Count", None, self.count),
            ("&Save PDF…", "Make the letters as one PDF (recorded for each family)", None),
            ("P&rint…", "Make the letters (kept as a PDF) and print them", None),
            ("Ca&ncel", None, None),  # JobRunner's
            ("R&eprint last batch…", None, self.reprint),
            ("&Assumed languages…", None, self.review_assumed),
        ):
            button = QPushButton(text)
            if tip:
                button.setToolTip(tip)
            if slot is not None:
                button.clicked.connect(slot)
            buttons.addWidget(button)
            made.append(button)
        _, self.print_button, self.paper_button, self.cancel_button = made[:4]
        self.reprint_button, self.assumed_button = made[4:]
        # Save PDF and Print ask for nothing (the clicked flag is not a path).
        self.print_button.clicked.connect(lambda: self.print_batch())
        self.paper_button.clicked.connect(lambda: self.print_on_paper())
        self.reprint_button.setEnabled(False)
        return buttons

    def clear(self) -> None:
        self.classes.clear()
        self.summary.clear()
        self._rule_chosen, self._inputs_key = False, None  # the next database's own

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        refill(self.template, [(t.title, t.key) for t in list_templates(self.db)])
        from liaison.services import school

        if not self._rule_chosen:
            rule = school.get_setting(self.db, "sibling_rule")
            self.rule.setCurrentIndex(max(0, self.rule.findData(rule)))
        self.who.refill(self.db)
        self._template_changed()

    def _template_changed(self) -> None:
        key = self.template.currentData()
        if key is None:
            return
        template = next(t for t in list_templates(self.db) if t.key == key)
        if key == self._inputs_key and template.fields == self.fields:
            # The screen refreshed after a write (a run is one): what the officer typed for
            # this letter stays for the next class's run.
            return
        self._inputs_key = key
        self.fields = list(template.fields)
        self.inputs = build_inputs(
            self.fields_form, template.fields, self.db.clock.today(), time=QTime(9, 0)
        )

    def _rule_box(self) -> QComboBox:
        """The sibling rule: the school's setting until the officer chooses for this screen."""
        rule = QComboBox()
        rule.setAccessibleName("Siblings")
        for label, value in (
            ("One letter per household, with the youngest child", "youngest"),
            ("One letter per household, with the eldest child", "eldest"),
            ("One letter per child", "each"),
        ):
            rule.addItem(label, value)
        self._rule_chosen = False
        rule.activated.connect(self._choose_rule)
        return rule

    def _choose_rule(self, _index: int) -> None:
        self._rule_chosen = True

    def selection(self) -> bookbag.Selection:
        return bookbag.Selection(**self.who.chosen())

    def review_assumed(self) -> None:
        from ui.views.assumed_languages import AssumedLanguagesDialog

        dialog = AssumedLanguagesDialog(self.db, self)
        self.assumed_dialog = dialog  # reachable from tests
        dialog.open()
        dialog.finished.connect(lambda _: self.count())

    def _plan(self) -> bookbag.Plan | None:
        try:
            plan = bookbag.plan(
                self.db,
                self.template.currentData(),
                self.selection(),
                sibling_rule=self.rule.currentData(),
                untranslated=self.untranslated.currentData(),
            )
        except ValidationError as exc:
            self.error.setText("; ".join(exc.errors.values()))
            return None
        self.error.clear()
        return plan

    def count(self) -> bookbag.Plan | None:
        plan = self._plan()
        if plan is None:
            return None
        per_class = ", ".join(f"{k}: {v}" for k, v in plan.per_class().items())
        # "Urdu 68, of which 40 assumed from the pupils"
        per_lang = ", ".join(plan.language_lines())
        text = f"{len(plan.items)} letters.\n\nPer class: {per_class}\n\nPer language: {per_lang}"
        if plan.fallbacks():
            text += f"\n\n{len(plan.fallbacks())} in English (no translation in their language)."
        assumed = sum(plan.assumed_per_language().values())
        if assumed:
            text += (
                f"\n\n{assumed} in a language assumed from the pupils' first language: "
                "press Assumed languages to review and confirm them."
            )
        if plan.left_out:
            text += f"\n\n{len(plan.left_out)} families left out."
        self.summary.setText(text)
        return plan

    def values(self) -> dict[str, object]:
        return read_inputs(self.inputs)

    def ready(self) -> bookbag.Plan | None:
        """Everything the letters need, checked before any file is asked for: who gets them,
        and every field the template asks for, named once each."""
        plan = self.count()
        if plan is None:
            return None
        try:
            values = self.values()
        except ValueError as exc:
            self.error.setText(f"{exc}.")
            return None
        missing = [f for f in self.fields if values.get(f) in (None, "")]
        if missing:
            names = ", ".join(f.capitalize() for f in missing)
            self.error.setText(f"Fill in before printing: {names}.")
            self.inputs[missing[0]].setFocus()
            return None
        self.error.clear()
        return plan

    def print_batch(self) -> None:
        self._ask_and_start("Save book-bag letters", then_print=False)

    def print_on_paper(self) -> None:
        """Make the batch (kept as a PDF, as every run is) and send its pages to the printer."""
        self._ask_and_start("Save the letters to print (kept as a PDF)", then_print=True)

    def _ask_and_start(self, title: str, *, then_print: bool) -> None:
        plan = self.ready()
        if plan is None:
            return
        # The renderers load Qt and the fonts while the officer chooses where to save: a run
        # waited about 0.4 s for them otherwise. Stopped if nothing is chosen.
        start_renderers(off_main_thread=True)
        key = self.template.currentData() or "bookbag"
        name = save_places.file_name(f"bookbag-{key}", None, self.db.clock.today())
        path = files.ask_save(self, self.db, title, name, "PDF (*.pdf)")
        if path:
            self.start(path, then_print=then_print, plan=plan)
        else:
            stop_renderers()

    def start(
        self, out: Path, *, then_print: bool = False, plan: bookbag.Plan | None = None
    ) -> None:
        """Print into `out`: the letters of `plan` (the one whose counts the officer was
        shown), or of the choices as they are now."""
        plan = plan or self.ready()
        if plan is None:
            return
        self.then_print = then_print
        fields, bilingual = self.values(), self.bilingual.isChecked()
        rule, description = self.rule.currentData(), self.selection().describe()

        def job(db, progress, cancelled):
            return bookbag.run(
                db,
                plan,
                out,
                fields=fields,
                bilingual=bilingual,
                sibling_rule=rule,
                description=description,
                progress=progress,
                cancel=cancelled,
            )

        self.runner.long(job, self._done, self._failed)

    def _done(self, result: bookbag.RunResult) -> None:
        self.result = result
        self.reprint_button.setEnabled(True)
        self.summary.setText(
            f"Made {result.letters} letters ({result.pages} pages) in {result.out}. "
            "Each is recorded in the family's chronology."
        )
        self.show_waiting()
        if self.then_print:
            self.then_print = False
            printer = self.messages.printer(self, "the book-bag letters")
            if printer is not None:
                self.send_to_printer(printer, result.out)

    def send_to_printer(self, printer: QPrinter, pdf: Path) -> None:
        """The batch's pages, as in its PDF, to the printer: off the window's thread."""

        def job(progress, cancelled):
            return printing.print_pdf(printer, pdf, progress=progress, cancel=cancelled)

        def printed(pages: int) -> None:
            self.summary.setText(self.summary.text() + f"\n\nSent {pages} pages to the printer.")

        self.printer = printer  # kept alive until the job is done
        self.runner.background(job, printed, self._failed)

    def reprint(self) -> None:
        if self.result is None:
            return
        name = save_places.file_name(f"batch-{self.result.batch_id}", None, self.db.clock.today())
        path = files.ask_save(self, self.db, "Reprint batch", name, "PDF (*.pdf)")
        if path:
            from liaison.services import letters

            count = letters.reprint_batch(self.db, self.result.batch_id, Path(path))
            self.summary.setText(f"Reprinted batch {self.result.batch_id}: {count} letters.")

    def record_reply(self, answer: str) -> None:
        from liaison.services import letters

        text = self.reference.text().strip()
        if not text:
            return
        try:
            letters.record_reply(self.db, text, answer)
        except LiaisonError as exc:
            message = exc.message
            if isinstance(exc, ValidationError):
                message = "; ".join(exc.errors.values())
            self.error.setText(message)
            return
        self.error.clear()
        self.reference.clear()
        self.show_waiting()

    def show_waiting(self) -> None:
        from liaison.services import letters

        self.waiting.clear()
        if self.result is None:
            return
        for row in letters.replies(self.db, self.result.batch_id):
            if row.reply is None:
                self.waiting.addItem(f"{row.class_name}  {row.pupil}  ({row.reference})")

    def _failed(self, exc: BaseException) -> None:
        from liaison.errors import Cancelled

        if isinstance(exc, Cancelled):
            self.summary.setText("Cancelled: nothing was printed or recorded.")
        elif isinstance(exc, ValidationError):
            self.error.setText(
                "; ".join(f"{key.capitalize()}: {message}" for key, message in exc.errors.items())
            )
        elif isinstance(exc, LiaisonError):
            self.error.setText(exc.message)
        else:
            self.error.setText(f"Printing failed: {exc}")
