"""families list | show | search."""

from __future__ import annotations

import argparse

from liaison.cli.common import add_store_options, open_db, print_json
from liaison.errors import LiaisonError
from liaison.i18n import languages
from liaison.services import families as fam
from liaison.services import search
from liaison.validation import uk_date, year_label


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("families", help="list, show and search families")
    fsub = group.add_subparsers(dest="families_command", required=True, metavar="COMMAND")

    p = fsub.add_parser("list", help="families matching the filters, sorted by surname")
    add_store_options(p)
    p.add_argument("--text", default="", help="filter by name, reference, class or language")
    p.add_argument("--class", dest="class_names", action="append", default=[], metavar="CLASS")
    p.add_argument("--year", dest="years", action="append", default=[], type=int, metavar="N")
    p.add_argument("--language", help="DfE or ISO language code, e.g. URD or ur")
    p.add_argument("--interpreter", action="store_true", help="only where an interpreter is needed")
    p.add_argument("--new-arrivals", action="store_true")
    p.add_argument("--open-needs", action="store_true")
    p.add_argument("--archived", action="store_true", help="include archived families")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_list)

    p = fsub.add_parser("show", help="one family in full (confidential notes are left out)")
    add_store_options(p)
    p.add_argument("reference", help="family reference, e.g. F00042")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_show)

    p = fsub.add_parser("search", help="full-text search over names in any script and notes")
    add_store_options(p)
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--archived", action="store_true", help="include archived families")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_search)


def cmd_list(args: argparse.Namespace) -> int:
    language = None
    if args.language:
        lang = languages.get(args.language)
        if lang is None:
            raise LiaisonError(f"Unknown language code {args.language!r}; try a DfE code like URD.")
        language = lang.dfe
    flt = fam.FamilyFilter(
        text=args.text,
        class_names=tuple(args.class_names),
        year_groups=tuple(args.years),
        language=language,
        interpreter_needed=args.interpreter,
        new_arrivals=args.new_arrivals,
        open_needs=args.open_needs,
        include_archived=args.archived,
    )
    with open_db(args, how="cli families list") as db:
        rows = fam.list_families(db, flt)
    if args.json:
        print_json(
            [
                {
                    "reference": r.reference,
                    "title": r.title,
                    "caregivers": r.caregivers,
                    "pupils": r.pupils,
                    "classes": r.classes,
                    "year_groups": r.year_groups,
                    "languages": r.languages,
                    "interpreter_needed": r.interpreter_needed,
                    "new_arrival_date": r.new_arrival_date,
                    "open_needs": r.open_needs,
                    "archived": r.archived,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        flags = []
        if r.interpreter_needed:
            flags.append("interpreter")
        if r.open_needs:
            flags.append(f"{r.open_needs} open needs")
        if r.archived:
            flags.append("archived")
        print(
            f"{r.reference}  {r.title:<40}  {', '.join(r.classes):<10} "
            f"{'/'.join(r.languages):<10} {'; '.join(flags)}"
        )
    print(f"{len(rows)} families")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_db(args, how="cli families show") as db:
        detail = fam.get_family(db, fam.family_id_for_reference(db, args.reference))
    notes = [n for n in detail.notes if not n.confidential]
    if args.json:
        print_json(
            {
                "reference": detail.reference,
                "family": detail.draft,
                "archived_at": detail.archived_at,
                "archived_reason": detail.archived_reason,
                "needs": detail.needs,
                "consents": detail.consents,
                "notes": notes,
                "confidential_notes_withheld": len(detail.notes) - len(notes),
                "chronology": detail.chronology,
            }
        )
        return 0
    d = detail.draft
    print(f"Family {detail.reference}" + ("  (ARCHIVED)" if detail.archived_at else ""))
    address = ", ".join(x for x in (d.address_line1, d.address_line2, d.town, d.postcode) if x)
    if address:
        print(f"  Address: {address}")
    if d.new_arrival_date:
        print(f"  New arrival: {uk_date(d.new_arrival_date)}")
    print("Caregivers:")
    for c in d.caregivers:
        latin = " ".join(x for x in (c.given_name_latin, c.family_name_latin) if x)
        print(f"  {c.display_name}" + (f" [{latin}]" if latin else ""))
        print(
            f"    speaks {languages.describe(c.main_language)}; letters in "
            f"{languages.describe(c.letter_language) or 'not set'}; reads English: "
            f"{ {True: 'yes', False: 'no', None: 'not known'}[c.reads_english] }"
        )
        if c.interpreter_needed:
            extra = ", ".join(x for x in (c.interpreter_dialect, c.interpreter_preference) if x)
            print(
                f"    interpreter needed: {languages.describe(c.interpreter_language)}"
                + (f" ({extra})" if extra else "")
            )
        contact = ", ".join(x for x in (c.phone_mobile, c.phone_other, c.email) if x)
        if contact:
            print(f"    {contact}")
    print("Pupils:")
    for p in d.pupils:
        print(
            f"  {p.display_name}  {year_label(p.year_group)} {p.class_name or ''}  "
            f"born {uk_date(p.date_of_birth)}  UPN {p.upn or '-'}  "
            f"first language {languages.describe(p.first_language)}  "
            f"proficiency {p.proficiency.value}"
        )
    if detail.needs:
        print("Needs:")
        for n in detail.needs:
            print(f"  {n.category.label}: {n.status.label}  {n.detail or ''}")
    if notes:
        print(f"Notes ({len(notes)}):")
        for n in notes[:10]:
            print(f"  {n.written_at:%d/%m/%Y}  {n.body[:70]}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with open_db(args, how="cli families search") as db:
        hits = search.search(db, args.query, limit=args.limit, include_archived=args.archived)
    if args.json:
        print_json(hits)
        return 0
    for h in hits:
        snippet = f"  …{h.snippet}" if h.snippet else ""
        print(f"{h.reference}  {h.title}{snippet}")
    print(f"{len(hits)} matches")
    return 0
