"""What rendering answers, without Qt: the parent of a pooled run (and the command line around
it) needs these names but not the engine, which only its renderer children load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class Cancelled(Exception):
    pass


@dataclass(frozen=True)
class RenderResult:
    path: Path
    documents: int
    pages: int
