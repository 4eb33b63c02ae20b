"""Child process for the full-disk test: each operation runs while no file may grow.

RLIMIT_FSIZE of 0 makes every write() fail (EFBIG, with SIGXFSZ ignored), which is what a
full disk looks like to the program, with no root and no special file system. The limit is
per process, so the parent and pytest itself keep writing normally.

    python -m tests.reliability.disk_full_child DB PASSPHRASE OUT

Prints one line per operation: `refused <op> <message>`, `crashed <op> <type>: <message>`
or `ok <op>`, and at the end `done <note id>` for a note saved once the disk has room again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import resource
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from liaison.services.access import open_database

FAILED_NOTE = "Written while the disk was full: must never be stored"
SAVED_NOTE = "Written after space was freed"


@contextlib.contextmanager
def _disk_full() -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def _attempt(name: str, operation: Callable[[], object]) -> None:
    from liaison.errors import LiaisonError

    try:
        with _disk_full():
            operation()
    except LiaisonError as exc:
        print(f"refused {name} {exc.message}", flush=True)
    except BaseException as exc:  # reported, so the parent can say what escaped
        print(f"crashed {name} {type(exc).__name__}: {exc}", flush=True)
    else:
        print(f"ok {name}", flush=True)


def main(argv: list[str]) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    db_path, passphrase, out = Path(argv[0]), argv[1], Path(argv[2])
    from liaison.services import backups, letters
    from liaison.services import families as fam
    from liaison.services import reporting as rs
    from liaison.services.letters import bookbag

    db = open_database(db_path, passphrase=passphrase)
    family_id = fam.list_families(db)[0].id
    prepared = letters.prepare(db, "welcome", family_id)
    the_plan = bookbag.plan(db, "welcome", bookbag.Selection(whole_school=True))
    report = rs.for_range(db, dt.date(2026, 9, 1), dt.date(2026, 11, 20))
    _attempt("note", lambda: fam.add_note(db, family_id, FAILED_NOTE))
    _attempt("backup", lambda: backups.make(db, "manual", out / "backups"))
    _attempt("letter", lambda: letters.print_document(db, prepared, out / "letter.pdf"))
    _attempt("batch", lambda: bookbag.run(db, the_plan, out / "batch.pdf", description="full"))
    _attempt("report", lambda: rs.export(db, report, pdf=out / "r.pdf", xlsx=out / "r.xlsx"))
    # Room again: the same open database carries on.
    note_id = fam.add_note(db, family_id, SAVED_NOTE)
    db.close()
    print(f"done {note_id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
