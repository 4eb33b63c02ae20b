"""The language a family's letter goes in, from plain data: what the caregiver reads (typed by
the officer) or, when nothing is recorded for the caregiver, what the pupils' first languages
point to, marked *assumed* until the officer confirms it.

Assumptions are computed when needed, never stored: a caregiver with no language recorded gets
the language of the pupils as they are now (a first language the MIS corrects moves the
assumption with it), and nothing the officer typed can be overwritten by one. Confirming is the
officer's act: it records the letter language on the caregiver (`assumed.confirm`).

Callers give plain values (the book-bag planner loads families in bulk), never ORM objects.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from liaison.i18n import languages
from liaison.i18n.resolve import MASTER, no_version_advice, resolve

# First-language codes that say nothing about what the family reads.
_NOT_A_LANGUAGE = {"ENG", "ENB", "OTB", "NOT", "REF", "OTH", "ZZZ"}


@dataclass(frozen=True)
class PupilLanguage:
    name: str
    first_language: str | None
    date_of_birth: dt.date | None = None


@dataclass(frozen=True)
class CaregiverLanguages:
    main_language: str | None = None
    letter_language: str | None = None
    reads: tuple[str, ...] = ()  # languages the caregiver is recorded as reading
    reads_english: bool | None = None

    @property
    def recorded(self) -> bool:
        return bool(self.main_language or self.letter_language or self.reads)


@dataclass(frozen=True)
class Presumption:
    language: str  # the pupils' first language (DfE code, catalogue spelling)
    pupils: tuple[str, ...]  # whose first language it is
    total: int  # pupils with a first language other than English

    @property
    def reason(self) -> str:
        """'from Ayaan's first language', 'from the first language of 2 of their 3 pupils'."""
        if len(self.pupils) == 1:
            return f"from {self.pupils[0]}'s first language"
        if len(self.pupils) == self.total:
            return "from " + " and ".join(self.pupils) + "'s first language"
        return f"from the first language of {len(self.pupils)} of their {self.total} pupils"


def presume(pupils: Sequence[PupilLanguage]) -> Presumption | None:
    """The language most of the pupils share (other than English); on a tie, the youngest's."""
    known = []
    for pupil in pupils:
        lang = languages.get(pupil.first_language) if pupil.first_language else None
        if lang is not None and lang.dfe not in _NOT_A_LANGUAGE:
            known.append((pupil, lang.dfe))
    if not known:
        return None
    counts = Counter(code for _, code in known)
    best = max(counts.values())
    # Youngest first: a later date of birth is younger; no date counts as oldest.
    youngest_first = sorted(known, key=lambda k: k[0].date_of_birth or dt.date.min, reverse=True)
    code = next(c for _, c in youngest_first if counts[c] == best)
    names = tuple(p.name.split()[0] if p.name else "a pupil" for p, c in known if c == code)
    return Presumption(code, names, len(known))


@dataclass(frozen=True)
class LanguageChoice:
    language: str  # the version the letter goes in (MASTER: English)
    advice: str  # what the officer should know ("" when all is well)
    paper_works: bool  # False: phone or meet with an interpreter instead
    wanted: str | None = None  # the language the choice started from
    assumed: str = ""  # "from Ayaan's first language" when presumed from the pupils

    @property
    def fallback(self) -> bool:
        """English only because there is no version in the language wanted."""
        return self.language == MASTER and self.wanted not in (None, MASTER)


def choose(
    carer: CaregiverLanguages,
    pupils: Sequence[PupilLanguage],
    available: Collection[str],
) -> LanguageChoice:
    """The version of a template this caregiver reads; from the pupils when nothing is known."""
    if not carer.recorded:
        presumed = presume(pupils)
        if presumed is not None:
            return _presumed_choice(presumed, available)
    for code in (carer.letter_language, *carer.reads, carer.main_language):
        found = resolve(code, available) if code else None
        if found is not None:
            return LanguageChoice(
                found.code,
                _unwritten(carer.main_language, found.code, found.advice),
                True,
                found.asked,
            )
    if carer.reads_english is False and not carer.reads:
        return LanguageChoice(
            MASTER,
            "This caregiver is not recorded as reading any language: phone them or meet with an "
            "interpreter rather than rely on a letter.",
            False,
            carer.main_language,
        )
    wanted = carer.letter_language or carer.main_language
    if wanted and languages.get(wanted) is not None and languages.get(wanted).dfe != MASTER:
        return LanguageChoice(MASTER, no_version_advice(wanted), True, wanted)
    return LanguageChoice(MASTER, "", True, wanted)


def _unwritten(main: str | None, chosen: str, advice: str) -> str:
    """Speakers of a rarely written language: say so, whatever version they read."""
    lang = languages.get(main) if main else None
    if lang is None or lang.written or advice:
        return advice
    return (
        f"{lang.english} is rarely written: the letter is in {languages.describe(chosen)}. "
        "Consider a phone call or a meeting with an interpreter as well."
    )


def _presumed_choice(presumed: Presumption, available: Collection[str]) -> LanguageChoice:
    name = languages.describe(presumed.language)
    found = resolve(presumed.language, available)
    if found is None:
        advice = (
            f"Nothing is recorded about what this caregiver reads; the pupils point to {name} "
            f"({presumed.reason}). " + no_version_advice(presumed.language)
        )
        return LanguageChoice(MASTER, advice, True, presumed.language, presumed.reason)
    lang = languages.require(found.code)
    advice = (
        f"Letters in {lang.english}, {presumed.reason}: assumed, confirm with the family. "
        + found.advice
    ).strip()
    return LanguageChoice(found.code, advice, True, presumed.language, presumed.reason)
