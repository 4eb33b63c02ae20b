"""Today page on a 2,000-family demo database with about three years of history.

Prints the Today computation time (median and p95 of 20 runs) and the ratio to loading the
families list from the same database in the same process (the list the officer sees anyway).
Reuses the database bench/startup.py builds (real Argon2id cost, built once).

    .venv/bin/python bench/today.py [--families 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from liaison.models import Action, Meeting
from liaison.services import families
from liaison.services.access import open_database
from liaison.services.casework import today

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import PASSPHRASE, build


def timed(fn, runs: int = 20) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=2000)
    args = parser.parse_args()
    path = Path(tempfile.gettempdir()) / f"liaison-bench-startup-{args.families}" / "liaison.db"
    if not path.exists():
        print("building the demo database (once)...", file=sys.stderr)
        build(path, args.families)
    db = open_database(path, passphrase=PASSPHRASE)
    try:
        with db.read() as session:
            n_meetings = session.scalar(select(func.count()).select_from(Meeting))
            n_actions = session.scalar(select(func.count()).select_from(Action))
            first = session.scalar(select(func.min(Meeting.starts_at)))
        page = today.compute(db)
        today_ms = timed(lambda: today.compute(db))
        list_ms = timed(lambda: families.list_families(db))
    finally:
        db.close()
    p95 = sorted(today_ms)[int(0.95 * (len(today_ms) - 1))]
    print(
        f"{args.families} families, {n_meetings} meetings since {first:%d/%m/%Y}, "
        f"{n_actions} actions"
    )
    print(
        f"Today lines: {len(page.meetings_today)} meetings today, {len(page.actions)} actions, "
        f"{len(page.check_ins)} check-ins, {len(page.no_contact)} no contact, "
        f"{len(page.no_day1)} without Day 1"
    )
    print(
        f"Today compute: median {statistics.median(today_ms):.0f} ms, p95 {p95:.0f} ms "
        f"(target < 200 ms)"
    )
    print(
        f"baseline families list: median {statistics.median(list_ms):.0f} ms -> ratio "
        f"{statistics.median(today_ms) / statistics.median(list_ms):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
