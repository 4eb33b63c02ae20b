"""Decide what an import would do, reading the database only: the dry run and the review.

Each pupil in the file is matched to one already held: by UPN, else by names and date of birth
(when one side has no UPN). Matched pupils are updated where they are; new ones join the
family of a matched brother or sister, else the family of a caregiver with the same name and
phone or email, else one at the same address, else a new family. A leaver (a leaving date in
the file) is marked left if held, and skipped if not. Nothing held is ever deleted or archived
by an import; fields the file leaves blank keep what the officer typed.

The plan holds, per family, the validated draft that `apply` saves, so the review shows
exactly what will be written.
"""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from liaison.errors import ImportFileError, ValidationError
from liaison.i18n.folding import normalise
from liaison.imports.grouping import (
    Group,
    address_key,
    group_pupils,
    keys_of,
    name_key,
)
from liaison.imports.records import ImportContact, ImportPupil, ParsedFile
from liaison.models import Caregiver, Family, Pupil, PupilCaregiver
from liaison.services import families as fam
from liaison.services.families.drafts import PUPIL_FIELDS
from liaison.services.mis_import.matching import load_held, match_pupil
from liaison.validation import uk_date

CREATE, UPDATE, UNCHANGED, LEFT, SKIP = "create", "update", "unchanged", "left", "skip"


@dataclass
class PupilLine:
    where: str
    name: str
    upn: str | None
    action: str
    reasons: list[str] = field(default_factory=list)
    pupil_id: int | None = None


@dataclass
class FamilyPlan:
    key: str
    action: str
    title: str
    family_id: int | None = None
    reference: str | None = None
    pupils: list[PupilLine] = field(default_factory=list)
    caregivers_added: list[str] = field(default_factory=list)
    caregivers_updated: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    draft: fam.FamilyDraft | None = field(default=None, repr=False, compare=False)


NO_CONTACTS = (
    "no contacts in the file, so nobody to write to; not imported. Add the parents or carers "
    "in the MIS and import again, or add the family by hand"
)


