"""Common Transfer File import: reading, grouping into families, re-import, leavers, safety."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from liaison.demo.ctf_sample import fictional_ctf
from liaison.errors import ImportFileError
from liaison.models import AuditEntry, Caregiver, Pupil
from liaison.models.enums import AuditAction, Relationship
from liaison.services import families as fam
from liaison.services import mis_import as imports
from liaison.store.database import Database
from tests.import_helpers import DATA, dump

CTF = DATA / "ctf_families.xml"


def _pupils(db: Database) -> dict[str, SimpleNamespace]:
    """Held pupils by UPN, as plain values (read sessions expire their objects)."""
    cols = ("id", "family_id", "given_name", "year_group", "class_name", "left_date")
    with db.read() as session:
        return {
            p.upn: SimpleNamespace(**{c: getattr(p, c) for c in (*cols, "archived_at")})
            for p in session.scalars(select(Pupil))
            if p.upn
        }


def _family_of(db: Database, upn: str) -> fam.FamilyDraft:
    return fam.load_draft(db, _pupils(db)[upn].family_id)


def test_reads_pupils_contacts_and_languages() -> None:
    parsed = imports.read_file(CTF)
    assert parsed.kind == "ctf" and parsed.source == "Northbridge Primary School"
    by_upn = {p.upn: p for p in parsed.pupils}
    amina = by_upn["A820885120001"]
    assert (amina.given_name, amina.family_name) == ("أمينة", "حسن")  # Arabic script kept
    assert amina.year_group == 3 and amina.class_name == "3H" and amina.first_language == "ARA"
    assert amina.admission_date.isoformat() == "2022-09-05"
    assert amina.address is not None and amina.address.postcode == "M1 1AE"
    mother = amina.contacts[0]
    assert mother.relationship is Relationship.MOTHER and mother.parental_responsibility
    assert mother.phone_mobile == "07700 900101" and mother.email == "fatima.hassan@example.org"
    oliver = by_upn["D820885120003"]
    assert oliver.year_group == 0  # Reception
    step = oliver.contacts[1]
    assert step.relationship is Relationship.STEP_FATHER and not step.parental_responsibility
    bilal = by_upn["G820885120005"]
    assert bilal.first_language == "URD"  # FIRST wins over HOME, whatever the order
    assert bilal.preferred_name == "Billy"
    assert [c.given_name for c in bilal.contacts] == ["Nasreen", "Zainab"]  # the doctor left out
    assert bilal.contacts[0].phone_other == "0161 496 0301"
    assert not bilal.contacts[1].parental_responsibility
    bare = by_upn["W820885120006"]  # every optional element missing
    assert bare.year_group is None and bare.contacts == [] and bare.first_language is None
    flat = by_upn["K820885120007"]
    assert flat.year_group == 2 and flat.first_language is None  # unknown XYZ -> None
    assert flat.contacts[0].address == flat.address
    assert any("'XYZ'" in w and "Pupil 7" in w for w in parsed.warnings)
    assert any("doctor" in w for w in parsed.warnings)
    assert any("not known" in w for w in parsed.warnings)
    assert by_upn["Z820885120008"].leaving_date.isoformat() == "2026-07-18"


def test_import_groups_siblings_and_step_families(db: Database) -> None:
    plan = imports.preview(db, imports.read_file(CTF))
    counts = plan.counts()
    # The pupil with no contacts (W820885120006) is not made a family with nobody to write to:
    # skipped, and named in a warning (issue 17).
    assert counts["families_created"] == 4 and counts["pupils_created"] == 6
    assert counts["pupils_skipped"] == 2
    reasons = {line.upn: line.reasons[0] for line in plan.skipped}
    assert "not held" in reasons["Z820885120008"]
    assert "nobody to write to" in reasons["W820885120006"]
    assert any("Nowak" in w and "nobody to write to" in w for w in plan.warnings)
    result = imports.run(db, imports.read_file(CTF))
    assert len(result.family_ids) == 4
    assert _pupils(db).get("W820885120006") is None
    hassan = _family_of(db, "A820885120001")
    assert {p.upn for p in hassan.pupils} == {"A820885120001", "P820885120002"}
    assert len(hassan.caregivers) == 2  # the shared mother and father once each
    blended = _family_of(db, "D820885120003")
    assert {p.upn for p in blended.pupils} == {"D820885120003", "T820885120004"}
    mark = next(c for c in blended.caregivers if c.given_name == "Mark")
    oliver = next(p for p in blended.pupils if p.upn == "D820885120003")
    lily = next(p for p in blended.pupils if p.upn == "T820885120004")
    oliver_mark = next(x for x in oliver.links if x.caregiver_key == mark.key)
    lily_mark = next(x for x in lily.links if x.caregiver_key == mark.key)
    assert (oliver_mark.relationship, oliver_mark.parental_responsibility) == (
        Relationship.STEP_FATHER,
        False,
    )
    assert (lily_mark.relationship, lily_mark.parental_responsibility) == (
        Relationship.FATHER,
        True,
    )
    khan = _family_of(db, "G820885120005")
    zainab = next(c for c in khan.caregivers if c.given_name == "Zainab")
    link = khan.pupils[0].links[1]
    assert link.caregiver_key == zainab.key and not link.parental_responsibility
    assert link.priority == 2
    assert _pupils(db).get("Z820885120008") is None  # a leaver never held is not added
    # Names in Arabic script are searchable at once (the index is kept in the same transaction).
    from liaison.services import search

    assert any(h.family_id == hassan.id for h in search.search(db, "فاطمة"))
    with db.read() as session:
        detail = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == AuditAction.IMPORTED)
        ).one()
    assert "ctf_families.xml" in detail and "families_created 4" in detail


def test_reimport_updates_never_duplicates(db: Database, tmp_path: Path) -> None:
    imports.run(db, imports.read_file(CTF))
    before = dump(db)
    again = imports.run(db, imports.read_file(CTF))
    counts = again.counts()
    assert counts["families_created"] == 0 and counts["pupils_created"] == 0
    assert counts["families_unchanged"] == 4
    after = dump(db)
    assert {k: v for k, v in after.items() if k != "audit_entry"} == {
        k: v for k, v in before.items() if k != "audit_entry"
    }
    # The next year's file: Amina moved up, the mother has a new number, a new sibling.
    changed = CTF.read_text("utf-8").replace(
        "<NCyearActual>3</NCyearActual>\n        <RegGroup>3H</RegGroup>",
        "<NCyearActual>4</NCyearActual>\n        <RegGroup>4H</RegGroup>",
    )
    changed = changed.replace("07700 900101", "07700 900199")
    path = tmp_path / "next.xml"
    path.write_text(changed, "utf-8")
    plan = imports.preview(db, imports.read_file(path))
    hassan_plan = next(f for f in plan.families if "Omar Hassan" in f.title)
    assert hassan_plan.action == "update"
    amina_line = next(p for p in hassan_plan.pupils if p.upn == "A820885120001")
    assert "year group 3 → 4" in amina_line.reasons and "class 3H → 4H" in amina_line.reasons
    imports.run(db, imports.read_file(path))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Pupil)) == 6
        assert session.scalar(select(func.count()).select_from(Caregiver)) == 7
    amina = _pupils(db)["A820885120001"]
    assert (amina.year_group, amina.class_name) == (4, "4H")
    # A matched pupil whose family name is now in Latin letters keeps the Arabic script.
    assert amina.given_name == "أمينة"


def test_pupil_matched_by_name_and_birth_date_without_upn(db: Database, tmp_path: Path) -> None:
    imports.run(db, imports.read_file(CTF))
    # Pupil 7 has contacts (pupil 6, with none, is never imported).
    text = CTF.read_text("utf-8").replace("<UPN>K820885120007</UPN>", "")
    assert "K820885120007" not in text
    path = tmp_path / "no-upn.xml"
    path.write_text(text, "utf-8")
    plan = imports.preview(db, imports.read_file(path))
    assert plan.counts()["pupils_created"] == 0


def test_leavers_are_marked_left_not_deleted(db: Database, tmp_path: Path) -> None:
    imports.run(db, imports.read_file(CTF))
    text = CTF.read_text("utf-8").replace(
        "<EntryDate>2025-09-03</EntryDate>",
        "<EntryDate>2025-09-03</EntryDate><LeavingDate>2026-10-24</LeavingDate>",
    )
    path = tmp_path / "leavers.xml"
    path.write_text(text, "utf-8")
    plan = imports.preview(db, imports.read_file(path))
    assert plan.counts()["pupils_left"] == 1
    imports.run(db, imports.read_file(path))
    oliver = _pupils(db)["D820885120003"]
    assert oliver.left_date.isoformat() == "2026-10-24" and oliver.archived_at is None
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Pupil)) == 6


def test_dry_run_changes_nothing(demo_db: Database) -> None:
    before = dump(demo_db)
    plan = imports.preview(demo_db, imports.read_file(CTF))
    assert plan.counts()["families_created"] == 4
    assert dump(demo_db) == before


def test_new_sibling_joins_the_family_already_held(db: Database, tmp_path: Path) -> None:
    imports.run(db, imports.read_file(CTF))
    hassan_id = _pupils(db)["A820885120001"].family_id
    sibling = """<CTfile><CTFpupilData><Pupil><UPN>B820885120019</UPN><Surname>Hassan</Surname>
      <Forename>Huda</Forename><DOB>2022-01-05</DOB><Contacts><Contact><Order>1</Order>
      <Surname>Hassan</Surname><Forename>Omar</Forename><Relationship>PAF</Relationship>
      <Phones><Phone><PhoneNo>07700900102</PhoneNo></Phone></Phones></Contact></Contacts>
      </Pupil></CTFpupilData></CTfile>"""
    path = tmp_path / "sibling.xml"
    path.write_text(sibling, "utf-8")
    plan = imports.preview(db, imports.read_file(path))
    assert plan.families[0].action == "update" and plan.families[0].family_id == hassan_id
    assert any("caregiver is already held" in r for r in plan.families[0].reasons)
    imports.run(db, imports.read_file(path))
    assert _pupils(db)["B820885120019"].family_id == hassan_id
    assert len(fam.load_draft(db, hassan_id).caregivers) == 2


def test_bad_pupil_midway_leaves_the_database_exactly_as_it_was(
    demo_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(fictional_ctf(12, seed=3, bad_dob_at=7))
    before = dump(demo_db)
    with pytest.raises(ImportFileError) as err:
        imports.run(demo_db, imports.read_file(path))
    assert err.value.message.startswith("Pupil 7 (UPN ")
    assert "<DOB>" in err.value.message and "2019-02-30" in err.value.message
    assert dump(demo_db) == before


def test_rule_broken_at_save_names_the_pupil(db: Database, tmp_path: Path) -> None:
    """A date of birth in the future passes the reader but not the family rules: the message
    still names the pupil in the file, and nothing is written."""
    # Pupil 7 (pupil 6 has no contacts and is never imported, so never checked at save).
    text = CTF.read_text("utf-8").replace("<DOB>2019-02-17</DOB>", "<DOB>2030-12-01</DOB>")
    path = tmp_path / "future.xml"
    path.write_text(text, "utf-8")
    before = dump(db)
    with pytest.raises(ImportFileError, match=r"Pupil 7 \(UPN K820885120007\).*future"):
        imports.run(db, imports.read_file(path))
    assert dump(db) == before


def test_cancel_rolls_everything_back(db: Database) -> None:
    before = dump(db)
    calls: list[tuple[int, int]] = []
    from liaison.errors import Cancelled

    with pytest.raises(Cancelled):
        imports.run(
            db,
            imports.read_file(CTF),
            progress=lambda done, total: calls.append((done, total)),
            cancel=lambda: len(calls) > 0,
        )
    assert dump(db) == before


def test_skipping_a_family_at_review(db: Database) -> None:
    parsed = imports.read_file(CTF)
    plan = imports.preview(db, parsed)
    key = next(f.key for f in plan.families if "Khan" in f.title)
    result = imports.run(db, parsed, skip=frozenset({key}))
    assert result.counts()["families_created"] == 3  # 4 with contacts, less the one skipped
    assert "G820885120005" not in _pupils(db)


def test_billion_laughs_is_refused(db: Database) -> None:
    with pytest.raises(ImportFileError, match="DTD or entities"):
        imports.read_file(DATA / "ctf_bomb.xml")


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", "utf-8")
    text = (DATA / "ctf_xxe_template.xml").read_text("utf-8").replace("SECRET_PATH", str(secret))
    path = tmp_path / "xxe.xml"
    path.write_text(text, "utf-8")
    with pytest.raises(ImportFileError, match="refused for safety") as err:
        imports.read_file(path)
    assert "TOP-SECRET" not in err.value.message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<CTfile><CTFpupilData/></CTfile>", "no pupils"),
        (b"<Other/>", "not a Common Transfer File"),
        (b"<CTfile><CTFpupilData><Pupil>", "not well-formed"),
        (
            b"<CTfile><CTFpupilData><Pupil><Surname>A</Surname></Pupil></CTFpupilData></CTfile>",
            "Pupil 1 <Forename>: this is required",
        ),
        (
            b"<CTfile><CTFpupilData><Pupil><UPN>A123</UPN><Surname>A</Surname><Forename>B"
            b"</Forename></Pupil></CTFpupilData></CTfile>",
            "Pupil 1 (UPN A123) <UPN>",
        ),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        imports.read_file(path)


def test_a_line_break_inside_a_value_is_shown_on_one_line(db: Database, tmp_path: Path) -> None:
    """Found by the fuzz test: the message quoted the value, line break and all."""
    path = tmp_path / "broken.xml"
    text = (DATA / "ctf_families.xml").read_text("utf-8")
    path.write_text(text.replace("<UPN>A820885120001</UPN>", "<UPN>A\n820885120001</UPN>"), "utf-8")
    before = dump(db)
    with pytest.raises(ImportFileError) as failure:
        imports.run(db, imports.read_file(path))
    message = failure.value.message
    assert "\n" not in message and "\r" not in message
    assert "'A \u21b5 820885120001'" in message and "UPN" in message
    assert dump(db) == before
