"""What an import file holds once read: pupils and their contacts, each with the place in the
file it came from, plus the warnings met on the way. CTF and CSV readers both produce these.

The helpers here turn one raw value into a checked one. A value Liaison cannot do without (a
name, a date, a UPN) stops the import with `ImportFileError` naming the place; one it can do
without (a phone number, an email, an unknown language code) is dropped with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from liaison import validation as v
from liaison.errors import ImportFileError
from liaison.i18n import languages
from liaison.imports.attendance import AttendanceFile
from liaison.models.enums import Relationship

MAX_FILE_BYTES = 50_000_000
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_UK = re.compile(r"\d{2}/\d{2}/\d{4}")


@dataclass(slots=True)  # a 100,000-row file makes this many: no __dict__ each
class Address:
    line1: str | None = None
    line2: str | None = None
    town: str | None = None
    postcode: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.line1 or self.line2 or self.town or self.postcode)


@dataclass(slots=True)  # a 100,000-row file makes this many: no __dict__ each
class ImportContact:
    where: str
    given_name: str
    family_name: str
    title: str | None = None
    relationship: Relationship = Relationship.OTHER
    parental_responsibility: bool = False
    priority: int = 1
    phone_mobile: str | None = None
    phone_other: str | None = None
    email: str | None = None
    address: Address | None = None

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass(slots=True)  # a 100,000-row file makes this many: no __dict__ each
class ImportPupil:
    where: str
    given_name: str
    family_name: str
    upn: str | None = None
    preferred_name: str | None = None
    date_of_birth: dt.date | None = None
    year_group: int | None = None
    class_name: str | None = None
    first_language: str | None = None
    admission_date: dt.date | None = None
    leaving_date: dt.date | None = None
    address: Address | None = None
    contacts: list[ImportContact] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}"


@dataclass
class ParsedFile:
    kind: str  # "ctf" or "csv"
    name: str
    pupils: list[ImportPupil] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str | None = None  # the sending school or MIS, when the file says
    # A CTF's attendance (<Attendance><YearData>), read with the pupils (issue 23).
    attendance: AttendanceFile | None = None


# -- checked values ------------------------------------------------------------------------
def fail(where: str, message: str) -> ImportFileError:
    return ImportFileError(f"{where}: {message}. Nothing was imported; correct the file.")


def text(value: str | None, where: str, *, max_len: int, required: bool = False) -> str | None:
    try:
        return v.clean_text(value, max_len=max_len, required=required)
    except ValueError as exc:
        raise fail(where, str(exc)) from None


def name(value: str | None, where: str) -> str:
    result = text(value, where, max_len=100, required=True)
    assert result is not None
    return result


def date(value: str | None, where: str) -> dt.date | None:
    raw = (value or "").strip()
    if not raw:
        return None
    # CTF dates are ISO; MIS exports use dd/mm/yyyy. A time part ("2019-09-04T00:00:00") is cut.
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+Z?", raw):
        raw = raw[:10]
    try:
        # The two usual forms without strptime (a 2,000-pupil file has 10,000 dates).
        if _ISO.fullmatch(raw):
            day = dt.date(int(raw[:4]), int(raw[5:7]), int(raw[8:10]))
        elif _UK.fullmatch(raw):
            day = dt.date(int(raw[6:10]), int(raw[3:5]), int(raw[:2]))
        else:
            day = v.parse_uk_date(raw)
    except ValueError:
        raise fail(where, f"'{raw[:40]}' is not a date (use 22/11/2026 or 2026-11-22)") from None
    if day.year < 1900:
        raise fail(where, f"'{raw[:40]}' is before 1900; check the year")
    return day


def upn(value: str | None, where: str) -> str | None:
    try:
        return v.upn(value)
    except ValueError as exc:
        raise fail(where, f"'{(value or '').strip()[:20]}': {exc}") from None


_YEAR_WORDS = {"N": -1, "N1": -1, "N2": -1, "NURSERY": -1, "R": 0, "REC": 0, "RECEPTION": 0}


def year_group(value: str | None, where: str, warnings: list[str]) -> int | None:
    raw = (value or "").strip().upper()
    if not raw:
        return None
    raw = re.sub(r"^(YEAR|YR|Y)\s*", "", raw) or raw
    if raw in _YEAR_WORDS:
        return _YEAR_WORDS[raw]
    if raw.isdigit() and 1 <= int(raw) <= 13:
        return int(raw)
    warnings.append(f"{where}: year group '{value}' is not Nursery, Reception or 1-13; left blank")
    return None


def language(value: str | None, where: str, warnings: list[str]) -> str | None:
    raw = (value or "").strip()
    if not raw:
        return None
    found = languages.get(raw)
    # A DfE code as written, or a 2-letter ISO code; a 3-letter code that is not a DfE code
    # must not fall through to an ISO match ("ROM" is not Romanian: that is RMN).
    spelled = languages.ALIASES.get(raw.upper(), raw.upper())  # TGR and TIG are both Tigrinya
    if found is not None and (found.dfe == spelled or len(raw) == 2):
        return found.dfe
    by_name = [x for x in languages.all_languages() if x.english.casefold() == raw.casefold()]
    if by_name:
        return by_name[0].dfe
    if languages.is_reserved(raw):
        return raw.upper()
    warnings.append(f"{where}: language code '{raw[:10]}' is not in Liaison's list; left unknown")
    return None


def phone(value: str | None, where: str, warnings: list[str]) -> str | None:
    try:
        return v.uk_phone(value)
    except ValueError:
        warnings.append(f"{where}: '{(value or '').strip()[:30]}' is not a phone number; left out")
        return None


def email(value: str | None, where: str, warnings: list[str]) -> str | None:
    try:
        return v.email(value)
    except ValueError:
        warnings.append(f"{where}: '{(value or '').strip()[:60]}' is not an email; left out")
        return None


def postcode(value: str | None, where: str, warnings: list[str]) -> str | None:
    try:
        return v.postcode(value)
    except ValueError:
        warnings.append(f"{where}: '{(value or '').strip()[:12]}' is not a UK postcode; left out")
        return None


def address(
    lines: list[str | None], town: str | None, code: str | None, where: str, warnings: list[str]
) -> Address | None:
    kept = [x for x in (text(line, where, max_len=120) for line in lines) if x]
    result = Address(
        line1=kept[0] if kept else None,
        line2=", ".join(kept[1:])[:120] or None,
        town=text(town, where, max_len=80),
        postcode=postcode(code, where, warnings),
    )
    return None if result.is_empty else result


def flag(value: str | None, default: bool, where: str, warnings: list[str]) -> bool:
    raw = (value or "").strip().lower()
    if not raw:
        return default
    if raw in ("true", "1", "y", "yes", "t"):
        return True
    if raw in ("false", "0", "n", "no", "f"):
        return False
    taken = "yes" if default else "no"
    warnings.append(f"{where}: '{raw[:10]}' is not yes or no; taken as {taken}")
    return default


# DfE contact relationship codes (CTF) and the words MIS exports use. The CBDS code set as
# published (PAM, PAF, STP, CAR, FAM, REL, OTH, DOC, SWR, RLG, NOT, AGN, HFA) was checked
# against a stored copy of the 2007 list; STM/STF, FOM/FOF, GRM/GRF, CHM, HTC and the rest are
# spellings MIS exports use and are accepted as well. STP (step-parent) is a step-mother or
# step-father by the contact's gender or title (see `relationship`).
_RELATIONSHIPS: dict[str, Relationship] = {
    "PAM": Relationship.MOTHER,
    "MOTHER": Relationship.MOTHER,
    "MUM": Relationship.MOTHER,
    "PAF": Relationship.FATHER,
    "FATHER": Relationship.FATHER,
    "DAD": Relationship.FATHER,
    "STM": Relationship.STEP_MOTHER,
    "STEPMOTHER": Relationship.STEP_MOTHER,
    "STF": Relationship.STEP_FATHER,
    "STEPFATHER": Relationship.STEP_FATHER,
    "FOM": Relationship.FOSTER_CARER,
    "FOF": Relationship.FOSTER_CARER,
    "FOSTERMOTHER": Relationship.FOSTER_CARER,
    "FOSTERFATHER": Relationship.FOSTER_CARER,
    "FOSTERCARER": Relationship.FOSTER_CARER,
    "CAR": Relationship.CARER,
    "CARER": Relationship.CARER,
    "GUARDIAN": Relationship.CARER,
    "GRM": Relationship.GRANDPARENT,
    "GRF": Relationship.GRANDPARENT,
    "GRP": Relationship.GRANDPARENT,
    "GRANDMOTHER": Relationship.GRANDPARENT,
    "GRANDFATHER": Relationship.GRANDPARENT,
    "GRANDPARENT": Relationship.GRANDPARENT,
    "AUN": Relationship.AUNT_UNCLE,
    "UNC": Relationship.AUNT_UNCLE,
    "AUNT": Relationship.AUNT_UNCLE,
    "UNCLE": Relationship.AUNT_UNCLE,
    "SIB": Relationship.SIBLING,
    "BRO": Relationship.SIBLING,
    "SIS": Relationship.SIBLING,
    "BROTHER": Relationship.SIBLING,
    "SISTER": Relationship.SIBLING,
    "SIBLING": Relationship.SIBLING,
    "HFA": Relationship.CARER,  # host family
    "HOSTFAMILY": Relationship.CARER,
    "NOT": Relationship.OTHER,  # information not obtained
    "REL": Relationship.OTHER,
    "FAM": Relationship.OTHER,
    "OTF": Relationship.OTHER,
    "OTH": Relationship.OTHER,
    "OTHER": Relationship.OTHER,
    "RELATIVE": Relationship.OTHER,
}
# Contacts who are not family: a school keeps them, the liaison officer does not.
NOT_FAMILY = {
    "DOC": "a doctor",
    "CHM": "a childminder",
    "SWR": "a social worker",
    "HTC": "a head teacher",
    "RLG": "a religious contact",
    "AGN": "an agent",
    "DOCTOR": "a doctor",
    "CHILDMINDER": "a childminder",
    "SOCIALWORKER": "a social worker",
}


def relationship_key(value: str | None) -> str:
    return re.sub(r"[^A-Z]", "", (value or "").upper())


_FEMALE_TITLES = {"MRS", "MS", "MISS", "MADAM"}
_MALE_TITLES = {"MR", "SIR"}


def _sex(gender: str | None, title: str | None) -> str:
    g = (gender or "").strip().upper()[:1]
    if g in ("F", "M"):
        return g
    t = relationship_key(title)
    return "F" if t in _FEMALE_TITLES else "M" if t in _MALE_TITLES else ""


def relationship(
    value: str | None,
    gender: str | None,
    where: str,
    warnings: list[str],
    title: str | None = None,
) -> Relationship:
    key = relationship_key(value)
    if not key:
        return Relationship.OTHER
    if key in ("PAR", "PARENT"):
        g = _sex(gender, None)
        return {"F": Relationship.MOTHER, "M": Relationship.FATHER}.get(g, Relationship.CARER)
    if key in ("STP", "STEPPARENT"):
        g = _sex(gender, title)
        if not g:
            warnings.append(
                f"{where}: step-parent ({value}) with no gender or title; taken as other"
            )
            return Relationship.OTHER
        return Relationship.STEP_MOTHER if g == "F" else Relationship.STEP_FATHER
    found = _RELATIONSHIPS.get(key)
    if found is None:
        warnings.append(f"{where}: relationship '{(value or '')[:20]}' not known; taken as other")
        return Relationship.OTHER
    return found


def default_responsibility(kind: Relationship) -> bool:
    """When the file does not say: birth parents hold parental responsibility, others not."""
    return kind in (Relationship.MOTHER, Relationship.FATHER)
