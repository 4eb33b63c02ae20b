"""What the UI and the command line hand in to save a family: drafts of the family, its
caregivers and pupils, and how a stored family reads back as a draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from liaison.i18n import names
from liaison.models import (
    Family,
)
from liaison.models.enums import (
    Proficiency,
    Relationship,
)

if TYPE_CHECKING:
    pass


@dataclass
class LanguageSkill:
    code: str
    speaks: bool = True
    reads: bool = False


@dataclass
class CaregiverDraft:
    given_name: str = ""
    family_name: str = ""
    key: str = ""
    id: int | None = None
    preferred_name: str | None = None
    given_name_latin: str | None = None
    family_name_latin: str | None = None
    title: str | None = None
    phone_mobile: str | None = None
    phone_other: str | None = None
    email: str | None = None
    main_language: str | None = None
    letter_language: str | None = None
    languages: list[LanguageSkill] = field(default_factory=list)
    reads_english: bool | None = None
    interpreter_needed: bool = False
    interpreter_language: str | None = None
    interpreter_dialect: str | None = None
    interpreter_preference: str | None = None
    interpreter_gender: str | None = None  # "female" / "male" if the caregiver asked
    contact_channels: list[str] = field(default_factory=list)
    best_times: str | None = None
    is_main_contact: bool = False

    @property
    def display_name(self) -> str:
        return names.written(self.preferred_name or self.given_name, self.family_name)


@dataclass
class LinkDraft:
    caregiver_key: str
    relationship: Relationship = Relationship.MOTHER
    parental_responsibility: bool = True
    priority: int = 1


@dataclass
class PupilDraft:
    given_name: str = ""
    family_name: str = ""
    key: str = ""
    id: int | None = None
    preferred_name: str | None = None
    given_name_latin: str | None = None
    family_name_latin: str | None = None
    date_of_birth: dt.date | None = None
    upn: str | None = None
    year_group: int | None = None
    class_name: str | None = None
    admission_date: dt.date | None = None
    first_language: str | None = None
    proficiency: Proficiency = Proficiency.NOT_ASSESSED
    left_date: dt.date | None = None
    links: list[LinkDraft] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return names.written(self.preferred_name or self.given_name, self.family_name)


@dataclass
class FamilyDraft:
    id: int | None = None
    reference: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    town: str | None = None
    postcode: str | None = None
    new_arrival_date: dt.date | None = None
    next_check_in_on: dt.date | None = None
    caregivers: list[CaregiverDraft] = field(default_factory=list)
    pupils: list[PupilDraft] = field(default_factory=list)


CAREGIVER_FIELDS = [
    "given_name",
    "family_name",
    "preferred_name",
    "given_name_latin",
    "family_name_latin",
    "title",
    "phone_mobile",
    "phone_other",
    "email",
    "main_language",
    "letter_language",
    "reads_english",
    "interpreter_needed",
    "interpreter_language",
    "interpreter_dialect",
    "interpreter_preference",
    "interpreter_gender",
    "contact_channels",
    "best_times",
    "is_main_contact",
]


PUPIL_FIELDS = [
    "given_name",
    "family_name",
    "preferred_name",
    "given_name_latin",
    "family_name_latin",
    "date_of_birth",
    "upn",
    "year_group",
    "class_name",
    "admission_date",
    "first_language",
    "proficiency",
    "left_date",
]


FAMILY_FIELDS = [
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "new_arrival_date",
    "next_check_in_on",
]


def draft_from(family: Family) -> FamilyDraft:
    draft = FamilyDraft(
        id=family.id,
        reference=family.reference,
        **{name: getattr(family, name) for name in FAMILY_FIELDS},
    )
    for carer in family.caregivers:
        if carer.archived_at is not None:
            continue
        c = CaregiverDraft(
            key=f"id:{carer.id}",
            id=carer.id,
            **{name: getattr(carer, name) for name in CAREGIVER_FIELDS},
        )
        c.contact_channels = list(carer.contact_channels or [])
        c.languages = [LanguageSkill(x.language, x.speaks, x.reads) for x in carer.languages]
        draft.caregivers.append(c)
    for pupil in family.pupils:
        if pupil.archived_at is not None:
            continue
        p = PupilDraft(
            key=f"id:{pupil.id}",
            id=pupil.id,
            **{name: getattr(pupil, name) for name in PUPIL_FIELDS},
        )
        p.links = [
            LinkDraft(
                caregiver_key=f"id:{link.caregiver_id}",
                relationship=link.relationship_kind,
                parental_responsibility=link.parental_responsibility,
                priority=link.priority,
            )
            for link in sorted(pupil.caregiver_links, key=lambda x: x.priority)
            if link.caregiver.archived_at is None
        ]
        draft.pupils.append(p)
    return draft
