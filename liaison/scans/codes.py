"""QR codes on a scanned page, with zxing-cpp.

Chosen by measuring (README, "Reading scanned replies"): on 40 letter pages rotated up to 5
degrees, half upside down, with noise and JPEG artefacts, zxing-cpp read every reply slip's code
at 150 and 200 dpi in 55-120 ms a page; OpenCV's QRCodeDetector (and its Aruco variant) read
none, since the slips carry Micro QR codes, which OpenCV does not read, and took 0.5-6 s a page.

A code is returned with its text and the four corners of its symbol in the symbol's own order
(top-left, top-right, bottom-right, bottom-left as printed), so a page upside down gives its
corners upside down and the map from the page to the scan follows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter

FORMATS = (
    zxingcpp.BarcodeFormat.QRCode,
    zxingcpp.BarcodeFormat.MicroQRCode,
    zxingcpp.BarcodeFormat.RMQRCode,
)


@dataclass(frozen=True)
class Code:
    text: str
    corners: np.ndarray  # 4 x 2, pixels: top-left, top-right, bottom-right, bottom-left


def find_codes(grey: np.ndarray) -> list[Code]:
    """Every QR code on the page. A heavily noisy 300 dpi scan that reads nothing as it is is
    tried again at half size (averaging four pixels halves the noise), then with a median
    filter: each of these found codes the others missed in the measurements."""
    found = _read(grey, 1.0)
    if found:
        return found
    image = Image.fromarray(grey)
    if min(grey.shape) >= 1200:
        found = _read(np.asarray(image.reduce(2)), 2.0)
        if found:
            return found
    return _read(np.asarray(image.filter(ImageFilter.MedianFilter(3))), 1.0)


def _read(grey: np.ndarray, scale: float) -> list[Code]:
    results = zxingcpp.read_barcodes(grey, formats=FORMATS)
    codes: dict[str, Code] = {}
    for result in results:
        if not result.valid or not result.text:
            continue
        p = result.position
        corners = np.array(
            [
                [p.top_left.x, p.top_left.y],
                [p.top_right.x, p.top_right.y],
                [p.bottom_right.x, p.bottom_right.y],
                [p.bottom_left.x, p.bottom_left.y],
            ],
            dtype=float,
        )
        # zxing's corners are pixel indices; +0.5 is the pixel's centre, then back to full size.
        codes.setdefault(result.text, Code(result.text, (corners + 0.5) * scale))
    return list(codes.values())
