"""The families table: one row per family, filtered as the officer types."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from liaison.errors import NotFound
from liaison.forget import holds_words
from liaison.i18n import languages, names
from liaison.i18n.folding import normalise
from liaison.models import (
    Caregiver,
    Family,
    FamilyNeed,
    Pupil,
)
from liaison.models.enums import (
    NeedStatus,
)
from liaison.services.families.titles import family_title

if TYPE_CHECKING:
    from liaison.store.database import Database


NEW_ARRIVAL_DAYS = 365


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
    # Names (own script and Latin), reference, class and UPNs: what the filter box searches.
    filter_values: tuple[str | None, ...] = field(default=(), repr=False, compare=False)

    @cached_property
    def filter_text(self) -> str:
        """The filter values folded, made when the filter first needs them: on unlocking, the
        list reads and shows only what the table shows (folding 2,000 families' names took a
        third of the list's time)."""
        return _filter_text(self.filter_values)


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


def _filter_text(values: tuple[str | None, ...]) -> str:
    return " ".join(_fold(x) for x in values if x)


@holds_words
@lru_cache(maxsize=100_000)
def _fold(value: str) -> str:
    # Surnames, given names and classes repeat across families: fold each once.
    return normalise(value)


def family_id_for_reference(db: Database, reference: str) -> int:
    with db.read() as session:
        found = session.scalar(
            select(Family.id).where(func.upper(Family.reference) == reference.strip().upper())
        )
    if found is None:
        raise NotFound(f"There is no family with reference {reference}.")
    return found


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
        carer_names = [names.written(c[1] or c[0], c[2]) for c in c_list]
        pupil_names = [names.written(p[1] or p[0], p[2]) for p in p_list]
        pupil_bits = [
            n + (f" ({p[5]})" if p[5] else "") for n, p in zip(pupil_names, p_list, strict=True)
        ]
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
                title=family_title(carer_names, pupil_names),
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
                filter_values=tuple(filter_values),
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


@holds_words
@lru_cache(maxsize=64)
def _filter_words(text: str) -> tuple[str, ...]:
    # Called once per row per keystroke: normalise the typed text once, not 2,000 times.

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
