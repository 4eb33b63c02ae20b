"""Languages as the officer says them ("Urdu", "Sylheti"), not as codes ("URD", "BNGS").

The codes stay where she chooses or filters by them (the language boxes show both)."""

from __future__ import annotations

from collections.abc import Iterable

from liaison.i18n import languages


def name(code: str | None) -> str:
    if not code:
        return ""
    lang = languages.get(code)
    if lang is not None:
        return lang.english
    return languages.describe(code)  # a reserved code's meaning, or the code itself


def names(codes: Iterable[str]) -> str:
    """'Urdu, Bengali', each language once, in the order given."""
    seen: list[str] = []
    for code in codes:
        text = name(code)
        if text and text not in seen:
            seen.append(text)
    return ", ".join(seen)
