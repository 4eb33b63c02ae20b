"""questionnaires ...: the parent voice questionnaires, their translations, sending them home,
who has not answered, and the results (small numbers hidden unless asked)."""

from __future__ import annotations

import argparse
from pathlib import Path

from liaison.cli import sensitive
from liaison.cli.common import add_store_options, end_percent, open_db, percent, print_json
from liaison.cli.letter_cmds import _fields, _language_code, _need
from liaison.errors import LiaisonError
from liaison.i18n import languages
from liaison.services import families as fam
from liaison.services import parent_voice as pv
from liaison.services.parent_voice import results as res
from liaison.services.parent_voice import translations


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("questionnaires", help="parent voice: questionnaires home and back")
    qsub = group.add_subparsers(dest="questionnaires_command", required=True, metavar="COMMAND")
    p = qsub.add_parser("list", help="every questionnaire with its languages and status")
    add_store_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_list)
    p = qsub.add_parser("add", help="add a questionnaire the school designed (a JSON file)")
    add_store_options(p)
    p.add_argument("design", type=Path)
    p.set_defaults(run=cmd_add)
    p = qsub.add_parser("export", help="write a gettext PO file for a translator")
    add_store_options(p)
    p.add_argument("--language", required=True)
    p.add_argument("--questionnaire", action="append", help="key (default: missing or draft)")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=cmd_export)
    p = qsub.add_parser("import", help="store a translated PO file as professional translations")
    add_store_options(p)
    p.add_argument("po", type=Path)
    p.set_defaults(run=cmd_import)
    _register_send(qsub)
    p = qsub.add_parser("runs", help="the sendings made, and how many came back")
    add_store_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_runs)
    p = qsub.add_parser("waiting", help="who has not answered a sending, by class")
    add_store_options(p)
    p.add_argument("--run", type=int, required=True, dest="run_number")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_waiting)
    _register_results(qsub)


def _register_send(qsub: argparse._SubParsersAction) -> None:
    p = qsub.add_parser("send", help="print a questionnaire for a class, year or the school")
    add_store_options(p)
    p.add_argument("questionnaire", help="key (questionnaires list)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--class", dest="class_names", action="append", metavar="NAME")
    who.add_argument("--year", dest="years", action="append", type=int, metavar="N")
    who.add_argument("--all", action="store_true", help="the whole school")
    who.add_argument("--families", nargs="+", metavar="REF")
    p.add_argument("--language", help="only families who speak this language")
    p.add_argument("--need", help="only families with this open need")
    p.add_argument("--untranslated", choices=["english", "exclude"], default="english")
    p.add_argument("--field", action="append", default=[], metavar="NAME=VALUE")
    sensitive.add_file_option(p, "fields", "the fields, one NAME=VALUE a line")
    p.add_argument("--per-class-dir", type=Path)
    p.add_argument("--plan-only", action="store_true", help="show the counts, print nothing")
    p.add_argument("--out", type=Path)
    p.set_defaults(run=cmd_send)


