"""Caches that may hold a family's words, emptied when the app locks.

A few pure functions are cached because a print run, a search or the families filter calls
them thousands of times with the same arguments, and their arguments and results can be names
and notes. Lock empties them all (liaison.services.access.forget_freed_memory) before the
memory Python freed is written over; without it they kept names alive after Lock, where the
written-over memory could not reach them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar


class _Cached(Protocol):
    def cache_clear(self) -> None: ...

    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


F = TypeVar("F", bound=_Cached)
_CLEARS: list[Callable[[], None]] = []


def holds_words(function: F) -> F:
    """Mark a functools cache whose entries may be a family's words: emptied at Lock."""
    _CLEARS.append(function.cache_clear)
    return function


def forget() -> None:
    """Empty every cache marked with holds_words."""
    for clear in _CLEARS:
        clear()
