"""`liaison start`: what `make run` does until the desktop window lands.

With no database yet it offers a demo database of fictional families (or an empty one), then
shows the Today page; with a database it unlocks it and shows the Today page.
"""

from __future__ import annotations

import argparse
import os
import sys

from liaison.cli import casework_cmds, store_cmds
from liaison.cli.common import add_store_options, db_path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("start", help="first run: offer a demo database; later: show Today")
    add_store_options(p)
    p.add_argument("--families", type=int, default=200, help="families in a new demo database")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(run=cmd_start)


def _ask(prompt: str, choices: str) -> str:
    while True:
        answer = input(prompt).strip().lower()[:1]
        if answer in choices:
            return answer
        print(f"Please type one of: {', '.join(choices)}")


def cmd_start(args: argparse.Namespace) -> int:
    path = db_path(args)
    args.recovery_out = None
    if not path.exists():
        scripted = args.passphrase_file or os.environ.get("LIAISON_PASSPHRASE_FILE")
        if not sys.stdin.isatty() and not scripted:
            print(f"No database at {path}. Create one with `liaison demo` or `liaison init`.")
            return 1
        print(f"Welcome to Liaison. There is no database at {path} yet.")
        choice = _ask(
            "Create a [d]emo database of fictional families, an [e]mpty one, or [q]uit? ", "deq"
        )
        if choice == "q":
            return 0
        print("Choose a passphrase of 10 characters or more. It cannot be recovered without the")
        print("recovery code that will be shown next, so keep that code somewhere safe.")
        if choice == "d":
            store_cmds.cmd_demo(args)
        else:
            args.school = args.officer = ""
            store_cmds.cmd_init(args)
        print()
    args.date = None
    args.json = False
    return casework_cmds.cmd_today(args)
