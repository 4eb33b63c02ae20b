"""Child processes for the crash tests: run one real operation, pausing at every crash point.

A crash point is a SQL statement or commit on any engine, or a file created, opened, renamed or
removed under the test's folder. At each one the child prints `point <n> <kind> <detail>` and
waits for a line on stdin, so the parent can SIGKILL it at exactly that point. A seeded choice
of points then makes every run reproducible, with no sleeps and no timing in the test.

    python -m tests.reliability.children batch   ROOT DB PASSPHRASE OUT.pdf
    python -m tests.reliability.children migrate ROOT DB PASSPHRASE
    python -m tests.reliability.children backup  ROOT DB PASSPHRASE FOLDER
    python -m tests.reliability.children session ROOT DB PASSPHRASE MEETINGS
    python -m tests.reliability.children restore ROOT DB PASSPHRASE BACKUP
    python -m tests.reliability.children window-restore ROOT DB PASSPHRASE BACKUP

`session` is the app left open all day: it commits MEETINGS meetings one by one, reports
them, then holds the database open at one point (`hold`) until it is killed, so committed
pages are still only in the write-ahead log, as after a power cut.

Lines starting `done ` report what the operation committed; only after it returned.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from liaison.services.access import open_database

_FILE_EVENTS = {"open", "os.rename", "os.remove", "os.unlink", "tempfile.mkstemp", "os.mkdir"}


class _Points:
    def __init__(self, root: str) -> None:
        self.root = root
        self.count = 0
        self.armed = False
        self._inside = False

    def pause(self, kind: str, detail: str) -> None:
        if not self.armed or self._inside:
            return
        self._inside = True
        try:
            self.count += 1
            detail = " ".join(detail.split())[:80]
            sys.stdout.write(f"point {self.count} {kind} {detail}\n")
            sys.stdout.flush()
            # The parent answers "go", or kills us before answering.
            sys.stdin.readline()
        finally:
            self._inside = False

    def audit(self, name: str, args: tuple[Any, ...]) -> None:
        if name not in _FILE_EVENTS or not self.armed or self._inside or not args:
            return
        path = args[0]
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, str | os.PathLike):
            return
        path = os.path.abspath(os.fspath(path))
        if path.startswith(self.root):
            where = os.path.relpath(path, self.root)
            if name == "open" and len(args) > 1:
                where += f" {args[1]!r}"
            self.pause(name, where)

    def install(self) -> None:
        sys.addaudithook(self.audit)

        @event.listens_for(Engine, "before_cursor_execute")
        def _sql(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
            self.pause("sql", statement)

        @event.listens_for(Engine, "commit")
        def _commit(conn: Any) -> None:
            self.pause("commit", "")


def _batch(points: _Points, db_path: Path, passphrase: str, out: Path) -> None:
    from liaison.services.letters import bookbag

    db = open_database(db_path, passphrase=passphrase)
    the_plan = bookbag.plan(db, "welcome", bookbag.Selection(whole_school=True))
    points.armed = True
    result = bookbag.run(db, the_plan, out, description="crash test")
    points.armed = False
    print(f"done batch {result.batch_id} {result.letters}", flush=True)
    db.close()


def _migrate(points: _Points, db_path: Path, passphrase: str) -> None:

    points.armed = True
    db = open_database(db_path, passphrase=passphrase)
    points.armed = False
    print("done migrated", flush=True)
    db.close()


def _backup(points: _Points, db_path: Path, passphrase: str, folder: Path) -> None:
    from liaison.services import backups

    db = open_database(db_path, passphrase=passphrase)
    points.armed = True
    path = backups.make(db, "manual", folder)
    points.armed = False
    print(f"done backup {path.name}", flush=True)
    db.close()


def _session(points: _Points, db_path: Path, passphrase: str, meetings: int) -> None:
    import datetime as dt

    from liaison.services import families as fam
    from liaison.services.casework import meetings as mt

    db = open_database(db_path, passphrase=passphrase)
    family_id = fam.list_families(db)[0].id
    ids = []
    for n in range(meetings):
        draft = mt.MeetingDraft(
            family_id=family_id,
            kind="check_in",
            starts_at=dt.datetime(2026, 11, 2 + n, 9, 30, tzinfo=dt.UTC),
            notes=f"Committed before the crash, meeting {n + 1}",
        )
        ids.append(mt.save_meeting(db, draft))
    print("done meetings " + " ".join(map(str, ids)), flush=True)
    points.armed = True
    points.pause("hold", "the session stays open")


def _restore(points: _Points, db_path: Path, passphrase: str, backup: Path) -> None:
    from liaison.services import backups

    points.armed = True
    result = backups.restore(db_path, backup, passphrase=passphrase)
    points.armed = False
    print(f"done restored {result.families}", flush=True)


def _window_restore(points: _Points, db_path: Path, passphrase: str, backup: Path) -> None:
    """The window's File > Restore, answered yes, on a window unlocked with the passphrase."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from ui.messages import ScriptedMessages

    app = QApplication([])
    messages = ScriptedMessages()
    settings = QSettings(str(backup.parent / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db_path, messages, demo_families=1, settings=settings)
    window.show()
    window._opened(open_database(db_path, passphrase=passphrase), "passphrase")
    window.vault.ops.wait()  # Today's page, worked out on the database worker, before arming
    app.processEvents()
    messages.answers = [True]
    points.armed = True
    restored = window.restore_from(backup, passphrase)
    points.armed = False
    print(f"done window {restored} {messages.shown[-1][1]}", flush=True)
    window.close()
    app.quit()


def main(argv: list[str]) -> None:
    command, root, db_path, passphrase, *rest = argv
    points = _Points(os.path.abspath(root))
    points.install()
    if command == "batch":
        _batch(points, Path(db_path), passphrase, Path(rest[0]))
    elif command == "migrate":
        _migrate(points, Path(db_path), passphrase)
    elif command == "backup":
        _backup(points, Path(db_path), passphrase, Path(rest[0]))
    elif command == "session":
        _session(points, Path(db_path), passphrase, int(rest[0]))
    elif command == "restore":
        _restore(points, Path(db_path), passphrase, Path(rest[0]))
    elif command == "window-restore":
        _window_restore(points, Path(db_path), passphrase, Path(rest[0]))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
