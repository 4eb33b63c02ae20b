"""What every command shares: where the database is, how the passphrase arrives, output."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from liaison import paths
from liaison.errors import LiaisonError, ValidationError
from liaison.services import audit
from liaison.services.access import Database, open_database


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
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise LiaisonError(f"Cannot read the {what} file {path}: {exc.strerror}.") from None
    secret = text.rstrip("\r\n")
    if not secret:
        raise LiaisonError(f"The {what} file {path} is empty.")
    return secret


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
        chosen = getpass.getpass("New passphrase (10 characters or more): ")
        if getpass.getpass("Type it again: ") != chosen:
            raise ValidationError({"passphrase": "the two passphrases differ; nothing was changed"})
    refuse_for_real(chosen)  # the demo's passphrase is public: never for real records
    return chosen


@contextmanager
def open_db(
    args: argparse.Namespace, *, how: str = "cli", read_only: bool = False
) -> Iterator[Database]:
    """Unlock for one command. `read_only` neither migrates nor logs, so it changes no file."""
    db = open_database(db_path(args), passphrase=passphrase(args), migrate_schema=not read_only)
    try:
        if not read_only:
            audit.log_opened(db, how)
        yield db
    finally:
        db.close()


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


def write_recovery_code(code: str, out: Path | None) -> None:
    if out is None:
        print("Recovery code (shown once; print it or write it down and keep it in the safe):")
        print(f"    {code}")
        return
    from liaison.services.exports import save as write_atomic

    write_atomic(Path(out), (code + "\n").encode("ascii"))
    print(f"Recovery code written to {out}. Keep it somewhere safe, away from the database.")
