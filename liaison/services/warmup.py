"""The code a session needs, loaded ahead of time: the desktop app calls `load` on a thread
while the officer types the passphrase, so the unlock screen shows before any of it loads."""

from __future__ import annotations

import importlib

# Heaviest first; each pulls in its own dependencies (SQLAlchemy, the models, the store).
SERVICES = (
    "liaison.services.access",
    "liaison.services.audit",
    "liaison.services.school",
    "liaison.services.families",
    "liaison.services.search",
    "liaison.services.casework",
    "liaison.services.letters",
    "liaison.services.changes",
)


def load() -> None:
    """Import the services and the letters' engine (Qt text layout and the text layer; it
    creates no Qt object, so any thread may load it), and set up the models' mappings, which
    SQLAlchemy otherwise does at the first query after unlocking (about 60 ms)."""
    from sqlalchemy.orm import configure_mappers

    from liaison.services import registry

    for name in SERVICES:
        importlib.import_module(name)
    registry.load()  # the search and chronology sources: opening imported them (0.1 s)
    configure_mappers()
    import liaison.documents.render  # noqa: F401
