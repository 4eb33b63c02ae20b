"""Process-wide protections, set once at the start of the app and of the command line.

- umask 077 (POSIX): anything this process creates, including files written by libraries
  (Qt, reportlab) and temporary files, is readable by its owner only. Liaison's own files are
  created owner-only explicitly as well (store/files.py), so this is a second line. On
  Windows files inherit the ACLs of their folder: the user's profile is private to them.
- No core dumps (RLIMIT_CORE 0): a crash must not write the process's memory, which holds
  the data key and whatever records were on screen, into a file on disk.
"""

from __future__ import annotations

import contextlib
import os


def harden() -> None:
    if os.name == "posix":
        os.umask(0o077)
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
