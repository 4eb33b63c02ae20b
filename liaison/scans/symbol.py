"""The QR symbol's four edges, fitted to the scan, for corners far more exact than a decoder's.

A decoder places a symbol's corners to a pixel or two, and a Micro QR code (one finder
pattern) estimates three of them. Over a 19 mm symbol that is half a degree of turn, a few
millimetres at a box 150 mm away. Each edge of the symbol is a straight line along which
dark modules start: where a module on the edge is dark, the first dark pixel met coming in
from outside lies on that line. Those points, fitted by a line with the ones behind a light
module left out, give each edge to a fraction of a pixel; the edges' crossings are the
corners.
"""

from __future__ import annotations

import numpy as np

from liaison.scans.affine import Affine, fit_similarity
from liaison.scans.geometry import Rect
from liaison.scans.sampling import Sampler

# Searched outside and inside each edge, as a share of the symbol's side: within the quiet
# zone (at least 2 modules of a Micro QR code's 15) so text printed near the code is not met.
MARGIN = 0.1
DARK = 0.5
# A decoder's corners give the turn to within a few degrees: edges are looked for within
# WIDE of it first (about 5.7 degrees), then within NARROW of the first fit.
WIDE, NARROW = 0.1, 0.02


def refine_corners(sampler: Sampler, affine: Affine, qr: Rect) -> np.ndarray | None:
    """The symbol's corners (4 x 2 scan pixels, in the symbol's order) from its fitted edges,
    or None when an edge could not be fitted (then the decoder's corners stand)."""
    first = _corners(sampler, affine, qr, WIDE)
    if first is None:
        return None
    again = _corners(sampler, fit_similarity(np.array(qr.corners()), first), qr, NARROW)
    return first if again is None else again


def _corners(sampler: Sampler, affine: Affine, qr: Rect, max_slope: float) -> np.ndarray | None:
    side = min(qr.width, qr.height)
    pad = side * MARGIN
    res = max(min(affine.scale, 16.0), 200 / side)
    region = Rect(qr.x - pad, qr.y - pad, qr.width + 2 * pad, qr.height + 2 * pad)
    patch = sampler.patch(affine, region, res)
    dark = sampler.darkness(patch, blur=False)
    limit = round(2 * pad * res)  # how far in from the patch's edge to look for ink
    lines = []
    for turn in range(4):  # top, right, bottom, left: each seen as a top edge
        view = np.rot90(dark, turn)
        line = _edge(view, limit, round(pad * res), max_slope)
        if line is None:
            return None
        lines.append(_unturn(line, turn, dark.shape))
    found = [_cross(lines[i - 1], lines[i]) for i in range(4)]  # left&top, top&right, ...
    if any(c is None for c in found):
        return None
    corners = np.array(found, dtype=float)
    if not _square(corners):
        corners = _from_top_left(corners, lines[0], lines[3])
        if corners is None:
            return None
    return affine.apply(np.array([patch.to_mm(u, v) for u, v in corners]))


def _from_top_left(
    corners: np.ndarray, top: tuple[float, float, float], left: tuple[float, float, float]
) -> np.ndarray | None:
    """The square hung from the top and left edges, the ones a decoder trusts too (finder and
    timing patterns run along them), with the longer of the two measured sides: an inner line
    taken for the bottom or right edge only ever makes a side shorter."""
    along_top = np.array([top[1], -top[0]])
    along_top *= np.sign(along_top[0]) or 1.0
    down_left = np.array([left[1], -left[0]])
    down_left *= np.sign(down_left[1]) or 1.0
    if abs(float(along_top @ down_left)) > 0.02:  # not at right angles: give up
        return None
    corner = corners[0]
    side = max(
        float(np.linalg.norm(corners[1] - corner)), float(np.linalg.norm(corners[3] - corner))
    )
    return np.array(
        [
            corner,
            corner + side * along_top,
            corner + side * (along_top + down_left),
            corner + side * down_left,
        ]
    )


