"""Import a 2,000-pupil Common Transfer File into a fresh SQLCipher database.

The CTF is fictional (Faker; liaison/demo/ctf_sample.py). Times, in one process: reading and
checking the file alone (the baseline), the dry run (reading + matching + grouping + the plan),
the real import (one transaction, search index and audit included; target under 10 s), and the
same file imported again (every pupil matched, nothing to write). Prints the ratios to reading.

    .venv/bin/python bench/import.py [--pupils 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from liaison.demo.ctf_sample import fictional_ctf
from liaison.services import families as fam
from liaison.services import mis_import as imports
from liaison.services.access import create_database

PASSPHRASE = "bench passphrase for import"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ctf = folder / "export.xml"
        t = time.perf_counter()
        ctf.write_bytes(fictional_ctf(args.pupils, args.seed))
        print(
            f"generated {ctf.stat().st_size / 1e6:.1f} MB CTF in {time.perf_counter() - t:.1f} s",
            file=sys.stderr,
        )
        db, _ = create_database(folder / "liaison.db", PASSPHRASE)
        try:
            imports.read_file(ctf)  # warm up imports and code paths
            reads = []
            for _ in range(3):
                t = time.perf_counter()
                parsed = imports.read_file(ctf)
                reads.append(time.perf_counter() - t)
            read_s = statistics.median(reads)
            t = time.perf_counter()
            plan = imports.preview(db, imports.read_file(ctf))
            dry_s = time.perf_counter() - t
            t = time.perf_counter()
            result = imports.run(db, imports.read_file(ctf))
            import_s = time.perf_counter() - t
            t = time.perf_counter()
            again = imports.run(db, imports.read_file(ctf))
            again_s = time.perf_counter() - t
            families = len(fam.list_families(db))
        finally:
            db.close()
    c = result.counts()
    assert c["pupils_created"] == args.pupils, c
    assert again.counts()["pupils_created"] == 0 and again.counts()["families_created"] == 0
    print(f"pupils in file         {len(parsed.pupils)}")
    print(f"families proposed      {plan.counts()['families_created']} (held after: {families})")
    print(f"caregivers created     {c['caregivers_created']}")
    print(f"read + check file      {read_s:6.2f} s   (baseline, median of 3)")
    print(f"dry run (plan)         {dry_s:6.2f} s   {dry_s / read_s:5.1f}x reading")
    print(f"import (1 transaction) {import_s:6.2f} s   {import_s / read_s:5.1f}x reading")
    print(f"same file again        {again_s:6.2f} s   {again_s / read_s:5.1f}x reading")
    print(f"target: import under 10 s -> {'met' if import_s < 10 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
