"""Letters home: templates in many languages, one family's letter, book-bag runs for many, the
translators' PO files, and the reply slips that come back.

templates     the shipped templates and the school's edits, per language, with status
language      which language a caregiver's letter goes in (rules in language_rules)
assumed       families whose letter language is assumed from their pupils; confirming it
compose       one letter prepared: fields filled and formatted for its language
printed       printed letters recorded, reprinted exactly, in the chronology
reply_slips   answers recorded by a slip's reference; who has not answered
bookbag       one template to a class, a year, a language or the whole school
translations  PO files out to translators and back; coverage of the school's languages
"""

from liaison.services.letters.compose import (
    DATE_FIELDS,
    REPLY_TEMPLATES,
    TIME_FIELDS,
    Prepared,
    new_reply_ref,
    prepare,
)
from liaison.services.letters.language import (
    LanguageChoice,
    caregiver_languages,
    choose_language,
    pupil_languages,
)
from liaison.services.letters.printed import (
    PrintedView,
    agreement_returned,
    preview_images,
    print_document,
    printed_for,
    record,
    record_batch,
    reprint,
    reprint_batch,
)
from liaison.services.letters.reply_slips import Awaiting, record_reply, replies

__all__ = [
    "DATE_FIELDS",
    "REPLY_TEMPLATES",
    "TIME_FIELDS",
    "Awaiting",
    "LanguageChoice",
    "Prepared",
    "PrintedView",
    "agreement_returned",
    "caregiver_languages",
    "choose_language",
    "new_reply_ref",
    "prepare",
    "preview_images",
    "print_document",
    "printed_for",
    "pupil_languages",
    "record",
    "record_batch",
    "record_reply",
    "replies",
    "reprint",
    "reprint_batch",
]
