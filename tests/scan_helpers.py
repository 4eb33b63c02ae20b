"""Realistic scans of returned reply slips and questionnaire pages, made from the real printed
PDFs.

The pages are rendered from the printed PDF (pypdfium2), each question's boxes marked with Pillow
the way parents mark them (a tick or a cross larger than the box and off-centre, a filled box,
a faint pencil tick, an answer scribbled out and the other ticked), then scanned: turned a few
degrees, some upside down, reduced to 150 or 300 dpi, grey paper, noise and JPEG artefacts,
shuffled, with a blank page and a page from another school's batch among them. Every choice
comes from a seeded generator, so a failing scan can be made again.
"""

from __future__ import annotations

import io
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from liaison.scans.geometry import PageGeometry, Rect

STYLES = ("tick", "cross", "filled", "pencil", "changed", "blank")


@dataclass(frozen=True)
class Truth:
    """What the parent meant for one question, and how she marked it."""

    reference: str
    question: str
    answer: str | None  # None: left blank
    style: str
    marked: frozenset[str] = frozenset()  # boxes with any ink (a scribbled-out one too)


def references_by_page(pdf_path: Path, known: set[str] | None = None) -> dict[int, str]:
    """Which page of a printed PDF carries which reference: the reference as printed in the
    page's text (under its QR code), read with pdfium, not with the scan reader. With `known`
    (the references the database holds), any of those found in the text."""
    document = pdfium.PdfDocument(str(pdf_path))
    found = {}
    try:
        for index in range(len(document)):
            text = document[index].get_textpage().get_text_range()
            words = set(re.findall(r"[0-9A-Z]{7}", text))
            refs = (
                sorted(words & known)
                if known is not None
                else sorted(w for w in words if re.fullmatch(r"[RQ][2-9A-HJKMNP-Z]{6}", w))
            )
            if refs:
                found[index] = refs[0]
    finally:
        document.close()
    return found


def render(pdf_path: Path, index: int, dpi: int) -> Image.Image:
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        return document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def _px(rect: Rect, dpi: float) -> tuple[float, float, float, float]:
    k = dpi / 25.4
    return rect.x * k, rect.y * k, rect.right * k, rect.bottom * k


def _pen(dpi: float, mm: float) -> int:
    return max(1, round(mm * dpi / 25.4))


def tick(
    draw: ImageDraw.ImageDraw,
    rect: Rect,
    dpi: float,
    rng: random.Random,
    ink: int = 25,
    width_mm: float = 0.5,
) -> None:
    x0, y0, x1, y1 = _px(rect, dpi)
    side = x1 - x0
    size = side * rng.uniform(1.1, 1.7)
    cx = (x0 + x1) / 2 + rng.uniform(-0.2, 0.2) * side
    cy = (y0 + y1) / 2 + rng.uniform(-0.2, 0.15) * side
    points = [
        (cx - size * 0.45, cy),
        (cx - size * 0.1, cy + size * 0.35),
        (cx + size * 0.55, cy - size * 0.6),
    ]
    draw.line(points, fill=ink, width=_pen(dpi, width_mm), joint="curve")


def cross(draw: ImageDraw.ImageDraw, rect: Rect, dpi: float, rng: random.Random) -> None:
    x0, y0, x1, y1 = _px(rect, dpi)
    side = x1 - x0
    grow = side * rng.uniform(0.0, 0.3)
    jx, jy = rng.uniform(-0.15, 0.15) * side, rng.uniform(-0.15, 0.15) * side
    width = _pen(dpi, 0.5)
    draw.line([(x0 - grow + jx, y0 - grow + jy), (x1 + grow + jx, y1 + grow + jy)], 20, width)
    draw.line([(x1 + grow + jx, y0 - grow + jy), (x0 - grow + jx, y1 + grow + jy)], 20, width)


def filled(draw: ImageDraw.ImageDraw, rect: Rect, dpi: float, rng: random.Random) -> None:
    """Coloured in with a pen: back-and-forth strokes that cover the box, a little beyond."""
    x0, y0, x1, y1 = _px(rect, dpi)
    width = _pen(dpi, 0.6)
    y = y0 - width / 2
    while y <= y1 + width / 2:
        draw.line([(x0 + rng.uniform(-1, 1), y), (x1 + rng.uniform(-1, 1), y)], 30, width)
        y += width * 0.7


