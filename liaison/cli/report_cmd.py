"""report: the termly summary for leadership as PDF, workbook, CSV or JSON (figures only)."""

from __future__ import annotations

import argparse
from pathlib import Path

from liaison.cli.common import add_store_options, open_db, print_json
from liaison.errors import LiaisonError, ValidationError
from liaison.services import reporting as report
from liaison.validation import parse_uk_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="the termly summary for leadership: PDF, workbook, CSV or JSON (figures only)",
        description="Aggregate figures for a term (or any dates) beside the previous one. "
        "No names or notes; counts from 1 to 4 show as 'fewer than 5' unless the setting or "
        "--small-numbers says otherwise.",
    )
    add_store_options(p)
    p.add_argument("--term", help='a term from Settings, e.g. "Autumn 2026"')
    p.add_argument("--from", dest="start", metavar="DATE", help="first day, dd/mm/yyyy")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day, dd/mm/yyyy")
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help="the PDF for leadership")
    p.add_argument("--xlsx", type=Path, metavar="FILE", help="also an Excel workbook")
    p.add_argument("--csv", type=Path, metavar="DIR", help="also CSV files, one per section")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument(
        "--small-numbers",
        choices=["hide", "show"],
        help="override the setting: hide counts from 1 to 4 (default) or show them",
    )
    p.set_defaults(run=cmd_report)


def _date(option: str, text: str) -> object:
    try:
        return parse_uk_date(text)
    except ValueError as exc:
        raise ValidationError({option: str(exc)}) from None


def cmd_report(args: argparse.Namespace) -> int:
    if args.term and (args.start or args.end):
        raise LiaisonError("Give either --term or --from and --to, not both.")
    if not args.term and not (args.start and args.end):
        raise LiaisonError('Give --term "Autumn 2026", or --from DATE --to DATE (dd/mm/yyyy).')
    if not (args.out or args.xlsx or args.csv or args.json):
        raise LiaisonError("Say what to make: --out FILE.pdf, --xlsx FILE, --csv DIR or --json.")
    if args.out and args.out.suffix.lower() != ".pdf":
        raise LiaisonError(f"--out {args.out}: the report is a PDF; name it ….pdf.")
    start = _date("--from", args.start) if args.start else None
    end = _date("--to", args.end) if args.end else None
    with open_db(args, how="cli report") as db:
        period, previous = report.resolve(db, term=args.term, start=start, end=end)
        suppress = (
            report.suppress_small_default(db)
            if args.small_numbers is None
            else args.small_numbers == "hide"
        )
        made = report.build(db, period, previous)
        exported = None
        if args.out or args.xlsx or args.csv:
            exported = report.export(
                db, made, pdf=args.out, xlsx=args.xlsx, csv_dir=args.csv, suppress=suppress
            )
    if args.json:
        print_json(report.to_plain(made, suppress))
        return 0
    against = f" against {previous.name}" if previous else ""
    print(f"{made.school_name}: termly summary, {period.name} ({period.dates}){against}")
    for row in made.headlines:
        print(
            f"  {row.label:<28} {report.shown(row, 'current', suppress):>14}   "
            f"({report.change(row, suppress)})"
        )
    if exported is not None:
        print(f"Wrote {exported.describe()}.")
    return 0
