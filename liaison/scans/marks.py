"""Alignment marks: small solid squares printed at known places (liaison.scans.geometry).

The QR code alone gives the page map from a symbol about 20 mm across; a box 150 mm away
inherits its corner errors many times over. Each mark is looked for near where that first map
puts it, as the square of its size that is darkest inside with paper around it, and its centre
(the ink's centroid, to a fraction of a pixel) is another point the map is fitted to. A mark
that is not there (a torn slip, a coffee stain over it) is skipped; a fit that disagrees with
a mark by more than MAX_RESIDUAL_MM drops that mark.
"""

from __future__ import annotations

import numpy as np

from liaison.scans.affine import Affine, fit, residuals_mm
from liaison.scans.geometry import PageGeometry, Rect
from liaison.scans.sampling import Sampler

SEARCH_MM = 5.0
MAX_RESIDUAL_MM = 0.8
SOLID = 0.5  # mean darkness inside a mark
CLEAR = 0.2  # mean darkness of the paper ring around it


def refine(
    sampler: Sampler, affine: Affine, geometry: PageGeometry, qr_px: np.ndarray
) -> tuple[Affine, int]:
    """The page map fitted to the QR corners and every mark found; and how many were."""
    points_mm = [np.array(geometry.qr.corners())]
    points_px = [qr_px]
    weights = [np.ones(4)]
    for mark in geometry.marks:
        seen = _find(sampler, affine, mark)
        if seen is not None:
            points_mm.append(np.array([mark.center]))
            points_px.append(seen[None, :])
            weights.append(np.array([4.0]))  # far apart, and found to a fraction of a pixel
    found = len(points_mm) - 1
    if not found:
        return affine, 0
    src, dst, w = np.vstack(points_mm), np.vstack(points_px), np.concatenate(weights)
    refined = fit(src, dst, w)
    bad = residuals_mm(refined, src, dst) > MAX_RESIDUAL_MM
    bad[:4] = False  # the QR corners stay: they are what says this is the page
    if bad.any():
        keep = ~bad
        found -= int(bad.sum())
        refined = fit(src[keep], dst[keep], w[keep]) if found else affine
    return refined, found


def _find(sampler: Sampler, affine: Affine, mark: Rect) -> np.ndarray | None:
    res = min(max(affine.scale, 4.0), 12.0)
    region = Rect(
        mark.x - SEARCH_MM,
        mark.y - SEARCH_MM,
        mark.width + 2 * SEARCH_MM,
        mark.height + 2 * SEARCH_MM,
    )
    patch = sampler.patch(affine, region, res)
    dark = sampler.darkness(patch, blur=False)
    side = max(3, round(min(mark.width, mark.height) * res))
    ring = max(2, side // 3)
    total = np.zeros((dark.shape[0] + 1, dark.shape[1] + 1))
    total[1:, 1:] = dark.cumsum(0).cumsum(1)
    rows = np.arange(ring, dark.shape[0] - side - ring + 1)
    cols = np.arange(ring, dark.shape[1] - side - ring + 1)
    if not len(rows) or not len(cols):
        return None
    ys, xs = np.meshgrid(rows, cols, indexing="ij")

    def box_sum(top: np.ndarray, left: np.ndarray, h: int, w: int) -> np.ndarray:
        return (
            total[top + h, left + w]
            - total[top, left + w]
            - total[top + h, left]
            + total[top, left]
        )

    inner = box_sum(ys, xs, side, side)
    outer = box_sum(ys - ring, xs - ring, side + 2 * ring, side + 2 * ring) - inner
    inner_mean = inner / side**2
    ring_mean = outer / ((side + 2 * ring) ** 2 - side**2)
    score = inner_mean - ring_mean
    best = np.unravel_index(int(np.argmax(score)), score.shape)
    if inner_mean[best] < SOLID or ring_mean[best] > CLEAR:
        return None
    top, left = int(ys[best]), int(xs[best])
    window = dark[top - 1 : top + side + 1, left - 1 : left + side + 1]
    weights = np.clip(window - CLEAR, 0, None)
    if weights.sum() <= 0:
        return None
    vv, uu = np.mgrid[0 : window.shape[0], 0 : window.shape[1]]
    u = left - 1 + float((uu * weights).sum() / weights.sum()) + 0.5
    v = top - 1 + float((vv * weights).sum() / weights.sum()) + 0.5
    return affine.apply(np.array([patch.to_mm(u, v)]))[0]