def scribble(draw: ImageDraw.ImageDraw, rect: Rect, dpi: float, rng: random.Random) -> None:
    """An answer scribbled out: a dense zigzag over the box and well past its edges."""
    x0, y0, x1, y1 = _px(rect, dpi)
    side = x1 - x0
    pad = side * 0.4
    points = []
    steps = 14
    for i in range(steps + 1):
        x = x0 - pad + (side + 2 * pad) * i / steps
        y = (y0 - pad) if i % 2 else (y1 + pad)
        points.append((x + rng.uniform(-2, 2), y + rng.uniform(-2, 2)))
    draw.line(points, fill=30, width=_pen(dpi, 0.6))
    draw.line([(p[0], p[1] + side * 0.1) for p in reversed(points)], 30, _pen(dpi, 0.6))


def mark_question(
    draw: ImageDraw.ImageDraw,
    geometry: PageGeometry,
    question: str,
    dpi: float,
    rng: random.Random,
    style: str,
) -> Truth:
    """Mark one question's boxes in `style` (the answer chosen at random among its boxes)."""
    boxes = geometry.boxes_for(question)
    box = rng.choice(boxes)
    ref = geometry.reference
    if style == "changed" and len(boxes) < 2:
        style = "tick"
    if style == "blank":
        return Truth(ref, question, None, style)
    if style == "tick":
        tick(draw, box.rect, dpi, rng)
    elif style == "cross":
        cross(draw, box.rect, dpi, rng)
    elif style == "filled":
        filled(draw, box.rect, dpi, rng)
    elif style == "pencil":
        tick(draw, box.rect, dpi, rng, ink=rng.randint(120, 150), width_mm=0.35)
    elif style == "changed":
        other = rng.choice([b for b in boxes if b is not box])
        scribble(draw, other.rect, dpi, rng)
        tick(draw, box.rect, dpi, rng)
        return Truth(ref, question, box.answer, style, frozenset({box.answer, other.answer}))
    return Truth(ref, question, box.answer, style, frozenset({box.answer}))


def mark_page(
    page: Image.Image, geometry: PageGeometry, dpi: float, rng: random.Random, styles: list[str]
) -> list[Truth]:
    """Every question on the page marked, each in the next style of `styles` (popped)."""
    draw = ImageDraw.Draw(page)
    return [
        mark_question(draw, geometry, q, dpi, rng, styles.pop() if styles else "tick")
        for q in geometry.questions()
    ]


def write_words(page: Image.Image, rect: Rect, dpi: float) -> None:
    """A line of handwriting-like strokes in a box meant for words."""
    draw = ImageDraw.Draw(page)
    x0, y0, x1, y1 = _px(rect, dpi)
    y = y0 + (y1 - y0) * 0.65
    x = x0 + (x1 - x0) * 0.05
    while x < x0 + (x1 - x0) * 0.6:
        draw.arc((x, y - 12 * dpi / 300, x + 30 * dpi / 300, y + 12 * dpi / 300), 0, 300, 25, 3)
        x += 36 * dpi / 300


def scan(
    page: Image.Image,
    rng: random.Random,
    *,
    dpi_in: int,
    dpi_out: int,
    max_angle: float = 5.0,
    upside_down: bool = False,
    noise: float = 6.0,
    jpeg: int | None = 70,
) -> Image.Image:
    """The page through a copier: skew, maybe upside down, grey paper, noise, resampled to
    the scan's resolution, JPEG-compressed."""
    if upside_down:
        page = page.rotate(180)
    page = page.rotate(
        rng.uniform(-max_angle, max_angle), Image.Resampling.BICUBIC, expand=True, fillcolor=255
    )
    if dpi_out != dpi_in:
        factor = dpi_out / dpi_in
        page = page.resize(
            (round(page.width * factor), round(page.height * factor)), Image.Resampling.LANCZOS
        )
    pixels = np.asarray(page).astype(np.float32)
    paper = rng.uniform(225, 245)
    pixels = pixels * (paper - 15) / 255 + 15  # grey paper, toner not quite black
    pixels += np.random.default_rng(rng.randrange(2**32)).normal(0, noise, pixels.shape)
    page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if jpeg:
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=jpeg)
        page = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    return page


def blank_page(dpi: int, rng: random.Random) -> Image.Image:
    width, height = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    return scan(Image.new("L", (width, height), 255), rng, dpi_in=dpi, dpi_out=dpi)


def two_up(left: Image.Image, right: Image.Image) -> Image.Image:
    """Two portrait pages side by side on one landscape sheet, as a copier's 2-up does."""
    height = max(left.height, right.height)
    sheet = Image.new("L", (left.width + right.width, height), 255)
    sheet.paste(left, (0, 0))
    sheet.paste(right, (left.width, 0))
    scale = math.sqrt(0.5)
    return sheet.resize(
        (round(sheet.width * scale), round(sheet.height * scale)), Image.Resampling.LANCZOS
    )


def save_pdf(images: list[Image.Image], out: Path, dpi: int) -> Path:
    """A copier's PDF: each page one JPEG picture at the scan's resolution."""
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out
