"""Forgetting the data key and the records after Lock: what Python can do, and no more.

Python strings and bytes are immutable and its allocator does not clear memory it frees, so
a name read from the database stays in the process's memory, unreferenced, until the same
memory is used again. At Lock the app drops every reference it holds (the database, its
engine and sessions, the screens' rows), zeroes the key (a bytearray), wipes the few
immutable copies of the key it had to make (`wipe`), collects garbage and then overwrites
the small-object allocator's free blocks with zeros (`scrub_freed_memory`). The key never
goes through SQL text (store/connection.py uses sqlite3_key with a bytearray), and
SQLCipher zeroes its own copy when a connection closes.

What this cannot promise (README): memory the C libraries (Qt, SQLite's page cache, the C
allocator) freed is not cleared; memory the operating system wrote to the page file or the
hibernation file stays there; another program running as the same user, or an
administrator, can read the process while it runs. Core dumps are turned off
(services/hardening.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import re
import sys
import tempfile

_BYTES_HEADER = sys.getsizeof(b"") - 1  # offset of a bytes object's data (CPython)
_EMPTY_BYTES = sys.getsizeof(b"")  # a bytes of n bytes takes this plus n from the allocator
# Below this length a bytes object may be one of CPython's shared singletons: never touch it.
_MIN_WIPE = 16


def wipe(secret: bytes | bytearray) -> None:
    """Overwrite a key's bytes with zeros. A bytearray is zeroed in place; an immutable bytes
    object (CPython only; what cryptography returns) is zeroed where it lies, after checking,
    without copying it, that the bytes found there are its own. The caller must be done with
    it: from now on it reads as zeros."""
    if isinstance(secret, bytearray):
        secret[:] = bytes(len(secret))
        return
    if len(secret) < _MIN_WIPE or sys.implementation.name != "cpython":
        return
    there = (ctypes.c_ubyte * len(secret)).from_address(id(secret) + _BYTES_HEADER)
    if memoryview(there).cast("B") == memoryview(secret):
        ctypes.memset(ctypes.addressof(there), 0, len(secret))


def _free_blocks() -> tuple[dict[int, int], int, int] | None:
    """From CPython's allocator statistics: free blocks per size class, unused pools and
    the pool size. None where the statistics are not available (not CPython, no stderr)."""
    debug = getattr(sys, "_debugmallocstats", None)
    if debug is None:
        return None
    try:
        with tempfile.TemporaryFile() as capture:
            sys.stderr.flush()
            saved = os.dup(2)
            try:
                os.dup2(capture.fileno(), 2)
                debug()
            finally:
                os.dup2(saved, 2)
                os.close(saved)
            capture.seek(0)
            text = capture.read().decode("ascii", "replace")
    except (OSError, ValueError):
        return None
    classes = {
        int(m[1]): int(m[2])
        for m in re.finditer(r"^\s*\d+\s+(\d+)\s+\d+\s+\d+\s+(\d+)\s*$", text, re.M)
    }
    pools = re.search(r"^(\d+) unused pools \* (\d+) bytes", text, re.M)
    unused, pool_size = (int(pools[1]), int(pools[2])) if pools else (0, 0)
    return (classes, unused, pool_size) if classes else None


def scrub_freed_memory() -> int:
    """Collect garbage, then fill every free block of Python's small-object allocator (where
    names and notes read from the database end up when freed) with zeros, and let it go.
    Returns the number of bytes written; 0 where this cannot be done."""
    gc.collect()
    stats = _free_blocks()
    if stats is None:
        return 0
    classes, unused_pools, pool_size = stats
    filler: list[bytes] = []
    with contextlib.suppress(MemoryError):
        for size, free in classes.items():
            if size >= _EMPTY_BYTES:
                filler.extend(bytes(size - _EMPTY_BYTES) for _ in range(free))
        biggest = max(classes)
        # Pools no class uses now also hold what was freed in them: take them all.
        filler.extend(
            bytes(biggest - _EMPTY_BYTES) for _ in range(unused_pools * pool_size // biggest)
        )
    written = sum(len(b) for b in filler)
    del filler
    return written
