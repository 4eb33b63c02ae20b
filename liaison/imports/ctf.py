"""Read a DfE Common Transfer File (CTF): the XML every English MIS exports.

Only what the liaison officer needs is read: each pupil's names, UPN, date of birth, year
group, registration group when the MIS adds one, first language and dates of entry and leaving,
the contacts with their relationship, parental responsibility, priority, phones, email and
address, and the attendance of the latest year (<Attendance><YearData>: sessions possible,
attended, authorised and unauthorised, and the start date; the day-by-day <AttendanceMarks>
are not kept, as nothing Liaison shows needs them). Both the CTF layout (names at pupil level,
year group and languages under <BasicDetails>) and flatter exports are accepted; optional
elements may be missing.

The XML goes through defusedxml with DTDs forbidden: a CTF never declares one, and refusing
them stops entity expansion bombs ("billion laughs") and external entities (XXE) before any
entity is read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from liaison.errors import ImportFileError
from liaison.imports import attendance as att
from liaison.imports import records as r
from liaison.imports.records import ImportContact, ImportPupil, ParsedFile

Element = ET.Element


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1] if tag[:1] == "{" else tag


def _children(el: Element, name: str) -> Iterator[Element]:
    for child in el:
        if _local(child.tag) == name:
            yield child


def _child(el: Element | None, *path: str) -> Element | None:
    for name in path:
        if el is None:
            return None
        found = None
        for child in el:
            if child.tag == name or _local(child.tag) == name:
                found = child
                break
        el = found
    return el


def _text(el: Element | None, *path: str) -> str | None:
    found = _child(el, *path)
    if found is None or found.text is None:
        return None
    value = found.text.strip()
    return value or None


def _either(pupil: Element, *names: str) -> str | None:
    """A pupil-level value, at pupil level or under <BasicDetails> (CTF puts some there)."""
    basic = _child(pupil, "BasicDetails")
    for name in names:
        for parent in (pupil, basic):
            value = _text(parent, name) if parent is not None else None
            if value is not None:
                return value
    return None


def parse_xml(data: bytes) -> Element:
    if len(data) > r.MAX_FILE_BYTES:
        raise ImportFileError("The file is larger than 50 MB; no school's CTF is that big.")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True)
    except DefusedXmlException:
        raise ImportFileError(
            "The file declares a DTD or entities, which a Common Transfer File never does; "
            "it was refused for safety (it could expand without end or read other files). "
            "Export the CTF from the MIS again."
        ) from None
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ImportFileError(
            f"The file is not well-formed XML (line {line}, column {column}): "
            f"{str(exc).split(':')[0]}. Export the CTF from the MIS again."
        ) from None
    except LookupError as exc:
        # The XML declaration names a character set Python does not know ("U-F-8").
        raise ImportFileError(
            f"The file's XML declaration names an unknown character set ({exc}). "
            "Export the CTF from the MIS again."
        ) from None
    except (ValueError, UnicodeError) as exc:
        raise ImportFileError(f"The file cannot be read as XML: {exc}.") from None
    return root


def looks_like_ctf(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def read_ctf(data: bytes, name: str) -> ParsedFile:
    root = parse_xml(data)
    if _local(root.tag) != "CTfile":
        raise ImportFileError(
            f"This XML file is not a Common Transfer File (its root is <{_local(root.tag)[:40]}>, "
            "a CTF starts with <CTfile>)."
        )
    parsed = ParsedFile(kind="ctf", name=name)
    header = _child(root, "Header")
    if header is not None:
        school = _text(header, "SourceSchool", "SchoolName")
        parsed.source = school or _text(header, "SupplierID")
    parsed.attendance = _attendance_file(header, name, parsed)
    data_el = _child(root, "CTFpupilData")
    pupils = list(_children(data_el, "Pupil")) if data_el is not None else []
    if not pupils:
        raise ImportFileError("This Common Transfer File holds no pupils (<CTFpupilData><Pupil>).")
    own = (_text(header, "SourceSchool", "LEA"), _text(header, "SourceSchool", "Estab"))
    for number, el in enumerate(pupils, start=1):
        parsed.pupils.append(_pupil(el, number, parsed.warnings))
        _attendance(el, parsed.pupils[-1], parsed.attendance, own)
    return parsed


def _pupil(el: Element, number: int, warnings: list[str]) -> ImportPupil:
    raw_upn = _either(el, "UPN")
    label = f"Pupil {number}" + (f" (UPN {raw_upn[:13]})" if raw_upn else "")

    def at(element: str) -> str:
        return f"{label} <{element}>"

    forename = _either(el, "Forename", "PreferredForename")
    surname = _either(el, "Surname", "PreferredSurname")
    pupil = ImportPupil(
        where=label,
        given_name=r.name(forename, at("Forename")),
        family_name=r.name(surname, at("Surname")),
        upn=r.upn(raw_upn, at("UPN")),
    )
    preferred = r.text(_either(el, "PreferredForename"), at("PreferredForename"), max_len=100)
    pupil.preferred_name = preferred if preferred != pupil.given_name else None
    pupil.date_of_birth = r.date(_either(el, "DOB"), at("DOB"))
    pupil.year_group = r.year_group(_either(el, "NCyearActual"), at("NCyearActual"), warnings)
    reg = _either(el, "RegGroup", "RegistrationGroup", "FormGroup", "Class")
    pupil.class_name = r.text(reg, at("RegGroup"), max_len=20)
    pupil.first_language = _first_language(el, label, warnings)
    pupil.admission_date, pupil.leaving_date = _school_dates(el, label)
    pupil.address = _address(_child(el, "Address"), at("Address"), warnings)
    contacts_el = _child(el, "Contacts")
    if contacts_el is not None:
        for k, contact_el in enumerate(_children(contacts_el, "Contact"), start=1):
            contact = _contact(contact_el, f"{label} Contact {k}", k, pupil, warnings)
            if contact is not None:
                pupil.contacts.append(contact)
    return pupil


def _first_language(el: Element, label: str, warnings: list[str]) -> str | None:
    langs = _child(el, "BasicDetails", "Languages") or _child(el, "Languages")
    if langs is None:
        flat = _either(el, "FirstLanguage", "Language")
        return r.language(flat, f"{label} <Language>", warnings)
    types = list(_children(langs, "Type"))
    by_kind = {(_text(t, "LanguageType") or "").upper(): _text(t, "Language") for t in types}
    chosen = by_kind.get("FIRST") or by_kind.get("F") or by_kind.get("HOME")
    if chosen is None and types:
        chosen = _text(types[0], "Language")
    return r.language(chosen, f"{label} <Language>", warnings)


def _school_dates(el: Element, label: str) -> tuple[r.dt.date | None, r.dt.date | None]:
    """Entry date of the most recent school in the history, and its leaving date if any."""
    entry = r.date(_either(el, "EntryDate", "AdmissionDate"), f"{label} <EntryDate>")
    leaving = r.date(_either(el, "LeavingDate"), f"{label} <LeavingDate>")
    history = _child(el, "SchoolHistory")
    if history is None:
        return entry, leaving
    latest: tuple[r.dt.date, r.dt.date | None] | None = None
    for i, school in enumerate(_children(history, "School"), start=1):
        where = f"{label} <SchoolHistory> School {i}"
        started = r.date(_text(school, "EntryDate"), f"{where} <EntryDate>")
        left = r.date(_text(school, "LeavingDate"), f"{where} <LeavingDate>")
        if started is not None and (latest is None or started >= latest[0]):
            latest = (started, left)
    if latest is not None:
        entry = entry or latest[0]
        leaving = leaving or latest[1]
    return entry, leaving


def _address(el: Element | None, where: str, warnings: list[str]) -> r.Address | None:
    if el is None:
        return None
    bs = _child(el, "BS7666Address")
    lines_el = _child(el, "AddressLines")
    code = _text(el, "PostCode") or _text(bs, "PostCode") or _text(el, "Postcode")
    if bs is not None:
        first = " ".join(x for x in (_text(bs, n) for n in ("SAON", "PAON", "Street")) if x)
        town = _text(bs, "Town") or _text(bs, "PostTown")
        return r.address([first, _text(bs, "Locality")], town, code, where, warnings)
    if lines_el is not None:
        lines: list[str | None] = [x.text for x in _children(lines_el, "AddressLine")]
        town = _text(el, "Town") or (lines.pop() if len(lines) > 2 else None)
        return r.address(lines, town, code, where, warnings)
    lines = [_text(el, "Line1") or _text(el, "AddressLine1"), _text(el, "Line2")]
    return r.address(lines, _text(el, "Town"), code, where, warnings)


def _contact(
    el: Element, where: str, position: int, pupil: ImportPupil, warnings: list[str]
) -> ImportContact | None:
    code = _text(el, "Relationship")
    key = r.relationship_key(code)
    if key in r.NOT_FAMILY:
        warnings.append(f"{where}: {r.NOT_FAMILY[key]} ({code}), not a caregiver; left out")
        return None
    forename, surname = _text(el, "Forename"), _text(el, "Surname")
    if not forename and not surname:
        warnings.append(f"{where}: a contact with no name; left out")
        return None
    kind = r.relationship(
        code, _text(el, "Gender"), f"{where} <Relationship>", warnings, _text(el, "Title")
    )
    order = _text(el, "Order")
    contact = ImportContact(
        where=where,
        # A contact known only by title and surname ("Mrs Khan") keeps the title as given name.
        given_name=r.name(forename or _text(el, "Title") or "?", f"{where} <Forename>"),
        family_name=r.name(surname or pupil.family_name, f"{where} <Surname>"),
        title=r.text(_text(el, "Title"), f"{where} <Title>", max_len=20),
        relationship=kind,
        parental_responsibility=r.flag(
            _text(el, "Responsibility"),
            r.default_responsibility(kind),
            f"{where} <Responsibility>",
            warnings,
        ),
        priority=int(order) if order and order.isdigit() and 0 < int(order) < 100 else position,
    )
    phones = _child(el, "Phones")
    for i, phone_el in enumerate(_children(phones, "Phone") if phones is not None else ()):
        number = r.phone(_text(phone_el, "PhoneNo"), f"{where} Phone {i + 1}", warnings)
        if number is None:
            continue
        mobile = (_text(phone_el, "TelephoneType") or "").upper() == "M" or number.startswith("07")
        if mobile and contact.phone_mobile is None:
            contact.phone_mobile = number
        elif contact.phone_other is None and number != contact.phone_mobile:
            contact.phone_other = number
    contact.email = r.email(_text(el, "Email"), f"{where} <Email>", warnings)
    if (_text(el, "AddressAsPupil") or "").lower() in ("true", "1"):
        contact.address = pupil.address
    else:
        contact.address = _address(_child(el, "Address"), f"{where} <Address>", warnings)
    return contact


# -- attendance (issue 23) -----------------------------------------------------------------
def _attendance_file(header: Element | None, name: str, parsed: ParsedFile) -> att.AttendanceFile:
    """The file's attendance is "as at" the moment the MIS wrote it (<Header><DateTime>)."""
    into = att.AttendanceFile(kind="ctf", name=name, source=parsed.source)
    stamp = _text(header, "DateTime")
    try:
        into.as_at = r.date(stamp, "<Header> <DateTime>")
    except ImportFileError:
        # The pupils can still come in; only the attendance needs the date.
        parsed.warnings.append(f"<Header> <DateTime> '{(stamp or '')[:30]}' is not a date")
    return into


