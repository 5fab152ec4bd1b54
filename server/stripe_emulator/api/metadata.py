"""Metadata updates: merge, delete one key with an empty value, clear all with `metadata=`."""

from __future__ import annotations

from ..http import messages as M
from ..http.errors import InvalidRequestError

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
