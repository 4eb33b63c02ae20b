"""Parent voice: translated paper questionnaires for each child, answers typed back in seconds,
results with small numbers hidden, and "you said, we did" letters home.

designs     a questionnaire's questions and answer types, checked (validate_design)
catalogue   the questionnaires (shipped and the school's), language versions, honest status
translations PO files out to translators and back, for questions and answers
compose     one questionnaire filled in for a child, home language first, English beside it
references  each page's short reference (with a check character)
sending     plan (the book-bag's planning) and print a sending; recorded per family and child
entry       a page found by its reference; answers checked and recorded
runs        the sendings, and who has not answered, by class
results     counts and shares by language and year group; written answers for the officer
you_said    what the school decided and did, and the translated letter to every family
history     questionnaires in a family's chronology
"""

from liaison.services.parent_voice.catalogue import (
    Questionnaire,
    Version,
    add_design,
    add_design_file,
    get_questionnaire,
    list_questionnaires,
    save_version,
)
from liaison.services.parent_voice.designs import ANSWER_TYPES, validate_design
from liaison.services.parent_voice.entry import (
    AlreadyEntered,
    OtherRun,
    PageToEnter,
    find_page,
    parse_tokens,
    record_answers,
)
from liaison.services.parent_voice.results import (
    Results,
    present,
    response_rows,
    written_answers,
)
from liaison.services.parent_voice.results import results as results_for
from liaison.services.parent_voice.runs import (
    RunView,
    get_run,
    list_runs,
    waiting,
    waiting_by_class,
)
from liaison.services.parent_voice.sending import RunResult, Selection, plan, run

__all__ = [
    "ANSWER_TYPES",
    "AlreadyEntered",
    "OtherRun",
    "PageToEnter",
    "Questionnaire",
    "Results",
    "RunResult",
    "RunView",
    "Selection",
    "Version",
    "add_design",
    "add_design_file",
    "find_page",
    "get_questionnaire",
    "get_run",
    "list_questionnaires",
    "list_runs",
    "parse_tokens",
    "plan",
    "present",
    "record_answers",
    "response_rows",
    "results_for",
    "run",
    "save_version",
    "validate_design",
    "waiting",
    "waiting_by_class",
    "written_answers",
]
