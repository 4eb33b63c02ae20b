"""Start-up benchmark: the first window, then unlocking to the painted families list.

1. First window (under Xvfb, when Xvfb and xdotool are installed): `python -m ui` on the
   2,000-family demo database, which opens on the unlock screen, against a bare PySide6 window
   with a table started the same way, alternately; time from process start to a viewable window
   (bench/first_window.py). Bytecode is cached, as on a user's PC after the first start.
2. In a fresh offscreen process, as a user: the window as `main()` shows it (the database code
   loading on a thread meanwhile, ui/preload.py), the passphrase typed and Unlock pressed, until
   the families list is painted with every family; against the key derivation (Argon2id) alone
   in the same process. Then filter-as-you-type per keystroke against a bare QTableView with
   Qt's own filter over the same rows.

The demo database is built once into a cache folder (outside the timing, with the real
Argon2id cost).

    .venv/bin/python bench/startup.py [--families 2000] [--runs 5]
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

PASSPHRASE = "benchmark passphrase only"
ROOT = Path(__file__).resolve().parent.parent


def build(path: Path, families: int) -> None:
    from liaison import demo
    from liaison.services.access import create_database

    path.parent.mkdir(parents=True, exist_ok=True)
    db, _ = create_database(path, PASSPHRASE)
    try:
        demo.build_demo(db, families=families, seed=1)
    finally:
        db.close()


def child(db_path: str, started: float) -> None:
    t_start = started
    from PySide6.QtCore import QSortFilterProxyModel, QTimer
    from PySide6.QtWidgets import QMainWindow, QTableView

    try:
        from ui import preload
    except ImportError:  # a checkout from before the window came first
        preload = None
    from ui.app import make_app
    from ui.main_window import MainWindow
    from ui.messages import ScriptedMessages

    t_imports = time.time()
    app = make_app(sys.argv[:1])
    window = MainWindow(Path(db_path), ScriptedMessages())
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.grab()
    t_window = time.time()
    if preload is not None:
        QTimer.singleShot(50, preload.start)  # as main() does
        # The officer types for a second or two; the code loads meanwhile.
        while not preload.done():
            app.processEvents()
            time.sleep(0.005)
    t_loaded = time.time()
    view = window.unlock_view
    view.secret.setText(PASSPHRASE)
    marks: dict[str, float] = {}
    opened = window._opened

    def timed_opened(db, how):
        marks["db_open"] = time.time()  # key derived, database open, opening logged
        opened(db, how)
        marks["screens_loaded"] = time.time()  # families list and Today read and shown

    window._opened = timed_opened
    t_unlock = time.time()
    view.unlock_button.click()
    marks["screens_built"] = time.time()  # the workspace, built while the key is derived
    while not (window.vault.is_open and window.stack.currentWidget() is window.workspace):
        app.processEvents()
        time.sleep(0.001)
    window.workspace.show_area("Families")
    app.processEvents()
    window.grab()
    t_painted = time.time()
    rows_shown = window.workspace.families.model.rowCount()

    from liaison.store.database import keyfile_path
    from liaison.store.keyfile import KeyFile

    keys = KeyFile.load(keyfile_path(Path(db_path)))
    t = time.time()
    keys.unwrap_with_passphrase(PASSPHRASE)
    kdf = time.time() - t
    from ui.models.families_table import FamiliesModel

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
                "window": t_window - t_start,
                "preload": t_loaded - t_window,
                "unlock_to_list": t_painted - t_unlock,
                "screens_built": marks["screens_built"] - t_unlock,
                "db_open": marks["db_open"] - t_unlock,
                "screens_loaded": marks["screens_loaded"] - marks["db_open"],
                "painted": t_painted - marks["screens_loaded"],
                "kdf": kdf,
                "rows": rows_shown,
                "keystroke_ms": keystrokes,
                "bare_paint_ms": bare_paint,
                "bare_keystroke_ms": bare_keys,
            }
        )
    )
    window.close()


def first_windows(cache: Path, runs: int, code: Path) -> tuple[list[float], list[float]] | None:
    import first_window

    if not first_window.available():
        return None
    env = {**os.environ, "PYTHONPATH": str(code), "LIAISON_DB": str(cache),
           "LIAISON_DATA_DIR": str(cache.parent / "settings")}  # fmt: skip
    for name in ("QT_QPA_PLATFORM", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)  # a real display; bytecode cached as on a user's PC
    ours, bare = [], []
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bare.py"
        script.write_text(first_window.BARE, "utf-8")
        with first_window.xvfb() as display:
            env["DISPLAY"] = display
            for n in range(runs + 1):  # the first round fills the caches; not counted
                a = first_window.time_to_window([sys.executable, "-m", "ui"], env, "Liaison")
                b = first_window.time_to_window([sys.executable, str(script)], env, "Bare window")
                if n:
                    ours.append(a)
                    bare.append(b)
    return ours, bare


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    parser.add_argument(
        "--code", type=Path, default=ROOT, help="the checkout to measure (e.g. another branch)"
    )
    args = parser.parse_args()
    if args.child:
        child(args.child, args.started)
        return 0
    cache = Path(tempfile.gettempdir()) / f"liaison-bench-startup-{args.families}" / "liaison.db"
    if not cache.exists():
        print(f"building a {args.families}-family demo database (once)...", file=sys.stderr)
        build(cache, args.families)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.families} families; medians of {args.runs} runs; load average {load:.1f}")
    windows = first_windows(cache, args.runs, args.code)
    if windows is None:
        print("  first window: not measured (needs Xvfb and xdotool)")
    else:
        ours, bare = windows
        ratio = statistics.median(a / b for a, b in zip(ours, bare, strict=True))
        print(
            f"  first window (Xvfb): ours {statistics.median(ours) * 1000:.0f} ms, bare PySide6 "
            f"window {statistics.median(bare) * 1000:.0f} ms -> ratio {ratio:.2f}"
        )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(args.code),
        "LIAISON_DATA_DIR": str(cache.parent / "settings"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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

    def median_ms(key: str) -> float:
        return statistics.median(r[key] for r in results) * 1000

    print(f"  offscreen, {results[0]['rows']} families listed:")
    print(f"    imports before the window        {median_ms('imports'):6.0f} ms")
    print(f"    window shown (from start)        {median_ms('window'):6.0f} ms")
    print(f"    code loaded while typing         {median_ms('preload'):6.0f} ms (on a thread)")
    over = statistics.median(r["unlock_to_list"] - r["kdf"] for r in results) * 1000
    print(
        f"    Unlock pressed -> list painted   {median_ms('unlock_to_list'):6.0f} ms = key "
        f"derivation {median_ms('kdf'):.0f} ms + {over:.0f} ms"
    )
    print(
        f"      (screens built while the key is derived {median_ms('screens_built'):.0f} ms; "
        f"database open {median_ms('db_open'):.0f} ms; list and Today read and shown "
        f"{median_ms('screens_loaded'):.0f} ms; painted {median_ms('painted'):.0f} ms)"
    )
    keys = [k for r in results for k in r["keystroke_ms"]]
    bare = [k for r in results for k in r["bare_keystroke_ms"]]
    p95 = sorted(keys)[int(0.95 * (len(keys) - 1))]
    print(
        f"    filter per keystroke: median {statistics.median(keys):.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(keys):.1f} ms"
    )
    ratio = statistics.median(keys) / statistics.median(bare)
    print(
        "    baseline (bare QTableView, Qt fixed-string filter): median "
        f"{statistics.median(bare):.1f} ms -> ratio {ratio:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
