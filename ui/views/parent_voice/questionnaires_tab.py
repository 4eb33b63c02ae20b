"""The questionnaires and their languages: each version's status told honestly, its words edited
beside the English (placeholders checked on saving), PO files for translators, a school's own
design added from a file, and a preview of the printed page in any language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison.errors import LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.services import parent_voice as pv
from liaison.services.parent_voice import translations
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.widgets import ERROR_STYLE, DateEdit, translation_rows

STATUSES = ("draft", "machine", "professional", "reviewed")


class QuestionnairesTab(UsesVault, QWidget):
    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.found: dict[str, pv.Questionnaire] = {}
        self.key: str | None = None
        self.language: str | None = None
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName("Questionnaires")
        self.list.setMaximumWidth(280)
        left.addWidget(self.list, 1)
        add = QPushButton("Add a questionnaire from a file…")
        add.clicked.connect(self.add_from_file)
        left.addWidget(add)
        self.versions = QListWidget()
        self.versions.setAccessibleName("Languages of this questionnaire")
        self.versions.setMaximumWidth(280)
        left.addWidget(self.versions, 2)
        self.new_language, new_row, po = translation_rows(
            self.add_language, self.export_po, self.import_po
        )
        left.addLayout(new_row)
        left.addLayout(po)
        layout.addLayout(left)
        layout.addLayout(self._editor(), 1)
        self.list.currentRowChanged.connect(lambda _: self._chosen())
        self.versions.currentRowChanged.connect(lambda _: self._version_chosen())

    def _editor(self) -> QVBoxLayout:
        editor = QVBoxLayout()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 13pt;")
        editor.addWidget(self.heading)
        self.status_line = QLabel()
        self.status_line.setAccessibleName("Translation status")
        editor.addWidget(self.status_line)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Words of this language beside the English")
        self.table.setHorizontalHeaderLabels(["Part", "English", "This language"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        editor.addWidget(self.table, 1)
        status = QHBoxLayout()
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for s in STATUSES:
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
        self.error.setAccessibleName("Questionnaire problem")
        editor.addWidget(self.error)
        buttons = QHBoxLayout()
        save = QPushButton("&Save this language")
        save.clicked.connect(self.save)
        buttons.addWidget(save)
        editor.addLayout(buttons)
        return editor

    def clear(self) -> None:
        self.list.clear()
        self.versions.clear()
        self.table.setRowCount(0)

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        keep = (self.key, self.language)
        self.found = {q.key: q for q in pv.list_questionnaires(self.db)}
        self.list.blockSignals(True)
        self.list.clear()
        for q in self.found.values():
            item = QListWidgetItem(
                f"{q.title}\n  one per {q.design.per}, {len(q.versions)} languages"
            )
            item.setData(Qt.ItemDataRole.UserRole, q.key)
            self.list.addItem(item)
        self.list.blockSignals(False)
        keys = list(self.found)
        self.list.setCurrentRow(keys.index(keep[0]) if keep[0] in keys else 0)
        if keep[1]:
            self.select_language(keep[1])

    def _chosen(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.key = item.data(Qt.ItemDataRole.UserRole)
        q = self.found[self.key]
        self.versions.blockSignals(True)
        self.versions.clear()
        for code, version in sorted(q.versions.items()):
            label = f"{languages.describe(code)}: {version.status_label}"
            if version.edited:
                label += f", version {version.version}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.versions.addItem(item)
        self.versions.blockSignals(False)
        self.select_language(pv.catalogue.MASTER)

    def select_language(self, code: str) -> None:
        for row in range(self.versions.count()):
            if self.versions.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.versions.setCurrentRow(row)
                return

    def _rows(self, q: pv.Questionnaire) -> list[tuple[str, str]]:
        """(part, English) for every string of the questionnaire, in the order printed."""
        master = q.master
        rows = [("title", master.title), ("intro", master.intro)]
        rows += [(f"question:{x.key}", master.questions[x.key]) for x in q.design.questions]
        rows += [(f"option:{k}", master.options[k]) for k in sorted(q.design.option_keys())]
        return [*rows, ("thanks", master.thanks)]

    def _version_chosen(self) -> None:
        item = self.versions.currentItem()
        if item is None or self.key is None:
            return
        self.language = item.data(Qt.ItemDataRole.UserRole)
        self._fill(self.found[self.key], self.language)

    def _fill(self, q: pv.Questionnaire, code: str) -> None:
        version = q.versions.get(code)
        texts = version.texts() if version else {"questions": {}, "options": {}}
        self.heading.setText(f"{q.title}: {languages.describe(code)}")
        self.status_line.setText(
            version.status_label if version else "new language: not yet translated"
        )
        rows = self._rows(q)
        self.table.setRowCount(len(rows))
        for n, (part, english) in enumerate(rows):
            kind, _, name = part.partition(":")
            current = (
                texts.get({"question": "questions", "option": "options"}[kind], {}).get(name, "")
                if name
                else texts.get(part, "")
            )
            for column, value in enumerate((part, english, current)):
                cell = QTableWidgetItem(value)
                if column < 2:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(n, column, cell)
        self.table.resizeRowsToContents()
        if version is not None and version.status in STATUSES:
            self.status.setCurrentIndex(STATUSES.index(version.status))
        self.reviewed_by.setText(version.reviewed_by or "" if version else "")
        self.reviewed_on.set_date(version.reviewed_on if version else None)
        self.error.clear()

    def texts(self) -> dict[str, object]:
        out: dict[str, object] = {"questions": {}, "options": {}}
        for n in range(self.table.rowCount()):
            part = self.table.item(n, 0).text()
            value = (self.table.item(n, 2).text() if self.table.item(n, 2) else "").strip()
            kind, _, name = part.partition(":")
            if name:
                out["questions" if kind == "question" else "options"][name] = value
            else:
                out[part] = value
        return out

    def save(self) -> None:
        if self.key is None or self.language is None:
            return
        try:
            reviewed_on = self.reviewed_on.date()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        try:
            pv.save_version(
                self.db,
                self.key,
                self.language,
                self.texts(),
                status=self.status.currentData(),
                reviewed_by=self.reviewed_by.text().strip() or None,
                reviewed_on=reviewed_on,
            )
        except ValidationError as exc:
            self.error.setText("; ".join(f"{k}: {v}" for k, v in exc.errors.items()))
            return
        self.messages.info(self, "Saved", f"{languages.describe(self.language)} saved.")
        self.refresh()

    def add_language(self) -> None:
        code = self.new_language.code()
        lang = languages.get(code or "")
        if self.key is None or lang is None:
            self.error.setText("Choose a language to add.")
            return
        self.language = lang.dfe
        self._fill(self.found[self.key], lang.dfe)
        self.status.setCurrentIndex(0)

    def add_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Questionnaire design", str(Path.home()), "JSON (*.json)"
        )
        if path:
            self.add_design(Path(path))

    def add_design(self, path: Path) -> str | None:
        try:
            key = pv.add_design_file(self.db, path)
        except ValidationError as exc:
            self.error.setText("; ".join(f"{k}: {v}" for k, v in exc.errors.items()))
            return None
        except LiaisonError as exc:
            self.error.setText(exc.message)
            return None
        self.refresh()
        return key

    def export_po(self) -> None:
        code = self.language if self.language != pv.catalogue.MASTER else self.new_language.code()
        if not code or self.key is None:
            self.error.setText("Choose the language to translate into.")
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export for translator",
            str(Path.home() / f"questionnaires-{code}.po"),
            "PO (*.po)",
        )
        if path:
            self.export_to(Path(path), code)

    def export_to(self, path: Path, code: str) -> int:
        try:
            count = translations.export_po(self.db, path, code, [self.key] if self.key else None)
        except LiaisonError as exc:
            self.error.setText(exc.message)
            return 0
        self.messages.info(self, "Exported", f"{count} questionnaire(s) in {path}.")
        return count

    def import_po(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Translated PO", str(Path.home()), "PO (*.po)")
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> bool:
        try:
            result = translations.import_po(self.db, path)
        except LiaisonError as exc:
            self.error.setText(exc.message)
            return False
        self.messages.info(
            self, "Imported", f"{languages.describe(result.language)}: professional translation."
        )
        self.refresh()
        return True
