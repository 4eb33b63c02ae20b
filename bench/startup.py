"""Start-up benchmark: process start to the unlocked families list of a 2,000-family database.

The demo database is built once into a cache folder (outside the timing, with the real Argon2id
cost). Each run starts a fresh child process, offscreen, and reports: interpreter + imports,
key derivation and open, first query (families list and Today), first paint; then the cost of
filter-as-you-type per keystroke. Baselines in the same child: a bare QMainWindow with a
QTableView over the same rows, and Qt's own fixed-string filter over the same rows.

    .venv/bin/python bench/startup.py [--families 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from liaison.services.access import create_database, open_database

PASSPHRASE = "benchmark passphrase only"
ROOT = Path(__file__).resolve().parent.parent


def build(path: Path, families: int) -> None:
    from liaison import demo

    path.parent.mkdir(parents=True, exist_ok=True)
    db, _ = create_database(path, PASSPHRASE)
    try:
        demo.build_demo(db, families=families, seed=1)
    finally:
        db.close()


def child(db_path: str, started: float) -> None:
    t_start = started
    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtWidgets import QMainWindow, QTableView

    from ui.app import make_app
    from ui.main_window import MainWindow
    from ui.messages import ScriptedMessages
    from ui.models.families_table import FamiliesModel

    t_imports = time.time()
    app = make_app(sys.argv[:1])
    window = MainWindow(Path(db_path), ScriptedMessages())
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    t_window = time.time()
    db = open_database(Path(db_path), passphrase=PASSPHRASE)
    t_open = time.time()
    window._opened(db, "benchmark")
    window.workspace.show_area("Families")
    t_query = time.time()
    app.processEvents()
    window.grab()
    t_paint = time.time()

    view = window.workspace.families
    keystrokes = []
    for text in [
        "a",
        "ah",
        "ahm",
        "ahme",
        "ahmed",
        "ahme",
        "ahm",
        "ah",
        "a",
        "",
        "k",
        "kh",
        "kha",
        "khan",
        "",
        "ال",
        "الح",
        "",
        "n",
        "na",
        "nas",
        "nasr",
        "nasri",
    ]:
        t = time.perf_counter()
        view.filter_text.setText(text)
        app.processEvents()
        keystrokes.append((time.perf_counter() - t) * 1000)
    rows = list(view.model.rows)

    # Baselines over the same rows, in the same process.
    t = time.perf_counter()
    bare = QMainWindow()
    table = QTableView()
    model = FamiliesModel()
    model.set_rows(rows)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(1)
    table.setModel(proxy)
    bare.setCentralWidget(table)
    bare.resize(1366, 768)
    bare.show()
    app.processEvents()
    bare.grab()
    bare_paint = (time.perf_counter() - t) * 1000
    bare_keys = []
    for text in ["a", "ah", "ahm", "ahme", "ahmed", "", "k", "kh", "kha", "khan", ""]:
        t = time.perf_counter()
        proxy.setFilterFixedString(text)
        app.processEvents()
        bare_keys.append((time.perf_counter() - t) * 1000)
    print(
        json.dumps(
            {
                "imports": t_imports - t_start,
                "window": t_window - t_imports,
                "unlock": t_open - t_window,
                "first_query": t_query - t_open,
                "first_paint": t_paint - t_query,
                "total": t_paint - t_start,
                "rows": len(rows),
                "keystroke_ms": keystrokes,
                "bare_paint_ms": bare_paint,
                "bare_keystroke_ms": bare_keys,
            }
        )
    )
    window.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.started)
        return 0
    cache = Path(tempfile.gettempdir()) / f"liaison-bench-startup-{args.families}" / "liaison.db"
    if not cache.exists():
        print(f"building a {args.families}-family demo database (once)...", file=sys.stderr)
        build(cache, args.families)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "LIAISON_DATA_DIR": str(cache.parent / "settings"),
    }
    results = []
    for _ in range(args.runs):
        started = time.time()
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(cache), "--started", str(started)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(results, key=lambda r: r["total"])
    print(f"{best['rows']} families, best of {args.runs} runs (offscreen)")
    for key in ("imports", "window", "unlock", "first_query", "first_paint", "total"):
        print(f"  {key:<12} {best[key] * 1000:8.0f} ms")
    keys = [k for r in results for k in r["keystroke_ms"]]
    bare = [k for r in results for k in r["bare_keystroke_ms"]]
    p95 = sorted(keys)[int(0.95 * (len(keys) - 1))]
    print(
        f"  filter per keystroke: median {statistics.median(keys):.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(keys):.1f} ms"
    )
    ratio = statistics.median(keys) / statistics.median(bare)
    print(
        "  baseline (bare QTableView, Qt fixed-string filter): median "
        f"{statistics.median(bare):.1f} ms -> ratio {ratio:.1f}"
    )
    paint_ratio = best["first_paint"] * 1000 / best["bare_paint_ms"]
    print(
        f"  baseline first paint of a bare window, same rows: {best['bare_paint_ms']:.0f} ms "
        f"-> ours is {paint_ratio:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
