"""The heavy code loaded on a thread while the officer types the passphrase.

The unlock screen (or the first-run wizard) needs only Qt. The database code (SQLAlchemy, the
models, the services), the documents engine and the strength meter took about 1.4 s to import,
all before the window appeared. Now the window shows first and `start` imports them on a plain
thread; whoever needs them first calls `wait`. Imports only: nothing here creates a Qt object,
and the modules are plain Python, so the GUI thread keeps drawing and taking keystrokes (it
gets the interpreter between the loader's bytecodes).

Without `start` (the tests build windows directly) `wait` returns at once and the modules load
where they are first imported, as before.
"""

from __future__ import annotations

import contextlib
import threading

_thread: threading.Thread | None = None


def _load() -> None:
    # A module that fails here fails again where it is imported for use, with its own error.
    with contextlib.suppress(Exception):
        from liaison.services import warmup

        warmup.load()
        import zxcvbn  # noqa: F401  (the first-run wizard's strength meter)


def start() -> None:
    """Begin loading (once)."""
    global _thread
    if _thread is None:
        _thread = threading.Thread(target=_load, name="liaison-preload", daemon=True)
        _thread.start()


def wait() -> None:
    """Return once the loading is over (at once if it never started)."""
    if _thread is not None and _thread is not threading.current_thread():
        _thread.join()


def done() -> bool:
    return _thread is not None and not _thread.is_alive()
