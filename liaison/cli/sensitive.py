"""Case notes, actions and letter fields from a file or stdin rather than the command line.

Any local account can read a running command's arguments (`ps`, /proc/PID/cmdline on Linux,
Task Manager's command line column on Windows), and shells keep them in their history. So
every option that takes such text has a `...-file FILE` twin (`-` reads stdin), the help
says so, and text given as an argument still works but is warned about on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from liaison.errors import LiaisonError

# A meeting's notes or a letter's fields: generous, but a file chosen by mistake (a
# backup, a video) is refused rather than read into memory and stored.
MAX_BYTES = 1_000_000
VISIBLE = (
    "Text given as an argument is visible to other accounts on this computer while the "
    "command runs, and stays in the shell's history"
)


def add_file_option(parser: argparse.ArgumentParser, option: str, what: str) -> None:
    parser.add_argument(
        f"--{option}-file",
        metavar="FILE",
        help=f"read {what} from FILE ('-' for stdin). {VISIBLE}: prefer this.",
    )


def read_text(source: str, option: str) -> str:
    """The text of FILE (or stdin for '-'), UTF-8 (a byte-order mark is dropped)."""
    try:
        if source == "-":
            text = sys.stdin.read(MAX_BYTES + 1)
            size = len(text.encode("utf-8"))
        else:
            path = Path(source)
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise LiaisonError(
                    f"--{option} {source}: the file is {size:,} bytes; the most Liaison reads "
                    f"for this is {MAX_BYTES:,}. Nothing was changed."
                )
            text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LiaisonError(f"Cannot read --{option} {source}: {exc.strerror}.") from None
    except UnicodeDecodeError as exc:
        raise LiaisonError(
            f"--{option} {source} is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8 "
            "and try again. Nothing was changed."
        ) from None
    if size > MAX_BYTES:
        raise LiaisonError(f"--{option}: more than {MAX_BYTES:,} bytes on stdin; nothing saved.")
    return text.lstrip("\ufeff").replace("\r\n", "\n")


def lines_of(source: str, option: str) -> list[tuple[int, str]]:
    """Numbered non-blank lines of a FILE (for actions and fields, one a line)."""
    return [
        (n, line.strip())
        for n, line in enumerate(read_text(source, option).split("\n"), start=1)
        if line.strip()
    ]


def warn_if_given(args: argparse.Namespace, pairs: dict[str, str]) -> None:
    """One warning on stderr naming the options whose text was given as arguments, and the
    file options to use instead. `pairs` maps an argument's dest to its file option."""
    used = [(dest, alternative) for dest, alternative in pairs.items() if getattr(args, dest)]
    if not used:
        return
    given = ", ".join(f"--{dest}" for dest, _ in used)
    instead = ", ".join(f"--{alternative}" for _, alternative in used)
    print(
        f"liaison: warning: other accounts on this computer can read {given} while the "
        f"command runs, and the shell keeps it in its history; use {instead} FILE "
        "(or - for stdin) next time.",
        file=sys.stderr,
    )
