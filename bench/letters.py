"""Letters per second: single bilingual letters across languages, and a book-bag run in one PDF.

Baseline in the same process: the same letters in English only (no second section, no complex
scripts), so the ratio shows what the home languages cost.

    .venv/bin/python bench/letters.py [--letters 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from liaison.services.access import create_database

LANGS = ["POL", "RMN", "UKR", "ARA", "URD", "BNG", "PNJG", "TIG", "CHI", "SOM", "PRSD", "POR"]
FIELDS = {"date": "25/11/2026", "time": "15:30", "place": "Room 7", "interpreter": "yes"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=300)
    args = parser.parse_args()
    from liaison import demo
    from liaison.documents.render import render_pdf
    from liaison.services import families as fam
    from liaison.services import letters
    from liaison.store.keyfile import KdfParams

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, _ = create_database(folder / "b.db", "bench passphrase", kdf=KdfParams(1, 8, 1))
        try:
            demo.build_demo(db, families=60, seed=4)
            rows = fam.list_families(db)
            t = time.perf_counter()
            docs, english = [], []
            for i in range(args.letters):
                row = rows[i % len(rows)]
                code = LANGS[i % len(LANGS)]
                docs.append(
                    letters.prepare(
                        db, "meeting_invitation", row.id, language=code, fields=FIELDS
                    ).document
                )
                english.append(
                    letters.prepare(
                        db, "meeting_invitation", row.id, language="ENG", fields=FIELDS
                    ).document
                )
            prepare_s = (time.perf_counter() - t) / 2
            render_pdf(docs[:5], folder / "warm.pdf")  # fonts and shaping caches warm
            t = time.perf_counter()
            result = render_pdf(docs, folder / "bookbag.pdf")
            mixed_s = time.perf_counter() - t
            t = time.perf_counter()
            render_pdf(english, folder / "english.pdf")
            english_s = time.perf_counter() - t
            size = (folder / "bookbag.pdf").stat().st_size
            t = time.perf_counter()
            singles = 20
            for i in range(singles):
                render_pdf([docs[i]], folder / f"single{i}.pdf")
            single_s = (time.perf_counter() - t) / singles
        finally:
            db.close()
    n = args.letters
    print(
        f"{n} bilingual letters in {len(LANGS)} languages + English, one PDF, {result.pages} pages"
    )
    print(f"  render: {n / mixed_s:6.0f} letters/s  ({size / 1e6:.1f} MB)")
    print(
        f"  baseline English-only, same letters: {n / english_s:6.0f} letters/s "
        f"-> ratio {mixed_s / english_s:.2f}"
    )
    print(f"  preparing the text (database, templates, babel): {n / prepare_s:6.0f} letters/s")
    print(f"  one letter per PDF (the officer's single letter): {1000 * single_s:.0f} ms each")
    run_s = 1500 / (n / mixed_s) + 1500 / (n / prepare_s)
    print(f"  a 1,500-letter book-bag run would take about {run_s:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
