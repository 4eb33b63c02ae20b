"""interpreters, bookings, services and referrals: the support the officer arranges."""

from __future__ import annotations

import argparse
from pathlib import Path

from liaison.cli.common import add_store_options, open_db, print_json
from liaison.cli.common import uk_date as _date
from liaison.errors import LiaisonError
from liaison.i18n import languages
from liaison.models.enums import BookingStatus, InterpretingMode, ReferralStatus, ServiceCategory
from liaison.services import school
from liaison.services.casework import interpreter_directory, interpreters, referrals
from liaison.services.exports import save as write_atomic
from liaison.validation import parse_pounds, pounds


def _pounds(pence: int | None) -> str:
    return pounds(pence, none="-")


def _pence(text: str) -> int | None:
    try:
        return parse_pounds(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount like 32.50") from None


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("interpreters", help="the interpreter directory")
    isub = group.add_subparsers(dest="interpreters_command", required=True, metavar="COMMAND")
    p = isub.add_parser("list", help="interpreters, optionally for one language")
    add_store_options(p)
    p.add_argument("--language")
    p.add_argument("--all", action="store_true", help="include inactive interpreters")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_interpreters_list)
    p = isub.add_parser("add", help="add an interpreter")
    add_store_options(p)
    p.add_argument("name")
    p.add_argument(
        "--language",
        action="append",
        required=True,
        metavar="CODE[:DIALECT]",
        help="e.g. ARA:Levantine (repeat for more)",
    )
    p.add_argument("--agency", help="agency name (created if new)")
    p.add_argument("--gender", choices=["female", "male"])
    p.add_argument("--mode", action="append", choices=[m.value for m in InterpretingMode])
    p.add_argument("--hourly", type=_pence, help="hourly rate in pounds")
    p.add_argument("--fixed", type=_pence, help="fixed fee in pounds")
    p.add_argument("--phone")
    p.add_argument("--email")
    p.set_defaults(run=cmd_interpreters_add)

    group = sub.add_parser("bookings", help="interpreter bookings")
    bsub = group.add_subparsers(dest="bookings_command", required=True, metavar="COMMAND")
    p = bsub.add_parser("list", help="bookings in time order")
    add_store_options(p)
    p.add_argument("--from", dest="start", type=_date)
    p.add_argument("--to", dest="end", type=_date)
    p.add_argument("--status", choices=[s.value for s in BookingStatus])
    p.add_argument("--language")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_bookings_list)
    p = bsub.add_parser("ics", help="export one booking as an .ics calendar file")
    add_store_options(p)
    p.add_argument("booking_id", type=int)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=cmd_bookings_ics)
    p = bsub.add_parser("costs", help="money spent between two dates, grouped")
    add_store_options(p)
    p.add_argument("--from", dest="start", type=_date, required=True)
    p.add_argument("--to", dest="end", type=_date, required=True)
    p.add_argument("--by", choices=["language", "agency", "interpreter"], default="language")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_bookings_costs)

    group = sub.add_parser("services", help="the directory of local services")
    ssub = group.add_subparsers(dest="services_command", required=True, metavar="COMMAND")
    p = ssub.add_parser("list")
    add_store_options(p)
    p.add_argument("--category", choices=[c.value for c in ServiceCategory])
    p.add_argument("--language")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_services_list)

    group = sub.add_parser("referrals", help="signposting referrals")
    rsub = group.add_subparsers(dest="referrals_command", required=True, metavar="COMMAND")
    p = rsub.add_parser("list")
    add_store_options(p)
    p.add_argument("--status", choices=[s.value for s in ReferralStatus])
    p.add_argument("--category", choices=[c.value for c in ServiceCategory])
    p.add_argument("--from", dest="start", type=_date)
    p.add_argument("--to", dest="end", type=_date)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_referrals_list)


def cmd_interpreters_list(args: argparse.Namespace) -> int:
    with open_db(args, how="cli interpreters list") as db:
        rows = interpreter_directory.list_interpreters(
            db, language=args.language, active_only=not args.all
        )
    if args.json:
        print_json(rows)
        return 0
    for p in rows:
        langs = ", ".join(code + (f" ({d})" if d else "") for code, d in p.languages)
        fee = (
            _pounds(p.fixed_fee_pence) + " fixed"
            if p.fixed_fee_pence
            else (_pounds(p.hourly_rate_pence) + "/h")
        )
        print(f"{p.id:>4}  {p.name:<28} {langs:<30} {p.agency or '':<24} {fee}")
    print(f"{len(rows)} interpreters")
    return 0


