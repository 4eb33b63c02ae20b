"""Every write says what it changed, once it has committed; a rolled-back write says nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from liaison.errors import ValidationError
from liaison.models import Base, Meeting
from liaison.services import changes, families
from liaison.services.casework import meetings
from liaison.services.changes import Area
from liaison.store.database import Database


def test_every_table_has_an_area_or_is_bookkeeping() -> None:
    for table in Base.metadata.tables:
        changes.area_of(table)  # raises KeyError for a table nobody placed


def test_a_commit_tells_its_areas_and_a_rollback_nothing(db: Database) -> None:
    heard: list[frozenset[Area]] = []
    changes.watch(db, heard.append)
    draft = families.FamilyDraft(
        caregivers=[families.CaregiverDraft(given_name="Ana", family_name="Pop")]
    )
    family_id = families.save_family(db, draft)
    assert heard == [frozenset({Area.FAMILIES})]
    with pytest.raises(ValidationError):
        families.save_family(db, families.FamilyDraft())
    assert len(heard) == 1
    meetings.set_next_check_in(db, family_id, db.clock.today())
    assert heard[-1] == frozenset({Area.FAMILIES})
    # A bulk ORM statement (as the import and erasure use) is heard as well.
    with db.session() as session:
        session.execute(update(Meeting).values(place="Hall"))
    assert heard[-1] == frozenset({Area.CASEWORK})
