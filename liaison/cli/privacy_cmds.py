"""Subject access requests and retention on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from liaison.cli.common import add_store_options, ask, open_db, print_json
from liaison.cli.common import uk_date as _date
from liaison.errors import LiaisonError
from liaison.services import families as fam
from liaison.services.privacy import retention
from liaison.services.privacy import subject_access as sar


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sar",
        help="answer a subject access request: log it, then write everything held (PDF + JSON)",
    )
    add_store_options(p)
    p.add_argument("--family", required=True, metavar="REF")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--requester", required=True, help="who made the request")
    p.add_argument("--kind", choices=list(sar.KINDS), default=sar.GDPR)
    p.add_argument("--received", type=_date, help="date received (dd/mm/yyyy; default today)")
    p.add_argument("--caregiver", type=int, help="one caregiver's own request (caregiver id)")
    p.add_argument(
        "--withhold",
        action="append",
        default=[],
        metavar="KEY=REASON",
        help="leave an item out (e.g. meeting:12=risk of serious harm); repeat for more",
    )
    p.add_argument("--list", action="store_true", help="only list the items held, write nothing")
    p.set_defaults(run=cmd_sar)

    group = sub.add_parser("retention", help="families past the retention period; erasure")
    rsub = group.add_subparsers(dest="retention_command", required=True, metavar="COMMAND")
    p = rsub.add_parser("list", help="families past the retention period")
    add_store_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_retention_list)
    p = rsub.add_parser("erase", help="erase families past retention, for good (asks twice)")
    add_store_options(p)
    p.add_argument("--family", action="append", metavar="REF", help="one family (repeat)")
    p.add_argument("--all", action="store_true", help="every family past retention")
    p.set_defaults(run=cmd_retention_erase)


def cmd_sar(args: argparse.Namespace) -> int:
    with open_db(args, how="cli sar") as db:
        family_id = fam.family_id_for_reference(db, args.family)
        received = args.received or db.clock.today()
        if args.list:
            items = sar.collect_for(db, family_id, args.caregiver)
            for item in items:
                print(
                    f"{item.key:28} {item.title}{'  [confidential]' if item.confidential else ''}"
                )
            return 0
        request_id = sar.log_request(
            db,
            family_id,
            kind=args.kind,
            requester=args.requester,
            received_on=received,
            caregiver_id=args.caregiver,
        )
        for spec in args.withhold:
            key, _, reason = spec.partition("=")
            sar.withhold(db, request_id, key.strip(), sar.EXEMPTIONS[-1], reason.strip())
        pdf, data = sar.produce(db, request_id, args.out)
        request = sar.get_request(db, request_id)
    print(f"Request logged; due {request.due_on:%d/%m/%Y}.")
    print(f"Wrote {pdf}")
    print(f"Wrote {data}")
    return 0


def cmd_retention_list(args: argparse.Namespace) -> int:
    with open_db(args, how="cli retention list") as db:
        rows, years = retention.past_retention(db), retention.years(db)
    if args.json:
        print_json(rows)
        return 0
    print(f"Kept for {years} years after the last pupil leaves.")
    for row in rows:
        print(
            f"{row.reference:10} left {row.left_on:%d/%m/%Y}, kept until {row.keep_until:%d/%m/%Y}"
        )
    if not rows:
        print("No family is past the retention period.")
    return 0


def cmd_retention_erase(args: argparse.Namespace) -> int:
    if not args.family and not args.all:
        raise LiaisonError("say which families: --family REF (repeat) or --all")
    with open_db(args, how="cli retention erase") as db:
        past = {row.reference.upper(): row for row in retention.past_retention(db)}
        wanted = list(past) if args.all else [ref.strip().upper() for ref in args.family]
        missing = [ref for ref in wanted if ref not in past]
        if missing:
            raise LiaisonError(
                f"not past the retention period (or not found): {', '.join(missing)}; "
                "nothing was erased"
            )
        if not wanted:
            print("No family is past the retention period.")
            return 0
        print(f"About to erase {len(wanted)} families for good: {', '.join(wanted)}")
        if ask("Erase them? [y/N] ").lower() not in ("y", "yes"):
            print("Nothing was erased.")
            return 1
        if ask(f"Type ERASE {len(wanted)} to confirm: ") != f"ERASE {len(wanted)}":
            print("Nothing was erased.")
            return 1
        count = retention.erase(db, [past[ref].family_id for ref in wanted])
    print(f"Erased {count} families.")
    return 0
