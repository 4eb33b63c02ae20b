"""The demo database: fictional families behind a fixed passphrase that is shown on screen, so
trying Liaison takes one click (issue 18). Never for a real database.

- A real database can never be given the demo passphrase (`refuse_for_real`, at creation and
  in every passphrase form), so the passphrase shown opens nothing but a demo.
- A demo says so before it is opened: a small marker file beside it (`liaison.db.demo`) holds a
  digest of its key file. Restoring a real backup over a demo, or changing the demo's
  passphrase, rewrites the key file, so the old marker no longer matches and nothing offers the
  demo passphrase for it. Inside, the "demo" setting marks it once open.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from liaison.errors import ValidationError
from liaison.store.atomic import write_atomic
from liaison.store.files import keyfile_path

DEMO_PASSPHRASE = "liaison demo"
SETTING = "demo"


def marker_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".demo")


def _digest(db_path: Path) -> str:
    return hashlib.sha256(keyfile_path(Path(db_path)).read_bytes()).hexdigest()


def mark(db_path: Path) -> None:
    """Record that the database at `db_path` (just created, key file in place) is a demo."""
    text = (
        "A Liaison DEMO database of fictional families. Its passphrase is shown on the unlock "
        f"screen: {DEMO_PASSPHRASE}\nkey file: {_digest(db_path)}\n"
    )
    write_atomic(marker_path(db_path), text.encode("utf-8"))


def is_demo(db_path: Path) -> bool:
    """Whether the database at `db_path` is the demo it was made as (read before opening)."""
    marker = marker_path(db_path)
    try:
        text = marker.read_text("utf-8")
        return f"key file: {_digest(db_path)}" in text
    except (OSError, UnicodeDecodeError):
        return False


def refuse_for_real(passphrase: str) -> None:
    """The demo passphrase is on screen for anyone to read: never for real records."""
    if passphrase.strip().casefold() == DEMO_PASSPHRASE:
        raise ValidationError(
            {"passphrase": "that is the demo's passphrase, shown to anyone; choose your own"}
        )
