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
from typing import NamedTuple

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


class _Heap(NamedTuple):
    """Python's small-object allocator as its statistics show it."""

    free: dict[int, int]  # free blocks by block size, in pools that size uses now
    unused_pools: int  # pools no size uses now: each still holds what was last freed in it
    pool_size: int
    pool_header: int  # bytes at the start of each pool that no block covers
    alignment: int  # the step between block sizes
    largest: int  # the largest block size


def _heap() -> _Heap | None:
    """From CPython's allocator statistics; None where they are not available (not CPython,
    no stderr)."""
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
    rows = re.findall(r"^\s*\d+\s+(\d+)\s+(\d+)\s+\d+\s+(\d+)\s*$", text, re.M)
    limits = re.search(r"threshold = (\d+), in (\d+) size classes", text)
    pools = re.search(r"^(\d+) unused pools \* (\d+) bytes", text, re.M)
    headers = re.search(r"^# bytes lost to pool headers\s*=\s*([\d,]+)", text, re.M)
    if not rows or limits is None:
        return None
    used_pools = sum(int(count) for _size, count, _free in rows)
    header = int(headers[1].replace(",", "")) // used_pools if headers and used_pools else 48
    largest, steps = int(limits[1]), int(limits[2])
    return _Heap(
        free={int(size): int(free) for size, _count, free in rows},
        unused_pools=int(pools[1]) if pools else 0,
        pool_size=int(pools[2]) if pools else 0,
        pool_header=header,
        alignment=largest // steps,
        largest=largest,
    )


# Blocks asked for beyond each size's free count. Taking them changes the counts a little as
# it goes (the list that holds them grows, and frees its old storage into other sizes); a
# block left over is the oldest one of its size, where a name is as likely as anywhere.
_SPARE_BLOCKS = 32
# A pool taken fresh when a size runs out is set up for that size and holds the bytes of its
# last use beyond its first block: so every unused pool is taken first, and a few more.
_SPARE_POOLS = 4


def _whole_pool_block(heap: _Heap) -> int:
    """The block size that leaves the fewest bytes of a pool uncovered: with 16 KiB pools,
    480 leaves 16 at its end, which only the smallest blocks (16 bytes, too small for any
    text object) ever reach; 512 left 464, where earlier text stayed."""
    room = heap.pool_size - heap.pool_header
    sizes = range(heap.largest, _EMPTY_BYTES, -heap.alignment)
    return min(sizes, key=lambda size: room % size)


def scrub_freed_memory() -> int:
    """Collect garbage, then fill every free block of Python's small-object allocator (where
    names and notes read from the database end up when freed) with zeros, and let it go.
    Returns the number of bytes written; 0 where this cannot be done."""
    gc.collect()
    heap = _heap()
    if heap is None:
        return 0
    whole = _whole_pool_block(heap)
    per_pool = (heap.pool_size - heap.pool_header) // whole if heap.pool_size else 0
    wanted = {size: free + _SPARE_BLOCKS for size, free in heap.free.items()}
    # Unused pools first, in the size that covers them best, while every one is still unused.
    wanted[whole] = wanted.get(whole, 0) + (heap.unused_pools + _SPARE_POOLS) * per_pool
    order = [whole, *(size for size in wanted if size != whole)]
    filler: list[bytes] = []
    with contextlib.suppress(MemoryError):
        for size in order:
            if size >= _EMPTY_BYTES:
                filler.extend(bytes(size - _EMPTY_BYTES) for _ in range(wanted[size]))
    written = sum(len(b) for b in filler)
    del filler
    return written
