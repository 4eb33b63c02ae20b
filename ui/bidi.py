"""Keeping names in right-to-left scripts in their place inside English lines.

"نور العلي and محمد العلي" is laid out as one right-to-left paragraph, so an English reader sees
the second caregiver first; "A, B and 3 more" swaps A and B even in a left-to-right line, because
the comma between two Arabic names takes their direction. Wrapping each right-to-left run in a
Unicode isolate keeps the runs in the order they were written while each still reads right to left.
"""

from __future__ import annotations

import re

RLI, FSI, PDI = "\u2067", "\u2068", "\u2069"

# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, Arabic Extended and the presentation
# forms: the scripts whose letters are strong right-to-left.
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
# Letters and the marks, joiners and spaces between them; not punctuation, which belongs to the
# English line around the name.
_RUN = re.compile(f"[{_RTL}]+(?:[ \u200c\u200d]+[{_RTL}]+)*")


def english_frame(text: str) -> str:
    """Text composed in English around names: each right-to-left run isolated."""
    return _RUN.sub(lambda m: f"{RLI}{m.group(0)}{PDI}", text)


def isolate(text: str) -> str:
    """Free text of unknown direction inside an English line (a note snippet, say)."""
    return f"{FSI}{text}{PDI}"
