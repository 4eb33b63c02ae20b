"""Group the pupils of an import file into households.

Two pupils belong together when they share a contact (the same name with the same phone number
or email address) or live at the same address (same postcode and first line). Grouping is
transitive: siblings linked through their mother join the half-sibling linked through the
father. Within a group, contacts with the same name are one person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from liaison.i18n.folding import normalise
from liaison.imports.records import Address, ImportContact, ImportPupil


def name_key(given: str, family: str) -> str:
    return f"{normalise(given).strip()}|{normalise(family).strip()}"


def phone_digits(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    return digits or None


def contact_keys(given: str, family: str, phones: list[str | None], email: str | None) -> set[str]:
    """Keys that identify one person: their name with each phone number, and with their email."""
    who = name_key(given, family)
    keys = {f"{who}|tel:{d}" for d in map(phone_digits, phones) if d}
    if email:
        keys.add(f"{who}|mail:{email.strip().casefold()}")
    return keys


def keys_of(contact: ImportContact) -> set[str]:
    return contact_keys(
        contact.given_name,
        contact.family_name,
        [contact.phone_mobile, contact.phone_other],
        contact.email,
    )


def address_key(address: Address | None) -> str | None:
    if address is None or not address.postcode or not address.line1:
        return None
    return f"{address.postcode.replace(' ', '')}|{normalise(address.line1).strip()}"


@dataclass
class Group:
    """One proposed household: its pupils, and their contacts with duplicates merged."""

    pupils: list[ImportPupil]
    contacts: list[ImportContact] = field(default_factory=list)
    # pupil index in `pupils` -> [(contact index in `contacts`, the pupil's own link to them)]
    links: dict[int, list[tuple[int, ImportContact]]] = field(default_factory=dict)
    why: list[str] = field(default_factory=list)

    @property
    def address(self) -> Address | None:
        for pupil in self.pupils:
            if pupil.address is not None:
                return pupil.address
        for contact in self.contacts:
            if contact.address is not None:
                return contact.address
        return None


def group_pupils(pupils: list[ImportPupil]) -> list[Group]:
    parent = list(range(len(pupils)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    reasons: dict[int, list[str]] = {}
    first_seen: dict[str, tuple[int, str]] = {}
    for i, pupil in enumerate(pupils):
        keys: list[tuple[str, str]] = []
        for contact in pupil.contacts:
            keys.extend((k, f"shares {contact.display_name}") for k in keys_of(contact))
        akey = address_key(pupil.address)
        if akey:
            keys.append((f"addr:{akey}", "same address"))
        for key, why in keys:
            if key in first_seen:
                j, _ = first_seen[key]
                a, b = find(i), find(j)
                if a != b:
                    parent[a] = b
                    reasons.setdefault(i, []).append(
                        f"{pupil.display_name} {why} with {pupils[j].display_name}"
                    )
            else:
                first_seen[key] = (i, why)
    members: dict[int, list[int]] = {}
    for i in range(len(pupils)):
        members.setdefault(find(i), []).append(i)
    groups = []
    for indexes in members.values():
        group = Group(pupils=[pupils[i] for i in indexes])
        for i in indexes:
            group.why.extend(dict.fromkeys(reasons.get(i, [])))
        _merge_contacts(group)
        groups.append(group)
    return groups


def _merge_contacts(group: Group) -> None:
    by_name: dict[str, int] = {}
    for p, pupil in enumerate(group.pupils):
        links: list[tuple[int, ImportContact]] = []
        for contact in pupil.contacts:
            who = name_key(contact.given_name, contact.family_name)
            index = by_name.get(who)
            if index is None:
                index = len(group.contacts)
                by_name[who] = index
                group.contacts.append(contact)
            else:
                kept = group.contacts[index]
                for attr in ("title", "phone_mobile", "phone_other", "email", "address"):
                    if getattr(kept, attr) is None:
                        setattr(kept, attr, getattr(contact, attr))
            if all(i != index for i, _ in links):
                links.append((index, contact))
        group.links[p] = links
