"""`liaison selftest`: prove an installation works, headless, in a temporary folder."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from liaison import selftest


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "selftest",
        help="create a throwaway database, print a letter in every language, check, delete",
        description=(
            "Checks this installation without touching your data: creates an encrypted database "
            "in a temporary folder, fills it with fictional families, prints a letter in every "
            "language the templates have, makes a termly report, runs the database check, then "
            "deletes the folder. Exit code 0 if every step passed."
        ),
    )
    p.add_argument("--families", type=int, default=12, help="demo families to create")
    p.add_argument(
        "--temp-dir",
        type=Path,
        default=None,
        help="where to make the temporary folder (default: the system's temp folder)",
    )
    p.set_defaults(run=cmd_selftest)


def cmd_selftest(args: argparse.Namespace) -> int:
    if args.families < 1:
        print("liaison: --families must be at least 1.", file=sys.stderr)
        return 2
    start = time.perf_counter()

    def report(step: selftest.Step) -> None:
        print(step.line(), flush=True)

    outcome = selftest.run(families=args.families, report=report, folder=args.temp_dir)
    took = time.perf_counter() - start
    if outcome.ok:
        print(f"Self-test passed: {len(outcome.steps)} steps in {took:.1f} s.")
        return 0
    for step in outcome.failed:
        print(f"liaison: self-test FAILED at {step.name}: {step.detail}", file=sys.stderr)
    return 1