def _year_rank(year: Element, own: tuple[str | None, str | None]) -> tuple[int, bool, str]:
    """The latest year first; within it this school's figures (the header's LEA and Estab),
    then the count that starts last (a pupil who moved school mid-year)."""
    number = _text(year, "Year") or ""
    ours = (_text(year, "LEA"), _text(year, "Estab")) == own and own != (None, None)
    start = _text(year, "AttendanceStartDate") or _text(
        year, "AttendSessions", "AttendanceStartDate"
    )
    return (int(number) if number.isdigit() else -1, ours, start or "")


def _attendance(
    el: Element,
    pupil: ImportPupil,
    into: att.AttendanceFile | None,
    own: tuple[str | None, str | None],
) -> None:
    """The pupil's latest <Attendance><YearData>, checked, as one row of the file's snapshot.

    Element names as MIS exports write them: <Year>, <LEA>, <Estab>, <SessionsPossible>,
    <SessionsAttended>, <SessionsAuthorised>, <SessionsUnauthorised>, and the start date either
    directly in <YearData> or inside <AttendSessions> with the marks."""
    if into is None:
        return
    block = _child(el, "Attendance")
    years = list(_children(block, "YearData")) if block is not None else []
    if not years:
        into.without.append(pupil.where)
        return
    chosen = max(years, key=lambda y: _year_rank(y, own))
    where = f"{pupil.where} <Attendance>"

    def sessions(tag: str) -> int | None:
        return att.count(_text(chosen, tag), f"{where} <{tag}>")

    start = _text(chosen, "AttendanceStartDate") or _text(
        chosen, "AttendSessions", "AttendanceStartDate"
    )
    year = _text(chosen, "Year") or ""
    figures = att.checked(
        att.Figures(
            possible=sessions("SessionsPossible"),
            present=sessions("SessionsAttended"),
            authorised=sessions("SessionsAuthorised"),
            unauthorised=sessions("SessionsUnauthorised"),
            start_date=r.date(start, f"{where} <AttendanceStartDate>"),
            year=int(year) if year.isdigit() else None,
        ),
        where,
    )
    if figures is None:
        into.without.append(pupil.where)
        return
    into.rows.append(
        att.AttendanceRow(
            where=pupil.where,
            figures=figures,
            upn=pupil.upn,
            given_name=pupil.given_name,
            family_name=pupil.family_name,
            date_of_birth=pupil.date_of_birth,
        )
    )
