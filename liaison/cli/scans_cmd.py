"""scans FILE|FOLDER: read the copier's scan of returned reply slips and questionnaire pages,
show what was read, and with --record record it (unsure boxes only as --answer settles them)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from liaison.cli.common import add_store_options, open_db
from liaison.errors import ValidationError
from liaison.services import scans
from liaison.services.scans import ScanSummary
from liaison.services.scans.summary import TO_RECORD


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "scans",
        help="read scanned reply slips and questionnaire pages (PDF, TIFF, JPEG, PNG)",
        description="Reads every page, matches each QR code to what was printed and reads the "
        "ticked boxes. Nothing is recorded without --record; a box the reader is not sure of "
        "is listed and left unrecorded unless --answer says what is ticked.",
    )
    add_store_options(p)
    p.add_argument("path", type=Path, help="a scan, or a folder of scans")
    p.add_argument("--record", action="store_true", help="record what was read")
    p.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="REF:Q=VALUE",
        help="settle an unsure box: the question (optional on a slip) and the box ticked, by "
        "number or name, several with commas, '-' for none; e.g. RABC234=yes, Q7K3Q9M:happy=2",
    )
    p.set_defaults(run=cmd_scans)


def cmd_scans(args: argparse.Namespace) -> int:
    def progress(done: int, total: int) -> None:
        print(f"\r  reading page {done} of {total}", end="", file=sys.stderr, flush=True)

    with open_db(args, how="cli scans", read_only=not args.record) as db:
        summary = scans.read_scans(db, args.path, progress=progress)
        print(file=sys.stderr)
        choices = parse_answers(summary, args.answer)
        show(summary, choices)
        if not args.record:
            ready = sum(1 for p in summary.pages if p.found in TO_RECORD)
            print(f"\nNothing recorded. Add --record to record the {ready} page(s) read.")
            return 0
        result = scans.record_scans(db, summary, choices)
    print("\n" + result.describe())
    return 0


def show(summary: ScanSummary, choices: scans.Choices) -> None:
    print(summary.headline() + ".")
    for page in summary.pages:
        line = f"  {page.label}: {page.found.value}"
        if page.reference:
            line += f" {page.reference}"
        if page.title:
            line += f", {page.title}"
        print(line)
        if page.found in TO_RECORD and page.answers:
            print(f"      read: {page.describe_answers()}")
        for q in page.written:
            print(f"      words written for {q}: type them in (Parent voice > Enter answers)")
        if page.note:
            print(f"      {page.note}")
    unsure = summary.unsure
    if unsure:
        print("\nTo confirm (look at the paper; give --answer for each, or enter them by hand):")
    for u in unsure:
        boxes = ", ".join(f"{i}={words}" for i, (_, words) in enumerate(u.question.options, 1))
        settled = choices.get(u.key)
        state = f" -> {', '.join(settled) or 'none'}" if settled is not None else ""
        print(f"  {u.reference}:{u.question.key} {u.title}: {u.why}{state}")
        print(f"      {u.question.text}  [{boxes}]")


def parse_answers(summary: ScanSummary, given: list[str]) -> scans.Choices:
    """--answer REF[:QUESTION]=VALUE for unsure boxes; refused if it names none of them."""
    unsure = {u.key: u for u in summary.unsure}
    by_ref: dict[str, list[scans.Unsure]] = {}
    for u in unsure.values():
        by_ref.setdefault(u.reference, []).append(u)
    out: scans.Choices = {}
    for item in given:
        target, sep, value = item.partition("=")
        ref, _, question = target.strip().partition(":")
        ref = ref.upper()
        if not sep or ref not in by_ref:
            raise ValidationError(
                {"answer": f"{item!r}: not REF:QUESTION=VALUE for a box listed to confirm"}
            )
        if not question:
            if len(by_ref[ref]) != 1:
                raise ValidationError({"answer": f"{item!r}: say which question (REF:QUESTION)"})
            question = by_ref[ref][0].question.key
        if (ref, question) not in unsure:
            raise ValidationError({"answer": f"{item!r}: {question} is not to confirm on {ref}"})
        out[(ref, question)] = _value(unsure[(ref, question)], value, item)
    return out


def _value(u: scans.Unsure, value: str, item: str) -> scans.Choice:
    keys = [k for k, _ in u.question.options]
    chosen = []
    for part in (p.strip() for p in value.split(",")):
        if part in ("-", "", "none"):
            continue
        if part.isdigit() and 1 <= int(part) <= len(keys):
            chosen.append(keys[int(part) - 1])
        elif part.lower() in keys:
            chosen.append(part.lower())
        else:
            listed = ", ".join(f"{i}={k}" for i, k in enumerate(keys, 1))
            raise ValidationError({"answer": f"{item!r}: {part!r} is not a box ({listed})"})
    if len(chosen) > 1 and not u.multiple:
        raise ValidationError({"answer": f"{item!r}: one box only for this question"})
    return tuple(chosen)
