"""Which language a caregiver's letter goes in, among the versions a template has: the rules in
language_rules.py, fed from a family draft."""

from __future__ import annotations

from liaison.services import families as fam
from liaison.services.letters import language_rules
from liaison.services.letters.language_rules import LanguageChoice

__all__ = ["LanguageChoice", "caregiver_languages", "choose_language", "pupil_languages"]


def choose_language(
    carer: fam.CaregiverDraft,
    available: set[str],
    pupils: list[fam.PupilDraft] | None = None,
) -> LanguageChoice:
    """The version this caregiver reads, among the template's variants; when nothing is
    recorded about the caregiver, the one the pupils' first languages point to (assumed)."""
    return language_rules.choose(
        caregiver_languages(carer), pupil_languages(pupils or []), available
    )


def caregiver_languages(carer: fam.CaregiverDraft) -> language_rules.CaregiverLanguages:
    return language_rules.CaregiverLanguages(
        carer.main_language,
        carer.letter_language,
        tuple(s.code for s in carer.languages if s.reads),
        carer.reads_english,
    )


def pupil_languages(pupils: list[fam.PupilDraft]) -> list[language_rules.PupilLanguage]:
    return [
        language_rules.PupilLanguage(p.display_name, p.first_language, p.date_of_birth)
        for p in pupils
        if p.left_date is None
    ]
