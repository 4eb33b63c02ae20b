"""Import every module that registers search sources, chronology sources or demo history.

The registries are filled at import time; a process that never imported, say, meetings would
otherwise rebuild the search index without meeting notes. Database opening imports this module.
"""

from liaison.services import (  # noqa: F401
    bookbag,
    demo_engagement,
    demo_history,
    events,
    families,
    family_records,
    interpreters,
    letters,
    meetings,
    referrals,
)
