"""Recovery codes: 40 characters from Crockford's base32 alphabet, printed as 8 groups of 5.

40 symbols of 5 bits give 200 bits of randomness, far beyond guessing, so the recovery slot is
derived with HKDF rather than a slow password hash. Reading is forgiving: case, spaces and
hyphens are ignored and the look-alikes O, I and L read as 0, 1 and 1.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 8
GROUP_LEN = 5
CODE_LEN = GROUPS * GROUP_LEN
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LEN))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP_LEN] for i in range(0, CODE_LEN, GROUP_LEN))


def normalise(text: str) -> str | None:
    """The canonical 40 characters, or None if `text` cannot be a recovery code."""
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    cleaned = cleaned.translate(_LOOKALIKES)
    if len(cleaned) != CODE_LEN or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned
