"""Which written version of a letter someone reads: one resolver for the app, the CLI and
book-bag runs, from language families rather than code equality.

A DfE sub-code falls back to the written language its speakers read (Iraqi Arabic to Arabic,
Brazilian Portuguese to Portuguese); Panjabi goes to Gurmukhi unless Shahmukhi is recorded;
Cantonese and Mandarin reach the Chinese version, saying which characters it is printed in;
Farsi (Persian) and Dari reach each other's version only with advice, since they are close but
not the same; rarely written languages go to what their speakers read. Every step that is not
the very language asked for comes with the sentence the officer should see.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from liaison.i18n import languages

MASTER = "ENG"


@dataclass(frozen=True)
class Resolved:
    code: str  # the variant to print (DfE or Liaison code), MASTER when none fits
    asked: str  # the code the choice started from, as the catalogue spells it
    advice: str  # "" when the version is exactly the language asked for
    exact: bool


def _name(code: str) -> str:
    lang = languages.get(code)
    return lang.english if lang else code


_SIMPLIFIED = "printed in simplified characters (as in mainland China)"
_TRADITIONAL = "printed in traditional characters (as in Hong Kong and Taiwan)"
_FARSI_DARI = (
    "Farsi and Dari are close and share a script, but words and spellings differ: check that "
    "the family is happy to read it, or add the missing version in Templates."
)

# Explicit steps for the families where the main-code rule is not enough or needs advice:
# code -> ((candidate, advice), ...). "{name}" is the language asked for.
_STEPS: dict[str, tuple[tuple[str, str], ...]] = {
    "PNJ": (
        (
            "PNJG",
            "Panjabi letters are printed in Gurmukhi script. If the family reads Shahmukhi "
            "(the Urdu-style script used in Pakistan), record Panjabi (Shahmukhi) as the letter "
            "language.",
        ),
        ("PNJS", "Printed in Shahmukhi (Perso-Arabic script): there is no Gurmukhi version."),
    ),
    "PNJG": (("PNJ", ""),),
    "PNJS": (
        (
            "URD",
            "No Panjabi (Shahmukhi) version: the letter is in Urdu, which most "
            "Shahmukhi readers also read. Check with the family.",
        ),
    ),
    "CHI": (("CHIT", "No simplified Chinese version: " + _TRADITIONAL + "."),),
    "CHIM": (
        ("CHI", "Written Chinese for a Mandarin speaker: " + _SIMPLIFIED + "."),
        ("CHIT", "Written Chinese for a Mandarin speaker: " + _TRADITIONAL + "."),
    ),
    "CHIC": (
        ("CHIT", "Written Chinese for a Cantonese speaker: " + _TRADITIONAL + "."),
        (
            "CHI",
            "Written Chinese for a Cantonese speaker: " + _SIMPLIFIED + "; many Hong Kong "
            "readers prefer traditional characters, so check with the family.",
        ),
    ),
    "CHIT": (("CHI", "No traditional Chinese version: " + _SIMPLIFIED + "."),),
    "PRS": (("PRSD", "No Farsi version: this is the Dari version. " + _FARSI_DARI),),
    "PRSA": (("PRS", ""), ("PRSD", "No Farsi version: this is the Dari version. " + _FARSI_DARI)),
    "PRSD": (
        ("PRS", "No Dari version: this is the Farsi (Iranian Persian) version. " + _FARSI_DARI),
    ),
    "AKA": (("AKAT", "Akan letters are printed in Twi (Asante): check the family reads it."),),
    "AKAF": (
        (
            "AKAT",
            "No Fante version: the letter is in Twi (Asante), which many Fante "
            "speakers read. Check with the family.",
        ),
    ),
    "KUR": (),  # Sorani and Kurmanji are written in different scripts: never guessed
    "KURA": (),
}
_NO_GUESS = {
    "KUR": "Kurdish: ask whether the family reads Sorani (Arabic script) or Kurmanji (Latin "
    "script) and record that as the letter language.",
    "KURA": "Kurdish: ask whether the family reads Sorani (Arabic script) or Kurmanji (Latin "
    "script) and record that as the letter language.",
}


def candidates(code: str) -> list[tuple[str, str]]:
    """The versions that can serve someone recorded as `code`, best first, with advice."""
    return list(_candidates(code))


@cache
def _candidates(code: str) -> tuple[tuple[str, str], ...]:
    # Asked twice for every letter of a run; the answer depends on the code alone.
    lang = languages.get(code)
    if lang is None:
        return ()
    asked = lang.dfe
    out: list[tuple[str, str]] = []
    if lang.written:
        out.append((asked, ""))
    out += list(_STEPS.get(asked, ()))
    if asked in _STEPS and not _STEPS[asked]:
        return out
    main = languages.get(asked[:3]) if len(asked) == 4 else None
    if main is not None and main.dfe != asked and lang.written and main.script == lang.script:
        advice = "" if asked.startswith("ARA") else f"Printed in {main.english}."
        if asked.startswith("ARA"):
            advice = f"{lang.english} speakers read Modern Standard Arabic: the letter is in it."
        out.append((main.dfe, advice))
        out += [(c, a) for c, a in _STEPS.get(main.dfe, ()) if c != asked]
    for other in lang.reads_instead:
        if not lang.written:
            advice = (
                f"{lang.english} is rarely written: the letter is in {_name(other)}. Consider a "
                "phone call or a meeting with an interpreter as well."
            )
        else:
            advice = (
                f"No {lang.english} version: the letter is in {_name(other)}, which many "
                f"{lang.english} speakers read. Check with the family."
            )
        out += [(c, f"{advice} {a}".strip()) for c, a in candidates(other)]
    seen: set[str] = set()
    return tuple((c, a) for c, a in out if not (c in seen or seen.add(c)))


def resolve(code: str | None, available: Collection[str]) -> Resolved | None:
    """The version to print for someone recorded as `code`, among the template's `available`
    versions; None when the code is unknown or no version fits (the caller says so)."""
    if not code:
        return None
    lang = languages.get(code)
    if lang is None:
        return None
    for candidate, advice in _candidates(lang.dfe):
        if candidate in available:
            return Resolved(candidate, lang.dfe, advice, candidate == lang.dfe)
    return None


def no_version_advice(code: str) -> str:
    """What to tell the officer when no version fits `code`."""
    lang = languages.get(code)
    if lang is not None and lang.dfe in _NO_GUESS:
        return _NO_GUESS[lang.dfe] + " Until then the letter is in English."
    return (
        f"No {languages.describe(code)} version of this template yet: the letter will be in "
        "English. Add the language in Templates, or phone with an interpreter."
    )
