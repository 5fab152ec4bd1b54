"""Secondary indexes over a collection: value -> ids, kept small for large stores.

A bucket holds one id as a plain string and turns into a set only when a second id shares
the value: most indexed values (an email, an application's own id in metadata) are unique,
and a one-element set costs ~200 bytes per stored object.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

Bucket = "str | set[str]"


def _add(table: dict, value: Hashable, obj_id: str) -> None:
    bucket = table.get(value)
    if bucket is None:
        table[value] = obj_id
    elif isinstance(bucket, set):
        bucket.add(obj_id)
    elif bucket != obj_id:
        table[value] = {bucket, obj_id}


def _discard(table: dict, value: Hashable, obj_id: str) -> None:
    bucket = table.get(value)
    if bucket is None:
        return
    if isinstance(bucket, set):
        bucket.discard(obj_id)
        if len(bucket) == 1:
            table[value] = next(iter(bucket))
        elif not bucket:
            del table[value]
    elif bucket == obj_id:
        del table[value]


def _ids(bucket: Any) -> set[str]:
    if bucket is None:
        return set()
    return set(bucket) if isinstance(bucket, set) else {bucket}


class ValueIndex:
    """Ids by one derived value (e.g. the lower-cased email)."""

    def __init__(self, key: Callable[[dict], Hashable | None]) -> None:
        self.key = key
        self.table: dict[Hashable, Any] = {}

    def add(self, obj: dict) -> None:
        value = self.key(obj)
        if value is not None:
            _add(self.table, value, obj["id"])

    def remove(self, obj: dict) -> None:
        value = self.key(obj)
        if value is not None:
            _discard(self.table, value, obj["id"])

    def ids(self, value: Hashable) -> set[str]:
        return _ids(self.table.get(value))


def _fold(value: str) -> str:
    folded = value.lower()
    return value if folded == value else folded  # share the stored string when unchanged


class MetadataIndex:
    """Ids by (metadata key, case-folded value): the "find by my own id" lookup of search."""

    def __init__(self) -> None:
        self.table: dict[str, dict[str, Any]] = {}

    def _pairs(self, obj: dict) -> Iterable[tuple[str, str]]:
        return (obj.get("metadata") or {}).items()

    def add(self, obj: dict) -> None:
        for key, value in self._pairs(obj):
            _add(self.table.setdefault(key, {}), _fold(value), obj["id"])

    def remove(self, obj: dict) -> None:
        for key, value in self._pairs(obj):
            values = self.table.get(key)
            if values is not None:
                _discard(values, _fold(value), obj["id"])
                if not values:
                    del self.table[key]

    def ids(self, key: str, value: str) -> set[str]:
        return _ids(self.table.get(key, {}).get(value.lower()))
