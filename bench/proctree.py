"""Run a command as a whole process and watch the memory of its whole process tree.

Every 20 ms: the resident set (RSS) and proportional set (PSS: shared pages split between the
processes sharing them) of the process and all its descendants, summed, from /proc (Linux; on
other systems only the wall time is measured). A renderer child or a LibreOffice helper counts
as much as the process that started it.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sample:
    at: float  # seconds since start
    processes: int
    rss_mb: float
    pss_mb: float


@dataclass
class Run:
    wall_s: float
    returncode: int
    samples: list[Sample] = field(default_factory=list)

    @property
    def peak_rss_mb(self) -> float:
        return max((s.rss_mb for s in self.samples), default=0.0)

    @property
    def peak_pss_mb(self) -> float:
        return max((s.pss_mb for s in self.samples), default=0.0)

    def peak_with_children(self) -> tuple[float, float]:
        """Peak RSS and PSS while the process had children (a print run's renderers, which
        start once the key is derived): the run without the unlock's Argon2id moment. The
        whole run's peaks when it never had any."""
        busy = [s for s in self.samples if s.processes > 1] or self.samples
        return (
            max((s.rss_mb for s in busy), default=0.0),
            max((s.pss_mb for s in busy), default=0.0),
        )


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(parent, []).append(int(name))
    return kids


def _tree(root: int) -> list[int]:
    kids, out, i = _children(), [root], 0
    while i < len(out):
        out += kids.get(out[i], [])
        i += 1
    return out


def _kb(path: str, key: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(
    argv: list[str], env: dict[str, str] | None = None, quiet: bool = True, watch: bool = True
) -> Run:
    """The command's wall time and, when `watch`, its tree's memory over time.

    Watching is not free: walking /proc and reading every process's smaps_rollup each 20 ms
    took about a sixth of a core, which slowed a two-core book-bag run by 1.2-1.6 s (15%) and a
    one-core LibreOffice conversion hardly at all. Time runs unwatched; watch separate runs."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        env=env,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    samples: list[Sample] = []
    watching = watch and os.path.isdir("/proc/self")

    def sample() -> None:
        while process.poll() is None:
            pids = _tree(process.pid)
            rss = sum(_kb(f"/proc/{p}/status", "VmRSS:") for p in pids)
            pss = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
            samples.append(Sample(time.perf_counter() - started, len(pids), rss / 1024, pss / 1024))
            time.sleep(0.02)

    watcher = threading.Thread(target=sample, daemon=True) if watching else None
    if watcher is not None:
        watcher.start()
    returncode = process.wait()
    wall = time.perf_counter() - started
    if watcher is not None:
        watcher.join()
    return Run(wall, returncode, samples)
