"""Where things are on a printed page that is meant to come back: the contract between the
layouts that print reply slips and questionnaires and the reader of the copier's scans.

A printed page is known by its reference (the text of its QR code). Its geometry says, in
millimetres from the page's top-left corner with y running down:
- the page's size;
- the QR code's symbol: the square of its modules, without the quiet zone around it (that is
  what a QR decoder reports corners for);
- alignment marks, if the layout draws any: small solid squares, easy to find and unobtrusive;
- each answer box: the question it belongs to, the answer it stands for, and its rectangle.

The reader finds the QR code, which gives the reference, the orientation and the scale; the
marks (and each box's own printed outline) make the positions exact. Nothing here knows Qt or
the database: layouts fill a `PageGeometry`, the letters service stores `to_json()` per printed
page, and the scan reader gets it back with `from_json()`.

Layouts that draw with QPainter call `liaison.documents.paper_marks.draw_marks`; layouts that
flow HTML place `mark_html()` where a mark should go and have its position measured
(`liaison.documents.paper_probe`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from liaison.errors import ValidationError

VERSION = 1
A4_MM = (210.0, 297.0)
# Solid squares this big are found at 150 dpi (24 pixels a side) and barely seen by a reader.
MARK_MM = 4.0
# Marks sit this far in from the corners of the area they frame: inside a printer's margin.
MARK_INSET_MM = 7.0
KINDS = ("reply_slip", "questionnaire")


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

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.width, self.height)

    def to_list(self) -> list[float]:
        return [round(v, 3) for v in (self.x, self.y, self.width, self.height)]

    @classmethod
    def from_list(cls, values: Any) -> Rect:
        if not isinstance(values, list | tuple) or len(values) != 4:
            raise ValidationError({"geometry": f"a rectangle is four numbers, not {values!r}"})
        x, y, w, h = (float(v) for v in values)
        if w <= 0 or h <= 0:
            raise ValidationError({"geometry": f"a rectangle needs a size: {values!r}"})
        return cls(x, y, w, h)


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
    # Which answers a question allows: one (yes/no, a scale) or several (tick all that apply).
    multiple: frozenset[str] = field(default_factory=frozenset)

    def questions(self) -> list[str]:
        """Question keys in the order their first box appears."""
        return list(dict.fromkeys(box.question for box in self.boxes))

    def boxes_for(self, question: str) -> tuple[Box, ...]:
        return tuple(box for box in self.boxes if box.question == question)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "reference": self.reference,
            "kind": self.kind,
            "page_mm": [self.page_mm[0], self.page_mm[1]],
            "qr": self.qr.to_list(),
            "marks": [m.to_list() for m in self.marks],
            "boxes": [[b.question, b.answer, b.rect.to_list()] for b in self.boxes],
            "multiple": sorted(self.multiple),
        }

    @classmethod
    def from_json(cls, data: Any) -> PageGeometry:
        """Back from what `to_json` gave; anything else is refused with a clear message."""
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValidationError({"geometry": "this page's geometry is not one Liaison knows"})
        try:
            kind = str(data["kind"])
            if kind not in KINDS:
                raise ValidationError({"geometry": f"unknown kind of page {kind!r}"})
            width, height = (float(v) for v in data["page_mm"])
            boxes = tuple(
                Box(str(q), str(a), Rect.from_list(r)) for q, a, r in data.get("boxes", [])
            )
            return cls(
                reference=str(data["reference"]),
                kind=kind,
                qr=Rect.from_list(data["qr"]),
                boxes=boxes,
                marks=tuple(Rect.from_list(m) for m in data.get("marks", [])),
                page_mm=(width, height),
                multiple=frozenset(str(q) for q in data.get("multiple", [])),
            )
        except (KeyError, TypeError, ValueError) as exc:
            damaged = f"this page's geometry is damaged ({exc})"
            raise ValidationError({"geometry": damaged}) from None


def corner_marks(
    area: Rect, size: float = MARK_MM, inset: float = MARK_INSET_MM
) -> tuple[Rect, ...]:
    """Four marks `inset` in from the corners of `area` (a page, or a slip across it), in the
    order top-left, top-right, bottom-right, bottom-left. The four are not symmetric in use:
    the QR code says which way up the page is, so the marks need no orientation of their own."""
    left, top = area.x + inset, area.y + inset
    right, bottom = area.right - inset - size, area.bottom - inset - size
    return (
        Rect(left, top, size, size),
        Rect(right, top, size, size),
        Rect(right, bottom, size, size),
        Rect(left, bottom, size, size),
    )


def page_marks(page_mm: tuple[float, float] = A4_MM) -> tuple[Rect, ...]:
    """Marks near the four corners of a whole page (questionnaires)."""
    return corner_marks(Rect(0, 0, page_mm[0], page_mm[1]))


MARK_URL = "liaison-mark.png"


def mark_html(size_mm: float = MARK_MM, px_per_mm: float = 300 / 25.4) -> str:
    """A mark in a flowing HTML layout: a solid square image. Its place is only known once Qt
    has laid the page out, so the layout measures it (liaison.documents.paper_probe finds every
    image named MARK_URL) rather than assume it."""
    side = round(size_mm * px_per_mm)
    return f'<img src="{MARK_URL}" width="{side}" height="{side}">'


def qr_symbol(image: Rect, modules: int, border: int) -> Rect:
    """The symbol inside a QR image of `modules` modules with a quiet zone of `border` modules
    on each side (segno's `border`)."""
    unit_x = image.width / (modules + 2 * border)
    unit_y = image.height / (modules + 2 * border)
    return Rect(
        image.x + border * unit_x,
        image.y + border * unit_y,
        modules * unit_x,
        modules * unit_y,
    )


def check(geometry: PageGeometry) -> None:
    """Refuse geometry the reader could not use: boxes off the page, duplicated answers."""
    width, height = geometry.page_mm
    seen: set[tuple[str, str]] = set()
    rects: Iterable[Rect] = (geometry.qr, *geometry.marks, *(b.rect for b in geometry.boxes))
    for rect in rects:
        if rect.x < 0 or rect.y < 0 or rect.right > width + 0.01 or rect.bottom > height + 0.01:
            raise ValidationError({"geometry": f"{geometry.reference}: {rect} is off the page"})
    for box in geometry.boxes:
        if (box.question, box.answer) in seen:
            raise ValidationError(
                {"geometry": f"{geometry.reference}: two boxes for {box.question}={box.answer}"}
            )
        seen.add((box.question, box.answer))
