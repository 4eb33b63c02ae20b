"""The school itself: its details and settings, its term dates, and its calendar of school days.

settings  the school's name, logo, officer, and the settings that travel with the database
terms     term dates, looked up by name, and typical dates to start from
calendar  school days (weekdays inside a term), which the Today rules count in
"""

from liaison.services.school.calendar import SchoolCalendar
from liaison.services.school.settings import (
    DEFAULTS,
    MAX_LOGO_BYTES,
    SchoolDetails,
    get_school,
    get_setting,
    officer_name,
    save_school,
    set_setting,
)
from liaison.services.school.terms import (
    TermView,
    add_term,
    delete_term,
    list_terms,
    standard_terms,
    term_by_name,
)

__all__ = [
    "DEFAULTS",
    "MAX_LOGO_BYTES",
    "SchoolCalendar",
    "SchoolDetails",
    "TermView",
    "add_term",
    "delete_term",
    "get_school",
    "get_setting",
    "list_terms",
    "officer_name",
    "save_school",
    "set_setting",
    "standard_terms",
    "term_by_name",
]
