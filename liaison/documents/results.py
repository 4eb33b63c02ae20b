"""What rendering answers, without Qt: the parent of a pooled run (and the command line around
it) needs this but not the engine, which only its renderers load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RenderResult:
    path: Path
    documents: int
    pages: int
