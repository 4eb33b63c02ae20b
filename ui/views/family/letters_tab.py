"""Letters on the family page: choose template, caregiver and language, fill, preview, save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.services import families as fam
from liaison.services import letters, save_places
from liaison.services.letters.templates import list_templates
from ui import files, printing
from ui.guard import AsksBeforeDiscarding
from ui.messages import Messages
from ui.models.tables import fill, selected_id, table
from ui.vault import UsesVault, Vault
from ui.views.family.letter_fields import build_inputs, read_inputs
from ui.views.widgets import ERROR_STYLE, fit_to_screen, scrolled


class LetterDialog(AsksBeforeDiscarding, UsesVault, QDialog):
    discard_what = "this letter"
    save_on_ask = False  # saving means choosing a file: ask only whether to lose the typing

    def __init__(self, vault: Vault, messages: Messages, family_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.vault, self.messages, self.family_id = vault, messages, family_id
        self.saved_id: int | None = None
        self.setWindowTitle("Letter or agreement")
        fit_to_screen(self, 1200, 680)
        self.templates = {t.key: t for t in list_templates(self.db)}
        self.draft = fam.load_draft(self.db, family_id)
        outer = QHBoxLayout(self)
        column = QVBoxLayout()
        choices = QWidget()
        left = QVBoxLayout(choices)
        left.setContentsMargins(0, 0, 0, 0)
        self.choices_area = scrolled(choices)
        self.choices_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        column.addWidget(self.choices_area, 1)
        form = QFormLayout()
        left.addLayout(form)
        self.template = QComboBox()
        self.template.setAccessibleName("Template")
        for t in self.templates.values():
            self.template.addItem(t.title, t.key)
        form.addRow("Template", self.template)
        self.caregiver = QComboBox()
        self.caregiver.setAccessibleName("Caregiver")
        for c in self.draft.caregivers:
            self.caregiver.addItem(c.display_name, c.id)
        form.addRow("To", self.caregiver)
        self.pupil = QComboBox()
        self.pupil.setAccessibleName("About pupil")
        for p in self.draft.pupils:
            self.pupil.addItem(p.display_name, p.id)
        form.addRow("About", self.pupil)
        self.language = QComboBox()
        self.language.setAccessibleName("Letter language")
        form.addRow("Language", self.language)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName("Language advice")
        self.advice.setStyleSheet("color: #8a4b00;")
        form.addRow("", self.advice)
        self.bilingual = QCheckBox("Bilingual: the home language, then English")
        self.bilingual.setChecked(True)
        form.addRow("", self.bilingual)
        self.fields_box = QWidget()
        self.fields_form = QFormLayout(self.fields_box)
        left.addWidget(self.fields_box)
        self.status = QLabel()
        self.status.setWordWrap(True)
        left.addWidget(self.status)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Letter problem")
        left.addWidget(self.error)
        left.addStretch()
        column.addLayout(self._buttons())
        outer.addLayout(column, 2)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.preview_area = scroll = QScrollArea()
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        # Pages are drawn as wide as the pane (preview): a bar that came and went would change
        # that width, and a page wider than the pane hid the end of every line.
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setAccessibleName("Letter preview")
        outer.addWidget(scroll, 3)
        self.inputs: dict[str, QWidget] = {}
        self.template.currentIndexChanged.connect(self._template_changed)
        self.caregiver.currentIndexChanged.connect(self._choose_language)
        self.language.currentIndexChanged.connect(self._show_status)
        self._template_changed()
        # The choices scroll up and down when the screen is short, never sideways.
        bar = self.choices_area.verticalScrollBar().sizeHint().width()
        self.choices_area.setMinimumWidth(choices.minimumSizeHint().width() + bar)
        self.mark_clean()

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.print_button = QPushButton("P&rint…")
        for text, slot in (
            ("&Preview", self.preview),
            ("&Save PDF…", self.save),
            (None, self.print_letter),
            ("C&lose", self.reject),
        ):
            button = self.print_button if text is None else QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        return buttons

    def _template_changed(self) -> None:
        template = self.templates[self.template.currentData()]
        needs = any(c.interpreter_needed for c in self.draft.caregivers)
        self.inputs = build_inputs(
            self.fields_form, template.fields, self.db.clock.today(), interpreter=needs
        )
        self._choose_language()

    def _choose_language(self) -> None:
        template = self.templates[self.template.currentData()]
        carer = next(
            (c for c in self.draft.caregivers if c.id == self.caregiver.currentData()), None
        )
        self.language.blockSignals(True)
        self.language.clear()
        for code in sorted(template.variants, key=lambda c: languages.describe(c)):
            self.language.addItem(languages.describe(code), code)
        if carer is not None:
            choice = letters.choose_language(carer, set(template.variants))
            self.language.setCurrentIndex(max(0, self.language.findData(choice.language)))
            self.advice.setText(choice.advice)
        self.language.blockSignals(False)
        self._show_status()

    def _show_status(self) -> None:
        template = self.templates[self.template.currentData()]
        variant = template.variants.get(self.language.currentData())
        if variant is not None:
            self.status.setText(f"Translation: {variant.status_label}, version {variant.version}")

    def values(self) -> dict[str, object]:
        return read_inputs(self.inputs)

    def prepared(self) -> letters.Prepared | None:
        try:
            prepared = letters.prepare(
                self.db,
                self.template.currentData(),
                self.family_id,
                caregiver_id=self.caregiver.currentData(),
                pupil_id=self.pupil.currentData(),
                language=self.language.currentData(),
                bilingual=self.bilingual.isChecked(),
                fields=self.values(),
            )
        except ValidationError as exc:
            self.error.setText("; ".join(f"{k}: {v}" for k, v in exc.errors.items()))
            return None
        except (LiaisonError, ValueError) as exc:
            self.error.setText(getattr(exc, "message", str(exc)))
            return None
        self.error.clear()
        return prepared

    def preview(self) -> None:
        prepared = self.prepared()
        if prepared is None:
            return
        margins = self.pages_layout.contentsMargins()
        width = self.preview_area.viewport().width() - margins.left() - margins.right()
        ratio = self.devicePixelRatioF()  # sharp on a high-DPI screen
        try:
            images = letters.preview_images(prepared, width_px=int(max(width, 200) * ratio))
        except LiaisonError as exc:
            self.error.setText(exc.message)
            return
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for image in images:
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label = QLabel()
            label.setPixmap(pixmap)
            label.setAccessibleName("Preview page")
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        self.pages_layout.addStretch()  # a page shorter than the pane stays at its top
        self.preview_area.verticalScrollBar().setValue(0)  # the letterhead first, every time
        self.preview_pages = len(images)

    def _unreviewed_ok(self, prepared: letters.Prepared, verb: str) -> bool:
        if prepared.variant.status not in ("draft", "machine"):
            return True
        return self.messages.ask(
            self,
            "Translation not reviewed",
            f"The {languages.describe(prepared.language)} text is a "
            f"{prepared.variant.status} translation that nobody has reviewed. {verb} it anyway?",
        )

    def print_letter(self) -> None:
        """The system's print dialog, then the same pages as the PDF, recorded as printed."""
        prepared = self.prepared()
        if prepared is None or not self._unreviewed_ok(prepared, "Print"):
            return
        printer = self.messages.printer(self, "the letter")
        if printer is not None:
            self.print_to(printer, prepared)

    def print_to(self, printer: QPrinter, prepared: letters.Prepared | None = None) -> bool:
        prepared = prepared or self.prepared()
        if prepared is None:
            return False
        try:
            pages = letters.preview_images(prepared, width_px=printing.page_width_px(printer))
            printing.print_images(printer, pages)
        except LiaisonError as exc:
            self.error.setText(exc.message)
            return False
        self.saved_id = letters.record(self.db, prepared)
        self.accept()
        return True

    def save(self) -> None:
        prepared = self.prepared()
        if prepared is None or not self._unreviewed_ok(prepared, "Save"):
            return
        name = save_places.family_file_name(self.db, prepared.template.key, self.family_id)
        path = files.ask_save(self, self.db, "Save letter", name, "PDF (*.pdf)")
        if path:
            self.save_to(path, prepared)

    def save_to(self, path: Path, prepared: letters.Prepared | None = None) -> bool:
        prepared = prepared or self.prepared()
        if prepared is None:
            return False
        try:
            self.saved_id = letters.print_document(self.db, prepared, path)
        except LiaisonError as exc:
            self.error.setText(exc.message)
            return False
        self.accept()
        return True