def cmd_interpreters_add(args: argparse.Namespace) -> int:
    langs = []
    for item in args.language:
        code, _, dialect = item.partition(":")
        langs.append((code, dialect or None))
    with open_db(args, how="cli interpreters add") as db:
        agency_id = None
        if args.agency:
            known = {a.name.casefold(): a.id for a in interpreter_directory.list_agencies(db)}
            agency_id = known.get(args.agency.casefold()) or interpreter_directory.save_agency(
                db, interpreter_directory.AgencyDraft(args.agency)
            )
        new_id = interpreter_directory.save_interpreter(
            db,
            interpreter_directory.InterpreterDraft(
                args.name,
                langs,
                agency_id=agency_id,
                gender=args.gender,
                modes=[InterpretingMode(m) for m in args.mode or ["in_person"]],
                hourly_rate_pence=args.hourly,
                fixed_fee_pence=args.fixed,
                phone=args.phone,
                email=args.email,
            ),
        )
    print(f"Added interpreter {new_id}: {args.name}")
    return 0


def cmd_bookings_list(args: argparse.Namespace) -> int:
    with open_db(args, how="cli bookings list") as db:
        rows = interpreters.list_bookings(
            db,
            start=args.start,
            end=args.end,
            language=args.language,
            status=BookingStatus(args.status) if args.status else None,
        )
    if args.json:
        print_json(rows)
        return 0
    for b in rows:
        print(
            f"{b.id:>5}  {b.starts_at:%d/%m/%Y %H:%M}-{b.ends_at:%H:%M}  {b.family_reference}  "
            f"{languages.describe(b.language):<18} {b.mode.label:<9} {b.status.label:<10} "
            f"{b.interpreter or 'no interpreter yet':<24} {_pounds(b.cost_pence)}"
        )
    print(f"{len(rows)} bookings")
    return 0


def cmd_bookings_ics(args: argparse.Namespace) -> int:
    with open_db(args, how="cli bookings ics") as db:
        booking = interpreters.get_booking(db, args.booking_id)
        data = interpreters.to_ics(booking, school.get_school(db).name or "School")
    if not args.out.parent.exists():
        raise LiaisonError(f"The folder {args.out.parent} does not exist.")
    write_atomic(args.out, data)
    print(f"Wrote {args.out}")
    return 0


def cmd_bookings_costs(args: argparse.Namespace) -> int:
    with open_db(args, how="cli bookings costs") as db:
        lines = interpreters.costs_by(db, args.start, args.end, by=args.by)
    if args.json:
        print_json(lines)
        return 0
    for line in lines:
        noun = "booking" if line.bookings == 1 else "bookings"
        print(f"{line.key:<32} {line.bookings:>5} {noun:<8}  {_pounds(line.pence):>10}")
    print(f"Total {_pounds(sum(x.pence for x in lines))}")
    return 0


def cmd_services_list(args: argparse.Namespace) -> int:
    with open_db(args, how="cli services list") as db:
        rows = referrals.list_services(
            db,
            category=ServiceCategory(args.category) if args.category else None,
            language=args.language,
        )
    if args.json:
        print_json(rows)
        return 0
    for s in rows:
        print(f"{s.id:>4}  {s.category.label:<36} {s.name}")
    print(f"{len(rows)} services")
    return 0


def cmd_referrals_list(args: argparse.Namespace) -> int:
    with open_db(args, how="cli referrals list") as db:
        rows = referrals.list_referrals(
            db,
            status=ReferralStatus(args.status) if args.status else None,
            category=ServiceCategory(args.category) if args.category else None,
            start=args.start,
            end=args.end,
        )
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        follow = f" follow up {r.follow_up_on:%d/%m/%Y}" if r.follow_up_on else ""
        print(
            f"{r.id:>4}  {r.suggested_on:%d/%m/%Y}  {r.family_reference}  {r.service:<30} "
            f"{r.status.label}{follow}"
        )
    print(f"{len(rows)} referrals")
    return 0
