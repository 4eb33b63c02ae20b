"""Families, caregivers and pupils: the records everything else hangs on.

drafts      what the UI and the command line hand in (FamilyDraft and its people)
validate    checking a draft, every field at fault named at once
saving      one family saved in one transaction; archive and restore
batch       many families saved in one transaction (the MIS import, the demo)
listing     the families table and its filters
titles      how a family is named in lists
records     needs, notes and everything the family page shows
consent     consent to store and to share, and the one sharing rule
chronology  a family's dated history, each area adding its own lines
lookup      one family by id, or NotFound in words
"""

from liaison.services.families.consent import record_consent, share_consent
from liaison.services.families.drafts import (
    CaregiverDraft,
    FamilyDraft,
    LanguageSkill,
    LinkDraft,
    PupilDraft,
    draft_from,
)
from liaison.services.families.listing import (
    NEW_ARRIVAL_DAYS,
    FamilyFilter,
    FamilyRow,
    class_names,
    family_id_for_reference,
    is_new_arrival,
    language_matches,
    list_families,
    matches,
)
from liaison.services.families.records import (
    ConsentView,
    FamilyDetail,
    NeedView,
    NoteView,
    add_need,
    add_note,
    get_family,
    update_need,
)
from liaison.services.families.saving import (
    StagedFamily,
    archive_family,
    load_draft,
    record_saved,
    save_family,
    save_family_in,
    stage_family,
    unarchive_family,
)
from liaison.services.families.titles import family_title, family_titles
from liaison.services.families.validate import describe_reads_instead, validate

__all__ = [
    "NEW_ARRIVAL_DAYS",
    "CaregiverDraft",
    "ConsentView",
    "FamilyDetail",
    "FamilyDraft",
    "FamilyFilter",
    "FamilyRow",
    "LanguageSkill",
    "LinkDraft",
    "NeedView",
    "NoteView",
    "PupilDraft",
    "StagedFamily",
    "add_need",
    "add_note",
    "archive_family",
    "class_names",
    "describe_reads_instead",
    "draft_from",
    "family_id_for_reference",
    "family_title",
    "family_titles",
    "get_family",
    "is_new_arrival",
    "language_matches",
    "list_families",
    "load_draft",
    "matches",
    "record_consent",
    "record_saved",
    "save_family",
    "save_family_in",
    "share_consent",
    "stage_family",
    "unarchive_family",
    "update_need",
    "validate",
]
