"""Full-text search over families: names in any script, Latin transliterations and notes.

The index is kept in step by a session hook: any flush that touches a record belonging to a
family marks that family, and before the transaction commits the entries of every marked family
are rebuilt, in bulk (a few queries per 500 families, so an import of a thousand families costs
about as much as one edit), so no write path can leave the index stale. Later record kinds
register their own documents with `register_source`: a source is given a batch of family ids
and yields (family id, Doc) pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, event, func, insert, select, text
from sqlalchemy.orm import Session

from liaison.i18n.folding import normalise
from liaison.models import Caregiver, Family, FamilyNote, Pupil, PupilCaregiver, SearchDoc


def _names_text(values: Iterable[str | None]) -> str:
    parts: list[str] = []
    for value in values:
        if not value:
            continue
        parts.append(value)
        folded = normalise(value)
        if folded != value.casefold():
            parts.append(folded)
        # Arabic names often carry the article: let "احمد" find "الأحمد".
        parts.extend(w[2:] for w in folded.split() if w.startswith("ال") and len(w) > 4)
    return " ".join(parts)


@dataclass(frozen=True)
class Doc:
    kind: str
    ref_id: int | None
    names: str
    body: str


# Given a batch of family ids (at most CHUNK), the documents of those families.
DocSource = Callable[[Session, Sequence[int]], Iterable[tuple[int, Doc]]]
_sources: list[DocSource] = []
# model -> how to find the family a changed row belongs to
_family_of: dict[type, Callable[[Any], int | None]] = {}
# Families per batch: keeps every IN list well under SQLite's limit on bound parameters.
CHUNK = 500


def register_source(source: DocSource) -> DocSource:
    _sources.append(source)
    return source


def track(model: type, family_id_of: Callable[[Any], int | None]) -> None:
    _family_of[model] = family_id_of


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


_PERSON_NAMES = (
    "given_name",
    "family_name",
    "preferred_name",
    "given_name_latin",
    "family_name_latin",
)


def _name_columns(model: type[Caregiver] | type[Pupil]) -> list[Any]:
    return [getattr(model, name) for name in _PERSON_NAMES]


@register_source
def _family_docs(session: Session, family_ids: Sequence[int]) -> Iterable[tuple[int, Doc]]:
    """Names of every caregiver and pupil (archived ones too), UPNs, reference, postcode; notes.

    Read with plain column queries, not through the ORM objects, so the index is built from
    what the transaction has written, whatever objects the session holds."""
    names: dict[int, list[str | None]] = {}
    for fid, reference, postcode in session.execute(
        select(Family.id, Family.reference, Family.postcode).where(Family.id.in_(family_ids))
    ):
        names[fid] = [reference, postcode]
    if not names:
        return
    wanted = list(names)
    for fid, *person in session.execute(
        select(Caregiver.family_id, *_name_columns(Caregiver))
        .where(Caregiver.family_id.in_(wanted))
        .order_by(Caregiver.id)
    ):
        names[fid].extend(person)
    upns: dict[int, list[str | None]] = defaultdict(list)
    for fid, upn, *person in session.execute(
        select(Pupil.family_id, Pupil.upn, *_name_columns(Pupil))
        .where(Pupil.family_id.in_(wanted))
        .order_by(Pupil.date_of_birth, Pupil.id)
    ):
        names[fid].extend(person)
        upns[fid].append(upn)
    notes: dict[int, list[Doc]] = defaultdict(list)
    for fid, note_id, body in session.execute(
        select(FamilyNote.family_id, FamilyNote.id, FamilyNote.body)
        .where(FamilyNote.family_id.in_(wanted))
        .order_by(FamilyNote.written_at, FamilyNote.id)
    ):
        notes[fid].append(Doc("note", note_id, "", body))
    for fid, values in names.items():
        yield fid, Doc("family", fid, _names_text([*values, *upns[fid]]), "")
        for note in notes[fid]:
            yield fid, note


track(Family, lambda obj: obj.id)
track(Caregiver, lambda obj: obj.family_id)
track(Pupil, lambda obj: obj.family_id)
track(FamilyNote, lambda obj: obj.family_id)
track(PupilCaregiver, lambda obj: obj.pupil.family_id if obj.pupil else None)

_PENDING = "liaison_search_pending"
_UNRESOLVED = "liaison_search_unresolved"


def install(session_class: type[Session] | Any) -> None:
    """Attach the index hooks to a sessionmaker or Session class."""

    @event.listens_for(session_class, "before_flush")
    def _before_flush(session: Session, ctx: object, instances: object) -> None:
        pending: set[int] = session.info.setdefault(_PENDING, set())
        unresolved: list[Any] = session.info.setdefault(_UNRESOLVED, [])
        for obj in [*session.new, *session.dirty, *session.deleted]:
            getter = _family_of.get(type(obj))
            if getter is None:
                continue
            family_id = getter(obj)
            if family_id is None:
                unresolved.append(obj)  # a new row: its family id exists only after the flush
            else:
                pending.add(family_id)

    @event.listens_for(session_class, "after_flush")
    def _after_flush(session: Session, ctx: object) -> None:
        pending: set[int] = session.info.setdefault(_PENDING, set())
        for obj in session.info.pop(_UNRESOLVED, []):
            family_id = _family_of[type(obj)](obj)
            if family_id is not None:
                pending.add(family_id)

    @event.listens_for(session_class, "before_commit")
    def _before_commit(session: Session) -> None:
        session.flush()
        pending: set[int] = session.info.pop(_PENDING, set())
        reindex_families(session, pending)

    @event.listens_for(session_class, "after_rollback")
    def _after_rollback(session: Session) -> None:
        session.info.pop(_PENDING, None)
        session.info.pop(_UNRESOLVED, None)


def reindex_families(session: Session, family_ids: Iterable[int]) -> None:
    """Rebuild the index entries of these families from what the transaction holds."""
    ids = sorted(set(family_ids))
    if not ids:
        return
    remove_families(session, ids)
    conn = session.connection()
    # The write transaction holds the database's write lock, so no other writer can take these
    # ids; they continue from the highest in use, as SQLite's own rowid choice would.
    next_id = (session.scalar(select(func.max(SearchDoc.id))) or 0) + 1
    for chunk in _chunks(ids):
        docs: dict[int, list[Doc]] = defaultdict(list)
        for source in _sources:
            for family_id, doc in source(session, chunk):
                docs[family_id].append(doc)
        rows: list[dict[str, Any]] = []
        entries: list[dict[str, Any]] = []
        for family_id in chunk:  # each family's documents together, in source order
            for doc in docs.get(family_id, []):
                rows.append(
                    {"id": next_id, "family_id": family_id, "kind": doc.kind, "ref_id": doc.ref_id}
                )
                entries.append({"id": next_id, "names": doc.names, "body": doc.body})
                next_id += 1
        if rows:
            conn.execute(insert(SearchDoc), rows)
            conn.execute(
                text("INSERT INTO search_index(rowid, names, body) VALUES (:id, :names, :body)"),
                entries,
            )


def remove_families(session: Session, family_ids: Sequence[int]) -> None:
    conn = session.connection()
    for chunk in _chunks(family_ids):
        ids = list(session.scalars(select(SearchDoc.id).where(SearchDoc.family_id.in_(chunk))))
        if not ids:
            continue
        for start in range(0, len(ids), 500):
            marks = ",".join(str(int(i)) for i in ids[start : start + 500])
            conn.execute(text(f"DELETE FROM search_index WHERE rowid IN ({marks})"))
        session.execute(delete(SearchDoc).where(SearchDoc.family_id.in_(chunk)))


def rebuild_all(session: Session) -> int:
    conn = session.connection()
    conn.execute(text("DELETE FROM search_index"))
    session.execute(delete(SearchDoc))
    family_ids = list(session.scalars(select(Family.id)))
    reindex_families(session, family_ids)
    return len(family_ids)
