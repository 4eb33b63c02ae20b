"""A fictional Common Transfer File, for trying the import, the benchmark and the crash tests.

Names come from Faker (en_GB, pl_PL, ro_RO) and a few Arabic-script ones; phone numbers are in
Ofcom's drama range and emails use example.org. No real person is described.

    python -m liaison.demo.ctf_sample OUT.xml [--pupils 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import xml.etree.ElementTree as ET
from pathlib import Path

from liaison.validation import upn_check_letter

_ARABIC = [("فاطمة", "حسن"), ("أحمد", "علي"), ("مريم", "خليل"), ("يوسف", "سعيد"), ("ليلى", "عمر")]
_LANGS = ["ENG", "ENG", "ENG", "POL", "RMN", "ARA", "URD", "BNG", "SOM", "PNJ"]


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = text
    return el


def fictional_ctf(
    pupils: int = 2000, seed: int = 1, *, bad_dob_at: int | None = None, start: int = 0
) -> bytes:
    """`pupils` pupils in households of 1-3 siblings sharing their contacts. With
    `bad_dob_at`, that pupil (1-based) has an impossible date of birth."""
    from faker import Faker

    rng = random.Random(seed)
    fakers = {code: Faker(code) for code in ("en_GB", "pl_PL", "ro_RO")}
    for i, f in enumerate(fakers.values()):
        f.seed_instance(seed * 10 + i)
    root = ET.Element("CTfile")
    header = _sub(root, "Header")
    _sub(header, "DocumentName", "Common Transfer File")
    _sub(header, "CTFversion", "21.0")
    source = _sub(header, "SourceSchool")
    _sub(source, "LEA", "820")
    _sub(source, "Estab", "8851")
    _sub(source, "SchoolName", "Fictional Primary School")
    data = _sub(root, "CTFpupilData")
    number = 0
    household = 0
    while number < pupils:
        household += 1
        lang = rng.choice(_LANGS)
        locale = {"POL": "pl_PL", "RMN": "ro_RO"}.get(lang, "en_GB")
        fk = fakers[locale]
        arabic = lang == "ARA" and rng.random() < 0.5
        surname = rng.choice(_ARABIC)[1] if arabic else fk.last_name()
        contacts = []
        for order, (kind, gender) in enumerate((("PAM", "F"), ("PAF", "M")), start=1):
            if order == 2 and rng.random() < 0.3:
                break
            given = (
                rng.choice(_ARABIC)[0]
                if arabic
                else fk.first_name_female()
                if gender == "F"
                else fk.first_name_male()
            )
            serial = start + household * 2 + order
            contacts.append((order, kind, gender, given, f"07700 900{serial % 1000:03d}"))
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        postcode = (
            f"M{rng.randint(1, 40)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        )
        street = f"{rng.randint(1, 200)} {fk.street_name()}"
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            number += 1
            if number > pupils:
                break
            year = rng.randint(0, 6)
            dob = dt.date(2026 - 5 - year, 9, 1) + dt.timedelta(days=rng.randint(0, 364))
            body = f"8208851{(start + number) % 100000:05d}"
            pupil = _sub(data, "Pupil")
            _sub(pupil, "UPN", upn_check_letter(body) + body)
            _sub(pupil, "Surname", surname)
            _sub(pupil, "Forename", rng.choice(_ARABIC)[0] if arabic else fk.first_name())
            dob_text = "2019-02-30" if number == bad_dob_at else dob.isoformat()
            _sub(pupil, "DOB", dob_text)
            _sub(pupil, "Sex", rng.choice("MF"))
            basic = _sub(pupil, "BasicDetails")
            _sub(basic, "NCyearActual", "R" if year == 0 else str(year))
            _sub(basic, "RegGroup", f"{'R' if year == 0 else year}{rng.choice('ABC')}")
            types = _sub(_sub(basic, "Languages"), "Type")
            _sub(types, "LanguageType", "FIRST")
            _sub(types, "Language", lang)
            address = _sub(pupil, "Address")
            bs = _sub(address, "BS7666Address")
            _sub(bs, "Street", street)
            _sub(bs, "Town", "Northbridge")
            _sub(address, "PostCode", postcode)
            contacts_el = _sub(pupil, "Contacts")
            for order, kind, gender, given, phone in contacts:
                c = _sub(contacts_el, "Contact")
                _sub(c, "Order", str(order))
                _sub(c, "Surname", surname)
                _sub(c, "Forename", given)
                _sub(c, "Gender", gender)
                _sub(c, "Relationship", kind)
                _sub(c, "Responsibility", "true")
                _sub(c, "AddressAsPupil", "true")
                phone_el = _sub(_sub(c, "Phones"), "Phone")
                _sub(phone_el, "TelephoneType", "M")
                _sub(phone_el, "PhoneNo", phone)
            history = _sub(_sub(pupil, "SchoolHistory"), "School")
            _sub(history, "LEA", "820")
            _sub(history, "Estab", "8851")
            entry = max(dob + dt.timedelta(days=4 * 365), dt.date(2021, 9, 6))
            _sub(history, "EntryDate", entry.isoformat())
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.write_bytes(fictional_ctf(args.pupils, args.seed))
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
