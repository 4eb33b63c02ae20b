"""Folding names for matching: the spellings people type interchangeably count as one."""

from __future__ import annotations

import re
import unicodedata

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ك": "ک", "ł": "l", "Ł": "L"}
)


def normalise(value: str) -> str:
    """Fold the spellings people type interchangeably: Arabic hamza and vowel marks, Polish ł."""
    value = unicodedata.normalize("NFKC", value)
    value = _ARABIC_MARKS.sub("", value)
    return value.translate(_FOLD).casefold()
