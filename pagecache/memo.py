"""Renderings kept per process under a key made of everything they show.

A function memoized with functools.lru_cache over a `Keyed` is looked up by the key alone and
works from the payload only on a miss, then drops it: the cache holds keys and results, never
the records behind them. A changed value is a new key, so nothing is invalidated or stale.
"""

from __future__ import annotations

from typing import Any


class Keyed:
    """A payload hashed and compared by its key alone."""

    __slots__ = ("key", "payload")

    def __init__(self, key: tuple, payload: Any) -> None:
        self.key = key
        self.payload = payload

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Keyed) and self.key == other.key
