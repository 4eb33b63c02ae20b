"""Templates area: read and edit each template's English and translated text; add a language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import ValidationError
from liaison.i18n import languages
from liaison.services.changes import Area
from liaison.services.letters import templates as lt
from ui import files
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.widgets import ERROR_STYLE, DateEdit, translation_rows


class TemplatesView(UsesVault, QWidget):
    # What this screen shows: the workspace refreshes it when a write changes these.
    watches = frozenset({Area.LETTERS, Area.FAMILIES})
    _shown: tuple[object, ...] | None = None  # the text as loaded, to see edits
    _kept: dict[str, object] | None = None  # edits kept across a lock

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.templates: dict[str, lt.Template] = {}
        self.coverage_lines: list = []
        self.school_languages: dict[str, int] = {}
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        self.list.setMaximumWidth(260)
        layout.addWidget(self.list)
        middle = QVBoxLayout()
        self.variants = QListWidget()
        self.variants.setAccessibleName("Languages of this template")
        self.variants.setMaximumWidth(330)
        middle.addWidget(self.variants, 1)
        self.new_language, add_row, po = translation_rows(
            self.add_language, self.export_po, self.import_po
        )
        middle.addLayout(add_row)
        middle.addLayout(po)
        self.coverage = QLabel()
        self.coverage.setWordWrap(True)
        self.coverage.setMaximumWidth(330)
        self.coverage.setAccessibleName("Languages not yet covered")
        middle.addWidget(self.coverage)
        layout.addLayout(middle)
        editor = QVBoxLayout()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        editor.addWidget(self.heading)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #555;")
        editor.addWidget(self.help)
        form = QFormLayout()
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject")
        form.addRow("Subject", self.subject)
        editor.addLayout(form)
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Letter text")
        editor.addWidget(self.body, 1)
        status = QHBoxLayout()
        self.status = QComboBox()
        self.status.setAccessibleName("Translation status")
        for s in lt.STATUSES:
            self.status.addItem(s.capitalize(), s)
        self.reviewed_by = QLineEdit()
        self.reviewed_by.setPlaceholderText("Reviewed by")
        self.reviewed_by.setAccessibleName("Reviewed by")
        self.reviewed_on = DateEdit("Reviewed on")
        for w in (QLabel("Status"), self.status, self.reviewed_by, self.reviewed_on):
            status.addWidget(w)
        editor.addLayout(status)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Template problem")
        editor.addWidget(self.error)
        save = QPushButton("&Save this language")
        save.clicked.connect(self.save)
        editor.addWidget(save)
        layout.addLayout(editor, 1)
        self.list.currentRowChanged.connect(lambda row: self._row_changed(self.list, row))
        self.variants.currentRowChanged.connect(lambda row: self._row_changed(self.variants, row))
        self.key: str | None = None
        self.language: str | None = None
        self._rows = {id(self.list): -1, id(self.variants): -1}

    # -- unsaved edits -------------------------------------------------------------------------
    def _editor_state(self) -> tuple[object, ...]:
        return (
            self.subject.text(),
            self.body.toPlainText(),
            self.status.currentData(),
            self.reviewed_by.text(),
            self.reviewed_on.text(),
        )

    def has_changes(self) -> bool:
        return self._shown is not None and self._editor_state() != self._shown

    def may_leave(self) -> bool:
        """Ask before another template or language replaces text typed and not saved."""
        if not self.has_changes():
            return True
        answer = self.messages.unsaved(self, "this letter text")
        if answer == "save":
            return self.save()
        return answer == "discard"

    def _row_changed(self, widget: QListWidget, row: int) -> None:
        previous = self._rows[id(widget)]
        if row == previous:
            return
        if not self.may_leave():
            widget.blockSignals(True)
            widget.setCurrentRow(previous)
            widget.blockSignals(False)
            return
        self._rows[id(widget)] = row
        if widget is self.list:
            self._template_chosen()
        else:
            self._variant_chosen()

    def typed(self) -> dict[str, object] | None:
        """What is being edited and not saved, to keep across a lock."""
        if not self.has_changes():
            return None
        return {
            "key": self.key,
            "language": self.language,
            "state": self._editor_state(),
            "shown": self._shown,
        }

    def restore_typed(self, typed: dict[str, object] | None) -> None:
        if not typed or typed.get("key") not in self.templates:
            return
        keys = list(self.templates)
        self.list.setCurrentRow(keys.index(str(typed["key"])))
        if typed.get("language"):
            self.select_language(str(typed["language"]))
        subject, body, status, reviewed_by, reviewed_on = typed["state"]
        self.subject.setText(str(subject))
        self.body.setPlainText(str(body))
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        self.reviewed_by.setText(str(reviewed_by))
        self.reviewed_on.setText(str(reviewed_on))
        self._shown = typed["shown"]

    def clear(self) -> None:
        # Kept in memory across a lock, as a hidden dialog is; put back by the next refresh.
        self._kept = self.typed()
        for widget in (self.list, self.variants):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        self._rows = {id(self.list): -1, id(self.variants): -1}
        self._shown = None
        self.subject.clear()
        self.body.clear()

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        typed, self._kept = self.typed() or self._kept, None
        keep = (self.key, self.language)
        self.templates = {t.key: t for t in lt.list_templates(self.db)}
        from liaison.services.letters import translations

        # Once per refresh: it reads every family, so not on each click.
        self.coverage_lines, self.school_languages = translations.coverage(self.db)
        self.list.blockSignals(True)
        self.list.clear()
        for t in self.templates.values():
            item = QListWidgetItem(t.title)
            item.setData(Qt.ItemDataRole.UserRole, t.key)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._rows[id(self.list)] = -1
        self._shown = None  # what is shown is about to be replaced by what was saved
        keys = list(self.templates)
        self.list.setCurrentRow(keys.index(keep[0]) if keep[0] in keys else 0)
        self._show_coverage()
        if keep[1]:
            self.select_language(keep[1])
        self.restore_typed(typed)  # edits not saved survive a refresh and a lock

    def _template_chosen(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.key = item.data(Qt.ItemDataRole.UserRole)
        template = self.templates[self.key]
        fields = ", ".join("{" + f + "}" for f in (*lt.STANDARD_FIELDS, *template.fields))
        self.help.setText(
            f"Placeholders: {fields}. Glossary terms: "
            + ", ".join(f"[[{g}]]" for g in lt.glossary())
            + ". Blank lines separate paragraphs; '## ' starts a heading, '- ' a list item, "
            "'[sign] ' a signature line."
        )
        self.variants.blockSignals(True)
        self.variants.clear()
        for code, variant in sorted(template.variants.items()):
            item = QListWidgetItem(f"{languages.describe(code)}: {variant.status_label}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.variants.addItem(item)
        self.variants.blockSignals(False)
        self._rows[id(self.variants)] = -1
        self._shown = None
        self.select_language(lt.MASTER)
        if self.vault.is_open:
            self._show_coverage()

    def _show_coverage(self) -> None:
        families = self.school_languages
        line = next((x for x in self.coverage_lines if x.key == self.key), None)
        if line is None:
            return
        missing = ", ".join(
            f"{languages.describe(c)} ({families[c]} families)" for c in line.missing
        )
        self.coverage.setText(
            "The school's languages without this template: "
            + (missing or "none")
            + f". Only in draft: {len(line.draft_only)} languages."
        )

    def export_po(self) -> None:
        code = self.language or self.new_language.code()
        if not code or code == lt.MASTER:
            code = self.new_language.code()
        if not code:
            self.error.setText("Choose the language to translate into (Add language box).")
            return
        name = f"liaison-{code}-{self.db.clock.today().isoformat()}.po"
        path = files.ask_save(self, self.db, "Export for translator", name, "PO (*.po)")
        if path:
            self.export_to(path, code)

    def export_to(self, path, code: str) -> int:
        from liaison.errors import LiaisonError
        from liaison.services.letters import translations

        try:
            count = translations.export_po(self.db, path, code)
        except LiaisonError as exc:
            self.error.setText(getattr(exc, "message", str(exc)))
            return 0
        self.messages.info(self, "Exported", f"{count} templates in {path} for the translator.")
        return count

    def import_po(self) -> None:
        path = files.ask_open(self, self.db, "Import translation", "PO (*.po)")
        if path:
            self.import_from(path)

    def import_from(self, path) -> bool:
        from liaison.errors import LiaisonError
        from liaison.services.letters import translations

        try:
            result = translations.import_po(self.db, path)
        except ValidationError as exc:
            self.error.setText("; ".join(exc.errors.values()))
            return False
        except LiaisonError as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        self.messages.info(
            self,
            "Imported",
            f"{languages.describe(result.language)}: {len(result.versions)} templates stored as "
            "professional translations.",
        )
        self.refresh()
        return True

    def select_language(self, code: str) -> None:
        for row in range(self.variants.count()):
            if self.variants.item(row).data(Qt.ItemDataRole.UserRole) == code:
                if self.variants.currentRow() == row:
                    if self.may_leave():
                        self._variant_chosen()
                else:
                    self.variants.setCurrentRow(row)
                return

    def _variant_chosen(self) -> None:
        item = self.variants.currentItem()
        if item is None or self.key is None:
            return
        self.language = item.data(Qt.ItemDataRole.UserRole)
        variant = self.templates[self.key].variants[self.language]
        self._show(variant)

    def _show(self, variant: lt.Variant) -> None:
        lang = languages.require(variant.language)
        self.heading.setText(f"{self.templates[self.key].title}: {lang.label}")
        direction = (
            Qt.LayoutDirection.RightToLeft
            if lang.direction == "rtl"
            else (Qt.LayoutDirection.LeftToRight)
        )
        self.body.setLayoutDirection(direction)
        self.subject.setLayoutDirection(direction)
        self.subject.setText(variant.subject)
        self.body.setPlainText(variant.body)
        master = variant.language == lt.MASTER
        self.status.setEnabled(not master)
        if not master:
            self.status.setCurrentIndex(max(0, self.status.findData(variant.status)))
        self.reviewed_by.setText(variant.reviewed_by or "")
        self.reviewed_on.set_date(variant.reviewed_on)
        self.error.clear()
        self._shown = self._editor_state()

    def add_language(self) -> None:
        code = self.new_language.code()
        if self.key is None or not code:
            return
        template = self.templates[self.key]
        if code in template.variants:
            self.select_language(code)
            return
        if not self.may_leave():
            return
        master = template.variants[lt.MASTER]
        # Start from the English so the placeholders are all there; save makes it a draft.
        self.language = code
        self._show(lt.Variant(code, master.subject, master.body, master.phrases, "draft"))

    def save(self) -> bool:
        if self.key is None or self.language is None:
            return False
        try:
            reviewed_on = self.reviewed_on.date()
        except ValueError as exc:
            self.error.setText(str(exc))
            return False
        try:
            version = lt.save_variant(
                self.db,
                self.key,
                self.language,
                subject=self.subject.text(),
                body=self.body.toPlainText(),
                status=self.status.currentData(),
                reviewed_by=self.reviewed_by.text() or None,
                reviewed_on=reviewed_on,
            )
        except ValidationError as exc:
            self.error.setText("; ".join(exc.errors.values()))
            return False
        self.error.setText("")
        self._shown = None
        self.messages.info(self, "Template saved", f"Saved as version {version}.")
        self.refresh()
        return True
