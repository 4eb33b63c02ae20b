"""One answer box: found by its printed outline near where the page map puts it, then the ink
inside it measured and called marked, empty or unsure.

The outline is the best alignment there is: wherever the page map is a little out (a far box on
a 150 dpi scan), the box's own four edges are searched for within SEARCH_MM, as the position
where all four edges are dark and the paper just outside them is not. A filled box passes (its
edges are dark, the paper outside is white); so does a ticked one.

Inside the outline (less a margin so the outline's own ink never counts) the share of pixels
clearly darker than paper is the box's ink. A tick, a cross, a filled box or a pencil mark
covers well over MARKED_FROM; an empty box on a noisy JPEG stays under EMPTY_BELOW. Anything
between is unsure, and is asked about, never guessed. A box mostly covered (HEAVY_FROM) is
filled or scribbled over; answers.py decides what that means beside the other boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from liaison.scans.affine import Affine
from liaison.scans.geometry import Box, Rect
from liaison.scans.sampling import Sampler

EMPTY_BELOW = 0.02
MARKED_FROM = 0.06
HEAVY_FROM = 0.5
INK_LEVEL = 0.22  # darkness (0 paper, 1 black) that counts as ink, after the 3 x 3 mean
SEARCH_MM = 2.0
OUTLINE_SEEN = 0.1  # edges this much darker than the paper beside them: the outline is there
MIN_BOX_PX = 40  # a box is sampled at least this many pixels across


class BoxState(StrEnum):
    EMPTY = "empty"
    MARKED = "marked"
    UNSURE = "unsure"


@dataclass(frozen=True)
class BoxReading:
    question: str
    answer: str
    state: BoxState
    ink: float  # share of the inside that is ink
    heavy: bool  # filled or scribbled over
    outline: bool  # the printed outline was found (else read where the page map put it)
    where: Rect  # the box as found, page millimetres


def read_box(sampler: Sampler, affine: Affine, box: Box) -> BoxReading:
    rect = box.rect
    res = max(min(affine.scale, 12.0), MIN_BOX_PX / min(rect.width, rect.height))
    band = max(2, round(0.4 * res))
    search = round(SEARCH_MM * res)
    margin_px = search + 3 * band + 2
    margin = margin_px / res
    region = Rect(
        rect.x - margin, rect.y - margin, rect.width + 2 * margin, rect.height + 2 * margin
    )
    patch = sampler.patch(affine, region, res)
    dark = sampler.darkness(patch)
    width, height = round(rect.width * res), round(rect.height * res)
    (x0, y0), seen = _find_outline(dark, margin_px, width, height, search, band)
    inset = max(band, round(0.15 * min(width, height)))
    inside = dark[y0 + inset : y0 + height - inset, x0 + inset : x0 + width - inset]
    ink = float(np.mean(inside > INK_LEVEL)) if inside.size else 0.0
    if not seen:
        # Not where the box should be: whatever is (or is not) there, it is not the box.
        state = BoxState.UNSURE
    elif ink >= MARKED_FROM:
        state = BoxState.MARKED
    elif ink < EMPTY_BELOW:
        state = BoxState.EMPTY
    else:
        state = BoxState.UNSURE
    left, top = patch.to_mm(x0, y0)
    return BoxReading(
        box.question,
        box.answer,
        state,
        round(ink, 4),
        ink >= HEAVY_FROM,
        seen,
        Rect(left, top, rect.width, rect.height),
    )


def _find_outline(
    dark: np.ndarray, origin: int, width: int, height: int, search: int, band: int
) -> tuple[tuple[int, int], bool]:
    """The top-left corner (patch pixels) where a width x height outline fits the ink best,
    within `search` pixels of `origin`; and whether an outline was really seen there."""
    total = np.zeros((dark.shape[0] + 1, dark.shape[1] + 1))
    total[1:, 1:] = dark.cumsum(0).cumsum(1)
    offsets = np.arange(-search, search + 1)
    ys, xs = np.meshgrid(origin + offsets, origin + offsets, indexing="ij")

    def mean(top: np.ndarray, left: np.ndarray, h: int, w: int) -> np.ndarray:
        s = (
            total[top + h, left + w]
            - total[top, left + w]
            - total[top + h, left]
            + total[top, left]
        )
        return s / float(h * w)

    half, gap = band // 2, band
    edges = [
        # (band on the edge, band of paper just outside it)
        (mean(ys - half, xs, band, width), mean(ys - half - gap - band, xs, band, width)),
        (
            mean(ys + height - half, xs, band, width),
            mean(ys + height - half + band + gap, xs, band, width),
        ),
        (mean(ys, xs - half, height, band), mean(ys, xs - half - gap - band, height, band)),
        (
            mean(ys, xs + width - half, height, band),
            mean(ys, xs + width - half + band + gap, height, band),
        ),
    ]
    score = sum(edge - outside for edge, outside in edges) / 4
    # Of equal fits, the nearest to where the page map put the box.
    score = score - 0.002 * np.hypot(ys - origin, xs - origin)
    best = np.unravel_index(int(np.argmax(score)), score.shape)
    if score[best] < OUTLINE_SEEN:
        return (origin, origin), False
    return (int(xs[best]), int(ys[best])), True


# A box to write in starts with a grey "write here" hint along its top: only the part below
# it is looked at. Words written there cover far more than this share of it.
HINT_MM = 5.0
WRITTEN_FROM = 0.01


def has_writing(sampler: Sampler, affine: Affine, box: Box) -> bool:
    """Whether anything is written in a box meant for words (not what: the officer types it)."""
    rect = box.rect
    inset = 1.5
    area = Rect(
        rect.x + inset,
        rect.y + HINT_MM,
        rect.width - 2 * inset,
        max(rect.height - HINT_MM - inset, 1.0),
    )
    patch = sampler.patch(affine, area, min(max(affine.scale, 4.0), 8.0))
    return float(np.mean(sampler.darkness(patch) > INK_LEVEL)) >= WRITTEN_FROM
