"""Families: validation that names the field, save/edit/archive, filters, the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.errors import ValidationError
from liaison.models.enums import NeedCategory, Proficiency, Relationship
from liaison.services import audit
from liaison.services import families as fam
from liaison.store.database import Database
from tests.conftest import NOW


def _arabic_family() -> fam.FamilyDraft:
    mother = fam.CaregiverDraft(
        key="m",
        given_name="ليلى",
        family_name="الحسن",
        given_name_latin="Layla",
        family_name_latin="Al-Hassan",
        phone_mobile="07700900123",
        email="layla.example@example.org",
        main_language="ARA",
        letter_language="ARA",
        reads_english=False,
        interpreter_needed=True,
        interpreter_language="ARA",
        interpreter_dialect="Levantine",
        interpreter_preference="Female interpreter preferred",
        contact_channels=["bookbag", "phone"],
        best_times="After 3pm",
        is_main_contact=True,
    )
    child = fam.PupilDraft(
        key="p",
        given_name="عمر",
        family_name="الحسن",
        given_name_latin="Omar",
        family_name_latin="Al-Hassan",
        date_of_birth=dt.date(2019, 3, 14),
        upn="A123456789012",
        year_group=2,
        class_name="2B",
        admission_date=dt.date(2026, 9, 8),
        first_language="ARA",
        proficiency=Proficiency.NEW,
        links=[fam.LinkDraft("m", Relationship.MOTHER)],
    )
    return fam.FamilyDraft(
        address_line1="4 Example Close",
        town="Northbridge",
        postcode="nb12ab",
        new_arrival_date=dt.date(2026, 9, 1),
        caregivers=[mother],
        pupils=[child],
    )


def test_validation_names_every_field_at_fault() -> None:
    draft = _arabic_family()
    draft.caregivers[0].phone_mobile = "12345"
    draft.caregivers[0].email = "layla@"
    draft.caregivers[0].letter_language = "BNGS"  # Sylheti is rarely written
    draft.pupils[0].upn = "B123456789012"  # wrong check letter
    draft.pupils[0].date_of_birth = dt.date(2027, 1, 1)
    draft.postcode = "not a postcode"
    with pytest.raises(ValidationError) as failure:
        fam.validate(draft, NOW.date())
    errors = failure.value.errors
    assert "UK" in errors["caregivers[0].phone_mobile"]
    assert "email" in errors["caregivers[0].email"]
    assert "Bengali" in errors["caregivers[0].letter_language"]
    assert "check letter" in errors["pupils[0].upn"]
    assert "future" in errors["pupils[0].date_of_birth"]
    assert "postcode" in errors["postcode"]


def test_save_cleans_and_reads_back_in_its_own_script(db: Database) -> None:
    family_id = fam.save_family(db, _arabic_family())
    draft = fam.load_draft(db, family_id)
    assert draft.reference == "F00001"
    assert draft.postcode == "NB1 2AB"
    mother = draft.caregivers[0]
    assert (mother.given_name, mother.family_name) == ("ليلى", "الحسن")
    assert mother.phone_mobile == "07700 900123"
    assert mother.interpreter_preference == "Female interpreter preferred"
    assert draft.pupils[0].links[0].relationship == Relationship.MOTHER


def test_edit_records_changed_fields_but_no_case_text_in_audit(db: Database) -> None:
    family_id = fam.save_family(db, _arabic_family())
    draft = fam.load_draft(db, family_id)
    draft.caregivers[0].phone_mobile = "07700 900999"
    draft.pupils[0].class_name = "3A"
    fam.save_family(db, draft)
    fam.add_note(db, family_id, "Very private words about the family's situation")
    again = fam.load_draft(db, family_id)
    assert again.caregivers[0].phone_mobile == "07700 900999"
    assert again.pupils[0].class_name == "3A"
    lines = audit.recent(db, family_id=family_id)
    assert {line.action.value for line in lines} >= {"created", "changed"}
    text = " ".join(f"{line.detail or ''} {line.entity}" for line in lines)
    assert "private words" not in text and "ليلى" not in text and "900999" not in text


def test_archive_hides_from_list_but_keeps_the_record(db: Database) -> None:
    family_id = fam.save_family(db, _arabic_family())
    fam.archive_family(db, family_id, reason="Moved away")
    assert fam.list_families(db) == []
    archived = fam.list_families(db, fam.FamilyFilter(include_archived=True))
    assert [r.archived for r in archived] == [True]
    fam.unarchive_family(db, family_id)
    assert len(fam.list_families(db)) == 1


def test_removed_caregiver_is_archived_not_deleted(db: Database) -> None:
    draft = _arabic_family()
    draft.caregivers.append(fam.CaregiverDraft(key="f", given_name="Sami", family_name="Al-Hassan"))
    family_id = fam.save_family(db, draft)
    loaded = fam.load_draft(db, family_id)
    loaded.caregivers = [c for c in loaded.caregivers if c.given_name != "Sami"]
    fam.save_family(db, loaded)
    assert [c.given_name for c in fam.load_draft(db, family_id).caregivers] == ["ليلى"]


def test_filters(demo_db: Database) -> None:
    everyone = fam.list_families(demo_db)
    assert len(everyone) == 40

    def only(**kwargs: object) -> list[fam.FamilyRow]:
        return fam.list_families(demo_db, fam.FamilyFilter(**kwargs))

    interpreters = only(interpreter_needed=True)
    assert interpreters and all(r.interpreter_needed for r in interpreters)
    assert len(interpreters) < len(everyone)
    some_class = everyone[0].classes[0]
    in_class = only(class_names=(some_class,))
    assert in_class and all(some_class in r.classes for r in in_class)
    year = everyone[0].year_groups[0]
    assert all(year in r.year_groups for r in only(year_groups=(year,)))
    english = only(language="ENG")
    assert english and all("ENG" in r.languages for r in english)
    arrivals = only(new_arrivals=True)
    assert all(r.new_arrival_date is not None for r in arrivals)
    needs = only(open_needs=True)
    assert needs and all(r.open_needs > 0 for r in needs)
    # Filter-as-you-type works on the reference, Latin forms and the own-script names.
    target = everyone[5]
    assert target in only(text=target.reference.lower())


def test_needs_are_unique_while_open(db: Database) -> None:
    family_id = fam.save_family(db, _arabic_family())
    need_id = fam.add_need(db, family_id, NeedCategory.UNIFORM, detail="Winter coat")
    with pytest.raises(ValidationError, match="already an open need"):
        fam.add_need(db, family_id, NeedCategory.UNIFORM)
    fam.update_need(db, need_id, status="met")
    fam.add_need(db, family_id, NeedCategory.UNIFORM)
    detail = fam.get_family(db, family_id)
    assert [n.status.value for n in detail.needs].count("met") == 1
    assert any(item.kind == "need" for item in detail.chronology)
