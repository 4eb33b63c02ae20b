"""The data key unwrapped before the database code is loaded, for a command that is about to
open the database (liaison.cli.common).

The key derivation (Argon2id) holds 256 MiB for about half a second. Run after a command had
imported SQLAlchemy and the models (about 90 MB), it was the peak of a whole-school print run;
this module imports only the key file's own code. The database then opens with the key
(services.access.open_database(unlocked=...)), so the derivation is not run twice.

A print run's renderer processes start here too, once the key is derived and its memory freed:
they load Qt and the fonts while the database code loads and the run is planned.
"""

from __future__ import annotations

from pathlib import Path

from liaison.store import files, swap
from liaison.store.keyfile import KeyFile

Unlocked = tuple[KeyFile, bytes]


def unlock_early(path: Path, passphrase: str) -> Unlocked | None:
    """The key file beside `path` and the data key the passphrase unwraps from it (a wrong
    passphrase raises WrongSecret, as opening would). None when there is nothing to unlock
    yet, or a restore is to be finished first (it may bring another key file): opening then
    does it all and says what is wrong."""
    where = files.keyfile_path(path)
    if not path.exists() or not where.exists() or swap.interrupted(path):
        return None
    keyfile = KeyFile.load(where)
    return keyfile, keyfile.unwrap_with_passphrase(passphrase)


def start_renderers(*, off_main_thread: bool | None = None) -> None:
    """Start the renderer children of a print run about to start: on this thread, or
    `off_main_thread` (the desktop app's worker; liaison.documents.pool.start_early)."""
    from liaison.documents import pool

    pool.start_early(off_main_thread=off_main_thread)


def stop_renderers() -> None:
    """Stop the renderers start_renderers started, when no run took them (a run refused)."""
    from liaison.documents import pool

    pool.stop_early()
