"""Which language a caregiver's letter goes in, among the versions a template has."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from liaison.i18n import languages
from liaison.services import families as fam
from liaison.services.letters.templates import (
    MASTER,
)

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class LanguageChoice:
    language: str  # DfE code the letter goes in
    advice: str  # what the officer should know ("" when all is well)
    paper_works: bool  # False: phone or meet with an interpreter instead


def choose_language(carer: fam.CaregiverDraft, available: set[str]) -> LanguageChoice:
    """The language this caregiver reads, among the template's variants."""
    reads = [s.code for s in carer.languages if s.reads]
    candidates = [carer.letter_language, *reads]
    main = languages.get(carer.main_language or "")
    if main is not None and not main.written:
        candidates += list(main.reads_instead)
    for code in candidates:
        if code and code in available:
            advice = ""
            if main is not None and not main.written:
                advice = (
                    f"{main.english} is rarely written: the letter is in "
                    f"{languages.describe(code)}. Consider a phone call or a meeting with an "
                    "interpreter as well."
                )
            return LanguageChoice(code, advice, True)
    if carer.reads_english is False and not reads:
        return LanguageChoice(
            MASTER,
            "This caregiver is not recorded as reading any language: phone them or meet with an "
            "interpreter rather than rely on a letter.",
            False,
        )
    wanted = carer.letter_language or carer.main_language
    if wanted and wanted not in available and wanted != MASTER:
        return LanguageChoice(
            MASTER,
            f"No {languages.describe(wanted)} version of this template yet: the letter will be in "
            "English. Add the language in Templates, or phone with an interpreter.",
            True,
        )
    return LanguageChoice(MASTER, "", True)