def _square(corners: np.ndarray) -> bool:
    """A symbol's edges fitted right make a square (its size is what the first page map got
    wrong, so only its shape is checked): a wrong edge, a line of modules inside the symbol
    taken for its edge, makes a rectangle a module short."""
    sides = np.linalg.norm(np.roll(corners, -1, axis=0) - corners, axis=1)
    diagonals = np.linalg.norm(corners[[0, 1]] - corners[[2, 3]], axis=1)
    return bool(
        np.all(np.abs(sides / sides.mean() - 1) < 0.02)
        and abs(diagonals[0] / diagonals[1] - 1) < 0.02
    )


def _edge(
    view: np.ndarray, limit: int, pad: int, max_slope: float
) -> tuple[float, float, float] | None:
    """The top edge of the symbol in `view` as a line a*u + b*v = c (a normalised normal).

    Down each column across the symbol, the first dark pixel: on the edge where the edge's
    module is dark, a module or more further in where it is light. Of the nearly level lines
    (the page map already has the turn to a few degrees), the edge is the one through most of
    those points with none outside it: an inner line can gather as many points when the
    edge's modules are mostly light, but the edge's own points lie outside it."""
    width = view.shape[1]
    columns = np.arange(pad + 2, width - pad - 2)
    strip = view[:limit, columns] > DARK
    hit = strip.any(axis=0)
    first = np.argmax(strip, axis=0)
    rows = first - _fraction(view, first, columns)
    u, v = columns[hit].astype(float) + 0.5, rows[hit]
    if len(u) < 8:
        return None
    best = (-np.inf, 0.0, 0.0)
    for slope in np.linspace(-max_slope, max_slope, round(max_slope / 0.002) * 2 + 1):
        offsets = np.sort(v - slope * u)
        # Each point's offset as a candidate line: the points on it, less three times the
        # points outside it (the quiet zone around a symbol has no ink).
        on = np.searchsorted(offsets, offsets + 1, "right") - np.searchsorted(
            offsets, offsets - 1, "left"
        )
        outside = np.searchsorted(offsets, offsets - 1.5, "left")
        score = on - 3 * outside
        index = int(np.argmax(score))
        if score[index] > best[0]:
            best = (float(score[index]), float(slope), float(offsets[index]))
    _, slope, start = best
    near = np.abs(v - slope * u - start) <= 1.5
    if near.sum() < 6:
        return None
    slope, offset = np.polyfit(u[near], v[near], 1)
    norm = float(np.hypot(slope, 1.0))
    return -slope / norm, 1.0 / norm, offset / norm


def _fraction(view: np.ndarray, first: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """How far before the first dark pixel the darkness crossed DARK (linear, 0 to 1)."""
    above = np.clip(first - 1, 0, None)
    before = view[above, columns]
    at = view[first, columns]
    step = np.where(at - before > 1e-6, at - before, 1.0)
    return np.clip((at - DARK) / step, 0.0, 1.0) - 0.5


def _unturn(
    line: tuple[float, float, float], turn: int, shape: tuple[int, int]
) -> tuple[float, float, float]:
    """A line found in np.rot90(dark, turn) in `dark`'s own coordinates. One quarter turn
    maps a point (x, y) of an array `width` wide to (y, width - x): undo them one by one."""
    a, b, c = line
    for step in range(turn, 0, -1):
        width = shape[1] if (step - 1) % 2 == 0 else shape[0]
        a, b, c = -b, a, c - b * width
    return a, b, c


def _cross(
    first: tuple[float, float, float], second: tuple[float, float, float]
) -> tuple[float, float] | None:
    a1, b1, c1 = first
    a2, b2, c2 = second
    det = a1 * b2 - a2 * b1
    if abs(det) < 1e-9:
        return None
    return (c1 * b2 - c2 * b1) / det, (a1 * c2 - a2 * c1) / det
