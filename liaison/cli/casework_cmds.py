"""meetings add | list, and today: the officer's day, scriptable."""

from __future__ import annotations

import argparse
import datetime as dt

from liaison.cli import sensitive
from liaison.cli.common import add_store_options, open_db, print_json
from liaison.cli.common import uk_date as _date
from liaison.clock import LONDON
from liaison.errors import LiaisonError
from liaison.models.enums import ActionOwner, AttendeeRole, MeetingKind
from liaison.services import families as fam
from liaison.services.casework import meetings, today
from liaison.validation import parse_uk_date


def _time(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time; write it as 14:30") from None


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("meetings", help="record and list meetings, calls and visits")
    msub = group.add_subparsers(dest="meetings_command", required=True, metavar="COMMAND")

    p = msub.add_parser("add", help="book a meeting or record one that happened")
    add_store_options(p)
    p.add_argument("reference", help="family reference, e.g. F00042")
    p.add_argument("--kind", required=True, choices=[k.value for k in MeetingKind])
    p.add_argument("--date", required=True, type=_date, help="dd/mm/yyyy")
    p.add_argument("--time", required=True, type=_time, help="HH:MM, UK time")
    p.add_argument("--end", type=_time, help="end time HH:MM")
    p.add_argument("--place")
    p.add_argument("--interpreter", metavar="LANG", help="an interpreter was there, language")
    p.add_argument(
        "--notes",
        help="notes (use --template to start from the headings); see --notes-file",
    )
    sensitive.add_file_option(p, "notes", "the notes")
    p.add_argument("--template", action="store_true", help="prefill the kind's note headings")
    p.add_argument("--confidential", action="store_true")
    p.add_argument("--with-caregivers", action="store_true", help="all caregivers attended")
    p.add_argument("--staff", action="append", default=[], help="staff member who attended")
    p.add_argument(
        "--action",
        action="append",
        default=[],
        metavar="WHAT|DUE[|OWNER]",
        help="an agreed action, e.g. 'Send uniform voucher|30/11/2026|officer'; see --actions-file",
    )
    sensitive.add_file_option(p, "actions", "agreed actions, one WHAT|DUE[|OWNER] a line")
    p.add_argument("--next-check-in", type=_date, help="dd/mm/yyyy")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_add)

    p = msub.add_parser("list", help="meetings in date order")
    add_store_options(p)
    p.add_argument("--family", help="family reference")
    p.add_argument("--from", dest="start", type=_date)
    p.add_argument("--to", dest="end", type=_date)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("today", help="what is due today: meetings, actions, check-ins, gaps")
    add_store_options(p)
    p.add_argument("--date", type=_date, help="compute for another day (dd/mm/yyyy)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_today)


def _parse_action(text: str, where: str | None = None) -> meetings.ActionDraft:
    where = where or f"--action {text!r}"
    parts = [x.strip() for x in text.split("|")]
    if len(parts) not in (2, 3):
        raise LiaisonError(f"{where}: write it as 'what|dd/mm/yyyy[|owner]'.")
    try:
        due = parse_uk_date(parts[1])
        owner = ActionOwner(parts[2]) if len(parts) == 3 else ActionOwner.OFFICER
    except ValueError as exc:
        raise LiaisonError(f"{where}: {exc}.") from None
    return meetings.ActionDraft(what=parts[0], due_on=due, owner=owner)


def _notes_and_actions(args: argparse.Namespace) -> tuple[str, list[meetings.ActionDraft]]:
    if args.notes and args.notes_file:
        raise LiaisonError("Give --notes or --notes-file, not both.")
    if args.notes_file == "-" and args.actions_file == "-":
        raise LiaisonError("Only one of --notes-file and --actions-file can be - (stdin).")
    sensitive.warn_if_given(args, {"notes": "notes-file", "action": "actions-file"})
    actions = [_parse_action(a) for a in args.action]
    if args.actions_file:
        actions += [
            _parse_action(line, f"--actions-file line {n}")
            for n, line in sensitive.lines_of(args.actions_file, "actions-file")
        ]
    if args.notes_file:
        return sensitive.read_text(args.notes_file, "notes-file").rstrip("\n"), actions
    return args.notes or "", actions


def cmd_add(args: argparse.Namespace) -> int:
    starts = dt.datetime.combine(args.date, args.time, tzinfo=LONDON)
    ends = dt.datetime.combine(args.date, args.end, tzinfo=LONDON) if args.end else None
    notes, actions = _notes_and_actions(args)
    if args.template:
        notes = meetings.template_for(args.kind) + ("\n\n" + notes if notes else "")
    with open_db(args, how="cli meetings add") as db:
        family_id = fam.family_id_for_reference(db, args.reference)
        attendees = [meetings.AttendeeDraft(AttendeeRole.STAFF, name=s) for s in args.staff]
        if args.with_caregivers:
            for c in fam.load_draft(db, family_id).caregivers:
                attendees.append(meetings.AttendeeDraft(AttendeeRole.CAREGIVER, caregiver_id=c.id))
        meeting_id = meetings.save_meeting(
            db,
            meetings.MeetingDraft(
                family_id=family_id,
                kind=MeetingKind(args.kind),
                starts_at=starts,
                ends_at=ends,
                place=args.place,
                interpreter_present=bool(args.interpreter),
                interpreter_language=args.interpreter,
                notes=notes or None,
                confidential=args.confidential,
                attendees=attendees,
                actions=actions,
                next_check_in_on=args.next_check_in,
            ),
        )
        view = meetings.get_meeting(db, meeting_id)
    if args.json:
        print_json(view)
    else:
        print(
            f"{view.status.label}: {view.kind.label} with {view.family_reference} on "
            f"{view.starts_at:%d/%m/%Y at %H:%M} (meeting {view.id}, {len(view.actions)} actions)"
        )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_db(args, how="cli meetings list") as db:
        family_id = fam.family_id_for_reference(db, args.family) if args.family else None
        rows = meetings.list_meetings(db, family_id=family_id, start=args.start, end=args.end)
    if args.json:
        print_json([{**_plain_meeting(m)} for m in rows])
        return 0
    for m in rows:
        print(
            f"{m.starts_at:%d/%m/%Y %H:%M}  {m.family_reference}  {m.kind.label:<22} "
            f"{m.status.label:<10} {'(confidential)' if m.confidential else (m.notes or '')[:50]}"
        )
    print(f"{len(rows)} meetings")
    return 0


def _plain_meeting(m: meetings.MeetingView) -> dict[str, object]:
    # Confidential notes stay out of every export except a subject access request.
    data = dict(m.__dict__)
    if m.confidential:
        data["notes"] = None
    return data


def cmd_today(args: argparse.Namespace) -> int:
    with open_db(args, how="cli today") as db:
        page = today.compute(db, args.date)
    if args.json:
        print_json(
            {
                "today": page.today,
                "next_school_day": page.next_school_day,
                "meetings_today": [_plain_meeting(m) for m in page.meetings_today],
                "meetings_this_week": [_plain_meeting(m) for m in page.meetings_this_week],
                "actions": page.actions,
                "check_ins": page.check_ins,
                "no_contact": page.no_contact,
                "no_day1": page.no_day1,
                "support_first": [
                    {"family": x.reference, "as_at": x.as_at, "text": x.text}
                    for x in page.support_first
                ],
            }
        )
        return 0
    print(f"Today, {page.today:%A %d/%m/%Y}")
    sections = [
        (
            "Support first: attendance",
            [f"{x.reference} {x.family}: {x.text}" for x in page.support_first],
        ),
        (
            "Meetings today",
            [
                f"{m.starts_at:%H:%M} {m.family_reference} {m.kind.label} ({m.status.label})"
                for m in page.meetings_today
            ],
        ),
        (
            "Later this week",
            [
                f"{m.starts_at:%a %d/%m %H:%M} {m.family_reference} {m.kind.label}"
                for m in page.meetings_this_week
            ],
        ),
        (
            "Actions due",
            [
                f"{'OVERDUE ' if x.overdue else ''}{x.when:%d/%m/%Y} {x.reference} {x.text}"
                for x in page.actions
            ],
        ),
        ("Check-ins due", [f"{x.when:%d/%m/%Y} {x.reference} {x.family}" for x in page.check_ins]),
        (
            "No contact for too long",
            [f"{x.reference} {x.family}: {x.text}" for x in page.no_contact],
        ),
        (
            "New arrivals without a Day 1 meeting",
            [f"{x.reference} {x.family}: {x.text}" for x in page.no_day1],
        ),
    ]
    for title, lines in sections:
        print(f"\n{title} ({len(lines)})")
        for text in lines:
            print(f"  {text}")
    return 0
