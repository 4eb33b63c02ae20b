"""Parent voice: questionnaires home on paper and back, the results, and "you said, we did"."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from liaison.services.changes import Area
from ui.messages import Messages
from ui.vault import UsesVault, Vault
from ui.views.parent_voice.entry_tab import EntryTab
from ui.views.parent_voice.questionnaires_tab import QuestionnairesTab
from ui.views.parent_voice.results_tab import ResultsTab
from ui.views.parent_voice.send_tab import SendTab
from ui.views.parent_voice.you_said_tab import YouSaidTab


class ParentVoiceView(UsesVault, QWidget):
    """Tabs in the order of the work: send, enter answers, results, you said we did; and the
    questionnaires themselves with their translations."""

    # What this screen shows (the workspace refreshes it when a write changes these): answers
    # and sendings, the families and classes chosen from, and you-said letter batches.
    watches = frozenset({Area.PARENT_VOICE, Area.FAMILIES, Area.LETTERS})

    def __init__(self, vault: Vault, messages: Messages) -> None:
        super().__init__()
        self.vault, self.messages = vault, messages
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.send = SendTab(vault, messages)
        self.entry = EntryTab(vault, messages)
        self.results = ResultsTab(vault, messages)
        self.you_said = YouSaidTab(vault, messages)
        self.questionnaires = QuestionnairesTab(vault, messages)
        for tab, name in (
            (self.send, "&Send"),
            (self.entry, "&Enter answers"),
            (self.results, "&Results"),
            (self.you_said, "&You said, we did"),
            (self.questionnaires, "&Questionnaires and translations"),
        ):
            self.tabs.addTab(tab, name)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(lambda _: self._refresh_current())
        self.send.sent.connect(self._sent)

    def _sent(self, run_id: int) -> None:
        self.entry.refresh()
        self.entry.choose_run(run_id)

    def _refresh_current(self) -> None:
        if self.vault.is_open:
            self.tabs.currentWidget().refresh()

    def refresh(self) -> None:
        if not self.vault.is_open:
            return
        self._refresh_current()

    def clear(self) -> None:
        for tab in (self.send, self.entry, self.results, self.you_said, self.questionnaires):
            tab.clear()
