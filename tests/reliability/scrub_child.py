"""Child for the scrub test: text with a marker in it, in every size of Python's small-object
allocator, let go; then `scrub_freed_memory`; then its own memory searched for the marker.

    python -m tests.reliability.scrub_child MASK MASKED_MARKER

Prints `before <hits>`, `after <hits>` and `written <bytes>`.
"""

from __future__ import annotations

import sys

from liaison.store.memory import scrub_freed_memory
from tests.reliability.memory_child import scan, unmask


def main(mask: str, masked: str) -> None:
    marker = unmask(masked, mask)
    needles = {"marker": marker}
    # Lines of every length up to the allocator's largest small block (512 bytes), as names,
    # notes and chronology lines are: many thousands, so they fill pools of every size.
    kept = ["x" * (n % 440) + marker.decode("ascii") + f" {n}" for n in range(20_000)]
    print(f"before {scan(needles)['marker']}", flush=True)
    del kept
    print(f"written {scrub_freed_memory()}", flush=True)
    print(f"after {scan(needles)['marker']}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
