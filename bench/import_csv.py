"""A big MIS CSV through `liaison import`: time and peak memory of the dry run (and, with
--real, the import), each in a fresh process, on a new empty database.

    .venv/bin/python bench/import_csv.py [--rows 100000] [--real]

The rows are fictional (Faker, seeded): one per pupil, households of 1-3 pupils with one or
two contacts, every UPN distinct, as an MIS export of a very large trust would be.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from faker import Faker
from liaison.services.validation import upn_check_letter

from liaison.store.database import Database
from liaison.store.keyfile import KdfParams

PASSPHRASE = "bench passphrase for import"
HEADERS = [
    "UPN", "Legal Surname", "Legal Forename", "DOB", "Year", "Reg", "Home Lang", "Address 1",
    "Town", "Postcode", "Contact 1 Forename", "Contact 1 Surname", "Contact 1 Relationship",
    "Contact 1 Mobile", "Contact 2 Forename", "Contact 2 Surname", "Contact 2 Relationship",
]  # fmt: skip


def write_csv(path: Path, rows: int, seed: int = 5) -> None:
    fk = Faker("en_GB")
    fk.seed_instance(seed)
    rng = random.Random(seed)
    languages = ["ENG", "POL", "URD", "ARA", "BNG", "RMN", "SOM", "PNJG"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        number = 0
        while number < rows:
            surname = fk.last_name()
            street, postcode = f"{rng.randint(1, 300)} {fk.street_name()}", fk.postcode()
            mum, dad = fk.first_name_female(), fk.first_name_male()
            two = rng.random() < 0.6
            for _ in range(rng.choice((1, 1, 2, 3))):
                if number >= rows:
                    break
                number += 1
                body = f"{820885100000 + number:012d}"[-12:]
                year = rng.randint(0, 6)
                dob = dt.date(2026 - 5 - year, 9, 1) + dt.timedelta(days=rng.randint(0, 364))
                writer.writerow(
                    [
                        upn_check_letter(body) + body, surname, fk.first_name(),
                        f"{dob:%d/%m/%Y}", "R" if year == 0 else year, f"{year}A",
                        rng.choice(languages), street, "Northbridge", postcode, mum, surname,
                        "Mother", f"07700 9{number % 100000:05d}", dad if two else "",
                        surname if two else "", "Father" if two else "",
                    ]
                )  # fmt: skip


def run(db: Path, secret: Path, csv_path: Path, *flags: str) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (steadier on a shared machine) and peak MiB of one
    `liaison import` in a fresh process."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    where = ["--db", str(db), "--passphrase-file", str(secret)]
    done = subprocess.run(
        [sys.executable, "-m", "liaison.cli", "import", str(csv_path), *flags, *where],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
    if peak <= before:
        print("  (peak memory not measurable: an earlier child used more)")
    last = (done.stdout.strip().splitlines() or [""])[-1] if done.returncode == 0 else done.stderr
    return seconds, cpu, peak / 1024, last[:300]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--real", action="store_true", help="also run the real import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "mis.csv"
        write_csv(csv_path, args.rows)
        print(f"{args.rows:,} rows, {os.path.getsize(csv_path) / 1e6:.1f} MB")
        db_path = folder / "liaison.db"
        Database.create(db_path, PASSPHRASE, kdf=KdfParams(1, 8, 1))[0].close()
        secret = folder / "pass.txt"
        secret.write_text(PASSPHRASE)
        seconds, cpu, mib, last = run(db_path, secret, csv_path, "--dry-run")
        print(f"dry run: {seconds:.1f} s ({cpu:.1f} s CPU), peak {mib:.0f} MiB\n  {last}")
        if args.real:
            seconds, cpu, mib, last = run(db_path, secret, csv_path)
            print(f"import: {seconds:.1f} s ({cpu:.1f} s CPU), peak {mib:.0f} MiB\n  {last}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
