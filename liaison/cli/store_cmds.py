"""init, demo, check, passwd, recover: making and looking after the database itself."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from liaison import demo
from liaison.cli.common import (
    add_store_options,
    ask,
    check_recovery_out,
    db_path,
    new_passphrase,
    open_db,
    passphrase,
    print_json,
    write_recovery_code,
)
from liaison.cli.secret_files import read_secret_file
from liaison.errors import LiaisonError, ValidationError
from liaison.services import school
from liaison.services.access import Database, create_database, open_database


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create a new, empty encrypted database")
    add_store_options(p)
    p.add_argument("--recovery-out", type=Path, help="write the recovery code to this file")
    p.add_argument("--school", default="", help="school name")
    p.add_argument("--officer", default="", help="the liaison officer's name")
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("demo", help="create a new database of fictional demo families")
    add_store_options(p)
    p.add_argument("--families", type=int, default=200, help="how many families (default 200)")
    p.add_argument("--seed", type=int, default=1, help="random seed, for repeatable data")
    p.add_argument("--recovery-out", type=Path, help="write the recovery code to this file")
    p.set_defaults(run=cmd_demo)

    p = sub.add_parser("check", help="verify integrity, encryption, schema and key slots")
    add_store_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("backup", help="make a verified, encrypted backup now (and rotate)")
    add_store_options(p)
    p.add_argument("--to", type=Path, help="backup folder (default: the one in settings)")
    p.set_defaults(run=cmd_backup)

    p = sub.add_parser("backups", help="list the backups in the backup folder")
    add_store_options(p)
    p.add_argument(
        "--keep",
        nargs=3,
        type=int,
        metavar=("DAILY", "WEEKLY", "MONTHLY"),
        help="set the rotation: how many daily, weekly and monthly backups to keep",
    )
    p.set_defaults(run=cmd_backups)

    p = sub.add_parser(
        "restore", help="replace the database by a backup (kept aside until it opens)"
    )
    add_store_options(p)
    p.add_argument("backup", type=Path)
    p.add_argument("--recovery-code-file", type=Path, help="open the backup with its recovery code")
    p.add_argument("--yes", action="store_true", help="do not ask before replacing the database")
    p.add_argument(
        "--other-database",
        action="store_true",
        help="with --yes: restore even if the backup is of a different database",
    )
    p.set_defaults(run=cmd_restore)

    p = sub.add_parser("passwd", help="change the passphrase (the data is not re-encrypted)")
    add_store_options(p)
    p.add_argument("--new-passphrase-file", type=Path)
    p.set_defaults(run=cmd_passwd)

    p = sub.add_parser("recover", help="open with the recovery code and set a new passphrase")
    add_store_options(p)
    p.add_argument("--recovery-code-file", type=Path, help="read the recovery code from a file")
    p.add_argument("--new-passphrase-file", type=Path)
    p.add_argument(
        "--new-recovery-out",
        type=Path,
        help="also replace the recovery code and write the new one here",
    )
    p.set_defaults(run=cmd_recover)


def _create(args: argparse.Namespace) -> tuple[Database, str]:
    check_recovery_out(args.recovery_out)
    path = db_path(args)
    if args.passphrase_file or os.environ.get("LIAISON_PASSPHRASE_FILE"):
        secret = passphrase(args)
    else:
        secret = new_passphrase(args)
    names = [getattr(args, "school", ""), getattr(args, "officer", "")]
    return create_database(path, secret, names=names)


def cmd_init(args: argparse.Namespace) -> int:
    db, code = _create(args)
    try:
        if args.school or args.officer:
            details = school.get_school(db)
            details.name = args.school or details.name
            details.officer_name = args.officer or details.officer_name
            school.save_school(db, details)
        print(f"Created {db.path}")
    finally:
        db.close()
    return 0 if write_recovery_code(code, args.recovery_out) else 1


def cmd_demo(args: argparse.Namespace) -> int:
    if args.families < 1:
        raise LiaisonError("--families must be at least 1.")
    db, code = _create(args)
    try:

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\r{done}/{total} families", end="", file=sys.stderr, flush=True)

        summary = demo.build_demo(db, families=args.families, seed=args.seed, progress=progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(f"Created {db.path} with fictional demo data:")
        print(
            f"  {summary.families} families, {summary.caregivers} caregivers, "
            f"{summary.pupils} pupils, {summary.notes} notes"
        )
        top = sorted(summary.languages.items(), key=lambda kv: -kv[1])
        print("  languages: " + ", ".join(f"{code} {n}" for code, n in top))
    finally:
        db.close()
    return 0 if write_recovery_code(code, args.recovery_out) else 1


def cmd_check(args: argparse.Namespace) -> int:
    # Checking must not write: a damaged file is left exactly as it was found.
    with open_db(args, read_only=True) as db:
        report = db.check()
    if args.json:
        print_json({"ok": report.ok, "checks": report.results, "failed": report.failures})
    else:
        for name, result in report.results.items():
            print(f"{name}: {result}")
        print("All checks passed." if report.ok else "Some checks FAILED.")
    if not report.ok:
        print(
            f"liaison: the database failed {', '.join(report.failures)}; "
            "restore it from a backup or ask for help before adding records.",
            file=sys.stderr,
        )
    return 0 if report.ok else 1


def cmd_passwd(args: argparse.Namespace) -> int:
    current = passphrase(args, "Current passphrase: ")
    path = db_path(args)
    db = open_database(path, passphrase=current)
    try:
        db.change_passphrase(current, new_passphrase(args))
    finally:
        db.close()
    print("Passphrase changed. The recovery code is unchanged.")
    return 0


def _recovery_code(args: argparse.Namespace) -> str:
    if args.recovery_code_file:
        return read_secret_file(args.recovery_code_file, "recovery code").strip()
    if not sys.stdin.isatty():
        raise LiaisonError("No recovery code: give --recovery-code-file FILE.")
    return input("Recovery code: ")


def cmd_recover(args: argparse.Namespace) -> int:
    check_recovery_out(args.new_recovery_out)
    db = open_database(db_path(args), recovery_code=_recovery_code(args))
    written = True
    try:
        db.reset_passphrase(new_passphrase(args))
        print("New passphrase set. Use it to unlock from now on.")
        if args.new_recovery_out:
            written = write_recovery_code(db.replace_recovery_code(), args.new_recovery_out)
    finally:
        db.close()
    return 0 if written else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from liaison.services import backups

    with open_db(args, how="cli backup", shared=True) as db:
        path = backups.make(db, "manual", args.to)
        if db.read_only:
            # Read beside the open app, or from read-only media: its audit log is not written.
            where = "the open app" if db.beside_the_app else "read-only media"
            print(f"Read from {where}; this backup is not in the database's audit log.")
    print(f"Backed up and verified: {path}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from liaison.services import backups

    with open_db(args, how="cli backups", shared=not args.keep) as db:
        if args.keep:
            backups.set_rotation(db, backups.Rotation(*args.keep))
        policy = backups.rotation(db)
        found = backups.list_backups(db)
    for b in found:
        print(f"{b.created_at.astimezone():%d/%m/%Y %H:%M}  {b.reason:<16} {b.path}")
    print(f"{len(found)} backups; keeping {policy.describe()}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from liaison.services import backups

    prompt = "Passphrase the database had when this backup was made: "
    secret = (
        {"recovery_code": _recovery_code(args)}
        if args.recovery_code_file
        else {"passphrase": passphrase(args, prompt)}
    )
    # Opened and counted before anything is replaced: the wrong secret or a damaged backup
    # stops here with the current database untouched.
    contents = backups.inspect(args.backup, **secret)
    print(contents.describe())
    target = db_path(args)
    other = backups.other_database(target, contents)
    if other:
        print(other)
        if args.yes and not args.other_database:
            anyway = "Add --other-database to restore it anyway. Nothing was changed"
            raise ValidationError({"backup": f"{other} {anyway}"})
        expected = ("other",) if not args.yes else ("y",)
        question = f"Type 'other' to replace the database at {target} with it: "
    else:
        expected = ("y", "yes")
        question = (
            f"Replace the database at {target} with it? [y/N] "
            if target.exists()
            else f"Restore it to {target}? [y/N] "
        )
    answer = expected[0] if args.yes else ask(question)
    if answer.lower() not in expected:
        print("Nothing was changed.")
        return 1
    result = backups.restore(target, args.backup, **secret)
    print(
        f"Restored {result.families} families into {result.restored}. The database it replaced "
        f"is kept as {result.kept_aside}. Unlock it with the passphrase or recovery code it had "
        "when the backup was made."
    )
    return 0
