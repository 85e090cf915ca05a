"""A small cache, in each process, of reference rows that a busy public page reads every time.

The pledge form looks up the current pledge text and the visitor's district on every
submission. Both change a few times a year, yet building and running those two ORM queries was a
quarter of a submission's CPU. `RowCache` keeps such rows in the process for a short time
(`AWAAZ_REFERENCE_CACHE_SECONDS`, 60 by default; 0 turns it off), with these rules:

- A row is cached only when it was read outside a transaction, so it is committed: a row read
  inside a transaction that later rolls back is never served to anyone.
- Saving or deleting one of the cache's models in this process clears it (once now, once more
  when the transaction commits); other processes see the change when their copy expires, at most
  `AWAAZ_REFERENCE_CACHE_SECONDS` later. `flush` (tests) clears every cache through
  `post_migrate`.
- Misses are not cached (a mistyped code must not fill memory), and the cache holds at most
  `maxsize` keys.
- Each caller gets its own shallow copy of the instance, so setting an attribute on it (or
  caching a related object on it) never reaches the next request.

Use it only for reference data whose staleness for a minute harms nobody: never for anything a
person's safety or permissions depend on.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from time import monotonic
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import post_delete, post_migrate, post_save

V = TypeVar("V", bound=models.Model)

_ALL: list[RowCache[Any]] = []


def cache_seconds() -> float:
    return float(settings.AWAAZ_REFERENCE_CACHE_SECONDS)


class RowCache(Generic[V]):
    """Model instances by key, kept for `AWAAZ_REFERENCE_CACHE_SECONDS` in this process."""

    def __init__(self, name: str, *watch: type[models.Model], maxsize: int = 1024) -> None:
        self.name = name
        self.maxsize = maxsize
        self._rows: dict[Hashable, tuple[float, V]] = {}
        for model in watch:
            post_save.connect(self._changed, sender=model, weak=False)
            post_delete.connect(self._changed, sender=model, weak=False)
        _ALL.append(self)

    def get(self, key: Hashable, load: Callable[[], V | None]) -> V | None:
        """The cached row for `key`, or `load()` (cached when it found a committed row)."""
        seconds = cache_seconds()
        if seconds <= 0 or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return load()
        now = monotonic()
        hit = self._rows.get(key)
        if hit is not None and hit[0] > now:
            return copy.copy(hit[1])
        row = load()
        if row is None:
            self._rows.pop(key, None)
            return None
        if len(self._rows) >= self.maxsize:
            self._rows.clear()
        self._rows[key] = (now + seconds, row)
        return copy.copy(row)

    def clear(self) -> None:
        self._rows.clear()

    def __len__(self) -> int:
        return len(self._rows)

    def _changed(self, **_kwargs: Any) -> None:
        self.clear()
        # A read between the save and its commit would not be cached (it happens inside the
        # transaction), but another thread could read the old row meanwhile: clear again after.
        transaction.on_commit(self.clear)


def clear_all() -> None:
    """Empty every reference cache in this process (tests, and after `flush`)."""
    for row_cache in _ALL:
        row_cache.clear()


def _after_migrate_or_flush(**_kwargs: Any) -> None:
    clear_all()


post_migrate.connect(_after_migrate_or_flush, dispatch_uid="awaaz.lib.refcache.clear_all")
