"""Whole-school book-bag run against the route schools use today, side by side in one run.

Ours: `liaison bookbag --all` from the command line as a whole process (start-up, unlock, plan,
print on every core, record), on a copy of the 2,000-household demo database bench/startup.py
builds once: one bilingual letter per household in its language (12 translations and English).
Then the same run from a worker thread, as the desktop app prints it, also as a whole process:
unlock, plan (the counts the app shows), the renderers started as Print is pressed, a save dialog
of DIALOG_S seconds (the officer choosing where to save; taken off the time reported, as it is
the officer's own), then the run on a thread.
The school's route: the same letters in one mail-merged .docx built with python-docx, then
converted by LibreOffice headless as a whole process (bench/school_route.py). Building the
.docx is timed too; exporting the data from the MIS is not, which favours LibreOffice.

Runs alternate (ours, the route, the worker, ...) so a machine that slows down slows all of
them; medians and the ratio of medians are printed, with pages. Timed runs are not watched:
the peak memory of each whole process tree (every renderer child or LibreOffice helper
included; RSS summed, and PSS) comes from one more run of each, watched, whose time is not
counted (sampling /proc slowed our two-core run by 15%, bench/proctree.py).
Needs LibreOffice (`apt-get install libreoffice-writer-nogui`) and python-docx
(`pip install -e '.[bench]'`); without them only our side is measured. Neither is part of
`make test`.

    .venv/bin/python bench/bookbag.py [--families 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import proctree
import school_route
from startup import PASSPHRASE, ROOT, build

FIELDS = {"event": "Coffee morning", "date": "01/12/2026", "time": "09:00", "place": "the hall"}
FIELD_ARGS = [arg for k, v in FIELDS.items() for arg in ("--field", f"{k}={v}")]
ARGON2_MB = 256  # the unlock's key derivation holds this much for about half a second
DIALOG_S = 1.0  # the app's save dialog, open while its renderers start


def _copy(cache: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".keys"):
        shutil.copy2(f"{cache}{suffix}", folder / f"liaison.db{suffix}")
    return folder / "liaison.db"


def _letters(cache: Path, folder: Path) -> tuple[list, int]:
    """The documents `liaison bookbag --all` prints (cover sheets apart), and their count."""
    from liaison.services import letters
    from liaison.services.access import open_database
    from liaison.services.letters import bookbag

    db = open_database(_copy(cache, folder), passphrase=PASSPHRASE)
    try:
        plan = bookbag.plan(db, "event_invitation", bookbag.Selection(whole_school=True))
        documents = [
            letters.prepare(
                db,
                plan.template_key,
                i.family_id,
                caregiver_id=i.caregiver_id,
                pupil_id=i.pupil_id,
                language=i.language,
                fields=FIELDS,
                draft=plan.drafts[i.family_id],
            ).document
            for i in plan.items
        ]
    finally:
        db.close()
    return documents, len(plan.per_language())


WORKER = """
import sys, threading, time
from pathlib import Path
from liaison.services.access import open_database
from liaison.services.early_unlock import start_renderers
from liaison.services.letters import bookbag

def main():
    db = open_database(Path(sys.argv[1]), passphrase=sys.argv[2])
    fields = dict(arg.split("=", 1) for arg in sys.argv[5:])
    # As ui/views/bookbag_view.py does on Print: the plan whose counts it shows, the renderers
    # started, then the save dialog; the run goes on the database worker, a thread.
    plan = bookbag.plan(db, "event_invitation", bookbag.Selection(whole_school=True))
    start_renderers(off_main_thread=True)
    time.sleep(float(sys.argv[4]))
    box = {}

    def job():
        box["result"] = bookbag.run(db, plan, Path(sys.argv[3]), fields=fields)

    thread = threading.Thread(target=job)  # as the desktop app's worker pool runs it
    thread.start()
    thread.join()
    db.close()
    print(box["result"].letters, box["result"].pages, flush=True)

if __name__ == "__main__":
    main()
    # The app goes on running after a print run: its user never waits for an interpreter's
    # teardown (0.3 s here), and the command line skips it too (liaison.cli.main.run).
    import os
    os._exit(0)