class LettersTab(UsesVault, QWidget):
    changed = Signal()

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.family_id: int | None = None
        layout = QVBoxLayout(self)
        self.printed = table(
            ["Printed", "Letter", "Language", "Version", "Translation", "Returned signed"],
            "Letters printed",
        )
        layout.addWidget(self.printed)
        row = QHBoxLayout()
        new = QPushButton("&New letter or agreement…")
        new.clicked.connect(self.new_letter)
        reprint = QPushButton("&Reprint selected…")
        reprint.clicked.connect(self.reprint)
        returned = QPushButton("Agreement came back signed")
        returned.clicked.connect(self.returned)
        for b in (new, reprint, returned):
            row.addWidget(b)
        row.addStretch()
        layout.addLayout(row)

    def show_family(self, family_id: int) -> None:
        self.family_id = family_id
        rows = letters.printed_for(self.db, family_id)
        fill(
            self.printed,
            [
                (
                    f"{r.printed_at:%d/%m/%Y %H:%M}",
                    r.title,
                    languages.describe(r.language),
                    str(r.version),
                    r.translation_status,
                    f"{r.returned_on:%d/%m/%Y}" if r.returned_on else "",
                )
                for r in rows
            ],
            [r.id for r in rows],
        )

    def new_letter(self) -> None:
        if self.family_id is None:
            return
        dialog = LetterDialog(self.vault, self.messages, self.family_id, self)
        dialog.accepted.connect(self.changed.emit)
        dialog.open()
        self.dialog = dialog

    def reprint(self) -> None:
        printed_id = selected_id(self.printed)
        if printed_id is None:
            return
        assert self.family_id is not None
        name = save_places.family_file_name(self.db, "reprint", self.family_id)
        path = files.ask_save(self, self.db, "Reprint", name, "PDF (*.pdf)")
        if path:
            letters.reprint(self.db, printed_id, path)
            self.changed.emit()

    def returned(self) -> None:
        printed_id = selected_id(self.printed)
        if printed_id is None:
            return
        try:
            letters.agreement_returned(self.db, printed_id)
        except LiaisonError as exc:
            self.messages.error(self, "Agreement", exc.message)
            return
        self.changed.emit()
