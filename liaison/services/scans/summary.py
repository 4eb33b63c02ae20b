"""What reading a scan found, for the officer to look at before anything is recorded: every
page with what it is and what was read, each unsure box with a crop of the paper (in memory
only), and the pages that could not be used, with why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from liaison.services.scans.printed import Question


class Found(StrEnum):
    SLIP = "reply slip"
    PAGE = "questionnaire page"
    ALREADY = "already recorded"
    DUPLICATE = "scanned twice"
    UNKNOWN = "not from this school's Liaison"
    LEGACY = "slip printed before slips had fixed boxes"
    BLANK = "blank"
    NO_CODE = "no QR code"
    UNREADABLE = "unreadable"


# Pages whose answers can be recorded (once every unsure box on them is settled).
TO_RECORD = (Found.SLIP, Found.PAGE)

Choice = tuple[str, ...]  # the answer keys ticked; () for none


@dataclass(frozen=True)
class Unsure:
    """One question the reader is not sure of: the officer says what is ticked."""

    reference: str
    title: str  # the page: "Trip consent: Omar Haddad, 3A"
    question: Question
    proposal: Choice  # the likeliest reading, offered first ("" when none is likelier)
    why: str
    crop_png: bytes  # the question's boxes as printed, upright; never written to disk
    multiple: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return self.reference, self.question.key


@dataclass(frozen=True)
class ScannedPage:
    label: str  # "replies.pdf page 3"
    found: Found
    reference: str = ""
    title: str = ""
    questions: tuple[Question, ...] = ()
    answers: dict[str, Choice] = field(default_factory=dict)  # read surely
    unsure: tuple[Unsure, ...] = ()
    written: tuple[str, ...] = ()  # questions answered in words: the officer types them
    note: str = ""

    def describe_answers(self) -> str:
        """What was read, in words: "yes" / "1: Very happy; 2: (none)"."""
        parts = []
        for q in self.questions:
            if q.key in self.answers:
                chosen = self.answers[q.key]
                words = dict(q.options)
                said = ", ".join(words.get(k, k) for k in chosen) if chosen else "(none ticked)"
            elif q.key in {u.question.key for u in self.unsure}:
                said = "? (to confirm)"
            elif q.kind == "text":
                said = "(words: type them in)" if q.key in self.written else "(no words)"
            else:
                continue
            parts.append(said if len(self.questions) == 1 else f"{q.key}: {said}")
        return "; ".join(parts)


@dataclass
class ScanSummary:
    pages: list[ScannedPage] = field(default_factory=list)
    files: int = 0

    @property
    def unsure(self) -> list[Unsure]:
        return [u for p in self.pages if p.found in TO_RECORD for u in p.unsure]

    def counts(self) -> Counter[Found]:
        return Counter(p.found for p in self.pages)

    def headline(self) -> str:
        """One line: what was found, for the top of the review."""
        counts = self.counts()
        parts = [f"{len(self.pages)} page(s) read"]
        for found in Found:
            if counts[found]:
                parts.append(f"{counts[found]} {found.value}")
        if self.unsure:
            parts.append(f"{len(self.unsure)} box(es) to confirm")
        return ", ".join(parts)
