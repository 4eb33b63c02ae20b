"""Full-text search over families: the index kept in step by session hooks (index), and the
queries the search box runs (query)."""

from liaison.services.search.index import (
    Doc,
    rebuild_all,
    register_source,
    reindex_families,
    remove_families,
    track,
)
from liaison.services.search.query import SearchHit, build_match, make_snippet, search

__all__ = [
    "Doc",
    "SearchHit",
    "build_match",
    "make_snippet",
    "rebuild_all",
    "register_source",
    "reindex_families",
    "remove_families",
    "search",
    "track",
]