"""


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--code", type=Path, default=ROOT, help="the checkout to measure (e.g. another branch)"
    )
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / f"liaison-bench-startup-{args.families}" / "liaison.db"
    if not cache.exists():
        print(f"building a {args.families}-family demo database (once)...", file=sys.stderr)
        build(cache, args.families)
    have_route = school_route.soffice() is not None
    try:
        import docx  # noqa: F401
    except ImportError:
        have_route = False
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(args.code)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's PC caches bytecode
    liaison = str(Path(sys.executable).with_name("liaison"))
    results: dict[str, list[proctree.Run]] = {"ours": [], "worker": [], "route": []}
    memory: dict[str, list[proctree.Run]] = {"ours": [], "worker": [], "route": []}
    build_s: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "pass").write_text(PASSPHRASE, "utf-8")
        (work / "worker.py").write_text(WORKER, "utf-8")
        documents, language_count = _letters(cache, work / "prep")
        route_env = dict(env)
        if have_route:
            route_env["FONTCONFIG_FILE"] = str(school_route.fontconfig_file(work))
            school_route.warm_profile(work / "lo-profile", route_env)
        # Round 0 warms caches and is not counted; the last round is watched for memory only
        # (a watched run is slower: bench/proctree.py says why).
        for n in range(args.runs + 2):
            watch = n == args.runs + 1
            db = _copy(cache, work / f"ours{n}")
            ours = proctree.run(
                [liaison, "bookbag", "--template", "event_invitation", "--all", *FIELD_ARGS,
                 "--db", str(db), "--passphrase-file", str(work / "pass"),
                 "--out", str(work / f"ours{n}.pdf")],
                env=env, watch=watch,
            )  # fmt: skip
            if have_route:
                started = time.perf_counter()
                school_route.build_docx(documents, work / f"route{n}.docx")
                built = time.perf_counter() - started
                route = proctree.run(
                    school_route.convert_command(
                        work / f"route{n}.docx", work, work / "lo-profile"
                    ),
                    env=route_env,
                    watch=watch,
                )
            db = _copy(cache, work / f"worker{n}")
            worker = proctree.run(
                [sys.executable, str(work / "worker.py"), str(db), PASSPHRASE,
                 str(work / f"worker{n}.pdf"), str(DIALOG_S),
                 *(f"{k}={v}" for k, v in FIELDS.items())],
                env=env, watch=watch,
            )  # fmt: skip
            if watch:
                memory["ours"].append(ours)
                memory["worker"].append(worker)
                if have_route:
                    memory["route"].append(route)
                print(f"watched for memory: ours {ours.wall_s:.1f} s, worker thread "
                      f"{worker.wall_s:.1f} s" + (f", route conversion {route.wall_s:.1f} s"
                      if have_route else ""), file=sys.stderr)  # fmt: skip
                continue
            if n == 0:
                continue
            results["ours"].append(ours)
            results["worker"].append(worker)
            if have_route:
                results["route"].append(route)
                build_s.append(built)
            print(f"round {n}: ours {ours.wall_s:.1f} s, worker thread "
                  f"{worker.wall_s - DIALOG_S:.1f} s"
                  + (f", route {built:.1f} + {route.wall_s:.1f} s" if have_route else ""),
                  file=sys.stderr)  # fmt: skip
        pages = {"ours": _pages(work / f"ours{args.runs}.pdf")}
        if have_route:
            pages["route"] = _pages(work / f"route{args.runs}.pdf")
    _report(results, memory, build_s, pages, len(documents), language_count)
    return 0


def _report(
    results: dict[str, list[proctree.Run]],
    memory_runs: dict[str, list[proctree.Run]],
    build_s: list[float],
    pages: dict[str, int],
    letters: int,
    language_count: int,
) -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{letters} letters, bilingual, {language_count} languages; median of "
        f"{len(results['ours'])} unwatched runs each; {os.cpu_count()} cores; load average "
        f"{load:.1f}; memory from one more run of each, watched"
    )
    ours = statistics.median(r.wall_s for r in results["ours"])
    worker = statistics.median(r.wall_s for r in results["worker"]) - DIALOG_S

    def memory(runs: list[proctree.Run], transient: bool = False) -> str:
        rss = statistics.median(r.peak_rss_mb for r in runs)
        pss = statistics.median(r.peak_pss_mb for r in runs)
        text = f"peak {rss:.0f} MB RSS / {pss:.0f} MB PSS over the process tree"
        if transient:
            printing = [r.peak_with_children() for r in runs]
            after_rss = statistics.median(p[0] for p in printing)
            after_pss = statistics.median(p[1] for p in printing)
            text += (
                f"; while printing (the key derived, Argon2id's {ARGON2_MB} MiB freed) "
                f"{after_rss:.0f} MB RSS / {after_pss:.0f} MB PSS"
            )
        return text

    print(f"  ours, command line:  {ours:6.1f} s  {letters / ours:6.0f} letters/s  "
          f"{pages['ours'] / ours:5.0f} pages/s  ({pages['ours']} pages)")  # fmt: skip
    print(f"     {memory(memory_runs['ours'], transient=True)}")
    print(f"  ours, worker thread: {worker:6.1f} s  {letters / worker:6.0f} letters/s  "
          f"-> {worker / ours:.2f}x the command line's time (less its {DIALOG_S:.0f} s save "
          "dialog)")  # fmt: skip
    if not results["route"]:
        print("  LibreOffice route: not measured (needs soffice and python-docx)")
        return
    convert = statistics.median(r.wall_s for r in results["route"])
    built = statistics.median(build_s)
    route = built + convert
    print(f"  LibreOffice route:   {route:6.1f} s  {letters / route:6.0f} letters/s  "
          f"{pages['route'] / route:5.0f} pages/s  ({pages['route']} pages; .docx built in "
          f"{built:.1f} s, converted in {convert:.1f} s)")  # fmt: skip
    print(f"     {memory(memory_runs['route'])} (soffice)")
    print(f"  ratio: ours {route / ours:.2f}x the LibreOffice route (letters per second)")
    # LibreOffice's conversion moved by a third from round to round here: each round's own
    # ratio (the two runs a few seconds apart) shows how far to trust the one above.
    rounds = sorted(
        (b + r.wall_s) / o.wall_s
        for b, r, o in zip(build_s, results["route"], results["ours"], strict=True)
    )
    print(f"  ratio round by round: {', '.join(f'{x:.2f}' for x in rounds)}x")


if __name__ == "__main__":
    sys.exit(main())
