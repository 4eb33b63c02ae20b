"""Checking a family draft: every field at fault named at once, nothing saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from liaison import validation as v
from liaison.errors import ValidationError
from liaison.i18n import languages
from liaison.models.enums import (
    ContactChannel,
)
from liaison.services.families.drafts import CaregiverDraft, FamilyDraft, PupilDraft

if TYPE_CHECKING:
    pass


def _validate_names(
    errors: dict[str, str], prefix: str, person: CaregiverDraft | PupilDraft
) -> None:
    person.given_name = v.collect(
        errors, f"{prefix}.given_name", v.clean_text, person.given_name, max_len=100, required=True
    )
    person.family_name = v.collect(
        errors,
        f"{prefix}.family_name",
        v.clean_text,
        person.family_name,
        max_len=100,
        required=True,
    )
    for attr in ("preferred_name", "given_name_latin", "family_name_latin"):
        setattr(
            person,
            attr,
            v.collect(errors, f"{prefix}.{attr}", v.clean_text, getattr(person, attr), max_len=100),
        )


def validate(draft: FamilyDraft, today: dt.date) -> FamilyDraft:
    """A cleaned copy of `draft`, or ValidationError naming every field at fault."""
    d = replace(
        draft,
        caregivers=[replace(c, languages=list(c.languages)) for c in draft.caregivers],
        pupils=[replace(p, links=list(p.links)) for p in draft.pupils],
    )
    errors: dict[str, str] = {}
    if not d.caregivers and not d.pupils:
        errors["family"] = "add at least one caregiver or pupil"
    for attr, limit in (("address_line1", 120), ("address_line2", 120), ("town", 80)):
        setattr(d, attr, v.collect(errors, attr, v.clean_text, getattr(d, attr), max_len=limit))
    d.postcode = v.collect(errors, "postcode", v.postcode, d.postcode)
    d.new_arrival_date = v.collect(
        errors, "new_arrival_date", v.past_date, d.new_arrival_date, today, what="arrival date"
    )

    keys: set[str] = set()
    for i, c in enumerate(d.caregivers):
        _validate_caregiver(errors, i, c, keys)
    upns: set[str] = set()
    for i, pupil in enumerate(d.pupils):
        _validate_pupil(errors, i, pupil, keys, upns, today)
    if errors:
        raise ValidationError(errors)
    return d


def describe_reads_instead(lang: languages.Language) -> str:
    names = [languages.require(code).english for code in lang.reads_instead if languages.get(code)]
    return " or ".join(names) if names else "English"


def _validate_caregiver(errors: dict[str, str], i: int, c: CaregiverDraft, keys: set[str]) -> None:
    p = f"caregivers[{i}]"
    c.key = c.key or (f"id:{c.id}" if c.id else f"new:{i}")
    if c.key in keys:
        errors[f"{p}.key"] = "two caregivers share one key"
    keys.add(c.key)
    _validate_names(errors, p, c)
    c.title = v.collect(errors, f"{p}.title", v.clean_text, c.title, max_len=20)
    c.phone_mobile = v.collect(errors, f"{p}.phone_mobile", v.uk_phone, c.phone_mobile)
    c.phone_other = v.collect(errors, f"{p}.phone_other", v.uk_phone, c.phone_other)
    c.email = v.collect(errors, f"{p}.email", v.email, c.email)
    for attr in ("main_language", "letter_language", "interpreter_language"):
        setattr(c, attr, v.collect(errors, f"{p}.{attr}", v.language_code, getattr(c, attr)))
    seen_langs: set[str] = set()
    for j, skill in enumerate(c.languages):
        code = v.collect(errors, f"{p}.languages[{j}]", v.language_code, skill.code)
        if code in seen_langs:
            errors[f"{p}.languages[{j}]"] = "this language is listed twice"
        if code:
            skill.code = code
            seen_langs.add(code)
    if c.interpreter_needed and not c.interpreter_language:
        errors[f"{p}.interpreter_language"] = "say which language the interpreter needs"
    if c.letter_language:
        lang = languages.require(c.letter_language)
        if not lang.written:
            errors[f"{p}.letter_language"] = (
                f"{lang.english} is rarely written; choose the language they read "
                f"(for example {describe_reads_instead(lang)})"
            )
    c.interpreter_dialect = v.collect(
        errors, f"{p}.interpreter_dialect", v.clean_text, c.interpreter_dialect, max_len=60
    )
    c.interpreter_preference = v.collect(
        errors,
        f"{p}.interpreter_preference",
        v.clean_text,
        c.interpreter_preference,
        max_len=120,
    )
    if c.interpreter_gender not in (None, "", "female", "male"):
        errors[f"{p}.interpreter_gender"] = "choose female, male or no preference"
    c.interpreter_gender = c.interpreter_gender or None
    c.best_times = v.collect(errors, f"{p}.best_times", v.clean_text, c.best_times, max_len=200)
    valid_channels = {ch.value for ch in ContactChannel}
    bad = [ch for ch in c.contact_channels if ch not in valid_channels]
    if bad:
        errors[f"{p}.contact_channels"] = f"unknown contact channel {bad[0]!r}"
    c.contact_channels = list(dict.fromkeys(c.contact_channels))


def _validate_pupil(
    errors: dict[str, str],
    i: int,
    pupil: PupilDraft,
    keys: set[str],
    upns: set[str],
    today: dt.date,
) -> None:
    p = f"pupils[{i}]"
    pupil.key = pupil.key or (f"id:{pupil.id}" if pupil.id else f"new:{i}")
    _validate_names(errors, p, pupil)
    pupil.upn = v.collect(errors, f"{p}.upn", v.upn, pupil.upn)
    if pupil.upn:
        if pupil.upn in upns:
            errors[f"{p}.upn"] = "two pupils in this family have the same UPN"
        upns.add(pupil.upn)
    pupil.year_group = v.collect(errors, f"{p}.year_group", v.year_group, pupil.year_group)
    pupil.class_name = v.collect(
        errors, f"{p}.class_name", v.clean_text, pupil.class_name, max_len=20
    )
    pupil.first_language = v.collect(
        errors,
        f"{p}.first_language",
        v.language_code,
        pupil.first_language,
        allow_reserved=True,
    )
    dob = pupil.date_of_birth
    if dob is not None:
        if dob > today:
            errors[f"{p}.date_of_birth"] = "date of birth cannot be in the future"
        elif dob < today - dt.timedelta(days=366 * 25):
            errors[f"{p}.date_of_birth"] = "that would make the pupil over 25; check the year"
    if pupil.admission_date and dob and pupil.admission_date < dob:
        errors[f"{p}.admission_date"] = "admission cannot be before the date of birth"
    if pupil.left_date and pupil.admission_date and pupil.left_date < pupil.admission_date:
        errors[f"{p}.left_date"] = "the leaving date is before the admission date"
    seen: set[str] = set()
    for j, link in enumerate(pupil.links):
        if link.caregiver_key not in keys:
            errors[f"{p}.links[{j}]"] = "that caregiver is not part of this family"
        elif link.caregiver_key in seen:
            errors[f"{p}.links[{j}]"] = "this caregiver is linked twice"
        seen.add(link.caregiver_key)
