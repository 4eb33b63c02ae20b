"""One scanned image read: each QR code on it is a printed page (a copier's 2-up sheet has two);
for each, the page map from the code and the marks, then every question's boxes.

An image with no code is a blank page (a back scanned by a duplex copier) or a page with no QR
code (a letter's first page, something else in the pile): both are listed, never guessed at.
A code whose reference was not printed here (another school's batch, another database) is
listed as unknown. `lookup` says what was printed for a reference; it is the only way this
module learns anything about the database.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
from PIL import Image

from liaison.scans.affine import Affine, fit_similarity
from liaison.scans.answers import QuestionReading, QuestionState, resolve
from liaison.scans.codes import Code, find_codes
from liaison.scans.geometry import PageGeometry, Rect
from liaison.scans.images import ScanImage
from liaison.scans.ink import has_writing, read_box
from liaison.scans.marks import refine
from liaison.scans.sampling import Sampler
from liaison.scans.symbol import refine_corners

CROP_RES = 8.0  # pixels per millimetre in the crops shown to the officer
BLANK_INK = 0.001  # share of a page that is ink, below which it is blank

Lookup = Callable[[str], PageGeometry | None]


class PageStatus(StrEnum):
    READ = "read"
    BLANK = "blank"
    NO_CODE = "no QR code"
    UNKNOWN = "unknown reference"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class PageReading:
    label: str  # "replies.pdf page 3", "(right half)" added on a 2-up sheet
    status: PageStatus
    reference: str = ""
    kind: str = ""
    questions: tuple[QuestionReading, ...] = ()
    note: str = ""
    angle: float = 0.0  # degrees the page was turned on the scan
    px_per_mm: float = 0.0
    marks_found: int = 0
    written: tuple[str, ...] = ()  # questions with words written in their box, to type in


def read_image(scan: ScanImage, lookup: Lookup) -> list[PageReading]:
    if scan.grey is None:
        return [PageReading(scan.label, PageStatus.UNREADABLE, note=scan.problem)]
    codes = find_codes(scan.grey)
    if not codes:
        if _is_blank(scan.grey):
            return [PageReading(scan.label, PageStatus.BLANK, note="nothing printed or written")]
        return [
            PageReading(
                scan.label,
                PageStatus.NO_CODE,
                note="no QR code found: not a reply slip or questionnaire page, or the code "
                "is torn, folded or smudged (type this one in)",
            )
        ]
    sampler = Sampler(scan.grey)
    out = []
    for code, where in _placed(codes):
        label = f"{scan.label} ({where})" if where else scan.label
        geometry = lookup(code.text)
        if geometry is None:
            out.append(
                PageReading(
                    label,
                    PageStatus.UNKNOWN,
                    reference=code.text,
                    note="this reference was not printed by this Liaison (another school's "
                    "or another database's page)",
                )
            )
        else:
            out.append(_read_page(sampler, code, geometry, label))
    return out


def _placed(codes: list[Code]) -> list[tuple[Code, str]]:
    """Codes in reading order, each named by where it is on a sheet with more than one."""
    if len(codes) == 1:
        return [(codes[0], "")]
    centres = np.array([c.corners.mean(axis=0) for c in codes])
    spread = centres.max(axis=0) - centres.min(axis=0)
    across = spread[0] >= spread[1]
    order = np.argsort(centres[:, 0] if across else centres[:, 1])
    names = ("left", "right") if across else ("top", "bottom")
    if len(codes) == 2:
        return [(codes[i], f"{names[n]} half") for n, i in enumerate(order)]
    return [(codes[i], f"code {n + 1} of {len(codes)}") for n, i in enumerate(order)]


def _read_page(sampler: Sampler, code: Code, geometry: PageGeometry, label: str) -> PageReading:
    qr_mm = np.array(geometry.qr.corners())
    affine = fit_similarity(qr_mm, code.corners)
    corners = refine_corners(sampler, affine, geometry.qr) if affine.plausible else None
    if corners is not None:
        affine = fit_similarity(qr_mm, corners)
    else:
        corners = code.corners
    if not affine.plausible:
        return PageReading(
            label,
            PageStatus.UNREADABLE,
            reference=code.text,
            kind=geometry.kind,
            note="the QR code was read but the page could not be lined up with it",
        )
    affine, marks = refine(sampler, affine, geometry, corners)
    questions = []
    for question in geometry.questions():
        boxes = [read_box(sampler, affine, box) for box in geometry.boxes_for(question)]
        reading = resolve(question, boxes, question in geometry.multiple)
        if reading.state is QuestionState.UNSURE:  # only those are shown to the officer
            crop = _crop(sampler, affine, [b.where for b in boxes], geometry.page_mm)
            reading = _with_crop(reading, crop)
        questions.append(reading)
    written = tuple(b.question for b in geometry.writing if has_writing(sampler, affine, b))
    note = ""
    return PageReading(
        label,
        PageStatus.READ,
        reference=code.text,
        kind=geometry.kind,
        questions=tuple(questions),
        note=note,
        angle=round(affine.angle, 1),
        px_per_mm=round(affine.scale, 2),
        marks_found=marks,
        written=written,
    )


def _with_crop(reading: QuestionReading, crop: bytes) -> QuestionReading:
    return replace(reading, crop_png=crop)


def _crop(
    sampler: Sampler, affine: Affine, boxes: list[Rect], page_mm: tuple[float, float]
) -> bytes:
    """The question's boxes and the words beside them, upright, as a PNG kept in memory."""
    left = max(0.0, min(b.x for b in boxes) - 6)
    top = max(0.0, min(b.y for b in boxes) - 4)
    right = min(page_mm[0], max(b.right for b in boxes) + 40)
    bottom = min(page_mm[1], max(b.bottom for b in boxes) + 4)
    patch = sampler.patch(affine, Rect(left, top, right - left, bottom - top), CROP_RES)
    buffer = io.BytesIO()
    Image.fromarray(patch.pixels).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _is_blank(grey: np.ndarray) -> bool:
    step = max(1, min(grey.shape) // 600)
    small = grey[::step, ::step].astype(np.float32)
    # Leave out the sheet's edges, where a scanner's lid and shadows show.
    rim_y, rim_x = small.shape[0] // 30, small.shape[1] // 30
    inner = small[rim_y : small.shape[0] - rim_y, rim_x : small.shape[1] - rim_x]
    paper = max(float(np.percentile(inner, 90)), 1.0)
    return float(np.mean((paper - inner) / paper > 0.35)) < BLANK_INK
