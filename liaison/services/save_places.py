"""Where the officer's files go: a suggested name that says whose and when, and the folder she
last saved to or opened from, so the next file dialog starts there.

The folder is kept in the encrypted database (a folder's name can name a family), not in the
platform's plain settings file, and without an audit line: it is where a dialog opens, not a
change to anyone's record.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from liaison.models import Setting

if TYPE_CHECKING:
    from liaison.store.database import Database

KEY = "last_folder"
_UNSAFE = re.compile(r"[^0-9A-Za-z]+")


def file_name(kind: str, reference: str | None, day: dt.date, extension: str = "pdf") -> str:
    """ "letter-F00012-2026-12-06.pdf": what, whose (the family reference), and the day."""
    parts = [_UNSAFE.sub("-", part).strip("-") for part in (kind, reference or "") if part]
    return "-".join([*(p for p in parts if p), day.isoformat()]) + f".{extension}"


def family_file_name(db: Database, kind: str, family_id: int, extension: str = "pdf") -> str:
    """file_name for one family's file, dated today."""
    from liaison.models import Family

    with db.read() as session:
        family = session.get(Family, family_id)
        reference = family.reference if family is not None else None
    return file_name(kind, reference, db.clock.today(), extension)


def last_folder(db: Database | None) -> Path:
    """The folder last used, if it is still there; else the home folder."""
    if db is not None and db.is_open:
        with db.read() as session:
            row = session.get(Setting, KEY)
            folder = Path(row.value) if row is not None and row.value else None
        if folder is not None and folder.is_dir():
            return folder
    return Path.home()


def remember_folder(db: Database | None, path: Path) -> None:
    """Remember the folder of a file (or the folder itself) just chosen."""
    if db is None or not db.is_open:
        return
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    with db.session() as session:
        row = session.get(Setting, KEY)
        if row is None:
            session.add(Setting(key=KEY, value=str(folder)))
        elif row.value != str(folder):
            row.value = str(folder)
