"""Save many validated family drafts in one open transaction, a chunk of families per flush.

The same changes as `families.save_family_in`, family by family (`stage_family`), and the same
audit entry per family (`record_saved`); only the writing is grouped: the families already
held are loaded with their people in a few queries up front, the session does not autoflush
while a family is staged, and one flush writes a chunk of families with batched INSERTs. The
search index is rebuilt for every family touched by the session hook at commit, in bulk
(search.reindex_families), inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from liaison.models import Caregiver, Family, Pupil, PupilCaregiver, StoreMeta
from liaison.services.families import saving as fam

if TYPE_CHECKING:
    from liaison.store.database import Database

CHUNK = 200  # families per flush: batched INSERTs, while progress still moves as rows are written


class FamilyBatch:
    """Stage drafts with `add`, then `finish` (which flushes and audits the rest)."""

    def __init__(
        self,
        session: Session,
        db: Database,
        now: dt.datetime,
        held_ids: Iterable[int] = (),
        *,
        chunk: int | None = None,
    ) -> None:
        self._session = session
        self._db = db
        self._now = now
        self._chunk = chunk or CHUNK
        self._staged: list[fam.StagedFamily] = []
        self.family_ids: list[int] = []
        # The session keeps only weak references to clean objects: hold the families (and the
        # reference counter) so staging finds them in the identity map instead of querying.
        self._held = self._load(sorted(set(held_ids)))
        self._counter = session.get(StoreMeta, "next_family_number")

    def _load(self, ids: list[int]) -> list[Family]:
        loaded: list[Family] = []
        for start in range(0, len(ids), 500):
            loaded.extend(
                self._session.scalars(
                    select(Family)
                    .where(Family.id.in_(ids[start : start + 500]))
                    .options(
                        selectinload(Family.caregivers).selectinload(Caregiver.languages),
                        selectinload(Family.pupils)
                        .selectinload(Pupil.caregiver_links)
                        .selectinload(PupilCaregiver.caregiver),
                    )
                )
            )
        return loaded

    def add(self, clean: fam.FamilyDraft) -> None:
        """Stage one validated draft; flush when a chunk is full."""
        with self._session.no_autoflush:
            self._staged.append(fam.stage_family(self._session, clean, self._now))
        if len(self._staged) >= self._chunk:
            self.flush()

    def flush(self) -> None:
        """Write what is staged and add its audit entries (written with the next flush)."""
        if not self._staged:
            return
        self._session.flush()
        for staged in self._staged:
            fam.record_saved(self._session, self._db, staged)
            self.family_ids.append(staged.family.id)
        self._staged = []

    def finish(self) -> list[int]:
        """Flush the rest; return the family ids in the order their drafts were added."""
        self.flush()
        self._session.flush()
        return self.family_ids
