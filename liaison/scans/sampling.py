"""Upright patches of a scan, cut out through the page map: whatever the skew or the page's
way up, a patch shows a region of the printed page as it was printed, at a chosen resolution,
so finding a box's outline or a mark is a search along rows and columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from liaison.scans.affine import Affine
from liaison.scans.geometry import Rect


@dataclass(frozen=True)
class Patch:
    pixels: np.ndarray  # grey, rows down the printed page
    region: Rect  # the printed region it shows, mm
    res: float  # patch pixels per millimetre

    def to_mm(self, u: float, v: float) -> tuple[float, float]:
        """A patch position (column, row; pixel centres at +0.5) in page millimetres."""
        return self.region.x + u / self.res, self.region.y + v / self.res


class Sampler:
    """One scanned image, and the paper's brightness on it."""

    def __init__(self, grey: np.ndarray) -> None:
        self.grey = grey
        self.image = Image.fromarray(grey)
        step = max(1, min(grey.shape) // 400)
        # The paper: most of a page is paper, so a high percentile of a coarse sample.
        self.paper = float(np.percentile(grey[::step, ::step], 90))

    def patch(self, affine: Affine, region: Rect, res: float) -> Patch:
        width = max(1, round(region.width * res))
        height = max(1, round(region.height * res))
        m = affine.matrix
        # Output pixel (u, v) shows page point (x + u/res, y + v/res); Pillow wants the input
        # pixel for each output pixel, which is the page map of that point.
        a, b = m[0, 0] / res, m[0, 1] / res
        d, e = m[1, 0] / res, m[1, 1] / res
        c = m[0, 0] * region.x + m[0, 1] * region.y + m[0, 2]
        f = m[1, 0] * region.x + m[1, 1] * region.y + m[1, 2]
        out = self.image.transform(
            (width, height),
            Image.Transform.AFFINE,
            (a, b, c, d, e, f),
            resample=Image.Resampling.BILINEAR,
            fillcolor=int(self.paper),
        )
        return Patch(np.asarray(out), region, res)

    def darkness(self, patch: Patch, blur: bool = True) -> np.ndarray:
        """How much darker than paper each pixel is, 0 (paper) to 1 (black), after a 3 x 3
        mean that takes out a scanner's pixel noise and a JPEG's speckle."""
        pixels = patch.pixels.astype(np.float32)
        if blur:
            pixels = _mean3(pixels)
        local = float(np.percentile(patch.pixels, 95))
        # A patch that is mostly ink (a scribbled box) must not pass for paper.
        paper = max(local, 0.9 * self.paper, 1.0)
        return np.clip((paper - pixels) / paper, 0.0, 1.0)


def _mean3(pixels: np.ndarray) -> np.ndarray:
    padded = np.pad(pixels, 1, mode="edge")
    total = np.zeros_like(pixels)
    for dy in range(3):
        for dx in range(3):
            total += padded[dy : dy + pixels.shape[0], dx : dx + pixels.shape[1]]
    return total / 9.0
