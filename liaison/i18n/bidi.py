"""Keeping text of one direction in its place inside a line of the other, on paper.

A class label "محمد الحسن · 3A" printed as "3 · محمد الحسن A": the Unicode bidi algorithm turns
the digit after Arabic letters into an Arabic number and carries it, and the " · " before it,
into the right-to-left run, leaving the "A" behind. Wrapping each piece of inserted text in an
isolate (FSI ... PDI) makes the algorithm treat it as one neutral unit: inside, it reads in its
own direction; outside, the line keeps its order. Qt's text layout honours isolates, so the PDFs
(laid out by Qt) print "3A · محمد الحسن" as composed. The window has its own copy for screen
lines (ui/bidi.py).
"""

from __future__ import annotations

import re
import unicodedata

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, Arabic Extended and the presentation
# forms: the scripts whose letters are strong right-to-left.
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RUN = re.compile(f"[{_RTL}]+(?:[ \u200c\u200d]+[{_RTL}]+)*")


def _strong(text: str) -> set[str]:
    """The strong directions present: "ltr", "rtl" or both."""
    found = set()
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            found.add("ltr")
        elif kind in ("R", "AL"):
            found.add("rtl")
        if len(found) == 2:
            break
    return found


def has_rtl(text: str) -> bool:
    return "rtl" in _strong(text)


def isolate(text: str) -> str:
    """Text of unknown direction inserted into a line: one unit, read in its own direction."""
    return f"{FSI}{text}{PDI}" if text else text


def for_line(text: str, direction: str) -> str:
    """Isolate `text` only where it could disturb a line running `direction` (ltr or rtl): it
    holds a letter of the other direction. Plain text stays plain, for copying and search."""
    other = "rtl" if direction == "ltr" else "ltr"
    return isolate(text) if other in _strong(text) else text


def english_frame(text: str) -> str:
    """A left-to-right line composed around names: each right-to-left run isolated."""
    return _RUN.sub(lambda m: f"{RLI}{m.group(0)}{PDI}", text)


def plain(text: str) -> str:
    """The text without bidi controls (for comparing what a reader copies)."""
    return "".join(ch for ch in text if ch not in CONTROLS)
