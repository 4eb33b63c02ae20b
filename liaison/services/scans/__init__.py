"""Scanned replies: reply slips and questionnaire pages read back from the school copier's
scans (issue 22). `read_scans` reads and matches, changing nothing; the officer looks at the
summary and settles the unsure boxes; `record_scans` records."""

from liaison.services.scans.printed import Question
from liaison.services.scans.reading import read_scans
from liaison.services.scans.recording import Choices, RecordResult, record_scans
from liaison.services.scans.summary import Choice, Found, ScannedPage, ScanSummary, Unsure

__all__ = [
    "Choice",
    "Choices",
    "Found",
    "Question",
    "RecordResult",
    "ScanSummary",
    "ScannedPage",
    "Unsure",
    "read_scans",
    "record_scans",
]
