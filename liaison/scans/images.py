"""Scanned pages, one at a time, as grey pixels: from a PDF (pypdfium2 renders it), a TIFF (every
frame), a JPEG or a PNG (Pillow). A folder is read file by file in name order.

Pages are read at most at READ_DPI: a 600 dpi scan is reduced (boxes and QR codes read as well
at 300, in a quarter of the time and memory), a 150 dpi scan is used as it is. Nothing is
written anywhere: the scan files are the officer's own and stay where they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from liaison.errors import NotFound, ValidationError

SUPPORTED = (".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png")
READ_DPI = 300
# When a file does not say its resolution: the sheet is taken to be A4 across its long side.
A4_LONG_INCHES = 297 / 25.4
Image.MAX_IMAGE_PIXELS = 20_000 * 20_000  # a 1,200 dpi A3 scan; larger is not a scan


@dataclass
class ScanImage:
    """One scanned sheet side. `grey` is None when the page could not be read (`problem`)."""

    source: Path
    page: int  # from 1, within its file
    grey: np.ndarray | None
    dpi: float
    problem: str = ""

    @property
    def label(self) -> str:
        return f"{self.source.name} page {self.page}"


def scan_files(path: Path) -> list[Path]:
    """The files to read: `path` itself, or the scans in a folder (not its subfolders)."""
    path = Path(path)
    if not path.exists():
        raise NotFound(f"There is no file or folder {path}.")
    if path.is_dir():
        files = sorted(
            (p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED),
            key=lambda p: p.name.casefold(),
        )
        if not files:
            kinds = ", ".join(SUPPORTED)
            raise ValidationError({"scans": f"{path} holds no scans ({kinds})."})
        return files
    if path.suffix.lower() not in SUPPORTED:
        kinds = ", ".join(SUPPORTED)
        raise ValidationError(
            {"scans": f"{path.name} is not a scan Liaison reads: choose a {kinds} file."}
        )
    return [path]


def count_pages(files: list[Path]) -> int:
    """Pages in all the files, for progress (an unreadable file counts as one)."""
    return sum(_count(path) for path in files)


def _count(path: Path) -> int:
    try:
        if path.suffix.lower() == ".pdf":
            import pypdfium2 as pdfium

            document = pdfium.PdfDocument(str(path))
            try:
                return len(document)
            finally:
                document.close()
        with Image.open(path) as image:
            return getattr(image, "n_frames", 1)
    except Exception:
        return 1


def iter_pages(files: list[Path]) -> Iterator[ScanImage]:
    for path in files:
        if path.suffix.lower() == ".pdf":
            yield from _pdf_pages(path)
        else:
            yield from _image_pages(path)


def _unreadable(path: Path, page: int, why: str) -> ScanImage:
    return ScanImage(path, page, None, 0.0, why)


def _pdf_pages(path: Path) -> Iterator[ScanImage]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except Exception:
        yield _unreadable(path, 1, "not a PDF Liaison can open (damaged, or protected)")
        return
    try:
        for index in range(len(document)):
            try:
                page = document[index]
                dpi = min(_pdf_page_dpi(page), READ_DPI)
                image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                page.close()
            except Exception:
                yield _unreadable(path, index + 1, "this page of the PDF could not be drawn")
                continue
            yield ScanImage(path, index + 1, np.asarray(image), dpi)
    finally:
        document.close()


def _pdf_page_dpi(page: object) -> float:
    """The resolution of the scan inside a copier's PDF page (a picture at least half the
    page wide); a page with no such picture (a PDF printed from the computer, whose only
    picture is a QR code) is drawn at READ_DPI."""
    import pypdfium2.raw as pdfium_c

    width_inches = page.get_width() / 72
    best = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        try:
            pixels = max(obj.get_px_size())
            left, _, right, _ = obj.get_bounds()
        except Exception:
            continue
        span = abs(right - left) / 72
        if span < width_inches * 0.5:
            continue  # a QR code or a logo, not the scan of the page
        best = max(best, pixels / span)
    return best if best >= 50 else READ_DPI


def _image_pages(path: Path) -> Iterator[ScanImage]:
    try:
        with Image.open(path) as image:
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                yield _to_grey(path, index + 1, frame)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        yield _unreadable(path, 1, "not an image Liaison can open (damaged, or not a scan)")


def _to_grey(path: Path, page: int, frame: Image.Image) -> ScanImage:
    grey = frame.convert("L")
    dpi = _image_dpi(frame)
    if dpi > READ_DPI * 1.25:
        factor = dpi / READ_DPI
        size = (round(grey.width / factor), round(grey.height / factor))
        grey = grey.resize(size, Image.Resampling.BOX)
        dpi = READ_DPI
    return ScanImage(path, page, np.asarray(grey), dpi)


def _image_dpi(frame: Image.Image) -> float:
    declared = frame.info.get("dpi")
    if declared:
        try:
            value = float(declared[0])
        except (TypeError, ValueError, IndexError):
            value = 0.0
        if 50 <= value <= 2400:
            return value
    return max(frame.size) / A4_LONG_INCHES
