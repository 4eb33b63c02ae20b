"""Files the officer asks for (a calendar entry, a recovery code, a PO file, a report): written
whole or not at all, so a full disk or a pulled USB stick never leaves half a file behind."""

from __future__ import annotations

from pathlib import Path

from liaison.store.atomic import write_atomic


def save(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically; a WriteFailed names the file and the reason."""
    write_atomic(Path(path), data)
