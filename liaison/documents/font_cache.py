"""The renamed fonts (liaison.documents.font_rename) kept as files, so that Qt maps them.

Registered from bytes in memory, the packaged fonts (37 MB, the CJK collection 33 MB of it) were
held by every process that draws text: the window and each book-bag renderer, about 70 MB each
with the copies made on the way. Registered by path, Qt (through FreeType, or the system's font
loader on Windows) maps the file and reads only the glyphs it draws, and processes share those
pages. So each renamed font is written once to the user's cache folder (public font data, no
record of anyone), named by its source's size and modification time, and used from there; if
the folder cannot be written, the font is registered from memory as before.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import platformdirs

from liaison.documents.font_rename import PREFIX, renamed_font_data


def folder() -> Path:
    """LIAISON_CACHE_DIR if set, else the platform's user cache folder."""
    override = os.environ.get("LIAISON_CACHE_DIR")
    base = Path(override) if override else Path(platformdirs.user_cache_dir("Liaison", False))
    return base / "fonts"


def renamed_file(source: Path) -> Path | None:
    """The renamed copy of `source` in the cache, written if missing; None if it cannot be."""
    try:
        stat = source.stat()
        prefix = PREFIX.strip().lower()
        target = (
            folder() / f"{prefix}-{source.stem}-{stat.st_size}-{stat.st_mtime_ns}{source.suffix}"
        )
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        data = renamed_font_data(source)
        # Two processes may write it at once: each writes its own file and renames it in place.
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return target
    except OSError:
        return None
