"""`liaison attendance import | list | show | support`: attendance snapshots from the MIS."""

from __future__ import annotations

import argparse
from pathlib import Path

from liaison.cli.common import add_store_options, db_path, open_db, passphrase, print_json
from liaison.cli.common import uk_date as _date
from liaison.services import attendance, audit
from liaison.services import families as fam
from liaison.services.access import open_database
from liaison.validation import year_label


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("attendance", help="attendance from the MIS: import, list, show")
    asub = group.add_subparsers(dest="attendance_command", required=True, metavar="COMMAND")
    p = asub.add_parser(
        "import", help="import an attendance CSV or a CTF as the snapshot of one date"
    )
    add_store_options(p)
    p.add_argument("file", type=Path, metavar="FILE", help="a Common Transfer File or a CSV")
    p.add_argument("--as-at", type=_date, metavar="DATE", help="the date of the figures")
    p.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help='CSV only: JSON {"field": "column header"} (default: the mapping last used, '
        "then guesses from the headers)",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--json", action="store_true")
    p.add_argument("--verbose", action="store_true", help="list unchanged pupils too")
    p.set_defaults(run=cmd_import)
    p = asub.add_parser("list", help="the snapshots held, newest first")
    add_store_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_list)
    p = asub.add_parser("show", help="a family's attendance at every snapshot")
    add_store_options(p)
    p.add_argument("--family", required=True, metavar="REF")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_show)
    p = asub.add_parser("support", help="support first: families to reach about attendance")
    add_store_options(p)
    p.add_argument("--date", type=_date, help="as if today were this date (dd/mm/yyyy)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_support)


def cmd_import(args: argparse.Namespace) -> int:
    mapping = attendance.load_mapping_file(args.mapping) if args.mapping else None
    # Read and check the file before asking for the passphrase: a bad file changes nothing.
    kind = attendance.kind_of(args.file)
    found = (
        attendance.read_file(args.file, mapping, args.as_at) if kind == "ctf" or mapping else None
    )
    db = open_database(db_path(args), passphrase=passphrase(args), migrate_schema=not args.dry_run)
    try:
        if found is None:
            table = attendance.read_table(args.file)
            chosen = attendance.guess_mapping(table.headers, attendance.remembered_mapping(db))
            found = attendance.read_file(args.file, chosen, args.as_at)
        if args.dry_run:
            plan = attendance.preview(db, found)
        else:
            audit.log_opened(db, "cli attendance import")
            plan = attendance.run(db, found)
            if kind == "csv" and mapping is not None:
                attendance.remember_mapping(db, mapping)
    finally:
        db.close()
    if args.json:
        out = plan.to_dict()
        out["dry_run"] = bool(args.dry_run)
        print_json(out)
        return 0
    print(f"{plan.kind.upper()} {plan.file_name} ({found.source or 'no source named'})")
    for line in plan.lines:
        if line.action == attendance.UNCHANGED and not args.verbose:
            continue
        flag = f"; {line.rate.label()}" if line.rate.label() else ""
        print(f"  {line.action:9} {line.name} ({line.where}): {line.rate.describe()}{flag}")
    for where in plan.without:
        print(f"  no figures {where}")
    for warning in plan.warnings:
        print(f"  warning: {warning}")
    verb = "Would import" if args.dry_run else "Imported"
    print(
        f"{verb} {plan.describe()}." + (" Nothing was written (dry run)." if args.dry_run else "")
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_db(args, how="cli attendance list", read_only=True) as db:
        held = attendance.list_snapshots(db)
    if args.json:
        print_json(held)
        return 0
    if not held:
        print("No attendance held yet: `liaison attendance import FILE`.")
        return 0
    for s in held:
        print(
            f"{s.as_at:%d/%m/%Y}  {s.pupils:5} pupils  {s.persistent:4} persistently absent "
            f"({s.severe} severely)  from {', '.join(s.sources)}"
            + (f"; {s.percent_only} with a percentage only" if s.percent_only else "")
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_db(args, how="cli attendance show", read_only=True) as db:
        family_id = fam.family_id_for_reference(db, args.family)
        found = attendance.family_attendance(db, family_id)
    if args.json:
        print_json(found)
        return 0
    for pupil in found.pupils:
        year = year_label(pupil.year_group)
        print(f"{pupil.name}{f' ({year})' if year else ''}")
        if not pupil.points:
            print("  no attendance held")
        for point in pupil.points:
            flag = point.rate.label()
            print(
                f"  {point.as_at:%d/%m/%Y}  {point.rate.describe()}" + (f"  {flag}" if flag else "")
            )
    if found.contacts:
        print("Contacts and meetings")
        for c in found.contacts:
            print(f"  {c.day:%d/%m/%Y}  {c.label}" + ("" if c.held else " (booked)"))
    return 0


def cmd_support(args: argparse.Namespace) -> int:
    with open_db(args, how="cli attendance support", read_only=True) as db:
        lines = attendance.support_first(db, args.date)
        days = attendance.school_days(db)
    if args.json:
        print_json(
            [
                {
                    "family": x.reference,
                    "as_at": x.as_at,
                    "last_contact": x.last_contact,
                    "text": x.text,
                    "pupils": [
                        {"pupil_id": p.pupil_id, "attendance": p.rate.describe(), "new": p.newly}
                        for p in x.pupils
                    ],
                }
                for x in lines
            ]
        )
        return 0
    print(
        f"Support first: {len(lines)} families with a child newly persistently or severely "
        f"absent and no contact in the last {days} school days."
    )
    for line in lines:
        print(f"  {line.reference:7} {line.family}: {line.text}")
    return 0
