"""Where things are on a printed page that comes back, as the scan reader needs it: the QR
code's symbol, any alignment marks and each answer box, in millimetres from the page's top-left
corner with y running down.

Nothing new is stored for this: a reply slip is drawn at fixed places (liaison.documents.slip),
and a questionnaire page's geometry was recorded when it was printed (questionnaire_layout, in
points). `slip_page` and `questionnaire_page` turn those into a `PageGeometry`. No Qt, no
database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

A4_MM = (210.0, 297.0)
PT = 25.4 / 72  # millimetres in a point


@dataclass(frozen=True)
class Rect:
    """A rectangle in millimetres from the page's top-left corner, y running down."""

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

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2

    def corners(self) -> tuple[tuple[float, float], ...]:
        """Top-left, top-right, bottom-right, bottom-left (the order QR decoders use)."""
        return (
            (self.x, self.y),
            (self.right, self.y),
            (self.right, self.bottom),
            (self.x, self.bottom),
        )


@dataclass(frozen=True)
class Box:
    """One answer box: ticking it answers `question` with `answer`."""

    question: str
    answer: str
    rect: Rect


@dataclass(frozen=True)
class PageGeometry:
    reference: str
    kind: str  # reply_slip | questionnaire
    qr: Rect  # the QR symbol, quiet zone excluded
    boxes: tuple[Box, ...]
    marks: tuple[Rect, ...] = ()
    page_mm: tuple[float, float] = A4_MM
    # Questions that allow several answers (tick all that apply); the others allow one.
    multiple: frozenset[str] = field(default_factory=frozenset)
    # Boxes to write words in: only looked at for whether something is written there.
    writing: tuple[Box, ...] = ()

    def questions(self) -> list[str]:
        """Question keys in the order their first box appears."""
        return list(dict.fromkeys(box.question for box in self.boxes))

    def boxes_for(self, question: str) -> tuple[Box, ...]:
        return tuple(box for box in self.boxes if box.question == question)


def qr_symbol(image: Rect, modules: int, border: int) -> Rect:
    """The symbol inside a QR image of `modules` modules with a quiet zone of `border` modules
    on each side."""
    unit_x = image.width / (modules + 2 * border)
    unit_y = image.height / (modules + 2 * border)
    return Rect(
        image.x + border * unit_x,
        image.y + border * unit_y,
        modules * unit_x,
        modules * unit_y,
    )


def slip_page(reference: str, answers: tuple[str, ...]) -> PageGeometry:
    """A letter's last page with its reply slip: the QR code and one box per answer, at the
    places slip.py fixes for every letter ("yes" is the first box, "no" the second)."""
    import segno

    from liaison.documents import slip

    cx, cy = slip.corner_on_page_mm()
    image = Rect(cx + slip.QR.x, cy + slip.QR.y, slip.QR.width, slip.QR.height)
    # slip_paint draws segno's matrix with a four-module quiet zone.
    modules = len(segno.make(reference, error="m", micro=False).matrix)
    boxes = tuple(
        Box("reply", answer, Rect(cx + r.x, cy + r.y, r.width, r.height))
        for answer, r in zip(answers, slip.ANSWER_BOXES, strict=False)
    )
    return PageGeometry(reference, "reply_slip", qr_symbol(image, modules, 4), boxes)


def questionnaire_page(
    reference: str, recorded: dict[str, Any], multiple: frozenset[str] = frozenset()
) -> PageGeometry:
    """A questionnaire page from the geometry recorded when it was printed (form_layout: points
    from the top-left, a version 1 QR code with a two-module quiet zone, solid corner marks).
    Boxes to write words in are kept apart: the reader only says whether words are there, for
    the officer to type in."""

    def mm(values: list[float]) -> Rect:
        x, y, w, h = (float(v) * PT for v in values)
        return Rect(x, y, w, h)

    every = [
        (b.get("kind", "tick"), Box(str(b["question"]), str(b["option"]), mm(b["rect"])))
        for b in recorded.get("boxes", [])
    ]
    boxes = tuple(box for kind, box in every if kind == "tick")
    size = recorded.get("size") or [A4_MM[0] / PT, A4_MM[1] / PT]
    return PageGeometry(
        reference,
        "questionnaire",
        qr_symbol(mm(recorded["qr"]), 21, 2),
        boxes,
        tuple(mm(m) for m in recorded.get("marks", [])),
        (float(size[0]) * PT, float(size[1]) * PT),
        multiple,
        tuple(box for kind, box in every if kind == "write"),
    )
