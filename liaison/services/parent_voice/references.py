"""Page references: "Q", five random characters and a check character (Luhn mod 30).

The alphabet is the reply slips' (no 0/O or 1/I/L: read aloud or typed back), and the "Q" says
at once that it is a questionnaire page and not a reply slip ("R..."). The check character
catches any one character mistyped and most neighbours swapped, so a typo is "mistyped", not
somebody else's page.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # the reply slips' alphabet
PREFIX = "Q"
LENGTH = 7
_N = len(ALPHABET)


def check_character(body: str) -> str:
    """Luhn mod N over `body` (every character in the alphabet)."""
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // _N + addend % _N
    return ALPHABET[(_N - total % _N) % _N]


def new_reference(taken: set[str]) -> str:
    """A reference not in `taken` (which it is added to)."""
    while True:
        body = PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 2))
        reference = body + check_character(body)
        if reference not in taken:
            taken.add(reference)
            return reference


def normalise(text: str) -> str:
    """What was typed or scanned, as a reference: capitals, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch not in " -_\t\r\n")


def well_formed(reference: str) -> bool:
    return (
        len(reference) == LENGTH
        and reference.startswith(PREFIX)
        and all(ch in ALPHABET for ch in reference)
        and check_character(reference[:-1]) == reference[-1]
    )
