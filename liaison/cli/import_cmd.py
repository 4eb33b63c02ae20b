"""`liaison import FILE`: pupils and contacts from a CTF or an MIS CSV export."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from liaison.cli.common import add_store_options, db_path, passphrase, print_json
from liaison.services import audit
from liaison.services import mis_import as imports
from liaison.services.access import open_database
from liaison.services.mis_import.plan import SKIP, UNCHANGED, ImportPlan


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import pupils and contacts from the MIS (CTF .xml or CSV); --dry-run shows the plan",
        description="Import pupils and contacts from the MIS. Limits: "
        f"{imports.limits()}; a bigger export is refused before anything is read. On a "
        "terminal, progress is shown on stderr.",
    )
    add_store_options(p)
    p.add_argument("file", type=Path, metavar="FILE", help="a Common Transfer File or a CSV")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help='CSV only: JSON {"field": "column header"} (default: the mapping last used, '
        "then guesses from the headers)",
    )
    p.add_argument("--json", action="store_true", help="print the plan or result as JSON")
    p.add_argument("--verbose", action="store_true", help="list unchanged families too")
    p.set_defaults(run=cmd_import)


class _Progress:
    """One line on stderr, rewritten in place, when stderr is a terminal; else nothing."""

    def __init__(self) -> None:
        self.on = sys.stderr.isatty()
        self.open = False

    def show(self, text: str) -> None:
        if self.on:
            print(f"\r{text}\x1b[K", end="", file=sys.stderr, flush=True)
            self.open = True

    def end(self) -> None:
        if self.open:
            print(file=sys.stderr, flush=True)
            self.open = False

    def reading(self, name: str) -> Callable[[int, int, int], None]:
        def report(rows: int, done: int, total: int) -> None:
            self.show(f"Reading {name}: {rows:,} rows ({100 * done // max(total, 1)}%)")

        return report

    def families(self, what: str) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            self.show(f"{what}: {done:,} of {total:,} families")

        return report


def cmd_import(args: argparse.Namespace) -> int:
    mapping = imports.load_mapping_file(args.mapping) if args.mapping else None
    shown = _Progress()
    reading = shown.reading(args.file.name)
    # Read and check the file before asking for the passphrase: a bad file changes nothing.
    kind = imports.kind_of(args.file)
    parsed = imports.read_file(args.file, mapping, reading) if kind == "ctf" or mapping else None
    shown.end()
    # Not open_db: the "opened" audit line is written only once the file has been read, so a
    # bad file leaves the database exactly as it was.
    db = open_database(db_path(args), passphrase=passphrase(args), migrate_schema=not args.dry_run)
    try:
        if parsed is None:
            remembered = imports.remembered_mapping(db)
            headers = imports.read_headers(args.file)
            parsed = imports.read_file(
                args.file, imports.guess_mapping(headers, remembered), reading
            )
            shown.end()
        checking = shown.families("Checking against the database")
        if args.dry_run:
            plan = imports.preview(db, parsed, progress=checking)
            result_ids: list[int] | None = None
            assumed = 0
            attendance = None
        else:
            audit.log_opened(db, "cli import")
            result = imports.run(
                db, parsed, checking=checking, progress=shown.families("Importing")
            )
            plan, result_ids = result.plan, result.family_ids
            assumed = result.assumed_language_families
            attendance = result.attendance
            if kind == "csv" and mapping is not None:
                imports.remember_mapping(db, mapping)
        shown.end()
    finally:
        shown.end()
        db.close()
    if args.json:
        out = plan.to_dict()
        out["dry_run"] = bool(args.dry_run)
        if result_ids is not None:
            out["family_ids"] = result_ids
            out["assumed_language_families"] = assumed
            out["attendance"] = attendance.counts() if attendance else None
        print_json(out)
        return 0
    _print_plan(plan, dry_run=args.dry_run, verbose=args.verbose)
    if attendance is not None:
        print(f"Attendance {attendance.describe()}.")
    if result_ids is not None and assumed:
        print(
            f"{assumed} families now have a letter language assumed from their pupils' first "
            "language: review and confirm them with `liaison languages assumed` or in the app "
            "(Book-bag letters > Assumed languages…)."
        )
    return 0


def _print_plan(plan: ImportPlan, *, dry_run: bool, verbose: bool) -> None:
    c = plan.counts()
    source = f" ({plan.source})" if plan.source else ""
    print(f"{plan.kind.upper()} {plan.file_name}{source}")
    for family in plan.families:
        if family.action == UNCHANGED and not verbose:
            continue
        ref = family.reference or "new"
        print(f"  {family.action:9} {ref:7} {family.title}")
        for reason in family.reasons:
            print(f"              - {reason}")
        for name in family.caregivers_added:
            print(f"              + caregiver {name}")
        for line in family.pupils:
            if line.action == UNCHANGED and not verbose:
                continue
            why = "; ".join(line.reasons)
            print(f"              {line.action:9} {line.name} ({line.where}): {why}")
    for line in plan.skipped:
        print(f"  {SKIP:9} {line.name} ({line.where}): {'; '.join(line.reasons)}")
    for warning in plan.warnings:
        print(f"  warning: {warning}")
    verb = "Would create" if dry_run else "Created"
    print(
        f"{verb} {c['families_created']} families, updated {c['families_updated']} "
        f"({c['families_unchanged']} unchanged); pupils: {c['pupils_created']} new, "
        f"{c['pupils_updated']} updated, {c['pupils_left']} marked left, "
        f"{c['pupils_skipped']} skipped; caregivers: {c['caregivers_created']} new, "
        f"{c['caregivers_updated']} updated; {c['warnings']} warnings."
        + (" Nothing was written (dry run)." if dry_run else "")
    )
