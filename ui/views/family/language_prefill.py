"""A caregiver's main language fills in "Letters in" and "Interpreter language" (issue 18), so
they are not left blank by accident: letters in the language she reads (Sylheti speakers get
Bengali), an interpreter in the language she speaks. A box the officer has set herself is
never changed."""

from __future__ import annotations

from typing import Any, Protocol

from liaison.i18n import languages
from ui.views.widgets import LanguageCombo


class HasLanguages(Protocol):
    """The caregiver editor's three language boxes (it imports this module, not the reverse)."""

    main_language: LanguageCombo
    letter_language: LanguageCombo
    interpreter_language: LanguageCombo

    def load(self, draft: Any) -> None: ...


class LanguagePrefill:
    @classmethod
    def after_loading(cls, editor: HasLanguages, draft: object) -> LanguagePrefill:
        """Load the caregiver first, then start filling in: a saved record is left as it is."""
        editor.load(draft)
        return cls(editor)

    def __init__(self, editor: HasLanguages) -> None:
        self.editor = editor
        # What this class last put in each box: a box still holding it may follow again.
        self.filled: dict[str, str | None] = {"letter": None, "interpreter": None}
        editor.main_language.currentIndexChanged.connect(lambda _: self.main_changed())
        editor.main_language.editTextChanged.connect(lambda _: self.main_changed())

    def main_changed(self) -> None:
        main = self.editor.main_language.code()
        if not main or languages.get(main) is None:
            return
        written = languages.written_language_for(main).dfe
        self._fill("letter", self.editor.letter_language, written)
        self._fill("interpreter", self.editor.interpreter_language, main)

    def _fill(self, which: str, combo: LanguageCombo, code: str) -> None:
        current = combo.code()
        if current is not None and current != self.filled[which]:
            return  # chosen by the officer (or loaded from the record): leave it
        combo.set_code(code)
        self.filled[which] = code
