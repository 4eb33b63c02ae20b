"""The faster search ranks exactly as the one query it replaced: the same families, in the same
order, with the same scores and snippets, archived families in or out, however few hits fit."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from liaison.services import families as fam
from liaison.services import search
from liaison.services.families import family_titles
from liaison.services.search.query import build_match, make_snippet
from liaison.store.database import Database

# The query search() ran before (one statement: the archived filter before the cap).
BEFORE = text(
    "SELECT d.family_id, d.kind, s.rowid, bm25(search_index, 10.0, 1.0) AS score "
    "FROM search_index AS s JOIN search_doc d ON d.id = s.rowid "
    "JOIN family f ON f.id = d.family_id "
    "WHERE search_index MATCH :match AND (:archived OR f.archived_at IS NULL) "
    "ORDER BY score LIMIT :cap"
)


def _before(db: Database, query: str, limit: int, include_archived: bool) -> list[tuple]:
    match = build_match(query)
    with db.read() as session:
        best: dict[int, tuple[str, float, int]] = {}
        for fid, kind, rowid, score in session.execute(
            BEFORE, {"match": match, "cap": limit * 10, "archived": include_archived}
        ):
            if fid not in best:
                best[fid] = (kind, float(score), rowid)
                if len(best) == limit:
                    break
        titles = family_titles(session, list(best))
        bodies = dict(session.execute(text("SELECT rowid, body FROM search_index")).all())
    hits = [
        (
            fid,
            titles[fid][1],
            kind,
            make_snippet(bodies[rowid] or "", query) if kind != "family" else "",
            score,
        )
        for fid, (kind, score, rowid) in best.items()
    ]
    return sorted(hits, key=lambda h: h[4])


def _now(db: Database, query: str, limit: int, include_archived: bool) -> list[tuple]:
    return [
        (h.family_id, h.title, h.kind, h.snippet, h.score)
        for h in search.search(db, query, limit=limit, include_archived=include_archived)
    ]


@pytest.mark.parametrize("limit", [50, 3, 1])
def test_same_hits_as_before_with_archived_families(demo_db: Database, limit: int) -> None:
    queries = ["the", "interpreter", "uniform", "a", "an", "meeting", "school", "zz"]
    # Archive the families that rank best for common words, so archived rows fill the cap.
    for query in ("the", "meeting"):
        for hit in search.search(demo_db, query, limit=4):
            fam.archive_family(demo_db, hit.family_id, reason="test")
    for query in queries:
        for include_archived in (False, True):
            before = _before(demo_db, query, limit, include_archived)
            assert _now(demo_db, query, limit, include_archived) == before, (query, limit)
    assert any(_before(demo_db, q, 50, False) for q in queries)  # the queries find something


def test_archived_families_filling_the_cap_still_leave_the_best_live_family(
    demo_db: Database,
) -> None:
    ids = [row.id for row in fam.list_families(demo_db)]
    busy, quiet = ids[0], ids[1]
    for n in range(12):  # twelve strong notes in a family that is then archived
        fam.add_note(demo_db, busy, f"Zebracorn zebracorn zebracorn visit {n}")
    fam.add_note(demo_db, quiet, "A zebracorn was mentioned once in a long note about the visit")
    fam.archive_family(demo_db, busy, reason="moved away")
    # One hit wanted: the ten best rows are all the archived family's, so the live family is
    # found only past them.
    assert [h.family_id for h in search.search(demo_db, "zebracorn", limit=1)] == [quiet]
    assert _now(demo_db, "zebracorn", 1, False) == _before(demo_db, "zebracorn", 1, False)
    assert [h.family_id for h in search.search(demo_db, "zebracorn", include_archived=True)] == [
        busy,
        quiet,
    ]
