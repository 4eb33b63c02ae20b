"""What every command shares: where the database is, how the passphrase arrives, output."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison import heap, paths
from liaison.cli.secret_files import read_secret_file
from liaison.errors import LiaisonError, StoreBusy, ValidationError, write_reason
from liaison.services.early_unlock import unlock_early
from liaison.validation import parse_uk_date

if TYPE_CHECKING:
    from liaison.services.access import Database


def add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="database file (default: $LIAISON_DB, else the usual data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        default=None,
        help="read the passphrase from this file (default: $LIAISON_PASSPHRASE_FILE, else ask)",
    )


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else paths.default_db_path()


def _read_secret_file(path: Path, what: str) -> str:
    return read_secret_file(path, what)


def passphrase(args: argparse.Namespace, prompt: str = "Passphrase: ") -> str:
    source = args.passphrase_file or os.environ.get("LIAISON_PASSPHRASE_FILE")
    if source:
        return _read_secret_file(Path(source), "passphrase")
    if not sys.stdin.isatty():
        raise LiaisonError(
            "No passphrase: give --passphrase-file FILE or set LIAISON_PASSPHRASE_FILE."
        )
    return getpass.getpass(prompt)


def new_passphrase(args: argparse.Namespace) -> str:
    """A new passphrase from --new-passphrase-file, or asked for twice."""
    from liaison.services.demo_mark import refuse_for_real

    source = getattr(args, "new_passphrase_file", None)
    if source:
        chosen = _read_secret_file(Path(source), "new passphrase")
    elif not sys.stdin.isatty():
        raise LiaisonError("No new passphrase: give --new-passphrase-file FILE.")
    else:
        print(
            "Choose a passphrase of a few ordinary words only you would put together (not the "
            "school's or your name): anyone with a copy of the database can try guesses offline.",
            file=sys.stderr,
        )
        chosen = getpass.getpass("New passphrase (10 characters or more): ")
        if getpass.getpass("Type it again: ") != chosen:
            raise ValidationError({"passphrase": "the two passphrases differ; nothing was changed"})
    refuse_for_real(chosen)  # the demo's passphrase is public: never for real records
    return chosen


@contextmanager
def open_db(
    args: argparse.Namespace,
    *,
    how: str = "cli",
    read_only: bool = False,
    shared: bool = False,
    keyed: Callable[[], None] | None = None,
) -> Iterator[Database]:
    """Unlock for one command. `read_only` neither migrates nor logs, so it changes no file.
    `shared` opens as usual, but read-only when the app has the database open or it is on
    read-only media (a scheduled backup, a write-protected stick). `keyed` is called once the
    passphrase is known to be right and its key derived (Argon2id's memory freed), before the
    database code loads: a print run starts its renderers there."""
    path, secret = db_path(args), passphrase(args)
    unlocked = unlock_early(path, secret)
    if keyed is not None and unlocked is not None:
        keyed()
    # Only now: these load SQLAlchemy and the models (services.early_unlock says why).
    from liaison.services import audit, backups
    from liaison.services.access import open_database

    if shared and not read_only:
        read_only = not os.access(path.parent, os.W_OK) and path.exists()
    try:
        db = open_database(path, passphrase=secret, read_only=read_only, unlocked=unlocked)
    except StoreBusy:
        if not shared or read_only:
            raise
        # The early key may have been used up (zeroed) by the first try: derived again here.
        db = open_database(path, passphrase=secret, read_only=True)
    try:
        # The code just loaded, and what the command reads, live as long as the command.
        with heap.settled():
            if not db.read_only:
                audit.log_opened(db, how)
                backups.tidy(db)
            yield db
    finally:
        db.close()


_percent_shown: int | None = None  # the figure on the progress line, while one is showing


def percent(done: int, total: int) -> None:
    """A long command's progress on stderr, one line rewritten (a job's Progress); written
    only when the figure changes (a whole-school print run reports 2,000 letters)."""
    global _percent_shown
    figure = 100 * done // max(total, 1)
    if figure != _percent_shown:
        _percent_shown = figure
        print(f"\r  {figure}%", end="", file=sys.stderr, flush=True)


def end_percent() -> None:
    """End the progress line, if one is showing, so what follows (the result, or the reason
    the job stopped) starts on a line of its own."""
    global _percent_shown
    if _percent_shown is not None:
        print(file=sys.stderr, flush=True)
        _percent_shown = None


def uk_date(text: str) -> dt.date:
    """A date typed on the command line, day first (argparse type)."""
    try:
        return parse_uk_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def print_json(value: Any) -> None:
    json.dump(_plain(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def ask(prompt: str) -> str:
    """A typed answer; read from stdin so a confirmation can also be piped in."""
    print(prompt, end="", flush=True)
    return sys.stdin.readline().strip()


def check_recovery_out(out: Path | None) -> None:
    """Before anything is created or changed: the recovery code can be written to `out`
    (its folder is there and writable). Otherwise a new code nobody has seen would be the
    only way back into the records."""
    if out is None:
        return
    out = Path(out)
    problem = None
    if out.is_dir():
        problem = "that is a folder; give a file name in it"
    elif not out.parent.is_dir():
        problem = "the folder is not there"
    else:
        try:
            with tempfile.TemporaryFile(dir=out.parent):
                pass
        except OSError as exc:
            problem = write_reason(exc)
    if problem:
        raise ValidationError(
            {
                "recovery-out": f"cannot write the recovery code to {out} in {out.parent}: "
                f"{problem}. Nothing was changed"
            }
        )


def write_recovery_code(code: str, out: Path | None) -> bool:
    """Write the new recovery code to `out`, or print it. If the file cannot be written,
    the code is printed instead: it is the only way back in, and it is never lost unseen.
    Returns whether it went where it was asked to."""
    if out is not None:
        from liaison.services.exports import save as write_atomic

        try:
            write_atomic(Path(out), (code + "\n").encode("ascii"))
        except LiaisonError as exc:
            print(f"liaison: {exc.message}", file=sys.stderr)
        else:
            print(
                f"Recovery code written to {out}. Keep it somewhere safe, away from the database."
            )
            return True
        print("The recovery code could not be written to that file, so here it is instead:")
    print("Recovery code (shown once; print it or write it down and keep it in the safe):")
    print(f"    {code}")
    return out is None
