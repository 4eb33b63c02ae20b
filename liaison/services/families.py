"""Families, caregivers and pupils: create, edit, archive, list and filter.

The UI edits a whole family as a `FamilyDraft` and saves it in one transaction; needs, consent
and notes are added one at a time (see family_records.py). Records are archived, never deleted;
only erasure under the retention rules removes them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liaison.errors import NotFound, ValidationError
from liaison.i18n import languages
from liaison.models import (
    Caregiver,
    CaregiverLanguage,
    Family,
    FamilyNeed,
    Pupil,
    PupilCaregiver,
    StoreMeta,
)
from liaison.models.enums import AuditAction, ContactChannel, NeedStatus, Proficiency, Relationship
from liaison.services import audit
from liaison.services import validation as v

if TYPE_CHECKING:
    from liaison.store.database import Database

NEW_ARRIVAL_DAYS = 365


# -- drafts: what the UI and CLI hand in ---------------------------------------------------
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
        return f"{self.preferred_name or self.given_name} {self.family_name}".strip()


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
        return f"{self.preferred_name or self.given_name} {self.family_name}".strip()


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


# -- views: what comes back ----------------------------------------------------------------
@dataclass(frozen=True)
class FamilyRow:
    """One line of the families table."""

    id: int
    reference: str
    title: str
    sort_key: str
    caregivers: str
    pupils: str
    classes: tuple[str, ...]
    year_groups: tuple[int, ...]
    languages: tuple[str, ...]
    interpreter_needed: bool
    new_arrival_date: dt.date | None
    open_needs: int
    archived: bool
    filter_text: str


@dataclass(frozen=True)
class FamilyFilter:
    text: str = ""
    class_names: tuple[str, ...] = ()
    year_groups: tuple[int, ...] = ()
    language: str | None = None
    interpreter_needed: bool = False
    new_arrivals: bool = False
    open_needs: bool = False
    include_archived: bool = False


def _filter_text(values: list[str | None]) -> str:
    from liaison.services.search import normalise

    return " ".join(normalise(x) for x in values if x)


# -- validation ----------------------------------------------------------------------------
def _validate_names(errors: dict[str, str], prefix: str, person) -> None:  # type: ignore[no-untyped-def]
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

    upns: set[str] = set()
    for i, pupil in enumerate(d.pupils):
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
    if errors:
        raise ValidationError(errors)
    return d


def describe_reads_instead(lang: languages.Language) -> str:
    names = [languages.require(code).english for code in lang.reads_instead if languages.get(code)]
    return " or ".join(names) if names else "English"


# -- writing -------------------------------------------------------------------------------
def _next_reference(session: Session) -> str:
    meta = session.get(StoreMeta, "next_family_number")
    number = int(meta.value) if meta else 1
    if meta is None:
        meta = StoreMeta(key="next_family_number", value="1")
        session.add(meta)
    meta.value = str(number + 1)
    return f"F{number:05d}"


_CAREGIVER_FIELDS = [
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
_PUPIL_FIELDS = [
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
_FAMILY_FIELDS = [
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "new_arrival_date",
    "next_check_in_on",
]


def _assign(target: object, source: object, names: list[str]) -> list[str]:
    changed = []
    for name in names:
        new = getattr(source, name)
        if getattr(target, name) != new:
            setattr(target, name, new)
            changed.append(name)
    return changed


def save_family(db: Database, draft: FamilyDraft) -> int:
    """Create or update a family from a draft in one transaction; return its id."""
    now = db.clock.now()
    clean = validate(draft, db.clock.today())
    with db.session() as session:
        family_id = save_family_in(session, db, clean, now)
    return family_id


def save_family_in(session: Session, db: Database, clean: FamilyDraft, now: dt.datetime) -> int:
    """Write an already validated draft inside an open transaction; return the family's id.

    Bulk jobs that save many families use `family_batch.FamilyBatch`, which makes the same
    changes through `stage_family` and `record_saved`, flushing many families at a time."""
    staged = stage_family(session, clean, now)
    session.flush()
    record_saved(session, db, staged)
    return staged.family.id


@dataclass
class StagedFamily:
    """A family whose changes are in the session, not yet flushed: what to audit once it is."""

    family: Family
    created: bool
    changed: list[str]


def stage_family(session: Session, clean: FamilyDraft, now: dt.datetime) -> StagedFamily:
    """Apply an already validated draft to the session's objects, without flushing."""
    if clean.id is None:
        family = Family(reference=_next_reference(session), created_at=now, updated_at=now)
        session.add(family)
        changed = _assign(family, clean, _FAMILY_FIELDS)
        created = True
    else:
        found = session.get(Family, clean.id)
        if found is None:
            raise NotFound(f"There is no family with id {clean.id}.")
        family = found
        changed = _assign(family, clean, _FAMILY_FIELDS)
        created = False

    by_key: dict[str, Caregiver] = {}
    existing_carers = {c.id: c for c in family.caregivers}
    kept: set[int] = set()
    for c in clean.caregivers:
        if c.id is not None:
            carer = existing_carers.get(c.id)
            if carer is None:
                raise ValidationError({"caregivers": f"caregiver {c.id} is not in this family"})
            kept.add(c.id)
            if carer.archived_at is not None:
                carer.archived_at = None
                changed.append("caregiver restored")
        else:
            carer = Caregiver(created_at=now, updated_at=now)
            family.caregivers.append(carer)
            changed.append("caregiver added")
        fields = _assign(carer, c, _CAREGIVER_FIELDS)
        if _sync_languages(carer, c.languages):
            fields.append("languages")
        if fields:
            carer.updated_at = now
            changed.extend(f"caregiver.{f}" for f in fields)
        by_key[c.key] = carer
    for carer_id, carer in existing_carers.items():
        if carer_id not in kept and carer.archived_at is None:
            carer.archived_at = now
            changed.append("caregiver archived")

    existing_pupils = {p.id: p for p in family.pupils}
    kept_pupils: set[int] = set()
    for p in clean.pupils:
        if p.id is not None:
            pupil = existing_pupils.get(p.id)
            if pupil is None:
                raise ValidationError({"pupils": f"pupil {p.id} is not in this family"})
            kept_pupils.add(p.id)
            if pupil.archived_at is not None:
                pupil.archived_at = None
        else:
            pupil = Pupil(created_at=now, updated_at=now)
            family.pupils.append(pupil)
            changed.append("pupil added")
        fields = _assign(pupil, p, _PUPIL_FIELDS)
        if _sync_links(pupil, p.links, by_key):
            fields.append("relationships")
        if fields:
            pupil.updated_at = now
            changed.extend(f"pupil.{f}" for f in fields)
    for pupil_id, pupil in existing_pupils.items():
        if pupil_id not in kept_pupils and pupil.archived_at is None:
            pupil.archived_at = now
            changed.append("pupil archived")

    if changed or created:
        family.updated_at = now
    return StagedFamily(family, created, changed)


