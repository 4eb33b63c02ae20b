"""Parse the command line and turn every error a person can cause into one clear line."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import os
import sys
import threading
from typing import NoReturn

from liaison import __version__
from liaison.errors import LiaisonError
from liaison.services import hardening

# Each module adds its commands with a `register(subparsers)` function, in this order in the
# help. A run imports only its own command's module: together they load SQLAlchemy, reportlab,
# openpyxl and numpy, about a second and 90 MB before the first thing a command does.
COMMAND_MODULES = {
    "start_cmd": ("start",),
    "store_cmds": ("backup", "backups", "check", "demo", "init", "passwd", "recover", "restore"),
    "family_cmds": ("families",),
    "casework_cmds": ("meetings", "today"),
    "support_cmds": ("bookings", "interpreters", "referrals", "services"),
    "letter_cmds": (
        "agreement",
        "agreement-returned",
        "bookbag",
        "bookbag-reprint",
        "letter",
        "replies",
        "reply",
        "templates",
    ),
    "language_cmds": ("languages",),
    "privacy_cmds": ("retention", "sar"),
    "questionnaire_cmds": ("questionnaires",),
    "answers_cmds": ("answers", "you-said"),
    "scans_cmd": ("scans",),
    "report_cmd": ("report",),
    "import_cmd": ("import",),
    "attendance_cmds": ("attendance",),
    "selftest_cmd": ("selftest",),
}
_MODULE_OF = {command: module for module, names in COMMAND_MODULES.items() for command in names}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for every command, or for `command` alone when it is one."""
    parser = argparse.ArgumentParser(
        prog="liaison",
        description="Liaison: encrypted family records and translated letters for schools.",
    )
    parser.add_argument("--version", action="version", version=f"liaison {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    only = _MODULE_OF.get(command or "")
    for name in [only] if only else COMMAND_MODULES:
        importlib.import_module(f"liaison.cli.{name}").register(sub)
    return parser


def _command(argv: list[str]) -> str | None:
    """The command asked for: the first word that is not an option."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    hardening.harden()
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(_command(words))
    args = parser.parse_args(words)
    try:
        return int(args.run(args))
    except LiaisonError as exc:
        _say(exc.message)
        return exc.exit_code
    except BrokenPipeError:
        # `liaison families list | head`: the reader has gone; that is not an error. Point
        # stdout at devnull so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        _say("interrupted; nothing more was changed.")
        return 130
    except OSError as exc:
        # A full disk or a read-only folder: say which file, never a traceback.
        where = f" ({exc.filename})" if exc.filename else ""
        _say(f"{exc.strerror or exc}{where}")
        return 1


def _say(message: str) -> None:
    """Why the command stopped, below any progress line it was showing."""
    from liaison.cli.common import end_percent

    end_percent()
    print(f"liaison: {message}", file=sys.stderr)


def run() -> NoReturn:
    """The `liaison` command as installed: main, then out without the interpreter's teardown.

    After a print run had written its files and said so, tearing down the interpreter (Qt's
    fonts, every module) took another 0.3 s before the prompt came back. Exit handlers still
    run (a pool's unused renderers are stopped, temporary folders removed) and output is
    flushed; only the teardown, which keeps nothing, is skipped."""
    code = main()
    for thread in threading.enumerate():  # as the interpreter would, before the handlers
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # A reader that has gone (`| head`) has nothing left to be told.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
