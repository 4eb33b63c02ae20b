"""templates list, letter, agreement: translated letters and home-school agreements as PDFs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from liaison.cli import sensitive
from liaison.cli.common import add_store_options, end_percent, open_db, percent, print_json
from liaison.cli.common import uk_date as _date
from liaison.errors import LiaisonError
from liaison.i18n import languages
from liaison.services.early_unlock import start_renderers, stop_renderers

if TYPE_CHECKING:
    from liaison.services.letters.bookbag import Plan, Selection

AGREEMENT = "home_school_agreement"


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("templates", help="letter templates and their languages")
    tsub = group.add_subparsers(dest="templates_command", required=True, metavar="COMMAND")
    p = tsub.add_parser("list", help="every template with its languages and translation status")
    add_store_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_templates)

    p = tsub.add_parser("export", help="write a gettext PO file for a translator")
    add_store_options(p)
    p.add_argument("--language", required=True, help="DfE or ISO code of the translation")
    p.add_argument(
        "--template",
        action="append",
        help="template key (default: every one missing or only in draft in that language)",
    )
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=cmd_export)
    p = tsub.add_parser("import", help="store a translated PO file as professional translations")
    add_store_options(p)
    p.add_argument("po", type=Path)
    p.set_defaults(run=cmd_import)
    p = tsub.add_parser("coverage", help="which of the school's languages each template lacks")
    add_store_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_coverage)

    for name, helptext in (
        ("letter", "print a letter for a family as a PDF"),
        ("agreement", "print a home-school agreement for a family as a PDF"),
    ):
        p = sub.add_parser(name, help=helptext)
        add_store_options(p)
        if name == "letter":
            p.add_argument("--template", required=True, help="template key (templates list)")
        p.add_argument("--family", required=True, help="family reference, e.g. F00042")
        p.add_argument("--caregiver", type=int, help="caregiver id (default: main contact)")
        p.add_argument("--pupil", type=int, help="pupil id (default: the first pupil)")
        p.add_argument("--language", help="DfE or ISO 639 code (default: what they read)")
        mode = p.add_mutually_exclusive_group()
        mode.add_argument("--bilingual", dest="bilingual", action="store_true", default=True)
        mode.add_argument("--single", dest="bilingual", action="store_false")
        p.add_argument(
            "--field",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="e.g. date=25/11/2026 time=15:30 place='Family room' interpreter=yes; see "
            "--fields-file",
        )
        sensitive.add_file_option(p, "fields", "the fields, one NAME=VALUE a line")
        p.add_argument("--out", type=Path, required=True)
        p.set_defaults(run=cmd_letter, template_default=AGREEMENT if name == "agreement" else None)

    register_bookbag(sub)

    p = sub.add_parser("bookbag-reprint", help="print a whole batch again, exactly")
    add_store_options(p)
    p.add_argument("batch", type=int)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=cmd_reprint_batch)

    p = sub.add_parser("reply", help="record a returned reply slip by its reference")
    add_store_options(p)
    p.add_argument("reference", help="the reference on the slip, e.g. R7K3Q9M")
    p.add_argument("answer", choices=["yes", "no"])
    p.add_argument("--date", type=_date)
    p.set_defaults(run=cmd_reply)
    p = sub.add_parser("replies", help="who has answered a batch's reply slips, by class")
    add_store_options(p)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--waiting", action="store_true", help="only those still to answer")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_replies)

    p = sub.add_parser("agreement-returned", help="record that an agreement came back signed")
    add_store_options(p)
    p.add_argument("printed_id", type=int)
    p.add_argument("--date", type=_date)
    p.set_defaults(run=cmd_returned)


def cmd_templates(args: argparse.Namespace) -> int:
    from liaison.services.letters.templates import list_templates

    with open_db(args, how="cli templates list") as db:
        templates = list_templates(db)
    if args.json:
        print_json(
            [
                {
                    "key": t.key,
                    "title": t.title,
                    "kind": t.kind,
                    "fields": t.fields,
                    "languages": {
                        code: {
                            "status": v.status,
                            "version": v.version,
                            "reviewed_by": v.reviewed_by,
                        }
                        for code, v in sorted(t.variants.items())
                    },
                }
                for t in templates
            ]
        )
        return 0
    for t in templates:
        fields = f"  fields: {', '.join(t.fields)}" if t.fields else ""
        print(f"{t.key:<24} {t.title}{fields}")
        print("    " + ", ".join(f"{code} ({v.status})" for code, v in sorted(t.variants.items())))
    return 0


def _fields(args: argparse.Namespace) -> dict[str, str]:
    """--field NAME=VALUE options, then the lines of --fields-file (a later one wins)."""
    sensitive.warn_if_given(args, {"field": "fields-file"})
    items = [(f"--field {item!r}", item) for item in args.field]
    if args.fields_file:
        items += [
            (f"--fields-file line {n}", line)
            for n, line in sensitive.lines_of(args.fields_file, "fields-file")
        ]
    out = {}
    for where, item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise LiaisonError(f"{where}: write it as name=value. Nothing was printed.")
        out[name.strip()] = value.strip()
    return out


def cmd_letter(args: argparse.Namespace) -> int:
    from liaison.services import families as fam
    from liaison.services import letters

    key = getattr(args, "template", None) or args.template_default
    if not args.out.parent.exists():
        raise LiaisonError(f"The folder {args.out.parent} does not exist.")
    language = None
    if args.language:
        lang = languages.get(args.language)
        if lang is None:
            raise LiaisonError(f"Unknown language code {args.language!r}; try DfE URD or ISO ur.")
        language = lang.dfe  # prepare() finds the written version ("pa": Gurmukhi)
    fields = _fields(args)  # once: a --fields-file of "-" is stdin, read only once
    with open_db(args, how=f"cli {key}") as db:
        family_id = fam.family_id_for_reference(db, args.family)
        prepared = letters.prepare(
            db,
            key,
            family_id,
            caregiver_id=args.caregiver,
            pupil_id=args.pupil,
            language=language,
            bilingual=args.bilingual,
            fields=fields,
        )
        printed_id = letters.print_document(db, prepared, args.out)
    status = prepared.variant.status_label
    print(
        f"Wrote {args.out}: {prepared.template.title} in "
        f"{languages.describe(prepared.language)} ({status}), record {printed_id}."
    )
    if prepared.reply_by is not None:
        given = "deadline" in fields
        how = "" if given else " (three school days before the date; --field deadline= to choose)"
        print(f"Reply slip {prepared.reply_ref}: back by {prepared.reply_by:%d/%m/%Y}{how}.")
    if prepared.variant.status in ("draft", "machine"):
        print("Note: this translation has not been reviewed.")
    return 0


def cmd_returned(args: argparse.Namespace) -> int:
    from liaison.services import letters

    with open_db(args, how="cli agreement returned") as db:
        letters.agreement_returned(db, args.printed_id, args.date)
    print("Recorded: the agreement came back signed.")
    return 0


def register_bookbag(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bookbag", help="one letter to a class, a year or the school, in one PDF")
    add_store_options(p)
    p.add_argument("--template", required=True)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--class", dest="class_names", action="append", metavar="NAME")
    who.add_argument("--year", dest="years", action="append", type=int, metavar="N")
    who.add_argument("--all", action="store_true", help="the whole school")
    who.add_argument("--families", nargs="+", metavar="REF", help="a hand-made list")
    p.add_argument("--language", help="only families who speak this language")
    p.add_argument("--need", help="only families with this open need, e.g. uniform")
    p.add_argument(
        "--sibling-rule",
        choices=["youngest", "eldest", "each"],
        help="default: the school's setting (youngest unless changed)",
    )
    p.add_argument("--untranslated", choices=["english", "exclude"], default="english")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--bilingual", dest="bilingual", action="store_true", default=True)
    mode.add_argument("--single", dest="bilingual", action="store_false")
    p.add_argument("--field", action="append", default=[], metavar="NAME=VALUE")
    sensitive.add_file_option(p, "fields", "the fields, one NAME=VALUE a line")
    p.add_argument("--per-class-dir", type=Path)
    p.add_argument("--plan-only", action="store_true", help="show the counts, print nothing")
    p.add_argument("--out", type=Path)
    p.set_defaults(run=cmd_bookbag)


def _need(name: str | None):
    from liaison.models.enums import NeedCategory

    if not name:
        return None
    try:
        return NeedCategory(name)
    except ValueError:
        names = ", ".join(c.value for c in NeedCategory)
        raise LiaisonError(f"Unknown need {name!r}; use one of: {names}.") from None


def _language_code(code: str | None) -> str | None:
    if not code:
        return None
    lang = languages.get(code)
    if lang is None:
        raise LiaisonError(f"Unknown language code {code!r}; try DfE URD or ISO ur.")
    return lang.dfe


def cmd_bookbag(args: argparse.Namespace) -> int:

    language = _language_code(args.language)
    hand_made = args.families or []
    if not args.plan_only and args.out is None:
        raise LiaisonError("Give --out FILE.pdf (or --plan-only to see the counts).")
    if args.out is not None and not args.out.parent.exists():
        raise LiaisonError(f"The folder {args.out.parent} does not exist.")
    keyed = None if args.plan_only else start_renderers
    try:
        with open_db(args, how="cli bookbag", keyed=keyed) as db:
            # After unlocking: the services load the database code (services.early_unlock).
            from liaison.services import families as fam
            from liaison.services.letters import bookbag

            selection = bookbag.Selection(
                class_names=tuple(args.class_names or ()),
                year_groups=tuple(args.years or ()),
                whole_school=args.all,
                language=language,
                need=_need(args.need),  # liaison.models loads SQLAlchemy: after unlocking too
            )
            if args.sibling_rule is None:
                from liaison.services import school

                args.sibling_rule = school.get_setting(db, "sibling_rule")
            if hand_made:
                ids = tuple(fam.family_id_for_reference(db, ref) for ref in hand_made)
                selection = bookbag.Selection(
                    family_ids=ids, need=selection.need, language=selection.language
                )
            plan = bookbag.plan(
                db,
                args.template,
                selection,
                sibling_rule=args.sibling_rule,
                untranslated=args.untranslated,
            )
            _say_plan(plan, selection)
            if args.plan_only:
                return 0

            result = bookbag.run(
                db,
                plan,
                args.out,
                fields=_fields(args),
                bilingual=args.bilingual,
                sibling_rule=args.sibling_rule,
                description=selection.describe(),
                per_class_dir=args.per_class_dir,
                progress=percent,
            )
            end_percent()
    finally:
        stop_renderers()  # any a refused run left unused (run() takes them)
    print(
        f"Wrote {result.out}: {result.letters} letters, {result.pages} pages "
        f"(batch {result.batch_id})."
    )
    for path in result.per_class_files:
        print(f"  {path}")
    return 0


def _say_plan(plan: Plan, selection: Selection) -> None:
    """The counts a book-bag plan comes to, as the command prints them."""
    print(f"{len(plan.items)} letters for {selection.describe()}")
    print("  per class: " + ", ".join(f"{k} {v}" for k, v in plan.per_class().items()))
    print("  per language: " + ", ".join(f"{k} {v}" for k, v in plan.per_language().items()))
    for line in plan.language_lines():
        print(f"    {line}")
    assumed = sum(plan.assumed_per_language().values())
    if assumed:
        print(
            f"  {assumed} letters in a language assumed from the pupils' first language: "
            "confirm them in the app (Book-bag letters > Assumed languages…) or with "
            "`liaison languages assumed`"
        )
    if plan.fallbacks():
        print(f"  {len(plan.fallbacks())} in English: no translation in their language")
    for family_id, why in plan.left_out:
        print(f"  left out: family {family_id}: {why}")


def cmd_export(args: argparse.Namespace) -> int:
    from liaison.services.letters import translations

    if not args.out.parent.exists():
        raise LiaisonError(f"The folder {args.out.parent} does not exist.")
    with open_db(args, how="cli templates export") as db:
        count = translations.export_po(db, args.out, args.language, args.template)
    print(f"Wrote {args.out}: {count} templates for translation.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from liaison.services.letters import translations

    with open_db(args, how="cli templates import") as db:
        result = translations.import_po(db, args.po)
    who = f" by {result.translator}" if result.translator else ""
    print(f"Imported {languages.describe(result.language)}{who}:")
    for key, version in result.versions.items():
        print(f"  {key}: version {version} (professional)")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from liaison.services.letters import translations

    with open_db(args, how="cli templates coverage") as db:
        lines, families = translations.coverage(db)
    if args.json:
        print_json({"families_by_language": families, "templates": lines})
        return 0
    print(
        "Families by the language they read: " + ", ".join(f"{k} {v}" for k, v in families.items())
    )
    for line in lines:
        print(f"{line.key:<24} missing: {', '.join(line.missing) or '-'}")
        print(f"{'':<24} only draft: {', '.join(line.draft_only) or '-'}")
    return 0


def cmd_reply(args: argparse.Namespace) -> int:
    from liaison.services import letters

    with open_db(args, how="cli reply") as db:
        letters.record_reply(db, args.reference, args.answer, args.date)
    print(f"Recorded {args.answer} for {args.reference.upper()}.")
    return 0


def cmd_replies(args: argparse.Namespace) -> int:
    from liaison.services import letters

    with open_db(args, how="cli replies") as db:
        rows = letters.replies(db, args.batch)
    if args.waiting:
        rows = [r for r in rows if r.reply is None]
    if args.json:
        print_json(rows)
        return 0
    current = None
    for r in rows:
        if r.class_name != current:
            current = r.class_name
            print(f"Class {current}")
        print(f"  {r.reference}  {r.pupil:<30} {r.reply or 'waiting'}")
    waiting = sum(1 for r in rows if r.reply is None)
    print(f"{len(rows)} letters, {waiting} still to answer")
    return 0


def cmd_reprint_batch(args: argparse.Namespace) -> int:
    from liaison.services import letters

    with open_db(args, how="cli bookbag reprint") as db:
        count = letters.reprint_batch(db, args.batch, args.out)
    print(f"Wrote {args.out}: batch {args.batch} again, {count} letters.")
    return 0
