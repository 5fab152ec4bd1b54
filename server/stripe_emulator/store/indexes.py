"""Secondary indexes over a collection: value -> ids in creation order, small for large stores.

A bucket holds one id as a plain string and turns into a list only when a second id shares
the value (most indexed values, an email or an application's own id in metadata, are
unique, and a container per object would cost ~60-200 bytes each). A list stays in creation
order, so the newest matches are read off its end without sorting every match.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any


class _Buckets:
    # The fields the index reads, when known: an update changing none of them leaves it be.
    fields: frozenset[str] | None = None

    def __init__(self) -> None:
        self.pos: dict[str, int] = {}  # the collection's creation positions, bound on setup

    def bind(self, pos: dict[str, int]) -> None:
        self.pos = pos

    def _add(self, table: dict, value: Hashable, obj_id: str) -> None:
        bucket = table.get(value)
        if bucket is None:
            table[value] = obj_id
            return
        if isinstance(bucket, str):
            if bucket == obj_id:
                return
            bucket = table[value] = [bucket]
        pos = self.pos
        at = pos[obj_id]
        if at > pos[bucket[-1]]:
            bucket.append(obj_id)  # the usual case: the newest object
            return
        i = bisect_left(bucket, at, key=pos.__getitem__)  # (a large bucket is never scanned)
        if i == len(bucket) or bucket[i] != obj_id:
            bucket.insert(i, obj_id)

    def _discard(self, table: dict, value: Hashable, obj_id: str) -> None:
        bucket = table.get(value)
        if bucket is None:
            return
        if isinstance(bucket, str):
            if bucket == obj_id:
                del table[value]
            return
        # A large bucket (every open invoice payment) must not be scanned per change: the
        # newest goes most often, else the id is found by its position (buckets are in
        # creation order), else (an object already out of the collection) by a scan.
        if bucket[-1] == obj_id:
            bucket.pop()
        else:
            pos = self.pos
            at = pos.get(obj_id)
            i = bisect_left(bucket, at, key=pos.__getitem__) if at is not None else -1
            if i >= 0 and i < len(bucket) and bucket[i] == obj_id:
                del bucket[i]
            elif obj_id in bucket:
                bucket.remove(obj_id)
            else:
                return
        if len(bucket) == 1:
            table[value] = bucket[0]

    @staticmethod
    def _ids(bucket: Any) -> Sequence[str]:
        if bucket is None:
            return ()
        return (bucket,) if isinstance(bucket, str) else bucket


class ValueIndex(_Buckets):
    """Ids by one derived value (e.g. the lower-cased email), oldest first."""

    def __init__(self, key: Callable[[dict], Hashable | None],
                 fields: Iterable[str] | None = None) -> None:
        super().__init__()
        self.key = key
        self.fields = None if fields is None else frozenset(fields)
        self.table: dict[Hashable, Any] = {}

    @staticmethod
    def of(field: str) -> ValueIndex:
        """Ids by the value of one field (absent reads as None: not indexed)."""
        return FieldIndex(field)

    def add(self, obj: dict) -> None:
        value = self.key(obj)
        if value is not None:
            self._add(self.table, value, obj["id"])

    def remove(self, obj: dict) -> None:
        value = self.key(obj)
        if value is not None:
            self._discard(self.table, value, obj["id"])

    def ids(self, value: Hashable) -> Sequence[str]:
        return self._ids(self.table.get(value))

    def changed(self, old: dict, new: dict) -> bool:
        return self.key(old) != self.key(new)


class FieldIndex(ValueIndex):
    """A ValueIndex by one field's own value: read without a key function (every create and
    update goes through these)."""

    def __init__(self, field: str) -> None:
        super().__init__(lambda obj: obj.get(field), (field,))
        self.field = field

    def add(self, obj: dict) -> None:
        value = obj.get(self.field)
        if value is not None:
            self._add(self.table, value, obj["id"])

    def changed(self, old: dict, new: dict) -> bool:
        field = self.field
        return old.get(field) != new.get(field)


def _fold(value: str) -> str:
    folded = value.lower()
    return value if folded == value else folded  # share the stored string when unchanged


class MetadataIndex(_Buckets):
    """Ids by (metadata key, case-folded value), oldest first: the "find by my own id" lookup."""

    fields = frozenset({"metadata"})

    def __init__(self) -> None:
        super().__init__()
        self.table: dict[str, dict[str, Any]] = {}

    def add(self, obj: dict) -> None:
        for key, value in (obj.get("metadata") or {}).items():
            self._add(self.table.setdefault(key, {}), _fold(value), obj["id"])

    def remove(self, obj: dict) -> None:
        for key, value in (obj.get("metadata") or {}).items():
            values = self.table.get(key)
            if values is not None:
                self._discard(values, _fold(value), obj["id"])
                if not values:
                    del self.table[key]

    def changed(self, old: dict, new: dict) -> bool:
        return old.get("metadata") != new.get("metadata")

    def ids(self, key: str, value: str) -> Sequence[str]:
        return self._ids(self.table.get(key, {}).get(value.lower()))


class TimeIndex:
    """Ids by a time (when each next falls due), earliest first: `due(until)` reads the ids
    whose time has come without looking at the others, however many there are."""

    def __init__(self, key: Callable[[dict], int | None],
                 fields: Iterable[str] | None = None) -> None:
        self.key = key
        self.fields = None if fields is None else frozenset(fields)
        self.at: dict[str, int] = {}
        self.order: list[tuple[int, str]] = []  # (time, id), sorted

    def bind(self, pos: dict[str, int]) -> None:
        pass

    def add(self, obj: dict) -> None:
        when = self.key(obj)
        if when is not None:
            self.at[obj["id"]] = when
            insort(self.order, (when, obj["id"]))

    def remove(self, obj: dict) -> None:
        when = self.at.pop(obj["id"], None)
        if when is not None:
            del self.order[bisect_left(self.order, (when, obj["id"]))]

    def changed(self, old: dict, new: dict) -> bool:
        return self.key(old) != self.key(new)

    def due(self, until: int) -> list[str]:
        """The ids due at or before `until`, earliest first."""
        return [obj_id for _, obj_id in self.order[:bisect_right(self.order, (until, "\uffff"))]]
