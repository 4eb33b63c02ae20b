"""Storage benchmark: the same workload on SQLCipher and on plain SQLite, in one process.

Workload (issue 2): 2,000 demo families with caregivers and pupils and 30,000 notes written
through the real services, then 1,000 full-text searches and full family-list loads. Prints the
SQLCipher/plain ratio for writes and searches, search p50/p95, and the unlock (Argon2id) time.

    .venv/bin/python bench/store.py [--families 2000] [--notes-per-family 15] [--searches 1000]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from filelock import FileLock
from sqlalchemy import select

from liaison import demo
from liaison.clock import Clock
from liaison.models import Caregiver, StoreMeta
from liaison.services import access, search
from liaison.services import families as fam
from liaison.services.access import create_database, open_database
from liaison.store import connection as rawdb
from liaison.store import migrate
from liaison.store.database import Database, keyfile_path
from liaison.store.keyfile import KdfParams, KeyFile

PASSPHRASE = "benchmark passphrase only"


class PlainDatabase(Database):
    """The same engine, sessions and services over an unencrypted stdlib sqlite3 file."""

    @classmethod
    def make(cls, path: Path) -> PlainDatabase:
        lock = FileLock(str(path) + ".lock", thread_local=False)
        lock.acquire(timeout=0)
        keyfile = KeyFile.new(keyfile_path(path))
        # The services' hooks too (the search index among them): without them the plain side
        # indexed nothing and its searches found nothing, so their ratio meant nothing.
        db = cls(path, b"\0" * 32, keyfile, lock, Clock(), access._install)
        with db.engine.connect() as conn:
            migrate.upgrade(conn)
        with db.session() as session:
            session.add(StoreMeta(key="database_id", value="plain"))
            session.add(StoreMeta(key="next_family_number", value="1"))
        return db

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        rawdb.apply_pragmas(conn)  # the same pragmas, cache size included
        return conn


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _queries(db: Database, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    with db.read() as session:
        names = [
            n
            for row in session.execute(
                select(Caregiver.given_name, Caregiver.family_name, Caregiver.family_name_latin)
            )
            for n in row
            if n
        ]
    words = ["uniform", "interpreter", "food bank", "parents evening", "attendance", "ESOL"]
    queries = []
    for _ in range(count):
        if rng.random() < 0.75:
            name = rng.choice(names)
            queries.append(name[: rng.randint(3, max(3, len(name)))])
        else:
            queries.append(rng.choice(words))
    return queries


def run_workload(db: Database, args: argparse.Namespace) -> dict[str, float | list[float]]:
    started = time.perf_counter()
    demo.build_demo(
        db,
        families=args.families,
        seed=args.seed,
        notes_per_family=(args.notes_per_family, args.notes_per_family),
    )
    write_s = time.perf_counter() - started
    queries = _queries(db, args.searches, args.seed)
    times = []
    hits = 0
    for query in queries:
        t = time.perf_counter()
        hits += len(search.search(db, query))
        times.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    for _ in range(5):
        rows = fam.list_families(db)
    list_ms = (time.perf_counter() - t) / 5 * 1000
    assert len(rows) == args.families
    return {
        "write_s": write_s,
        "search_ms": times,
        "search_total_s": sum(times) / 1000,
        "hits": hits,
        "list_ms": list_ms,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--notes-per-family", type=int, default=15)
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        cipher, _ = create_database(folder / "cipher.db", PASSPHRASE)
        create_s = time.perf_counter() - t
        plain = PlainDatabase.make(folder / "plain.db")
        # Warm up imports, Faker locales and code paths so neither side pays them alone.
        warm = PlainDatabase.make(folder / "warm.db")
        run_workload(warm, argparse.Namespace(**{**vars(args), "families": 20, "searches": 20}))
        warm.close()
        results = {}
        for name, db in (("plain", plain), ("sqlcipher", cipher)):
            print(f"running {name}...", file=sys.stderr, flush=True)
            results[name] = run_workload(db, args)
            db.close()
        sizes = {
            n: (folder / f"{n if n == 'plain' else 'cipher'}.db").stat().st_size for n in results
        }
        unlock = []
        for _ in range(3):
            t = time.perf_counter()
            reopened = open_database(folder / "cipher.db", passphrase=PASSPHRASE)
            unlock.append(time.perf_counter() - t)
            reopened.close()
        kdf = KdfParams()
        keys = KeyFile.load(keyfile_path(folder / "cipher.db"))
        t = time.perf_counter()
        keys.unwrap_with_passphrase(PASSPHRASE)
        derive_s = time.perf_counter() - t

    p, c = results["plain"], results["sqlcipher"]
    notes = args.families * args.notes_per_family
    print(f"Workload: {args.families} families, {notes} notes, {args.searches} searches")
    print(f"{'':24}{'plain':>12}{'sqlcipher':>12}{'ratio':>8}")
    for label, key, unit in (
        ("writes (build)", "write_s", "s"),
        ("searches (total)", "search_total_s", "s"),
        ("family list load", "list_ms", "ms"),
    ):
        a, b = float(p[key]), float(c[key])
        print(f"{label:24}{a:>10.2f}{unit:<2}{b:>10.2f}{unit:<2}{b / a:>8.2f}")
    for name, r in results.items():
        ms = r["search_ms"]
        assert isinstance(ms, list)
        print(
            f"search {name:10} p50 {statistics.median(ms):6.2f} ms"
            f"   p95 {_percentile(ms, 95):6.2f} ms   max {max(ms):6.2f} ms   ({r['hits']} hits)"
        )
    print(
        f"file size: plain {sizes['plain'] / 1e6:.1f} MB, "
        f"sqlcipher {sizes['sqlcipher'] / 1e6:.1f} MB"
    )
    print(
        f"unlock: Argon2id t={kdf.time_cost} m={kdf.memory_cost} KiB p={kdf.parallelism} "
        f"derive {derive_s:.2f} s; full open {min(unlock):.2f} s; create {create_s:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
