"""How strong a passphrase must be: one rule for the command line and the window.

Why: whoever copies the database and its key file (a stolen laptop, a backup on a lost USB
stick) can guess passphrases offline, as fast as their hardware allows. Argon2id makes each
guess cost about half a second of this PC's time, but rented GPUs run thousands in parallel.
zxcvbn's score 2 means under 10^8 guesses ("Northbridge1": days); score 3 means under 10^10
and is the least we accept; a short sentence of ordinary words usually scores 4. The school's
name and the officer's name (and their words) are given to zxcvbn as the words an attacker
tries first, so "Northbridge Primary 2026" counts as weak at Northbridge Primary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from liaison.errors import ValidationError

MIN_LENGTH = 10
MIN_SCORE = 3
LABELS = ("Very weak", "Weak", "Fair", "Strong", "Very strong")
# zxcvbn slows down sharply on long input; past 100 characters a passphrase is long enough.
_ZXCVBN_CHARS = 100
WHY = (
    "it would be too easy to guess for someone with a copy of the database, who can try "
    "passphrases offline"
)


@dataclass(frozen=True)
class Strength:
    score: int  # zxcvbn's 0..4
    problems: list[str] = field(default_factory=list)  # why it is refused, first reason first
    advice: str = ""  # zxcvbn's own hint ("Add another word or two")

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        return LABELS[self.score]


def user_words(names: Iterable[str | None]) -> list[str]:
    """Each name whole, without its spaces, then word by word, lower-case. zxcvbn ranks the
    words in the order given: the whole names come first, as an attacker would try them."""
    whole: list[str] = []
    parts: list[str] = []
    for name in names:
        text = (name or "").strip().lower()
        if text:
            whole += [text, re.sub(r"\W+", "", text)]
            parts += [w for w in re.split(r"\W+", text) if len(w) >= 3]
    return list(dict.fromkeys(whole + parts))


def assess(passphrase: str, names: Iterable[str | None] = ()) -> Strength:
    problems: list[str] = []
    if len(passphrase) < MIN_LENGTH:
        problems.append(f"use at least {MIN_LENGTH} characters (a short sentence works)")
    if passphrase != passphrase.strip():
        problems.append("remove the spaces at the start or end")
    if not passphrase:
        return Strength(0, problems)
    # Here, not at the top: unlocking imports this module, and zxcvbn's word lists take a
    # while to load that only choosing a passphrase needs.
    from zxcvbn import zxcvbn

    result = zxcvbn(passphrase[:_ZXCVBN_CHARS], user_inputs=user_words(names))
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    advice = feedback.get("warning") or " ".join((feedback.get("suggestions") or [])[:1])
    if score < MIN_SCORE and not problems:
        problems.append(f"{WHY}; add words only you would put together")
    return Strength(score, problems, advice)


def require(passphrase: str, names: Iterable[str | None] = ()) -> None:
    """Refuse a passphrase that breaks the rule, saying why."""
    strength = assess(passphrase, names)
    if not strength.ok:
        detail = strength.problems[0]
        if strength.advice and strength.score < MIN_SCORE:
            detail += f" ({strength.advice.rstrip('.')})"
        raise ValidationError({"passphrase": detail})
