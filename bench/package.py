"""The one-folder build against the venv: start-up of `--version` and the whole `selftest`.

    make package && QT_QPA_PLATFORM=offscreen .venv/bin/python bench/package.py [RUNS]

Each command runs RUNS times (default 5) as a fresh process from an empty working folder; the
median wall time is printed for both, with frozen/venv ratios, and the size of dist/liaison/.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = ".exe" if sys.platform == "win32" else ""
VENV_BIN = Path(sys.executable).parent
COMMANDS = {
    "venv": [str(VENV_BIN / f"liaison{EXE}")],
    "frozen": [str(ROOT / "dist" / "liaison" / f"liaison-cli{EXE}")],
}


def timed(argv: list[str], cwd: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    dist = ROOT / "dist" / "liaison"
    if not dist.is_dir():
        print("No dist/liaison/: run `make package` first.", file=sys.stderr)
        return 1
    files = sum(1 for p in dist.rglob("*") if p.is_file())
    print(f"dist/liaison/: {folder_size(dist) / 2**20:.0f} MiB in {files} files")
    with tempfile.TemporaryDirectory() as tmp:
        results: dict[tuple[str, str], float] = {}
        for what, args in (("--version", ["--version"]), ("selftest", ["selftest"])):
            for kind, argv in COMMANDS.items():
                timed([*argv, *args], Path(tmp))  # warm the file cache
                times = [timed([*argv, *args], Path(tmp)) for _ in range(runs)]
                results[kind, what] = statistics.median(times)
            venv, frozen = results["venv", what], results["frozen", what]
            print(
                f"{what:<10} venv {venv:6.2f} s   frozen {frozen:6.2f} s   "
                f"frozen/venv {frozen / venv:.2f}x   (median of {runs})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
