"""The map from a printed page (millimetres, y down) to a scan of it (pixels).

A flatbed or sheet-fed scan of a flat page is an affine map: a rotation (a few degrees of skew,
or half a turn for a page fed upside down), a scale (the dpi, and a copier's 2-up reduction)
and a shift. It is fitted by least squares to points known on both sides: the QR symbol's
corners, then the alignment marks and box outlines found through it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Affine:
    matrix: np.ndarray  # 2 x 3: pixel = matrix @ (x_mm, y_mm, 1)

    def apply(self, points_mm: np.ndarray) -> np.ndarray:
        points = np.atleast_2d(np.asarray(points_mm, dtype=float))
        return points @ self.matrix[:, :2].T + self.matrix[:, 2]

    def invert(self, points_px: np.ndarray) -> np.ndarray:
        points = np.atleast_2d(np.asarray(points_px, dtype=float)) - self.matrix[:, 2]
        return points @ np.linalg.inv(self.matrix[:, :2]).T

    @property
    def scale(self) -> float:
        """Pixels per millimetre (the mean of the two axes)."""
        return math.sqrt(abs(np.linalg.det(self.matrix[:, :2])))

    @property
    def angle(self) -> float:
        """Degrees the page is turned on the scan (about 180 for a page upside down)."""
        return math.degrees(math.atan2(self.matrix[1, 0], self.matrix[0, 0]))

    @property
    def plausible(self) -> bool:
        """A real scan: not mirrored, the same scale both ways, 2 to 40 pixels a millimetre."""
        linear = self.matrix[:, :2]
        if np.linalg.det(linear) <= 0:
            return False
        x_scale, y_scale = np.linalg.norm(linear[:, 0]), np.linalg.norm(linear[:, 1])
        return 2 <= self.scale <= 40 and abs(x_scale / y_scale - 1) < 0.08


def fit(points_mm: np.ndarray, points_px: np.ndarray, weights: np.ndarray | None = None) -> Affine:
    """Least-squares affine map taking `points_mm` to `points_px` (three points or more)."""
    src = np.asarray(points_mm, dtype=float)
    dst = np.asarray(points_px, dtype=float)
    if len(src) < 3:
        raise ValueError("an affine map needs three points")
    w = np.sqrt(np.ones(len(src)) if weights is None else np.asarray(weights, dtype=float))
    design = np.column_stack([src, np.ones(len(src))]) * w[:, None]
    solution, *_ = np.linalg.lstsq(design, dst * w[:, None], rcond=None)
    return Affine(solution.T)


def fit_similarity(points_mm: np.ndarray, points_px: np.ndarray) -> Affine:
    """Least-squares map with one scale and no shear (a turn, a scale, a shift): what four
    corners of one small symbol can be trusted to say. A full affine map fitted to them
    takes their errors for shear and carries it across the page."""
    src = np.asarray(points_mm, dtype=float)
    dst = np.asarray(points_px, dtype=float)
    if len(src) < 2:
        raise ValueError("a similarity needs two points")
    # pixel = [[a, -b], [b, a]] @ mm + t, linear in (a, b, tx, ty).
    rows = []
    for (x, y), (u, v) in zip(src, dst, strict=True):
        rows.append(([x, -y, 1.0, 0.0], u))
        rows.append(([y, x, 0.0, 1.0], v))
    design = np.array([r for r, _ in rows])
    target = np.array([t for _, t in rows])
    (a, b, tx, ty), *_ = np.linalg.lstsq(design, target, rcond=None)
    return Affine(np.array([[a, -b, tx], [b, a, ty]]))


def residuals_mm(affine: Affine, points_mm: np.ndarray, points_px: np.ndarray) -> np.ndarray:
    """How far each point lands from where it was seen, in millimetres."""
    return np.linalg.norm(affine.apply(points_mm) - points_px, axis=1) / affine.scale
