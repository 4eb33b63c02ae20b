"""People's names in the order their script writes them.

Chinese, Japanese and Korean write the family name first, with no space: 李丽娟, not "丽娟 李".
Other scripts here put the given name first. The order follows the script the name is written
in, so a Chinese name recorded in Latin letters ("Lijuan Li") stays as the officer typed it.
"""

from __future__ import annotations

import re

# Han (with extensions and compatibility ideographs), kana and Hangul.
_CJK = re.compile(
    "^[\u2e80-\u2fdf\u3005\u3007\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\uf900-\ufaff\U00020000-\U0003134f·・]+$"
)


def family_name_first(given: str, family: str) -> bool:
    """True when both parts are written in Chinese, Japanese or Korean script."""
    return bool(given and family and _CJK.match(given) and _CJK.match(family))


def written(given: str | None, family: str | None) -> str:
    """The full name as its script writes it."""
    given, family = (given or "").strip(), (family or "").strip()
    if family_name_first(given, family):
        return f"{family}{given}"
    return f"{given} {family}".strip()


def latin(given_latin: str | None, family_latin: str | None) -> str | None:
    """The name in Latin letters when one is recorded (for English text), else None."""
    name = f"{(given_latin or '').strip()} {(family_latin or '').strip()}".strip()
    return name or None
