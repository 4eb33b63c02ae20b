"""Reading scanned pages back: pure image work, no database, no Qt.

images     pages from a PDF (what copiers make), TIFF, JPEG or PNG, one at a time, grey
codes      QR codes on a page (zxing-cpp): the reference and the symbol's corners
affine     the map from a printed page's millimetres to the scan's pixels
sampling   upright patches of the scan, cut out through that map
marks      alignment marks found near where the QR code says they are
ink        each answer box found by its printed outline and its ink measured: marked, empty
           or unsure
answers    a question's boxes turned into its answer, or a reason to ask the officer
page       one scanned image: its pages (one or two per sheet), blank, no QR, or unknown

The service (liaison.services.scans) matches references to what was printed, proposes answers
and records them once the officer confirms.
"""

from liaison.scans.answers import QuestionReading, QuestionState
from liaison.scans.images import SUPPORTED, ScanImage, count_pages, iter_pages, scan_files
from liaison.scans.ink import BoxReading, BoxState
from liaison.scans.page import PageReading, PageStatus, read_image

__all__ = [
    "SUPPORTED",
    "BoxReading",
    "BoxState",
    "PageReading",
    "PageStatus",
    "QuestionReading",
    "QuestionState",
    "ScanImage",
    "count_pages",
    "iter_pages",
    "read_image",
    "scan_files",
]
