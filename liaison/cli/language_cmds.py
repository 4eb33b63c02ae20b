"""`liaison languages assumed`: families whose letter language is assumed from their pupils,
by language; `--confirm CODE` records it for a language group (or `--family REF` one family)."""

from __future__ import annotations

import argparse

from liaison.cli.common import add_store_options, open_db, print_json
from liaison.errors import LiaisonError
from liaison.i18n import languages
from liaison.services.letters import assumed as presumed_review


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "languages", help="letter languages assumed from the pupils: review, confirm"
    )
    add_store_options(p)
    p.add_argument("what", choices=["assumed"])
    p.add_argument("--confirm", metavar="CODE", help="record this language for the group")
    p.add_argument("--family", action="append", metavar="REF", help="only these families")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_languages)


def cmd_languages(args: argparse.Namespace) -> int:
    with open_db(args, how="cli languages") as db:
        items = presumed_review.assumed_families(db)
        if args.family:
            items = [a for a in items if a.reference in set(args.family)]
        if args.confirm:
            lang = languages.get(args.confirm)
            if lang is None:
                raise LiaisonError(
                    f"Unknown language code {args.confirm!r}; try DfE URD or ISO ur."
                )
            chosen = [a for a in items if a.language == lang.dfe or args.family]
            done = presumed_review.confirm(db, [a.caregiver_id for a in chosen], lang.dfe)
            print(f"Confirmed {languages.describe(lang.dfe)} for {done} families.")
            return 0
    groups = presumed_review.by_language(items)
    if args.json:
        print_json({code: [vars(a) for a in group] for code, group in groups.items()})
        return 0
    if not groups:
        print("No family has a letter language assumed from the pupils.")
    for code, group in groups.items():
        print(f"{languages.describe(code)}: {len(group)} families")
        for a in group:
            print(f"  {a.reference:7} {a.caregiver_name}: {a.reason}")
    return 0
