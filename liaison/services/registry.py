"""The modules that register search sources and chronology sources when imported.

The registries are filled at import time; a process that never imported, say, meetings would
otherwise rebuild the search index without meeting notes. Opening a database (services.access)
calls `load` before the first session.
"""

from __future__ import annotations

import importlib

SOURCES = (
    "liaison.services.families.chronology",
    "liaison.services.search.index",
    "liaison.services.letters.bookbag",
    "liaison.services.casework.events",
    "liaison.services.casework.interpreters",
    "liaison.services.letters.printed",
    "liaison.services.letters.reply_slips",
    "liaison.services.casework.meetings",
    "liaison.services.casework.referrals",
    "liaison.services.parent_voice.history",
    "liaison.services.casework.snoozes",
)


def load() -> None:
    for name in SOURCES:
        importlib.import_module(name)
