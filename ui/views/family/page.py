"""One family: who they are, their languages, needs, consent, notes and the whole chronology."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from liaison.clock import to_local
from liaison.errors import LiaisonError, ValidationError
from liaison.i18n import languages
from liaison.models.enums import ConsentKind, ConsentStatus, NeedCategory, NeedStatus
from liaison.services import families as fam
from liaison.services import letters
from liaison.services.letters import language_rules
from liaison.validation import uk_date, year_label
from ui.bidi import english_frame, isolate
from ui.messages import Messages
from ui.models.tables import fill, table
from ui.vault import UsesVault, Vault
from ui.views.family.attendance_tab import AttendanceTab
from ui.views.family.person_editors import CHANNEL_LABELS, PROFICIENCY_LABELS


def iso(text: str) -> str:
    """Escape, and isolate the direction: an Arabic name must not reorder the English around it."""
    return isolate(escape(text))


def _lang(code: str | None) -> str:
    if not code:
        return "not recorded"
    lang = languages.get(code)
    return iso(lang.label if lang else code)


def _letters_line(c: fam.CaregiverDraft, d: fam.FamilyDraft) -> str:
    """'Letters in Urdu, from Ayaan's first language: assumed, confirm with the family.'"""
    known = language_rules.CaregiverLanguages(
        c.main_language, c.letter_language, tuple(s.code for s in c.languages if s.reads)
    )
    presumed = None if known.recorded else language_rules.presume(letters.pupil_languages(d.pupils))
    if presumed is None:
        return f"Letters in <b>{_lang(c.letter_language)}</b>.<br>"
    return (
        f"Letters in <b>{_lang(presumed.language)}</b>, {escape(presumed.reason)}: "
        "<i>assumed</i>, confirm with the family.<br>"
    )


def overview_html(detail: fam.FamilyDetail, today: dt.date) -> str:
    d = detail.draft
    parts = []
    address = ", ".join(
        escape(x) for x in (d.address_line1, d.address_line2, d.town, d.postcode) if x
    )
    if address:
        parts.append(f"<p dir='ltr'>{address}</p>")
    flags = []
    if d.new_arrival_date:
        flags.append(f"New arrival {uk_date(d.new_arrival_date)}")
    if d.next_check_in_on:
        flags.append(f"Next check-in {uk_date(d.next_check_in_on)}")
    if detail.archived_at:
        flags.append(
            f"Archived {uk_date(to_local(detail.archived_at).date())}"
            + (f": {escape(detail.archived_reason)}" if detail.archived_reason else "")
        )
    if flags:
        parts.append("<p dir='ltr'><b>" + " · ".join(flags) + "</b></p>")
    parts.append("<h3>Caregivers</h3>")
    for c in d.caregivers:
        latin = " ".join(x for x in (c.given_name_latin, c.family_name_latin) if x)
        name = f'<span style="font-size:12pt"><b>{iso(c.display_name)}</b></span>'
        parts.append(
            f"<p dir='ltr'>{name}"
            + (f" ({escape(latin)})" if latin else "")
            + (" · main contact" if c.is_main_contact else "")
            + "<br>"
        )
        reads = {
            True: "reads English",
            False: "does not read English",
            None: "reading English not known",
        }
        spoken = [s for s in c.languages if s.speaks]
        if c.main_language and all(s.code != c.main_language for s in spoken):
            spoken.insert(0, fam.LanguageSkill(c.main_language, True, False))
        read = [s for s in c.languages if s.reads]
        reads_line = "" if any(x.code == "ENG" for x in read) else f"; {reads[c.reads_english]}"
        parts.append(
            f"Speaks {', '.join(_lang(x.code) for x in spoken) or _lang(c.main_language)}; "
            f"reads {', '.join(_lang(x.code) for x in read) or 'not recorded'}{reads_line}.<br>"
            + _letters_line(c, d)
        )
        if c.interpreter_needed:
            extra = ", ".join(
                escape(x)
                for x in (
                    c.interpreter_dialect,
                    c.interpreter_gender and f"{c.interpreter_gender} interpreter",
                    c.interpreter_preference,
                )
                if x
            )
            parts.append(
                f"<b>Interpreter needed:</b> {_lang(c.interpreter_language)}"
                + (f" ({extra})" if extra else "")
                + "<br>"
            )
        channels = ", ".join(
            CHANNEL_LABELS[ch] for ch in CHANNEL_LABELS if ch.value in c.contact_channels
        )
        contact = ", ".join(escape(x) for x in (c.phone_mobile, c.phone_other, c.email) if x)
        if channels or contact:
            parts.append(f"Contact: {channels or 'any'}" + (f" · {contact}" if contact else ""))
        if c.best_times:
            parts.append(f" · best {escape(c.best_times)}")
        parts.append("</p>")
    parts.append("<h3>Pupils</h3><table dir='ltr' cellpadding='3'>")
    for p in d.pupils:
        prof = PROFICIENCY_LABELS.get(p.proficiency, "")
        parts.append(
            f"<tr><td><b>{iso(p.display_name)}</b></td>"
            f"<td>{escape(year_label(p.year_group))} {escape(p.class_name or '')}</td>"
            f"<td>born {uk_date(p.date_of_birth) or '-'}</td><td>{_lang(p.first_language)}</td>"
            f"<td>{escape(prof)}</td>"
            + (f"<td>left {uk_date(p.left_date)}</td>" if p.left_date else "")
            + "</tr>"
        )
    parts.append("</table>")
    open_needs = [n for n in detail.needs if n.status.is_open]
    if open_needs:
        parts.append("<h3>Open needs</h3><ul>")
        parts += [
            f"<li>{escape(n.category.label)}: {escape(n.detail or '')}</li>" for n in open_needs
        ]
        parts.append("</ul>")
    return "".join(parts)


