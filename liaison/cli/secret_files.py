"""Passphrase and recovery-code files, read the way Windows users make them.

Notepad saves UTF-8 with a byte-order mark; PowerShell 5.1's `echo x > file` writes UTF-16
with a BOM and CRLF; Notepad's "ANSI" is cp1252 on a UK PC. The BOM is never part of the
secret, line endings are dropped, and a file far too big to be a passphrase is refused from
its size, unread. No message ever quotes a byte of the file: a decoding error names the file
and the encodings tried, nothing else.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from liaison.errors import LiaisonError, ValidationError

# A passphrase of a few sentences is well under this; 133 MB is a mistake, not a secret.
MAX_BYTES = 4096
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decode(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_secret_file(path: Path, what: str) -> str:
    """The secret in `path`: without a BOM or the line ending after it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(
                {
                    what: f"the file {path} is too big to be a {what} file ({size:,} bytes; "
                    f"at most {MAX_BYTES:,}). Choose the file that holds only the {what}"
                }
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LiaisonError(f"Cannot read the {what} file {path}: {exc.strerror}.") from None
    text = _decode(data)
    if text is None:
        # Never the exception's own words: they quote the byte that did not decode.
        raise ValidationError(
            {
                what: f"the file {path} cannot be read as text (tried UTF-8, UTF-16 and "
                "Windows ANSI). Save it again as UTF-8 in Notepad"
            }
        )
    secret = text.rstrip("\r\n")
    if not secret:
        raise LiaisonError(f"The {what} file {path} is empty.")
    return secret