@dataclass
class ImportPlan:
    file_name: str
    kind: str
    source: str | None
    families: list[FamilyPlan] = field(default_factory=list)
    skipped: list[PupilLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        lines = [p for f in self.families for p in f.pupils]
        out = {f"families_{a}": 0 for a in ("created", "updated", "unchanged", "skipped")}
        names = {CREATE: "created", UPDATE: "updated", UNCHANGED: "unchanged", SKIP: "skipped"}
        for f in self.families:
            out[f"families_{names[f.action]}"] += 1
        for a, n in ((CREATE, "created"), (UPDATE, "updated"), (UNCHANGED, "unchanged")):
            out[f"pupils_{n}"] = sum(1 for p in lines if p.action == a)
        out["pupils_left"] = sum(1 for p in lines if p.action == LEFT)
        out["pupils_skipped"] = len(self.skipped) + sum(1 for p in lines if p.action == SKIP)
        kept = [f for f in self.families if f.action != SKIP]
        out["caregivers_created"] = sum(len(f.caregivers_added) for f in kept)
        out["caregivers_updated"] = sum(len(f.caregivers_updated) for f in kept)
        out["warnings"] = len(self.warnings)
        return out

    def to_dict(self) -> dict[str, object]:
        def family(f: FamilyPlan) -> dict[str, object]:
            return {
                "key": f.key,
                "action": f.action,
                "reference": f.reference,
                "title": f.title,
                "reasons": f.reasons,
                "caregivers_added": f.caregivers_added,
                "caregivers_updated": f.caregivers_updated,
                "pupils": [vars(p) for p in f.pupils],
            }

        return {
            "file": self.file_name,
            "kind": self.kind,
            "source": self.source,
            "counts": self.counts(),
            "families": [family(f) for f in self.families],
            "skipped": [vars(p) for p in self.skipped],
            "warnings": self.warnings,
        }


# -- what the database already holds --------------------------------------------------------


# -- one family being built ----------------------------------------------------------------
@dataclass
class _Work:
    key: str
    draft: fam.FamilyDraft
    baseline: fam.FamilyDraft
    family_id: int | None = None
    reference: str | None = None
    lines: list[PupilLine] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # draft key -> place in the file
    counter: int = 0
    address_set: bool = False

    def new_key(self) -> str:
        self.counter += 1
        return f"imp:{self.counter}"


def _is_latin(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def _set_name(person: object, attr: str, value: str) -> None:
    """Take the file's name, unless it is the Latin form of a name held in its own script."""
    held: str | None = getattr(person, attr)
    latin_attr = f"{attr}_latin"
    if held and normalise(held) == normalise(value):
        return
    if held and not _is_latin(held) and _is_latin(value):
        setattr(person, latin_attr, value)
        return
    setattr(person, attr, value)


_PUPIL_LABELS = {
    "given_name": "forename",
    "family_name": "surname",
    "given_name_latin": "forename (Latin)",
    "family_name_latin": "surname (Latin)",
    "preferred_name": "preferred name",
    "date_of_birth": "date of birth",
    "upn": "UPN",
    "year_group": "year group",
    "class_name": "class",
    "admission_date": "admission date",
    "first_language": "first language",
    "left_date": "leaving date",
}


def _show(value: object) -> str:
    if isinstance(value, dt.date):
        return uk_date(value)
    return "blank" if value in (None, "") else str(value)


def _merge_pupil(work: _Work, pupil: ImportPupil, pupil_id: int | None, session: Session) -> str:
    """Put the file's pupil into the family draft; return the draft key."""
    target: fam.PupilDraft | None = None
    if pupil_id is not None:
        target = next((p for p in work.draft.pupils if p.id == pupil_id), None)
        if target is None:  # archived: bring the record back rather than make a second one
            row = session.get(Pupil, pupil_id)
            assert row is not None
            target = fam.PupilDraft(
                key=f"id:{row.id}", id=row.id, **{n: getattr(row, n) for n in PUPIL_FIELDS}
            )
            target.links = []
            work.draft.pupils.append(target)
    if target is None:
        target = fam.PupilDraft(key=work.new_key())
        work.draft.pupils.append(target)
    # Only the pupil's own (immutable) values are compared below: a shallow copy will do.
    before = copy.copy(target)
    _set_name(target, "given_name", pupil.given_name)
    _set_name(target, "family_name", pupil.family_name)
    for attr in (
        "preferred_name",
        "date_of_birth",
        "upn",
        "year_group",
        "class_name",
        "admission_date",
        "first_language",
    ):
        value = getattr(pupil, attr)
        if value is not None:
            setattr(target, attr, value)
    if pupil.leaving_date is not None:
        target.left_date = pupil.leaving_date
    work.sources[target.key] = pupil.where
    line = PupilLine(
        where=pupil.where, name=pupil.display_name, upn=pupil.upn, action=CREATE, pupil_id=pupil_id
    )
    if pupil_id is None:
        line.reasons.append("not held yet")
    else:
        changes = [
            f"{label} {_show(getattr(before, a))} → {_show(getattr(target, a))}"
            for a, label in _PUPIL_LABELS.items()
            if getattr(before, a) != getattr(target, a) and a != "left_date"
        ]
        line.reasons.extend(changes)
        if target.left_date != before.left_date:
            line.action = LEFT
            line.reasons.insert(0, f"left on {uk_date(target.left_date)}")
        else:
            line.action = UPDATE if changes else UNCHANGED
        if before.id is not None and not line.reasons:
            line.reasons.append("same as held")
    work.lines.append(line)
    return target.key


def _merge_contact(work: _Work, contact: ImportContact, is_new_family: bool) -> str:
    who = name_key(contact.given_name, contact.family_name)
    for carer in work.draft.caregivers:
        names = {name_key(carer.given_name, carer.family_name)}
        if carer.given_name_latin or carer.family_name_latin:
            names.add(
                name_key(
                    carer.given_name_latin or carer.given_name,
                    carer.family_name_latin or carer.family_name,
                )
            )
        if who in names:
            before = copy.copy(carer)  # the fields compared below are plain values
            for attr in ("title", "phone_mobile", "phone_other", "email"):
                value = getattr(contact, attr)
                if value is not None:
                    setattr(carer, attr, value)
            if carer.id is not None and carer != before:
                changed = [
                    a
                    for a in ("title", "phone_mobile", "phone_other", "email")
                    if getattr(carer, a) != getattr(before, a)
                ]
                work.updated.append(f"{carer.display_name}: {', '.join(changed)}")
            work.sources.setdefault(carer.key, contact.where)
            return carer.key
    carer = fam.CaregiverDraft(
        key=work.new_key(),
        given_name=contact.given_name,
        family_name=contact.family_name,
        title=contact.title,
        phone_mobile=contact.phone_mobile,
        phone_other=contact.phone_other,
        email=contact.email,
        is_main_contact=is_new_family and not work.draft.caregivers,
    )
    work.draft.caregivers.append(carer)
    work.sources[carer.key] = contact.where
    work.added.append(f"{contact.display_name} ({contact.relationship.label.lower()})")
    return carer.key


def _link(pupil: fam.PupilDraft, carer_key: str, contact: ImportContact) -> None:
    for link in pupil.links:
        if link.caregiver_key == carer_key:
            link.relationship = contact.relationship
            link.parental_responsibility = contact.parental_responsibility
            link.priority = contact.priority
            return
    pupil.links.append(
        fam.LinkDraft(
            caregiver_key=carer_key,
            relationship=contact.relationship,
            parental_responsibility=contact.parental_responsibility,
            priority=contact.priority,
        )
    )


# -- the plan ------------------------------------------------------------------------------
def build_plan(
    session: Session,
    parsed: ParsedFile,
    today: dt.date,
    skip: frozenset[str] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """The plan; `progress` hears (families checked, families) while they are validated."""
    plan = ImportPlan(
        file_name=parsed.name,
        kind=parsed.kind,
        source=parsed.source,
        warnings=list(parsed.warnings),
    )
    held = load_held(session)
    seen_pupils: dict[int, str] = {}
    seen_upns: dict[str, str] = {}
    # pass 1: match pupils and choose each one's family
    placed: list[tuple[Group, list[tuple[int, ImportPupil, int | None, str]]]] = []
    new_count = 0
    for group in group_pupils(parsed.pupils):
        matches: list[tuple[int, ImportPupil, tuple[int, int] | None]] = []
        for index, pupil in enumerate(group.pupils):
            found = match_pupil(pupil, held)
            twice = (found and seen_pupils.get(found[0])) or (
                pupil.upn and seen_upns.get(pupil.upn)
            )
            if twice:
                plan.skipped.append(_skip(pupil, f"appears twice in the file (also {twice})"))
                continue
            if pupil.upn:
                seen_upns[pupil.upn] = pupil.where
            if found is not None:
                seen_pupils[found[0]] = pupil.where
            elif pupil.leaving_date is not None:
                plan.skipped.append(
                    _skip(pupil, f"left on {uk_date(pupil.leaving_date)} and is not held")
                )
                continue
            matches.append((index, pupil, found))
        if not matches:
            continue
        families = Counter(found[1] for _, _, found in matches if found)
        target: str
        why = ""
        if families:
            target = f"id:{families.most_common(1)[0][0]}"
        else:
            known = [k for c in group.contacts for k in keys_of(c) if k in held.carer_family]
            fid = held.carer_family[known[0]] if known else None
            why = "a caregiver is already held"
            if fid is None:
                akey = address_key(group.address)
                fid = held.address_family.get(akey) if akey else None
                why = "same address as a family held"
            if fid is not None:
                target = f"id:{fid}"
            elif not group.contacts:
                # Nobody to write to: a family with no caregiver would only hide the gap.
                for _, pupil, _ in matches:
                    plan.skipped.append(_skip(pupil, NO_CONTACTS))
                    plan.warnings.append(f"{pupil.where} {pupil.display_name}: {NO_CONTACTS}")
                continue
            else:
                new_count += 1
                target, why = f"new:{new_count}", ""
        rows = [(i, p, f[0] if f else None, f"id:{f[1]}" if f else target) for i, p, f in matches]
        placed.append((group, rows))
        if why:
            group.why.insert(0, f"joins this family: {why}")

    # pass 2: load the families involved, then merge
    loaded = _load_families(session, placed)
    works: dict[str, _Work] = {}
    for group, rows in placed:
        for index, pupil, pupil_id, target in rows:
            work = works.get(target)
            if work is None:
                if target.startswith("id:"):
                    family = loaded[int(target[3:])]
                    draft = fam.draft_from(family)
                    work = _Work(target, draft, copy.deepcopy(draft), family.id, family.reference)
                else:
                    work = _Work(target, fam.FamilyDraft(), fam.FamilyDraft())
                works[target] = work
            pkey = _merge_pupil(work, pupil, pupil_id, session)
            pdraft = next(p for p in work.draft.pupils if p.key == pkey)
            for contact_index, own in group.links.get(index, []):
                ckey = _merge_contact(work, group.contacts[contact_index], work.family_id is None)
                _link(pdraft, ckey, own)
            address = pupil.address or group.address
            d = work.draft
            if (
                address is not None
                and not work.address_set
                and (d.postcode, d.address_line1) != (address.postcode, address.line1)
            ):
                if d.postcode or d.address_line1:
                    work.reasons.append("address changed")
                d.address_line1, d.address_line2 = address.line1, address.line2
                d.town, d.postcode = address.town, address.postcode
            work.address_set = work.address_set or address is not None
            work.reasons.extend(x for x in group.why if x not in work.reasons)
    _finish_all(plan, works, today, skip, progress)
    # File order (new families get references in the order their pupils appear), unchanged last.
    plan.families.sort(key=lambda f: f.action == UNCHANGED)
    return plan


def _load_families(
    session: Session, placed: list[tuple[Group, list[tuple[int, ImportPupil, int | None, str]]]]
) -> dict[int, Family]:
    """The families held that pupils of the file join, with everything a draft needs."""
    ids = {int(t[3:]) for _, rows in placed for *_, t in rows if t.startswith("id:")}
    return {
        f.id: f
        for f in session.scalars(
            select(Family)
            .where(Family.id.in_(ids))
            .options(
                selectinload(Family.caregivers).selectinload(Caregiver.languages),
                selectinload(Family.pupils)
                .selectinload(Pupil.caregiver_links)
                .selectinload(PupilCaregiver.caregiver),
            )
        )
    }


def _finish_all(
    plan: ImportPlan,
    works: dict[str, _Work],
    today: dt.date,
    skip: frozenset[str],
    progress: Callable[[int, int], None] | None,
) -> None:
    total = len(works)
    for done, key in enumerate(list(works), start=1):
        # Popped as finished: each family's working copies go once its plan is made.
        plan.families.append(_finish(works.pop(key), today, skip))
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)


def _skip(pupil: ImportPupil, why: str) -> PupilLine:
    return PupilLine(pupil.where, pupil.display_name, pupil.upn, SKIP, [why])


def _finish(work: _Work, today: dt.date, skip: frozenset[str]) -> FamilyPlan:
    try:
        clean = fam.validate(work.draft, today)
    except ValidationError as exc:
        raise _explain(work, exc) from None
    names = [c.display_name for c in clean.caregivers] or [p.display_name for p in clean.pupils]
    result = FamilyPlan(
        key=work.reference or work.key,
        action=CREATE,
        title=fam.family_title(names[:2], []) if names else "(no names)",
        family_id=work.family_id,
        reference=work.reference,
        pupils=work.lines,
        caregivers_added=work.added,
        caregivers_updated=work.updated,
        reasons=[x for x in work.reasons if x],
        draft=clean,
    )
    if work.family_id is not None:
        result.action = UPDATE if work.draft != work.baseline else UNCHANGED
    if result.key in skip:
        result.action = SKIP
        result.reasons.insert(0, "left out at review")
        for line in result.pupils:
            line.action = SKIP
    return result


def _explain(work: _Work, exc: ValidationError) -> ImportFileError:
    """Name the place in the file behind the first rule broken."""
    key, message = next(iter(exc.errors.items()))
    where = "the file"
    what = key
    if key.startswith(("pupils[", "caregivers[")):
        kind, _, rest = key.partition("[")
        index_text, _, attr = rest.partition("]")
        people = work.draft.pupils if kind == "pupils" else work.draft.caregivers
        person = people[int(index_text)] if index_text.isdigit() else None
        if person is not None:
            where = work.sources.get(person.key, f"{person.display_name} (held)")
        what = _PUPIL_LABELS.get(attr.lstrip("."), attr.lstrip(".").replace("_", " "))
    return ImportFileError(f"{where}: {what}: {message}. Nothing was imported; correct the file.")
