"""Reading scanned replies: pages per second for a 200-page copier scan, the memory it takes,
and the officer's keystrokes against typing the same replies in.

The scan is made as the tests make theirs (tests/scan_stack.py): a 50-family demo school's
trip consent letters and settling-in questionnaires printed for real, every page with a
reference marked by "parents" (ticks, crosses, filled boxes, faint pencil, scribbled-out
answers, blank), turned up to 5 degrees, a third upside down, noise, JPEG at quality 70, at
300 dpi (and again at 150), saved as a copier's PDF. Reading runs in a child process, so its
peak memory (ru_maxrss) is the reader's alone.

Keystrokes: reading, one key per unsure box and one for Record. Typing, counted by the rules
bench/parent_voice.py drives the entry screen with: a reference is 7 characters and Enter
(a barcode scanner types those), a tick-one question one number key, a tick-all question one
key per box and Down, Enter to save; a reply slip, its reference, Enter and one key.

    .venv/bin/python bench/scans.py [--pages 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSPHRASE = "correct horse battery staple"


def _make(tmp: Path, pages: int, dpis: tuple[int, ...]) -> dict[int, Path]:
    from liaison import demo
    from liaison.clock import FixedClock
    from liaison.services.access import create_database
    from liaison.store.keyfile import KdfParams
    from tests.scan_helpers import save_pdf
    from tests.scan_stack import build, print_school_all

    now = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
    db, _ = create_database(
        tmp / "liaison.db", PASSPHRASE, kdf=KdfParams(1, 8, 1), clock=FixedClock(now)
    )
    try:
        demo.build_demo(db, families=50, seed=7)
        pdfs = print_school_all(db, tmp)
        out = {}
        for dpi in dpis:
            stack = build(db, pdfs, dpi=dpi, seed=dpi, limit=None, total=pages - 1)
            out[dpi] = save_pdf(stack.images, tmp / f"scan-{dpi}.pdf", dpi)
            (tmp / f"truth-{dpi}.json").write_text(json.dumps(_truths(stack)))
    finally:
        db.close()
    return out


def _truths(stack) -> dict[str, str]:
    return {f"{r}:{q}": t.style for (r, q), t in stack.truths.items()}


def _read(db_path: Path, scan: Path) -> dict[str, float]:
    """In the child: read the scan, count, time, and the keystrokes either way."""
    from liaison.services.access import open_database
    from liaison.services.scans import Found, read_scans

    db = open_database(db_path, passphrase=PASSPHRASE, read_only=True)
    try:
        start = time.perf_counter()
        summary = read_scans(db, scan)
        seconds = time.perf_counter() - start
    finally:
        db.close()
    typed = 0
    for page in summary.pages:
        if page.found is Found.SLIP:
            typed += 7 + 1 + 1
        elif page.found is Found.PAGE:
            typed += 7 + 1 + 1  # reference, Enter; Enter to save
            for q in page.questions:
                chosen = page.answers.get(q.key, ("?",))
                typed += (len(chosen) + 1) if q.kind == "any" else (1 if q.kind == "one" else 0)
    counts = summary.counts()
    return {
        "pages": len(summary.pages),
        "s": seconds,
        "slips": counts[Found.SLIP],
        "questionnaire_pages": counts[Found.PAGE],
        "unsure": len(summary.unsure),
        "blank": counts[Found.BLANK],
        "review_keys": len(summary.unsure) + 1,
        "typed_keys": typed,
        "maxrss_mb": _peak_mb(),
    }


def _peak_mb() -> float:
    """This process's peak resident memory. Linux keeps ru_maxrss across exec (a child would
    report its parent's peak, here the 2 GB of made-up scans): VmHWM starts afresh."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.child:
        print(json.dumps(_read(Path(args.child[0]), Path(args.child[1]))))
        return 0
    from ui.app import make_app

    make_app(sys.argv[:1])
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        scans = _make(tmp, args.pages, (300, 150))
        for dpi, scan in scans.items():
            child = subprocess.run(
                [sys.executable, __file__, "--child", str(tmp / "liaison.db"), str(scan)],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(child.stdout.strip().splitlines()[-1])
            size = scan.stat().st_size / 1e6
            print(
                f"{dpi} dpi, {r['pages']:.0f} pages ({size:.0f} MB PDF: {r['slips']:.0f} slips, "
                f"{r['questionnaire_pages']:.0f} questionnaire pages, {r['blank']:.0f} blank): "
                f"{r['s']:.1f} s, {r['pages'] / r['s']:.1f} pages/s, peak memory "
                f"{r['maxrss_mb']:.0f} MB; {r['unsure']:.0f} boxes to confirm: "
                f"{r['review_keys']:.0f} keys to review and record, against "
                f"{r['typed_keys']:.0f} to type the same replies in "
                f"({r['typed_keys'] / max(r['review_keys'], 1):.0f}x)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
