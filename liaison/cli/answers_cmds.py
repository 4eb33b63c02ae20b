"""answers REF ...: a returned questionnaire page typed in; you-said ...: what the school did about
the results, and the letter home saying so."""

from __future__ import annotations

import argparse
from pathlib import Path

from liaison.cli.common import add_store_options, end_percent, open_db, percent
from liaison.cli.common import uk_date as _date
from liaison.errors import LiaisonError
from liaison.services import parent_voice as pv
from liaison.services.parent_voice import you_said


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "answers",
        help="type in a returned questionnaire page by its reference",
        description="One answer per question on the page, in order: the box number (1 is the "
        "first box from the left), several with commas for 'tick all that apply', '-' for "
        "blank, and the words (quoted) for a written answer. Without answers, shows the page.",
    )
    add_store_options(p)
    p.add_argument("reference", help="the code under the QR code, e.g. Q7K3Q9M")
    p.add_argument("answers", nargs="*", help="e.g. 1 3 - 2 '1,4' 'More clubs please'")
    p.add_argument("--run", type=int, dest="run_number", help="refuse another sending's page")
    p.add_argument("--replace", action="store_true", help="correct a page entered before")
    p.set_defaults(run=cmd_answers)

    group = sub.add_parser("you-said", help="you said, we did: record it and write home")
    ysub = group.add_subparsers(dest="you_said_command", required=True, metavar="COMMAND")
    p = ysub.add_parser("add", help="record what families said and what the school did")
    add_store_options(p)
    p.add_argument("questionnaire")
    p.add_argument("--said", required=True, help="what families told you")
    p.add_argument("--did", required=True, help="what the school decided or did")
    p.add_argument("--question", help="the question it answers (a key)")
    p.add_argument(
        "--translation",
        action="append",
        default=[],
        metavar="CODE=SAID|DID",
        help="the point in a family language, e.g. ARA='...|...'",
    )
    p.add_argument("--decided", type=_date, help="when it was decided (default today)")
    p.set_defaults(run=cmd_you_said_add)
    p = ysub.add_parser("list", help="the points recorded for a questionnaire")
    add_store_options(p)
    p.add_argument("questionnaire")
    p.set_defaults(run=cmd_you_said_list)
    p = ysub.add_parser("print", help="the letter to every family sent the questionnaire")
    add_store_options(p)
    p.add_argument("questionnaire")
    p.add_argument(
        "--run", type=int, action="append", dest="run_numbers", help="only these sendings"
    )
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=cmd_you_said_print)


def _show(page: pv.PageToEnter) -> None:
    print(f"{page.reference}: {page.describe()}")
    if page.entered_at is not None:
        print(f"  entered before by {page.entered_by}; add --replace to correct it")
    for q in page.questions:
        print(f"  {q.number}. {q.text_en}")
        if q.text != q.text_en:
            print(f"     {q.text}")
        if q.kind == "text":
            print("     (words; '-' for blank)")
        else:
            boxes = ", ".join(f"{i}={o[2]}" for i, o in enumerate(q.options, start=1))
            many = "one or more, e.g. 1,3" if q.kind == "any" else "one"
            print(f"     {boxes}  ({many})")
        if q.key in page.answers:
            print(f"     now: {page.answers[q.key]}")


def cmd_answers(args: argparse.Namespace) -> int:
    with open_db(args, how="cli answers") as db:
        page = pv.find_page(db, args.reference, run_id=args.run_number)
        if not args.answers:
            _show(page)
            return 0
        answers = pv.parse_tokens(page, args.answers)
        done = pv.record_answers(
            db, page.reference, answers, run_id=args.run_number, replace=args.replace
        )
    given = sum(1 for v in answers.values() if v not in (None, "", []))
    print(
        f"{done.reference}: {given} of {len(done.questions)} answers recorded ({done.describe()})."
    )
    return 0


def _translations(items: list[str]) -> dict[str, dict[str, str]]:
    out = {}
    for item in items:
        code, sep, rest = item.partition("=")
        said, bar, did = rest.partition("|")
        if not sep or not bar:
            raise LiaisonError(f"--translation {item!r}: write it as CODE='said|did'.")
        out[code.strip().upper()] = {"you_said": said.strip(), "we_did": did.strip()}
    return out


def cmd_you_said_add(args: argparse.Namespace) -> int:
    with open_db(args, how="cli you-said add") as db:
        point = you_said.record(
            db,
            args.questionnaire,
            args.said,
            args.did,
            question_key=args.question,
            translations=_translations(args.translation),
            decided_on=args.decided,
        )
    print(f"Recorded point {point}.")
    return 0


def cmd_you_said_list(args: argparse.Namespace) -> int:
    with open_db(args, how="cli you-said list", read_only=True) as db:
        found = you_said.points(db, args.questionnaire)
    for p in found:
        languages = ", ".join(sorted(p.translations)) or "English only"
        print(f"{p.id}. {p.decided_on:%d/%m/%Y} You said: {p.you_said}\n   We did: {p.we_did}")
        print(f"   ({languages})")
    if not found:
        print("Nothing recorded yet.")
    return 0


def cmd_you_said_print(args: argparse.Namespace) -> int:
    if not args.out.parent.exists():
        raise LiaisonError(f"The folder {args.out.parent} does not exist.")

    with open_db(args, how="cli you-said print") as db:
        result = you_said.print_letters(
            db, args.questionnaire, args.out, run_ids=args.run_numbers, progress=percent
        )
    end_percent()
    print(
        f"Book-bag batch {result.batch_id}: {result.letters} letters, {result.pages} pages, "
        f"to {result.out}."
    )
    for code, count in sorted(result.points_in_english.items()):
        print(f"  {count} {code} letter(s) carry the points in English (no translation given)")
    return 0