def _register_results(qsub: argparse._SubParsersAction) -> None:
    p = qsub.add_parser("results", help="counts and shares per question (small numbers hidden)")
    add_store_options(p)
    p.add_argument("questionnaire")
    p.add_argument("--run", type=int, action="append", dest="run_numbers", help="only these")
    p.add_argument("--by", choices=["overall", "language", "year"], default="overall")
    p.add_argument("--show-small", action="store_true", help="show counts from 1 to 4 too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_results)
    p = qsub.add_parser("written", help="the words families wrote (for the officer only)")
    add_store_options(p)
    p.add_argument("questionnaire")
    p.add_argument("--run", type=int, action="append", dest="run_numbers")
    p.set_defaults(run=cmd_written)


def cmd_list(args: argparse.Namespace) -> int:
    with open_db(args, how="cli questionnaires list", read_only=True) as db:
        found = pv.list_questionnaires(db)
    if args.json:
        print_json(
            [
                {
                    "key": q.key,
                    "title": q.title,
                    "per": q.design.per,
                    "questions": [x.key for x in q.design.questions],
                    "languages": {
                        code: {"status": v.status, "version": v.version}
                        for code, v in sorted(q.versions.items())
                    },
                }
                for q in found
            ]
        )
        return 0
    for q in found:
        drafts = sum(v.status in ("draft", "machine") for v in q.versions.values())
        print(f"{q.key}: {q.title} (one per {q.design.per}, {len(q.design.questions)} questions)")
        print(f"  {len(q.versions)} languages, {drafts} of them drafts nobody has reviewed")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    with open_db(args, how="cli questionnaires add") as db:
        key = pv.add_design_file(db, args.design)
    print(f"Added questionnaire {key}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with open_db(args, how="cli questionnaires export") as db:
        count = translations.export_po(db, args.out, args.language, args.questionnaire)
    print(f"Wrote {count} questionnaire(s) to {args.out}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with open_db(args, how="cli questionnaires import") as db:
        result = translations.import_po(db, args.po)
    who = f" by {result.translator}" if result.translator else ""
    for key, version in result.versions.items():
        print(f"{key} {result.language}: version {version}, professional translation{who}")
    return 0


def _selection(args: argparse.Namespace, db) -> pv.Selection:
    if args.families:
        ids = tuple(fam.family_id_for_reference(db, ref) for ref in args.families)
        return pv.Selection(
            family_ids=ids, language=_language_code(args.language), need=_need(args.need)
        )
    return pv.Selection(
        class_names=tuple(args.class_names or ()),
        year_groups=tuple(args.years or ()),
        whole_school=args.all,
        language=_language_code(args.language),
        need=_need(args.need),
    )


def cmd_send(args: argparse.Namespace) -> int:
    if not args.plan_only and args.out is None:
        raise LiaisonError("Give --out FILE.pdf (or --plan-only to see the counts).")
    if args.out is not None and not args.out.parent.exists():
        raise LiaisonError(f"The folder {args.out.parent} does not exist.")
    fields = _fields(args)
    with open_db(args, how="cli questionnaires send") as db:
        selection = _selection(args, db)
        plan = pv.plan(db, args.questionnaire, selection, untranslated=args.untranslated)
        print(f"{len(plan.items)} questionnaires for {selection.describe()}")
        print("  per class: " + ", ".join(f"{k} {v}" for k, v in plan.per_class().items()))
        for line in plan.language_lines():
            print(f"    {line}")
        if plan.fallbacks():
            print(f"  {len(plan.fallbacks())} in English: no translation in their language")
        if args.plan_only:
            return 0

        result = pv.run(
            db,
            plan,
            args.out,
            fields=fields,
            description=selection.describe(),
            per_class_dir=args.per_class_dir,
            progress=percent,
        )
    end_percent()
    print(
        f"Sending {result.run_id}: {result.questionnaires} questionnaires, {result.pages} pages, "
        f"to {result.out}. Type answers back with `liaison answers REFERENCE ...`."
    )
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    with open_db(args, how="cli questionnaires runs", read_only=True) as db:
        found = pv.list_runs(db)
    if args.json:
        print_json(found)
        return 0
    for run in found:
        print(run.label())
    if not found:
        print("No questionnaires sent yet.")
    return 0


def cmd_waiting(args: argparse.Namespace) -> int:
    with open_db(args, how="cli questionnaires waiting", read_only=True) as db:
        rows = pv.waiting(db, args.run_number)
        per_class = pv.waiting_by_class(db, args.run_number)
    if args.json:
        print_json({"by_class": per_class, "waiting": rows})
        return 0
    for class_name, (missing, sent) in per_class.items():
        print(f"{class_name}: {missing} of {sent} still to come back")
        for w in (w for w in rows if w.class_name == class_name):
            lang = languages.describe(w.language)
            print(f"    {w.pupil or w.family_ref} ({lang}): {', '.join(w.missing)}")
    return 0


def _print_grid(grid: res.Grid) -> None:
    print(grid.title)
    widths = [
        max(len(str(r[i])) for r in (grid.columns, *grid.rows)) for i in range(len(grid.columns))
    ]
    for row in (grid.columns, *grid.rows):
        print("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def cmd_results(args: argparse.Namespace) -> int:
    suppress = not args.show_small
    with open_db(args, how="cli questionnaires results") as db:
        found = pv.results_for(db, args.questionnaire, run_ids=args.run_numbers)
    grids = [pv.present(q, by=args.by, suppress=suppress) for q in found.questions]
    response = pv.response_rows(
        found, by="year" if args.by == "year" else "language", suppress=suppress
    )
    if args.json:
        print_json(
            {
                "questionnaire": found.key,
                "small_numbers_hidden": suppress,
                "response": response,
                "questions": grids,
            }
        )
        return 0
    print(f"{found.title}: {found.returned} of {found.sent} came back")
    if suppress:
        print(f"  ({res.SMALL} and {res.HIDDEN}: small numbers hidden, as in the termly report)")
    _print_grid(response)
    for grid in grids:
        _print_grid(grid)
    return 0


def cmd_written(args: argparse.Namespace) -> int:
    with open_db(args, how="cli questionnaires written") as db:
        found = pv.written_answers(db, args.questionnaire, run_ids=args.run_numbers)
    for w in found:
        print(f"{w.family_ref} {w.pupil} ({w.language}), {w.question}\n    {w.text}")
    if not found:
        print("Nothing written yet.")
    return 0
