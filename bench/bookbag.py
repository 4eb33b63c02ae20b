"""Whole-school book-bag run: letters per second and peak memory.

Uses the 2,000-family demo database bench/startup.py builds (once). One bilingual letter per
household in each family's language (12 translated languages plus English). Baseline in the same
process: the same letters in English only. The LibreOffice route is measured only if `soffice` is
installed (it is not on a fresh machine; the suite never needs it).

    .venv/bin/python bench/bookbag.py [--families 2000]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from liaison.services.access import open_database

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import PASSPHRASE, build

FIELDS = {"event": "Coffee morning", "date": "01/12/2026", "time": "09:00", "place": "the hall"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=2000)
    args = parser.parse_args()
    from liaison.services.letters import bookbag

    path = Path(tempfile.gettempdir()) / f"liaison-bench-startup-{args.families}" / "liaison.db"
    if not path.exists():
        build(path, args.families)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "db"
        work.mkdir()
        for suffix in ("", ".keys"):
            shutil.copy2(f"{path}{suffix}", work / f"liaison.db{suffix}")
        db = open_database(work / "liaison.db", passphrase=PASSPHRASE)
        try:
            t = time.perf_counter()
            plan = bookbag.plan(db, "event_invitation", bookbag.Selection(whole_school=True))
            plan_s = time.perf_counter() - t
            t = time.perf_counter()
            result = bookbag.run(db, plan, Path(tmp) / "bookbag.pdf", fields=FIELDS)
            run_s = time.perf_counter() - t
            size = (Path(tmp) / "bookbag.pdf").stat().st_size
            english = bookbag.Plan(
                plan.template_key,
                [i.__class__(**{**i.__dict__, "language": "ENG"}) for i in plan.items],
            )
            t = time.perf_counter()
            bookbag.run(db, english, Path(tmp) / "english.pdf", fields=FIELDS, bilingual=False)
            english_s = time.perf_counter() - t
            # The desktop app prints from a worker thread, so the letters are drawn in a child
            # process (liaison.documents.isolated): the same run that way.
            box: dict[str, float] = {}

            def from_worker() -> None:
                start = time.perf_counter()
                bookbag.run(db, plan, Path(tmp) / "worker.pdf", fields=FIELDS)
                box["s"] = time.perf_counter() - start

            thread = threading.Thread(target=from_worker)
            thread.start()
            thread.join()
            worker_s = box["s"]
        finally:
            db.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = result.letters
    langs = plan.per_language()
    print(
        f"{n} letters ({len(langs)} languages: "
        + ", ".join(f"{k} {v}" for k, v in list(langs.items())[:14])
        + ")"
    )
    print(
        f"  plan: {plan_s:.1f} s; print and record: {run_s:.1f} s -> {n / run_s:.0f} letters/s; "
        f"{result.pages} pages, {size / 1e6:.1f} MB"
    )
    print(
        f"  baseline English-only single-language, same families: {n / english_s:.0f} letters/s "
        f"-> ratio {run_s / english_s:.2f}"
    )
    print(
        f"  from a worker thread (child process, as the desktop app prints): {worker_s:.1f} s "
        f"-> {n / worker_s:.0f} letters/s, ratio {worker_s / run_s:.2f} to the in-process run"
    )
    print(f"  peak memory (whole process): {peak_mb:.0f} MB")
    print(
        "  LibreOffice route: "
        + (
            "soffice found, not measured here"
            if shutil.which("soffice")
            else "not installed on this machine, not measured"
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
