"""Dates where only the future makes sense (issue 18): a check-in on 01/01/2020 was accepted.
The past and years away are refused; an overdue check-in already on record can stay while the
rest of the family is edited."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.clock import LONDON
from liaison.errors import ValidationError
from liaison.models.enums import MeetingKind, ServiceCategory
from liaison.services import families as fam
from liaison.services.casework import meetings, referrals
from liaison.store.database import Database

TODAY = dt.date(2026, 11, 23)


def _draft(check_in: dt.date | None) -> fam.FamilyDraft:
    return fam.FamilyDraft(
        next_check_in_on=check_in,
        caregivers=[fam.CaregiverDraft(key="c", given_name="Ana", family_name="Example")],
    )


def test_a_check_in_in_the_past_or_years_away_is_refused(db: Database) -> None:
    for day, words in (
        (dt.date(2020, 1, 1), "in the past"),
        (dt.date(2031, 1, 1), "check the year"),
    ):
        with pytest.raises(ValidationError) as caught:
            fam.save_family(db, _draft(day))
        assert words in caught.value.errors["next_check_in_on"]
    assert fam.list_families(db) == []
    family_id = fam.save_family(db, _draft(dt.date(2026, 12, 7)))
    # Weeks later the check-in is overdue: editing the family's address still saves.
    db.clock.instant = dt.datetime(2027, 1, 11, 9, tzinfo=LONDON)
    draft = fam.load_draft(db, family_id)
    draft.town = "Northbridge"
    fam.save_family(db, draft)
    draft.next_check_in_on = dt.date(2027, 1, 4)  # moved, and into the past: refused
    with pytest.raises(ValidationError):
        fam.save_family(db, draft)


def test_meeting_follow_ups_and_referrals_refuse_years_away(db: Database) -> None:
    family_id = fam.save_family(db, _draft(None))
    start = dt.datetime.combine(TODAY, dt.time(9), LONDON)
    draft = meetings.MeetingDraft(
        family_id=family_id,
        kind=MeetingKind.CHECK_IN,
        starts_at=start,
        next_check_in_on=dt.date(2030, 11, 23),
        actions=[meetings.ActionDraft("Send the form", dt.date(2031, 1, 1))],
    )
    with pytest.raises(ValidationError) as caught:
        meetings.save_meeting(db, draft)
    assert set(caught.value.errors) == {"next_check_in_on", "actions[0].due_on"}
    service = referrals.save_service(
        db, referrals.ServiceDraft("Northbridge Food Bank", ServiceCategory.FOOD_BANK)
    )
    with pytest.raises(ValidationError):
        referrals.create_referral(db, family_id, service, follow_up_on=dt.date(2030, 1, 1))


def test_the_command_line_never_sets_the_demo_passphrase(
    capsys, db_path, passphrase_file, tmp_path
) -> None:
    from liaison.services.demo_mark import DEMO_PASSPHRASE
    from tests.conftest import file_hashes, run_cli

    new = tmp_path / "new.txt"
    new.write_text(DEMO_PASSPHRASE + "\n", "utf-8")
    before = file_hashes(db_path.parent)
    code, _, err = run_cli(
        capsys,
        "passwd",
        "--db",
        str(db_path),
        "--passphrase-file",
        str(passphrase_file),
        "--new-passphrase-file",
        str(new),
    )
    assert code == 2 and "demo" in err
    assert file_hashes(db_path.parent) == before