def record_saved(session: Session, db: Database, staged: StagedFamily) -> None:
    """The audit entry for a family staged and flushed (so its id is known)."""
    family, changed = staged.family, staged.changed
    if staged.created:
        audit.record(
            session,
            db,
            AuditAction.CREATED,
            entity="family",
            entity_id=family.id,
            family_id=family.id,
        )
    elif changed:
        summary = ", ".join(sorted(set(changed)))
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="family",
            entity_id=family.id,
            family_id=family.id,
            detail=summary,
        )


def _sync_languages(carer: Caregiver, skills: list[LanguageSkill]) -> bool:
    wanted = {s.code: s for s in skills}
    changed = False
    for row in list(carer.languages):
        skill = wanted.pop(row.language, None)
        if skill is None:
            carer.languages.remove(row)
            changed = True
        elif (row.speaks, row.reads) != (skill.speaks, skill.reads):
            row.speaks, row.reads = skill.speaks, skill.reads
            changed = True
    for skill in wanted.values():
        carer.languages.append(
            CaregiverLanguage(language=skill.code, speaks=skill.speaks, reads=skill.reads)
        )
        changed = True
    return changed


def _sync_links(pupil: Pupil, links: list[LinkDraft], by_key: dict[str, Caregiver]) -> bool:
    wanted = {id(by_key[link.caregiver_key]): link for link in links}
    changed = False
    for row in list(pupil.caregiver_links):
        link = wanted.pop(id(row.caregiver), None)
        if link is None:
            pupil.caregiver_links.remove(row)
            changed = True
            continue
        new = (link.relationship, link.parental_responsibility, link.priority)
        if (row.relationship_kind, row.parental_responsibility, row.priority) != new:
            row.relationship_kind, row.parental_responsibility, row.priority = new
            changed = True
    for link in links:
        carer = by_key[link.caregiver_key]
        if id(carer) in wanted:
            pupil.caregiver_links.append(
                PupilCaregiver(
                    caregiver=carer,
                    relationship_kind=link.relationship,
                    parental_responsibility=link.parental_responsibility,
                    priority=link.priority,
                )
            )
            changed = True
    return changed


