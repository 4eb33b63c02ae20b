"""Errors a person can cause. Each carries a one-line message that says what to do."""

from __future__ import annotations

import errno
import re
from pathlib import Path


class LiaisonError(Exception):
    """Base for errors shown to the officer as a clear message (never a traceback)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WrongSecret(LiaisonError):
    """The passphrase or recovery code does not open the key file."""

    exit_code = 3


class StoreDamaged(LiaisonError):
    """A database, key file or backup is damaged or is not what it claims to be."""

    exit_code = 4


class StoreMissing(LiaisonError):
    exit_code = 5


class StoreBusy(LiaisonError):
    """Another process has the database open."""

    exit_code = 6


class SchemaTooNew(LiaisonError):
    exit_code = 7


class MigrationFailed(LiaisonError):
    exit_code = 8


class NotFound(LiaisonError):
    exit_code = 9


class ValidationError(LiaisonError):
    """Input that breaks a rule; `errors` maps a field name to what is wrong with it."""

    exit_code = 2

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        text = "; ".join(f"{field}: {msg}" for field, msg in self.errors.items())
        super().__init__(text or "invalid input")


class ImportFileError(LiaisonError):
    """An import file that cannot be read or holds a value Liaison cannot accept. The message
    names the place: a CSV line (and column) or a CTF pupil and element. Nothing was changed.

    (Named ImportFileError, not ImportError, so it never shadows Python's built-in.)
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        # Values quoted from the file may hold line breaks; the message stays one line, with
        # each break shown where it was.
        super().__init__(re.sub(r"\r\n|\r|\n", " \u21b5 ", message))


class Cancelled(LiaisonError):
    """The officer stopped a long job (an import, a book-bag run, the demo): whatever it was
    writing was rolled back or removed, so nothing was changed."""

    exit_code = 130

    def __init__(self, message: str = "Stopped: nothing was changed.") -> None:
        super().__init__(message)


class WriteFailed(LiaisonError):
    """A file could not be written: a full disk, a read-only or vanished folder."""


_WRITE_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EFBIG: "the disk is full, or the file is too big for it",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "Liaison is not allowed to write there",
    errno.EPERM: "Liaison is not allowed to write there",
    errno.ENOENT: "the folder is not there",
    errno.EIO: "the disk reported an error (was a USB stick removed?)",
}


def write_reason(exc: OSError) -> str:
    """Why a write failed, in the officer's words ("the disk is full")."""
    return _WRITE_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_failed(path: Path | str, exc: OSError) -> WriteFailed:
    """The officer's words for an OSError met while writing `path`."""
    reason = write_reason(exc)
    return WriteFailed(
        f"Could not save {Path(path).name} in {Path(path).parent}: {reason}. "
        "Nothing was saved there; free some space or choose another folder, then try again."
    )
