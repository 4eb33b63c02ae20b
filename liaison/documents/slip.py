"""The tear-off reply slip: what it says, and where each part sits on the sheet.

The slip is drawn at fixed places, not laid out with the letter: it is always whole at the foot
of the letter's last page, and its QR code and answer boxes are at the same place relative to the
slip's corner on every letter, whatever the language or the letter's length, so a scan can be
read back (issue 22). The corner is the left end of the cut line at the text margin; x runs to
the right and y down, in millimetres. No Qt here: slip_paint.py draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A4 and the letters' margins (left, top, right, bottom), in millimetres.
PAGE_MM = (210.0, 297.0)
MARGINS_MM = (18.0, 15.0, 18.0, 15.0)
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM[0] - MARGINS_MM[2]
TEXT_HEIGHT_MM = PAGE_MM[1] - MARGINS_MM[1] - MARGINS_MM[3]

HEIGHT_MM = 72.0
# Space kept between the letter's last line and the cut line.
GAP_MM = 4.0

# Words printed on the slip: in the letter's home language and in English. The home words are
# empty when that language has no translation of them yet: English alone is printed then.
Words = tuple[str, str]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


_W = TEXT_WIDTH_MM
_TEXT_RIGHT = _W - 40  # text keeps clear of the QR code and the reference
CUT_TEXT = Rect(0, 0.8, _W, 5.4)
QR = Rect(_W - 30, 6.5, 30, 30)
REFERENCE = Rect(_W - 38, 37.5, 38, 7)
REFERENCE_LABEL = Rect(_W - 38, 44.5, 38, 4)
SUBJECT = Rect(0, 6.5, _TEXT_RIGHT, 8)
PUPIL = Rect(0, 14.5, _TEXT_RIGHT, 7.2)
TICK = Rect(0, 21.8, _TEXT_RIGHT, 5)
# Each answer: a square box to tick, and its words beside it (home language, then English).
ANSWER_BOXES = (Rect(1, 28.5, 6.5, 6.5), Rect(1, 40.1, 6.5, 6.5))
ANSWER_WORDS = (Rect(11, 27, _TEXT_RIGHT - 11, 11.5), Rect(11, 38.6, _TEXT_RIGHT - 11, 11.5))
RETURN_BY = Rect(0, 50.3, _TEXT_RIGHT, 10.5)
SIGNED_LABEL = Rect(0, 61, 46, 10)
SIGNED_LINE = Rect(48, 70.5, 70, 0)
DATE_LABEL = Rect(121, 61, 22, 10)
DATE_LINE = Rect(144, 70.5, _W - 144, 0)


def corner_on_page_mm() -> tuple[float, float]:
    """The slip's corner on the page, from the page's top-left corner, in millimetres."""
    return MARGINS_MM[0], MARGINS_MM[1] + TEXT_HEIGHT_MM - HEIGHT_MM


def corner_on_page_pt() -> tuple[float, float]:
    x, y = corner_on_page_mm()
    return x * 72 / 25.4, y * 72 / 25.4


@dataclass(frozen=True)
class ReplySlip:
    reference: str  # also the QR code's content
    direction: str  # the home language's: ltr | rtl
    subject: str  # the letter's subject in the home language
    pupil_name: str
    class_name: str
    answers: tuple[Words, ...]  # one box each, at most two
    cut: Words
    tick: Words
    return_by: Words  # ("", "") when there is no day to reply by
    signed: Words
    date: Words
    pupil_label: Words
    reference_label: Words

    def all_text(self) -> str:
        parts = [self.reference, self.subject, self.pupil_name, self.class_name]
        for words in (
            *self.answers,
            self.cut,
            self.tick,
            self.return_by,
            self.signed,
            self.date,
            self.pupil_label,
            self.reference_label,
        ):
            parts += list(words)
        return "\n".join(parts)


def slip_from_snapshot(data: dict[str, Any] | None) -> ReplySlip | None:
    """The slip as recorded with a printed letter (lists back into tuples)."""
    if not data:
        return None
    pairs = {k: tuple(v) for k, v in data.items() if isinstance(v, list) and k != "answers"}
    return ReplySlip(
        **{
            **data,
            **pairs,
            "answers": tuple(tuple(a) for a in data.get("answers", ())),
        }
    )
