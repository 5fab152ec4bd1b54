"""Metadata updates: merge, delete one key with an empty value, clear all with `metadata=`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import messages as M
from ..errors import InvalidRequestError

MAX_KEYS = 50


def merge_metadata(current: dict[str, str], changes: dict[str, str | None] | None) -> dict:
    """The metadata after `changes` (None = clear all; a None value deletes its key)."""
    if changes is None:
        return {}
    merged = dict(current)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    if len(merged) > MAX_KEYS:
        raise InvalidRequestError(M.METADATA_TOO_MANY.format(count=len(merged)), param="metadata")
    return merged


def updated(old: dict, p: dict[str, Any], fields: Iterable[str]) -> dict:
    """`old` as an update leaves it: each sent plain field replaced, `metadata` merged."""
    new = dict(old)
    for name in fields:
        if name in p:
            new[name] = p[name]
    if "metadata" in p:
        new["metadata"] = merge_metadata(old.get("metadata") or {}, p["metadata"])
    return new