class FamilyPage(UsesVault, QWidget):
    changed = Signal()

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        self.family_id: int | None = None
        self.detail: fam.FamilyDetail | None = None
        self._kept: dict[str, object] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        header = QHBoxLayout()
        self.title = QLabel("Choose a family")
        self.title.setAccessibleName("Family title")
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(self.title, 1)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(self.edit)
        self.archive_button = QPushButton("&Archive…")
        self.archive_button.clicked.connect(self.toggle_archive)
        header.addWidget(self.edit_button)
        header.addWidget(self.archive_button)
        layout.addLayout(header)
        self.tabs = QTabWidget()
        # Every tab in view at 1366x768 beside the families table: short names (the full name
        # is the tooltip), and elided rather than scrolled out of sight on a smaller screen.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.tabBar().setStyleSheet("QTabBar::tab { padding: 4px 5px; }")
        self.overview = QTextBrowser()
        self.overview.setAccessibleName("Family overview")
        self.tabs.addTab(self.overview, "Overview")
        self.tabs.addTab(self._needs_tab(), "Needs")
        self.tabs.setTabToolTip(1, "Needs and consent")
        self.tabs.addTab(self._notes_tab(), "Notes")
        self.chronology = table(["Date", "What", "Details"], "Chronology")
        self.tabs.addTab(self.chronology, "Chronology")
        layout.addWidget(self.tabs, 1)
        self.extra_tabs: list[QWidget] = []
        self.add_tab(AttendanceTab(vault, messages), "Attendance", "Attendance over time")
        self._enable(False)

    # -- tabs --------------------------------------------------------------------------------
    def _needs_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.needs = table(["Need", "Status", "Detail", "Since"], "Needs and barriers")
        layout.addWidget(self.needs)
        row = QHBoxLayout()
        self.need_category = QComboBox()
        self.need_category.setAccessibleName("New need")
        for category in NeedCategory:
            self.need_category.addItem(category.label, category)
        self.need_detail = QLineEdit()
        self.need_detail.setPlaceholderText("Detail (optional)")
        self.need_detail.setAccessibleName("New need detail")
        add = QPushButton("Add need")
        add.clicked.connect(self.add_need)
        row.addWidget(self.need_category)
        row.addWidget(self.need_detail, 1)
        row.addWidget(add)
        layout.addLayout(row)
        self.consents = table(["Consent", "Status", "Recorded", "Expires"], "Consent")
        layout.addWidget(self.consents)
        row = QHBoxLayout()
        self.consent_service = QLineEdit()
        self.consent_service.setPlaceholderText("Service to share with (blank: consent to store)")
        self.consent_service.setAccessibleName("Consent: service")
        self.consent_status = QComboBox()
        self.consent_status.setAccessibleName("Consent status")
        for status in ConsentStatus:
            self.consent_status.addItem(status.value.capitalize(), status)
        record = QPushButton("Record consent")
        record.clicked.connect(self.record_consent)
        row.addWidget(self.consent_service, 1)
        row.addWidget(self.consent_status)
        row.addWidget(record)
        layout.addLayout(row)
        return tab

    def _notes_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.notes = table(["Written", "By", "Note"], "Notes")
        layout.addWidget(self.notes, 2)
        self.note_text = QPlainTextEdit()
        self.note_text.setPlaceholderText("Write a note…")
        self.note_text.setAccessibleName("New note")
        layout.addWidget(self.note_text, 1)
        row = QHBoxLayout()
        self.note_confidential = QCheckBox("Confidential (left out of every export except a SAR)")
        save = QPushButton("Save note")
        save.clicked.connect(self.save_note)
        row.addWidget(self.note_confidential)
        row.addStretch()
        row.addWidget(save)
        layout.addLayout(row)
        return tab

    def add_tab(self, widget: QWidget, title: str, tooltip: str | None = None) -> None:
        """Later capabilities (meetings, bookings, letters) add their own tab, before the
        chronology, which stays last. A tab with a `changed` signal refreshes the page."""
        index = self.tabs.insertTab(self.tabs.count() - 1, widget, title)
        if tooltip:
            self.tabs.setTabToolTip(index, tooltip)
        self.extra_tabs.append(widget)
        changed = getattr(widget, "changed", None)
        if changed is not None:
            changed.connect(self.after_edit)

    # -- showing -----------------------------------------------------------------------------
    def _enable(self, on: bool) -> None:
        self.edit_button.setEnabled(on)
        self.archive_button.setEnabled(on)
        self.tabs.setEnabled(on)

    def typed(self) -> dict[str, object] | None:
        """What is typed on the page and not saved yet (a note, a need, a service)."""
        values = {
            "note": self.note_text.toPlainText(),
            "confidential": self.note_confidential.isChecked(),
            "need_detail": self.need_detail.text(),
            "consent_service": self.consent_service.text(),
        }
        if not any(values[k] for k in ("note", "need_detail", "consent_service")):
            return None
        return {"family_id": self.family_id, **values}

    def _restore_typed(self) -> None:
        kept, self._kept = self._kept, None
        if kept is None or kept["family_id"] != self.family_id:
            return
        self.note_text.setPlainText(str(kept["note"]))
        self.note_confidential.setChecked(bool(kept["confidential"]))
        self.need_detail.setText(str(kept["need_detail"]))
        self.consent_service.setText(str(kept["consent_service"]))

    def clear(self) -> None:
        # Called when locking: a half-written note is kept in memory, as a hidden dialog is,
        # and comes back when the same family is shown after unlocking.
        self._kept = self.typed()
        self.family_id = self.detail = None
        self.title.setText("Choose a family")
        self.overview.clear()
        for grid in (self.needs, self.consents, self.notes, self.chronology):
            grid.setRowCount(0)
        self.note_text.clear()
        self.note_confidential.setChecked(False)
        self.need_detail.clear()
        self.consent_service.clear()
        self._enable(False)
        # The capability tabs showed the family too: at Lock nothing of it may stay on screen
        # or in memory (a tab with `clear_family` clears itself; the rest are tables).
        for tab in self.extra_tabs:
            clear = getattr(tab, "clear_family", None)
            if clear is not None:
                clear()
            for grid in tab.findChildren(QTableWidget):
                grid.setRowCount(0)

    def may_leave(self) -> bool:
        """Ask before throwing away a half-written note."""
        if not self.note_text.toPlainText().strip():
            return True
        answer = self.messages.unsaved(self, "the note you are writing")
        if answer == "save":
            return self.save_note()
        if answer == "discard":
            self.note_text.clear()
            return True
        return False

    def show_family(self, family_id: int) -> None:
        self.family_id = family_id
        self.refresh()
        self._restore_typed()

    def refresh(self) -> None:
        if self.family_id is None:
            return
        detail = fam.get_family(self.db, self.family_id)
        self.detail = detail
        names = [c.display_name for c in detail.draft.caregivers]
        pupils = [p.display_name for p in detail.draft.pupils]
        self.title.setText(english_frame(f"{detail.reference}  {fam.family_title(names, pupils)}"))
        self.archive_button.setText("Un&archive" if detail.archived_at else "&Archive…")
        self.overview.setHtml(overview_html(detail, self.db.clock.today()))
        fill(
            self.needs,
            [
                (n.category.label, n.status.label, n.detail or "", uk_date(n.identified_on))
                for n in detail.needs
            ],
        )
        for row, need in enumerate(detail.needs):
            combo = QComboBox()
            combo.setAccessibleName(f"Status of {need.category.label}")
            for status in NeedStatus:
                combo.addItem(status.label, status)
            combo.setCurrentIndex(combo.findData(need.status))
            combo.currentIndexChanged.connect(
                lambda _=0, n=need.id, c=combo: self.set_need_status(n, c.currentData())
            )
            self.needs.setCellWidget(row, 1, combo)
        fill(
            self.consents,
            [
                (
                    "Store records" if c.kind == ConsentKind.STORE else f"Share with {c.service}",
                    c.status.value.capitalize(),
                    uk_date(c.recorded_on),
                    uk_date(c.expires_on) if c.expires_on else "",
                )
                for c in detail.consents
            ],
        )
        fill(
            self.notes,
            [
                (
                    f"{to_local(n.written_at):%d/%m/%Y %H:%M}",
                    n.author,
                    ("[confidential] " if n.confidential else "") + n.body,
                )
                for n in sorted(detail.notes, key=lambda n: n.written_at, reverse=True)
            ],
        )
        fill(
            self.chronology,
            [
                (f"{item.when:%d/%m/%Y %H:%M}", item.kind.replace("_", " "), item.summary)
                for item in sorted(detail.chronology, key=lambda i: i.when, reverse=True)
            ],
        )
        self._enable(True)
        for tab in self.extra_tabs:
            show = getattr(tab, "show_family", None)
            if show is not None:
                show(self.family_id)

    # -- actions -----------------------------------------------------------------------------
    def edit(self) -> None:
        if self.family_id is None:
            return
        from ui.views.family.form import FamilyDialog

        dialog = FamilyDialog(
            self.vault, fam.load_draft(self.db, self.family_id), self.messages, self
        )
        dialog.accepted.connect(self.after_edit)
        dialog.open()
        self.dialog = dialog

    def after_edit(self) -> None:
        self.refresh()
        self.changed.emit()

    def toggle_archive(self) -> None:
        if self.family_id is None or self.detail is None:
            return
        if self.detail.archived_at:
            fam.unarchive_family(self.db, self.family_id)
        else:
            reason = self.messages.text(
                self, "Archive family", "Why is this family being archived? (e.g. left the school)"
            )
            if reason is None:
                return
            fam.archive_family(self.db, self.family_id, reason or None)
        self.refresh()
        self.changed.emit()

    def _run(self, action, title: str) -> bool:
        try:
            action()
        except ValidationError as exc:
            self.messages.error(self, title, "\n".join(exc.errors.values()))
            return False
        except LiaisonError as exc:
            self.messages.error(self, title, exc.message)
            return False
        self.refresh()
        self.changed.emit()
        return True

    def add_need(self) -> None:
        assert self.family_id is not None
        family_id = self.family_id
        if self._run(
            lambda: fam.add_need(
                self.db, family_id, self.need_category.currentData(), detail=self.need_detail.text()
            ),
            "Could not add the need",
        ):
            self.need_detail.clear()

    def set_need_status(self, need_id: int, status: NeedStatus) -> None:
        self._run(
            lambda: fam.update_need(self.db, need_id, status=status),
            "Could not change the need",
        )

    def record_consent(self) -> None:
        assert self.family_id is not None
        family_id = self.family_id
        service = self.consent_service.text().strip()
        kind = ConsentKind.SHARE if service else ConsentKind.STORE
        if self._run(
            lambda: fam.record_consent(
                self.db, family_id, kind, self.consent_status.currentData(), service=service or None
            ),
            "Could not record consent",
        ):
            self.consent_service.clear()

    def save_note(self) -> bool:
        assert self.family_id is not None
        family_id = self.family_id
        body = self.note_text.toPlainText()
        ok = self._run(
            lambda: fam.add_note(
                self.db, family_id, body, confidential=self.note_confidential.isChecked()
            ),
            "Could not save the note",
        )
        if ok:
            self.note_text.clear()
            self.note_confidential.setChecked(False)
        return ok
