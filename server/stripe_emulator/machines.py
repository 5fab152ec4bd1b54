"""Status machines as tables: each action names the statuses it may start from, the status it
reaches, the timestamps it stamps and the fields it fixes, and the refusal for any other
status. One `check` and one `apply` read every table (invoices, subscriptions); the events a
status change makes are the resource's declared status events, not the machine's."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from .errors import InvalidRequestError


class Transition(NamedTuple):
    sources: frozenset[str]
    target: str | None = None  # None: the status stays (an action that only needs a status)
    stamps: tuple[str, ...] = ()  # set to the moment ("ended_at", "status_transitions.paid_at")
    fixed: tuple[tuple[str, Any], ...] = ()  # fields the move sets (auto_advance off…)
    refusals: tuple[tuple[str | None, str], ...] = ()  # wording by status (None: any other)
    code: str | None = None  # the refusal's error code


def allows(table: dict[str, Transition], obj: dict, action: str) -> bool:
    return obj["status"] in table[action].sources


def check(table: dict[str, Transition], obj: dict, action: str) -> None:
    """Refuse `action` from the object's status with the table's wording."""
    spec = table[action]
    if obj["status"] in spec.sources:
        return
    refusals = dict(spec.refusals)
    raise InvalidRequestError(refusals.get(obj["status"]) or refusals[None], code=spec.code)


@cache
def _fields(spec: Transition) -> tuple[str, ...]:
    names = [stamp.partition(".")[0] for stamp in spec.stamps]
    names += [name for name, _ in spec.fixed]
    if spec.target is not None:
        names.append("status")
    return tuple(dict.fromkeys(names))


def touched(table: dict[str, Transition], action: str,
            changes: Iterable[str] = ()) -> tuple[str, ...]:
    """The fields `apply` may change for `action` (with those `changes`), in a fixed order: the
    hint that spares the store comparing every field of the object (and orders the old values
    an event shows)."""
    return tuple(dict.fromkeys((*_fields(table[action]), *changes)))


def apply(table: dict[str, Transition], obj: dict, action: str, now: int,
          **changes: Any) -> dict:
    """The object after `action` at `now` (with other field `changes`), not yet stored."""
    spec = table[action]
    new = {**obj, **dict(spec.fixed), **changes}
    if spec.target is not None:
        new["status"] = spec.target
    for stamp in spec.stamps:
        field, _, inner = stamp.partition(".")
        if inner:
            new[field] = {**new[field], inner: now}
        else:
            new[field] = now
    return new
