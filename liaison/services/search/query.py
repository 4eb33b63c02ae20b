"""Searching the index: every word must start an indexed word; best families first.

Ranking uses FTS5's bm25 with names weighted above notes; snippets are made in Python for the
rows shown only (see `search`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import TextClause, text
from sqlalchemy.orm import Session

from liaison.forget import holds_words
from liaison.i18n.folding import normalise
from liaison.services.families.titles import family_titles

if TYPE_CHECKING:
    from liaison.store.database import Database

_TOKEN_SPLIT = re.compile(r"[\s\"'`“”‘’«»()\[\]{}<>,.;:!?¿¡/\\|@#$%^&*+=~،؛؟۔।-]+")


def build_match(query: str) -> str | None:
    """An FTS5 MATCH expression: every word must match the start of an indexed word."""
    clauses = []
    tokens = [t.strip() for t in _TOKEN_SPLIT.split(query) if t.strip()]
    # A one-letter prefix ("Al-A") matches most of the index; it adds cost, not precision.
    if any(len(t) > 1 for t in tokens):
        tokens = [t for t in tokens if len(t) > 1]
    for token in tokens:
        variants = {token.casefold(), normalise(token)}
        parts = [f'"{v}"*' for v in sorted(variants) if v]
        clauses.append(parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")")
    return " AND ".join(clauses) if clauses else None


@holds_words
@lru_cache(maxsize=50_000)
def _folded_word(word: str) -> str:
    # Notes share most of their words: fold each once, not once per note shown per search.
    return normalise(word.strip(".,;:!?()\"'"))


def make_snippet(body: str, query: str, width: int = 10) -> str:
    """About `width` words around the first word that starts with a query term, marked [ ]."""
    terms = tuple(normalise(t) for t in _TOKEN_SPLIT.split(query) if len(t.strip()) > 1)
    words = body.split()
    for index, word in enumerate(words):
        if terms and _folded_word(word).startswith(terms):
            start = max(0, index - width // 2)
            shown = words[start : start + width]
            shown[index - start] = f"[{word}]"
            return (
                ("…" if start else "")
                + " ".join(shown)
                + ("…" if start + width < len(words) else "")
            )
    return " ".join(words[:width]) + ("…" if len(words) > width else "")


@dataclass(frozen=True)
class SearchHit:
    family_id: int
    reference: str
    title: str
    kind: str
    snippet: str
    score: float
    archived: bool


# Rank without FTS5's snippet(): SQLite would compute it for every matching row before sorting
# (30-90 ms for a common word over 30,000 notes). Snippets are made afterwards, in Python, for
# the rows shown only. The best `cap` rows are found in the index alone and only those are
# joined to their family: a common word matches thousands of notes, and two lookups for each
# cost a fifth of the search. Archived families are skipped after the cap; only when that left
# fewer than `limit` families from a full cap does the search run again with the filter before
# the cap (_RANKED_FILTERED, the query as it was), so the hits are always what they were.
_RANKED = text(
    "SELECT d.family_id, d.kind, r.rowid, r.score, f.archived_at IS NOT NULL FROM ("
    " SELECT rowid, bm25(search_index, 10.0, 1.0) AS score FROM search_index"
    " WHERE search_index MATCH :match ORDER BY score LIMIT :cap) AS r "
    "JOIN search_doc d ON d.id = r.rowid JOIN family f ON f.id = d.family_id "
    "ORDER BY r.score"
)
_RANKED_FILTERED = text(
    "SELECT d.family_id, d.kind, s.rowid, bm25(search_index, 10.0, 1.0) AS score, 0 "
    "FROM search_index AS s JOIN search_doc d ON d.id = s.rowid "
    "JOIN family f ON f.id = d.family_id "
    "WHERE search_index MATCH :match AND f.archived_at IS NULL "
    "ORDER BY score LIMIT :cap"
)


def _best(
    session: Session, statement: TextClause, match: str, limit: int, include_archived: bool
) -> tuple[dict[int, tuple[str, float, int]], bool]:
    """The best row of each of up to `limit` families; and whether archived families' rows
    were skipped from a full cap (so rows past the cap might have been wanted)."""
    cap = limit * 10
    rows = session.execute(statement, {"match": match, "cap": cap})
    best: dict[int, tuple[str, float, int]] = {}
    read = skipped = 0
    # Only until `limit` families are found: the rest never become Python objects.
    for family_id, kind, rowid, score, archived in rows:
        read += 1
        if archived and not include_archived:
            skipped += 1
        elif family_id not in best:
            best[family_id] = (kind, float(score), rowid)
            if len(best) == limit:
                break
    rows.close()
    return best, len(best) < limit and skipped > 0 and read == cap


def search(
    db: Database, query: str, *, limit: int = 50, include_archived: bool = False
) -> list[SearchHit]:
    """Families matching every word of `query`, best first, one hit per family."""
    match = build_match(query)
    if match is None:
        return []
    with db.read() as session:
        best, short = _best(session, _RANKED, match, limit, include_archived)
        if short:
            best, _ = _best(session, _RANKED_FILTERED, match, limit, include_archived)
        titles = family_titles(session, list(best))
        wanted = [rowid for kind, _, rowid in best.values() if kind != "family"]
        snippets: dict[int, str] = {}
        if wanted:
            # Plain rowid lookups: FTS5 would re-run the MATCH for every rowid in an IN list.
            marks = ",".join(str(int(r)) for r in wanted)
            for rowid, body in session.execute(
                text(f"SELECT rowid, body FROM search_index WHERE rowid IN ({marks})")
            ):
                snippets[rowid] = make_snippet(body or "", query)
    hits = []
    for family_id, (kind, score, rowid) in best.items():
        reference, title, archived = titles[family_id]
        hits.append(
            SearchHit(family_id, reference, title, kind, snippets.get(rowid, ""), score, archived)
        )
    hits.sort(key=lambda h: h.score)
    return hits[:limit]
