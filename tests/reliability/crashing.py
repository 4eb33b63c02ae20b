"""Drive a child from tests/reliability/children.py and SIGKILL it at a chosen crash point."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "BEGIN IMMEDIATE", "PRAGMA")

needs_sigkill = hasattr(signal, "SIGKILL")


@dataclass
class ChildRun:
    points: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail), 1-based
    done: list[str] = field(default_factory=list)
    killed_at: tuple[str, str] | None = None
    returncode: int | None = None
    stderr: str = ""


def run_child(
    command: str,
    root: Path,
    *args: object,
    kill_at: int | None = None,
    on_point: Callable[[int, tuple[str, str]], None] | None = None,
    kill_if: Callable[[tuple[str, str]], bool] | None = None,
) -> ChildRun:
    """Run the child to the end, or kill it when it reaches point `kill_at` (1-based), or the
    first point `kill_if` accepts. `on_point` is called at every point while the child waits
    there (to act meanwhile)."""
    err_path = root / f".child-{command}-{os.getpid()}.err"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    run = ChildRun()
    with err_path.open("w") as err:
        # stderr goes to a file: a pipe nobody reads could fill and stall the child.
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.children", command, str(root)]
            + [str(a) for a in args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        assert child.stdin is not None and child.stdout is not None
        for line in child.stdout:
            if line.startswith("point "):
                _, number, kind, *detail = line.rstrip("\n").split(" ", 3)
                run.points.append((kind, detail[0] if detail else ""))
                assert int(number) == len(run.points)
                if (kill_at is not None and int(number) == kill_at) or (
                    kill_if is not None and kill_if(run.points[-1])
                ):
                    child.send_signal(signal.SIGKILL)
                    run.killed_at = run.points[-1]
                    break
                if on_point is not None:
                    on_point(int(number), run.points[-1])
                child.stdin.write("go\n")
                child.stdin.flush()
            elif line.startswith("done "):
                run.done.append(line[5:].strip())
        child.stdout.close()
        child.stdin.close()
        run.returncode = child.wait()
    run.stderr = err_path.read_text()
    err_path.unlink()
    if run.killed_at is None:
        assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    return run


def is_write(point: tuple[str, str]) -> bool:
    kind, detail = point
    if kind == "sql":
        return detail.upper().startswith(_WRITES)
    return True  # commits and file operations


def choose(
    rng: random.Random, points: list[tuple[str, str]], writes: int, others: int
) -> list[int]:
    """Seeded kill points (1-based): mostly where something is written, a few anywhere."""
    write_points = [i + 1 for i, p in enumerate(points) if is_write(p)]
    chosen = set(rng.sample(write_points, min(writes, len(write_points))))
    rest = [i + 1 for i in range(len(points)) if i + 1 not in chosen]
    chosen |= set(rng.sample(rest, min(others, len(rest))))
    return sorted(chosen)