def archive_family(db: Database, family_id: int, reason: str | None = None) -> None:
    with db.session() as session:
        family = _get(session, family_id)
        if family.archived_at is not None:
            return
        family.archived_at = db.clock.now()
        family.archived_reason = v.clean_text(reason, max_len=200)
        audit.record(
            session,
            db,
            AuditAction.ARCHIVED,
            entity="family",
            entity_id=family_id,
            family_id=family_id,
        )


def unarchive_family(db: Database, family_id: int) -> None:
    with db.session() as session:
        family = _get(session, family_id)
        if family.archived_at is None:
            return
        family.archived_at = None
        family.archived_reason = None
        audit.record(
            session,
            db,
            AuditAction.UNARCHIVED,
            entity="family",
            entity_id=family_id,
            family_id=family_id,
        )


def _get(session: Session, family_id: int) -> Family:
    family = session.get(Family, family_id)
    if family is None:
        raise NotFound(f"There is no family with id {family_id}.")
    return family


def family_id_for_reference(db: Database, reference: str) -> int:
    with db.read() as session:
        found = session.scalar(
            select(Family.id).where(func.upper(Family.reference) == reference.strip().upper())
        )
    if found is None:
        raise NotFound(f"There is no family with reference {reference}.")
    return found


# -- reading -------------------------------------------------------------------------------
def load_draft(db: Database, family_id: int) -> FamilyDraft:
    with db.read() as session:
        return draft_from(_get(session, family_id))


def draft_from(family: Family) -> FamilyDraft:
    draft = FamilyDraft(
        id=family.id,
        reference=family.reference,
        **{name: getattr(family, name) for name in _FAMILY_FIELDS},
    )
    for carer in family.caregivers:
        if carer.archived_at is not None:
            continue
        c = CaregiverDraft(
            key=f"id:{carer.id}",
            id=carer.id,
            **{name: getattr(carer, name) for name in _CAREGIVER_FIELDS},
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
            **{name: getattr(pupil, name) for name in _PUPIL_FIELDS},
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


def family_title(carer_names: list[str], pupil_names: list[str]) -> str:
    names = carer_names or pupil_names
    if not names:
        return "(no names)"
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]}, {names[1]} and {len(names) - 2} more"


def family_titles(session: Session, family_ids: list[int]) -> dict[int, tuple[str, str, bool]]:
    """reference, title and archived flag for each family id."""
    if not family_ids:
        return {}
    out: dict[int, tuple[str, str, bool]] = {}
    carers: dict[int, list[str]] = defaultdict(list)
    pupils: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(family_ids), 500):
        chunk = family_ids[start : start + 500]
        for fid, given, pref, fam in session.execute(
            select(
                Caregiver.family_id,
                Caregiver.given_name,
                Caregiver.preferred_name,
                Caregiver.family_name,
            )
            .where(Caregiver.family_id.in_(chunk), Caregiver.archived_at.is_(None))
            .order_by(Caregiver.is_main_contact.desc(), Caregiver.id)
        ):
            carers[fid].append(f"{pref or given} {fam}")
        for fid, given, pref, fam in session.execute(
            select(Pupil.family_id, Pupil.given_name, Pupil.preferred_name, Pupil.family_name)
            .where(Pupil.family_id.in_(chunk), Pupil.archived_at.is_(None))
            .order_by(Pupil.date_of_birth)
        ):
            pupils[fid].append(f"{pref or given} {fam}")
        for fid, ref, archived in session.execute(
            select(Family.id, Family.reference, Family.archived_at).where(Family.id.in_(chunk))
        ):
            out[fid] = (ref, family_title(carers[fid], pupils[fid]), archived is not None)
    return out


