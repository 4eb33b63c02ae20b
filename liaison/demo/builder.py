"""Demo databases of fictional families, for trying the app and for benchmarks.

Names come from Faker's locales where Faker has them, and from a short list of common names with
Latin transliterations (resources/demo/names.json) for scripts where Faker offers none. Every
combination is random: no real family is described. Phone numbers are in Ofcom's drama range
(07700 900xxx) and e-mail addresses use the reserved example domains.

Later capabilities (meetings, bookings, referrals...) add their own history by registering a
`HistoryMaker`; `build_demo` calls each one per family inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.orm import Session

from liaison.demo.names import _MIX, _Names
from liaison.errors import Cancelled
from liaison.jobs import CancelCheck, Progress
from liaison.models import Consent, FamilyNeed, FamilyNote
from liaison.models.enums import (
    ConsentKind,
    ConsentStatus,
    ContactChannel,
    NeedCategory,
    NeedStatus,
    Proficiency,
    Relationship,
)
from liaison.services import families as fam
from liaison.services import school
from liaison.services.school.settings import officer_name
from liaison.validation import upn_check_letter

if TYPE_CHECKING:
    from liaison.store.database import Database


# Spoken languages that are rarely written, and the language their speakers read instead.
_UNWRITTEN = {"BNG": ("BNGS", 0.4), "URD": ("PNJM", 0.3)}


_NEED_DETAIL = {
    NeedCategory.UNIFORM: "Needs winter coat and PE kit for two children.",
    NeedCategory.DIGITAL_DEVICE: "No laptop at home for homework; shares one phone.",
    NeedCategory.HOUSING: "Temporary accommodation, may move out of area.",
    NeedCategory.ESOL: "Mother would like an ESOL class near school.",
    NeedCategory.IMMIGRATION_ADVICE: "Asked where to find free immigration advice.",
    NeedCategory.FOOD: "Struggling at the end of the month; asked about the food bank.",
    NeedCategory.HEALTH: "Not yet registered with a GP.",
    NeedCategory.TRANSPORT: "Long walk to school; asked about a bus pass.",
    NeedCategory.FINANCE: "Unsure about free school meals eligibility.",
    NeedCategory.SEND: "Class teacher raised speech and language concerns.",
    NeedCategory.WELLBEING: "Child anxious at drop-off since moving.",
    NeedCategory.OTHER: "Asked for help filling in a form.",
}

_NOTES = [
    "Phoned about attendance; mother explained the family was away for a wedding.",
    "Met at the gate. Father asked about after-school clubs and the uniform shop.",
    "Coffee morning: stayed for the whole session and met two other parents.",
    "Called to say the school trip letter has been signed and returned.",
    "Discussed reading at home; gave dual-language books from the library.",
    "Home visit with class teacher. Family settling well; younger child starting nursery.",
    "Asked about free school meals; helped complete the form in the office.",
    "Interpreter call to explain the parents' evening booking system.",
    "Mother worried about friendships in class; agreed to check in with teacher.",
    "Text sent about the INSET day; reply received thanking school.",
]
_CONFIDENTIAL_NOTES = [
    "Family disclosed financial hardship; agreed a referral to the food bank.",
    "Housing officer involved; family may have to move at short notice.",
]
_BEST_TIMES = ["After 3pm", "Mornings after drop-off", "Not on Fridays", "Evenings after 6pm", None]
_PREFERENCES = ["Female interpreter preferred", "Not a relative please", None, None]


@dataclass
class DemoSummary:
    families: int = 0
    caregivers: int = 0
    pupils: int = 0
    notes: int = 0
    languages: dict[str, int] = field(default_factory=dict)


class HistoryMaker(Protocol):
    def __call__(
        self, session: Session, rng: random.Random, family_id: int, today: dt.date
    ) -> None: ...


_HISTORY: list[HistoryMaker] = []
# Run once per demo database, before the families (directories of interpreters, services...).
_SETUP: list[Callable[[Session, random.Random], None]] = []


def register_setup(
    step: Callable[[Session, random.Random], None],
) -> Callable[[Session, random.Random], None]:
    _SETUP.append(step)
    return step


def register_history(maker: HistoryMaker) -> HistoryMaker:
    _HISTORY.append(maker)
    return maker


def _skills(
    rng: random.Random, main: str, written: str, reads_english: bool
) -> list[fam.LanguageSkill]:
    """The home language; for unwritten ones (Sylheti, Mirpuri) the language read instead."""
    home_reads = main == written and rng.random() < 0.85
    skills = [fam.LanguageSkill(main, speaks=True, reads=home_reads)]
    if main != written:
        skills.append(fam.LanguageSkill(written, speaks=True, reads=rng.random() < 0.6))
    if reads_english:
        skills.append(fam.LanguageSkill("ENG", speaks=True, reads=True))
    return skills


def _email(name: str, number: int) -> str | None:
    local = re.sub(r"[^a-z]", "", name.lower())
    return f"{local}{number}@example.org" if local else None


def _academic_year(today: dt.date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def _birth_date(rng: random.Random, year_group: int, today: dt.date) -> dt.date:
    # Year group N in academic year Y: born between 1 Sep (Y-5-N) and 31 Aug (Y-4-N).
    start = dt.date(_academic_year(today) - 5 - year_group, 9, 1)
    return start + dt.timedelta(days=rng.randint(0, 364))


def _upn(rng: random.Random, serial: int) -> str:
    body = f"{rng.choice((204, 330, 826, 886))}{rng.randint(2000, 2999)}{rng.randint(14, 25):02d}"
    body += f"{serial % 1000:03d}"
    return upn_check_letter(body) + body


def _family_draft(
    rng: random.Random, names: _Names, code: str, today: dt.date, upn_serial: list[int]
) -> fam.FamilyDraft:
    surname = names.surname(rng, code)
    main = code
    if code in _UNWRITTEN and rng.random() < _UNWRITTEN[code][1]:
        main = _UNWRITTEN[code][0]
    english = code == "ENG"
    street, postcode = names.address(rng)
    new_arrival = None
    if not english and rng.random() < 0.12:
        new_arrival = today - dt.timedelta(days=rng.randint(3, 280))

    caregivers: list[fam.CaregiverDraft] = []
    kinds = [True] if rng.random() < 0.3 else [True, False]
    if rng.random() < 0.05:
        kinds = [False]
    for index, female in enumerate(kinds):
        given, given_latin = names.person(rng, code, female, surname)
        reads_english = True if english else rng.random() < 0.45
        letter = "ENG" if english or (reads_english and rng.random() < 0.5) else code
        interpreter = not english and not reads_english and rng.random() < 0.7
        channels = rng.sample(list(ContactChannel), k=rng.randint(1, 3))
        preference = rng.choice(_PREFERENCES) if interpreter else None
        number = 900000 + rng.randint(0, 999)
        caregivers.append(
            fam.CaregiverDraft(
                key=f"c{index}",
                given_name=given,
                family_name=surname[0],
                given_name_latin=given_latin,
                family_name_latin=surname[1],
                phone_mobile=f"07700 {number}",
                email=_email(given_latin or given, number) if rng.random() < 0.5 else None,
                main_language=main,
                letter_language=letter,
                languages=_skills(rng, main, code, reads_english and not english),
                reads_english=reads_english,
                interpreter_needed=interpreter,
                interpreter_language=main if interpreter else None,
                interpreter_preference=preference,
                interpreter_gender="female" if preference and "Female" in preference else None,
                contact_channels=[c.value for c in channels],
                best_times=rng.choice(_BEST_TIMES),
                is_main_contact=index == 0,
            )
        )

    pupils: list[fam.PupilDraft] = []
    first_year = rng.randint(0, 6)
    count = min(rng.choice((1, 1, 1, 2, 2, 3)), first_year + 1)
    years = sorted({first_year - rng.randint(0, first_year) for _ in range(count)} | {first_year})
    taken = {c.given_name for c in caregivers}
    for index, year in enumerate(years):
        female = rng.random() < 0.5
        for _ in range(8):  # siblings do not share a given name
            given, given_latin = names.person(rng, code, female, surname)
            if given not in taken:
                break
        taken.add(given)
        upn_serial[0] += 1
        if new_arrival:
            admission = new_arrival + dt.timedelta(days=rng.randint(0, 10))
            proficiency = rng.choice((Proficiency.NEW, Proficiency.NEW, Proficiency.EARLY))
        else:
            admission = dt.date(_academic_year(today) - year, 9, rng.randint(3, 8))
            proficiency = Proficiency.NOT_ASSESSED if english else rng.choice(list(Proficiency)[2:])
        admission = min(admission, today)
        pupils.append(
            fam.PupilDraft(
                key=f"p{index}",
                given_name=given,
                family_name=surname[0],
                given_name_latin=given_latin,
                family_name_latin=surname[1],
                date_of_birth=_birth_date(rng, year, today),
                upn=_upn(rng, upn_serial[0]),
                year_group=year,
                class_name=f"{'R' if year == 0 else year}{rng.choice('AB')}",
                admission_date=admission,
                first_language=code,
                proficiency=proficiency,
                links=[
                    fam.LinkDraft(
                        caregiver_key=c.key,
                        relationship=(Relationship.MOTHER if kinds[i] else Relationship.FATHER)
                        if len(kinds) > 1 or rng.random() < 0.9
                        else Relationship.GRANDPARENT,
                        priority=i + 1,
                    )
                    for i, c in enumerate(caregivers)
                ],
            )
        )
    return fam.FamilyDraft(
        address_line1=street,
        town="Northbridge",
        postcode=postcode,
        new_arrival_date=new_arrival,
        caregivers=caregivers,
        pupils=pupils,
    )


def _add_records(
    session: Session,
    rng: random.Random,
    family_id: int,
    today: dt.date,
    now: dt.datetime,
    notes_per_family: tuple[int, int],
    author: str,
) -> int:
    if rng.random() < 0.92:
        session.add(
            Consent(
                family_id=family_id,
                kind=ConsentKind.STORE,
                status=ConsentStatus.GIVEN,
                recorded_on=today - dt.timedelta(days=rng.randint(10, 900)),
            )
        )
    if rng.random() < 0.35:
        for category in rng.sample(list(NeedCategory), k=rng.randint(1, 3)):
            status = rng.choice(list(NeedStatus))
            identified = today - dt.timedelta(days=rng.randint(1, 400))
            session.add(
                FamilyNeed(
                    family_id=family_id,
                    category=category,
                    status=status,
                    detail=_NEED_DETAIL[category],
                    identified_on=identified,
                    resolved_on=None if status.is_open else identified + dt.timedelta(days=14),
                    updated_at=now,
                )
            )
    count = rng.randint(*notes_per_family)
    for _ in range(count):
        confidential = rng.random() < 0.08
        written = now - dt.timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 600))
        session.add(
            FamilyNote(
                family_id=family_id,
                written_at=written,
                author=author,
                body=rng.choice(_CONFIDENTIAL_NOTES if confidential else _NOTES),
                confidential=confidential,
                updated_at=written,
            )
        )
    return count


def build_demo(
    db: Database,
    *,
    families: int = 200,
    seed: int = 1,
    notes_per_family: tuple[int, int] = (0, 4),
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    batch: int = 200,
) -> DemoSummary:
    """Fill an open (normally new) database with fictional families; return what was made."""
    rng = random.Random(seed)
    names = _Names(seed)
    today = db.clock.today()
    summary = DemoSummary()
    details = school.get_school(db)
    if not details.name:
        school.save_school(
            db,
            school.SchoolDetails(
                name="Northbridge Primary School (demo)",
                address="1 Example Road\nNorthbridge\nNB1 2AB",
                phone="01632 960123",
                email="office@example.sch.uk",
                headteacher="Ms J. Example",
                officer_name="Demo Officer",
                officer_role="Family Liaison Officer",
            ),
        )
    year = _academic_year(today)
    if not school.list_terms(db):
        for academic in (year - 2, year - 1, year):
            for kind, start, end in school.standard_terms(academic):
                school.add_term(db, kind, start, end)
    if _SETUP:
        with db.session() as session:
            for step in _SETUP:
                step(session, rng)
    codes = list(_MIX)
    weights = [_MIX[c][0] for c in codes]
    upn_serial = [0]
    made = 0
    while made < families:
        if cancel and cancel():
            raise Cancelled(f"Stopped after {made} of {families} demo families.")
        with db.session() as session:
            author = officer_name(session) or "Demo Officer"
            for _ in range(min(batch, families - made)):
                code = rng.choices(codes, weights)[0]
                draft = fam.validate(_family_draft(rng, names, code, today, upn_serial), today)
                family_id = fam.save_family_in(session, db, draft, db.clock.now())
                summary.notes += _add_records(
                    session, rng, family_id, today, db.clock.now(), notes_per_family, author
                )
                for maker in _HISTORY:
                    maker(session, rng, family_id, today)
                summary.families += 1
                summary.caregivers += len(draft.caregivers)
                summary.pupils += len(draft.pupils)
                summary.languages[code] = summary.languages.get(code, 0) + 1
                made += 1
        if progress:
            progress(made, families)
    return summary
