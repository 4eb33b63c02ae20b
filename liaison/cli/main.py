"""Parse the command line and turn every error a person can cause into one clear line."""

from __future__ import annotations

import argparse
import sys

from liaison import __version__
from liaison.cli import (
    answers_cmds,
    attendance_cmds,
    casework_cmds,
    family_cmds,
    import_cmd,
    language_cmds,
    letter_cmds,
    privacy_cmds,
    questionnaire_cmds,
    report_cmd,
    scans_cmd,
    selftest_cmd,
    start_cmd,
    store_cmds,
    support_cmds,
)
from liaison.errors import LiaisonError
from liaison.services import hardening

# Each later capability adds a module here with a `register(subparsers)` function.
COMMAND_MODULES = [
    start_cmd,
    store_cmds,
    family_cmds,
    casework_cmds,
    support_cmds,
    letter_cmds,
    language_cmds,
    privacy_cmds,
    questionnaire_cmds,
    answers_cmds,
    scans_cmd,
    report_cmd,
    import_cmd,
    attendance_cmds,
    selftest_cmd,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="liaison",
        description="Liaison: encrypted family records and translated letters for schools.",
    )
    parser.add_argument("--version", action="version", version=f"liaison {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    hardening.harden()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except LiaisonError as exc:
        print(f"liaison: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # `liaison families list | head`: the reader has gone; that is not an error. Point
        # stdout at devnull so the interpreter's final flush does not complain either.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("liaison: interrupted; nothing more was changed.", file=sys.stderr)
        return 130
    except OSError as exc:
        # A full disk or a read-only folder: say which file, never a traceback.
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"liaison: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