def list_families(db: Database, flt: FamilyFilter | None = None) -> list[FamilyRow]:
    """Every family matching the filter, sorted by surname (Latin form where there is one)."""
    flt = flt or FamilyFilter()
    today = db.clock.today()
    with db.read() as session:
        fam_rows = session.execute(
            select(Family.id, Family.reference, Family.new_arrival_date, Family.archived_at)
        ).all()
        carers: dict[int, list[tuple]] = defaultdict(list)
        for row in session.execute(
            select(
                Caregiver.family_id,
                Caregiver.given_name,
                Caregiver.preferred_name,
                Caregiver.family_name,
                Caregiver.given_name_latin,
                Caregiver.family_name_latin,
                Caregiver.main_language,
                Caregiver.letter_language,
                Caregiver.interpreter_needed,
                Caregiver.interpreter_language,
            )
            .where(Caregiver.archived_at.is_(None))
            .order_by(Caregiver.is_main_contact.desc(), Caregiver.id)
        ):
            carers[row[0]].append(tuple(row[1:]))
        pupils: dict[int, list[tuple]] = defaultdict(list)
        for row in session.execute(
            select(
                Pupil.family_id,
                Pupil.given_name,
                Pupil.preferred_name,
                Pupil.family_name,
                Pupil.given_name_latin,
                Pupil.family_name_latin,
                Pupil.class_name,
                Pupil.year_group,
                Pupil.first_language,
                Pupil.upn,
            )
            .where(Pupil.archived_at.is_(None), Pupil.left_date.is_(None))
            .order_by(Pupil.date_of_birth.desc())
        ):
            pupils[row[0]].append(tuple(row[1:]))
        open_statuses = [s for s in NeedStatus if s.is_open]
        needs = dict(
            session.execute(
                select(FamilyNeed.family_id, func.count())
                .where(FamilyNeed.status.in_(open_statuses))
                .group_by(FamilyNeed.family_id)
            ).all()
        )

    rows = []
    for fid, reference, arrival, archived_at in fam_rows:
        c_list = carers.get(fid, [])
        p_list = pupils.get(fid, [])
        langs: list[str] = []
        for c in c_list:
            langs.extend(x for x in (c[5], c[6]) if x)
        langs.extend(p[7] for p in p_list if p[7] and not languages.is_reserved(p[7]))
        carer_names = [f"{c[1] or c[0]} {c[2]}" for c in c_list]
        pupil_bits = [f"{p[1] or p[0]} {p[2]}" + (f" ({p[5]})" if p[5] else "") for p in p_list]
        latin_surnames = [c[4] or c[2] for c in c_list] + [p[4] or p[2] for p in p_list]
        filter_values: list[str | None] = [reference]
        for c in c_list:
            filter_values.extend(c[:5])
        for p in p_list:
            filter_values.extend([*p[:5], p[5], p[8]])
        rows.append(
            FamilyRow(
                id=fid,
                reference=reference,
                title=family_title(carer_names, [f"{p[1] or p[0]} {p[2]}" for p in p_list]),
                sort_key=(latin_surnames[0] if latin_surnames else reference).casefold(),
                caregivers=", ".join(carer_names),
                pupils=", ".join(pupil_bits),
                classes=tuple(sorted({p[5] for p in p_list if p[5]})),
                year_groups=tuple(sorted({p[6] for p in p_list if p[6] is not None})),
                languages=tuple(dict.fromkeys(langs)),
                interpreter_needed=any(c[7] for c in c_list),
                new_arrival_date=arrival,
                open_needs=int(needs.get(fid, 0)),
                archived=archived_at is not None,
                filter_text=_filter_text(filter_values),
            )
        )
    rows = [r for r in rows if matches(r, flt, today)]
    rows.sort(key=lambda r: (r.sort_key, r.reference))
    return rows


def language_matches(code: str, wanted: str) -> bool:
    wanted = wanted.upper()
    lang = languages.get(wanted)
    if lang is not None:
        wanted = lang.dfe
    return code == wanted if len(wanted) == 4 else code[:3] == wanted[:3]


def matches(row: FamilyRow, flt: FamilyFilter, today: dt.date) -> bool:
    if row.archived and not flt.include_archived:
        return False
    if flt.class_names and not set(flt.class_names) & set(row.classes):
        return False
    if flt.year_groups and not set(flt.year_groups) & set(row.year_groups):
        return False
    if flt.language and not any(language_matches(c, flt.language) for c in row.languages):
        return False
    if flt.interpreter_needed and not row.interpreter_needed:
        return False
    if flt.new_arrivals and not is_new_arrival(row.new_arrival_date, today):
        return False
    if flt.open_needs and not row.open_needs:
        return False
    if flt.text:
        return all(word in row.filter_text for word in _filter_words(flt.text))
    return True


@lru_cache(maxsize=64)
def _filter_words(text: str) -> tuple[str, ...]:
    # Called once per row per keystroke: normalise the typed text once, not 2,000 times.
    from liaison.services.search import normalise

    return tuple(normalise(text).split())


def is_new_arrival(arrival: dt.date | None, today: dt.date) -> bool:
    return arrival is not None and (today - arrival).days <= NEW_ARRIVAL_DAYS


def class_names(db: Database) -> list[str]:
    with db.read() as session:
        return sorted(
            x
            for x in session.scalars(
                select(Pupil.class_name)
                .where(Pupil.archived_at.is_(None), Pupil.class_name.is_not(None))
                .distinct()
            )
            if x
        )
