"""The reply slip's words, in the letter's language and in English, and the slip itself.

English words are in resources/letters/paper.json; each language's are under "paper" in
resources/letters/languages/CODE.json, filled in by translators. A word not translated yet is
printed in English alone, never left blank.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from liaison import paths
from liaison.documents.slip import ReplySlip, Words
from liaison.services.letters.templates import MASTER, _language_files

# What each letter asks, one box per answer (the words' keys in paper.json).
ANSWERS = {
    "trip_consent": ("slip_agree", "slip_disagree"),
    "meeting_invitation": ("slip_attend", "slip_not_attend"),
    "home_school_agreement": ("slip_received",),
}


@cache
def _english() -> dict[str, str]:
    raw = json.loads((paths.resources_dir() / "letters" / "paper.json").read_text("utf-8"))
    return dict(raw[MASTER])


def words(key: str, language: str, **values: Any) -> Words:
    """(home words or "", English words) for one paper.json key."""
    english = _english()[key].format(**values)
    home = ""
    if language != MASTER:
        text = (_language_files().get(language, {}).get("paper") or {}).get(key)
        if text:
            try:
                home = text.format(**values)
            except (KeyError, IndexError, ValueError):
                home = ""  # a translation with a broken placeholder: English alone
    return home, english


def build_slip(
    template_key: str,
    language: str,
    direction: str,
    *,
    reference: str,
    subject: str,
    pupil_name: str,
    class_name: str,
    deadline: tuple[str, str] | None,
) -> ReplySlip:
    """The slip for one letter. `deadline` is the reply-by day written for the home language
    and for English, or None when there is no day to reply by."""
    keys = ANSWERS.get(template_key, ANSWERS["trip_consent"])
    answers = tuple(words(key, language) for key in keys)
    return_by: Words = ("", "")
    if deadline is not None:
        home_day, english_day = deadline
        return_by = (
            words("slip_return_by", language, deadline=home_day)[0],
            words("slip_return_by", MASTER, deadline=english_day)[1],
        )
    return ReplySlip(
        reference=reference,
        direction=direction,
        subject=subject,
        pupil_name=pupil_name,
        class_name=class_name,
        answers=answers,
        cut=words("slip_cut", language),
        tick=words("tick_one", language) if len(answers) > 1 else ("", ""),
        return_by=return_by,
        signed=words("slip_signed", language),
        date=words("slip_date", language),
        pupil_label=words("slip_pupil", language),
        reference_label=words("slip_reference", language),
    )
