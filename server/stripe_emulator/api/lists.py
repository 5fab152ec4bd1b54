"""List objects and cursor pagination: newest first, `limit`, cursors, `created` ranges."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

from .. import messages as M
from ..errors import InvalidRequestError, no_such
from ..store.memory import Collection

Predicate = Callable[[dict], bool]


def clamp_limit(limit: int | None) -> int:
    # Stripe clamps an out-of-range limit rather than refusing it (recorded live behaviour).
    if limit is None:
        return 10
    return 1 if limit < 1 else min(limit, 100)


def created_bounds(coll: Collection, created: dict[str, int] | None) -> tuple[int, int]:
    """Positions [lo, hi) whose creation time passes the `created` filter.

    While creation times grow with position, a range is two bisects; once they do not (test
    clocks), the range is every position and `created_filter` tests each object.
    """
    times = coll.created
    lo, hi = 0, len(times)
    if not created or not coll.times_in_order:
        return lo, hi
    for op, value in created.items():
        if op in ("gt", "gte", "eq"):
            lo = max(lo, bisect_right(times, value) if op == "gt" else bisect_left(times, value))
        if op in ("lt", "lte", "eq"):
            hi = min(hi, bisect_left(times, value) if op == "lt" else bisect_right(times, value))
    return lo, max(lo, hi)


def created_filter(coll: Collection, created: dict[str, int] | None) -> Predicate | None:
    """The `created` test objects must pass when positions alone cannot say (see above)."""
    if not created or coll.times_in_order:
        return None
    key, within = coll.time_key, in_range(created)
    return lambda obj: within(obj.get(key) or 0)


_COMPARE = {"gt": int.__gt__, "gte": int.__ge__, "lt": int.__lt__, "lte": int.__le__,
            "eq": int.__eq__}


def in_range(bounds: dict[str, int]) -> Callable[[int], bool]:
    """Whether a time passes a range filter as `Created` reads one (`eq`, or `gt`…`lte`)."""
    checks = [(_COMPARE[op], value) for op, value in bounds.items()]
    return lambda at: all(test(at, value) for test, value in checks)


def list_object(url: str, data: list, has_more: bool) -> dict:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}


def page_in_order(items: list[dict], p: dict[str, Any], url: str,
                  label: str = "line item") -> dict:
    """A page of `items` in their own order (an invoice's or a credit note's lines, not
    newest first), with the usual cursors."""
    limit = clamp_limit(p.get("limit"))
    ids = [item["id"] for item in items]
    start = 0
    for cursor in ("starting_after", "ending_before"):
        if p.get(cursor) and p[cursor] not in ids:
            raise no_such(label, p[cursor], cursor, 400)
    if p.get("starting_after"):
        start = ids.index(p["starting_after"]) + 1
    end = start + limit
    if p.get("ending_before"):
        end = ids.index(p["ending_before"])
        start = max(0, end - limit)
        return list_object(url, items[start:end], start > 0)
    return list_object(url, items[start:end], end < len(items))


def paginate(
    coll: Collection,
    params: dict[str, Any],
    *,
    url: str,
    object_name: str,
    where: Predicate | None = None,
    candidates: Iterable[str] | None = None,
) -> dict:
    """One page of `coll`, as Stripe's list object.

    `candidates` (ids from an index) narrows the walk to those objects; `where` filters.
    """
    limit = clamp_limit(params.get("limit"))
    after, before = params.get("starting_after"), params.get("ending_before")
    if after and before:
        raise InvalidRequestError(M.BOTH_CURSORS)
    lo, hi = created_bounds(coll, params.get("created"))
    cursor = after or before
    if cursor:
        at = coll.pos.get(cursor)
        if at is None:
            raise no_such(object_name, cursor, "starting_after" if after else "ending_before", 400)
    if candidates is not None:
        if after:
            hi = min(hi, at)
        elif before:
            lo = max(lo, at + 1)
        positions = [p for p in map(coll.pos.__getitem__, candidates) if lo <= p < hi]
        positions.sort(reverse=not before)  # upwards from an ending_before cursor
        objs = map(coll.objects.__getitem__, map(coll.order.__getitem__, positions))
    elif after:
        objs = coll.newest_first(min(at, hi), lo)
    elif before:
        objs = coll.oldest_first(max(at + 1, lo), hi)
    else:
        objs = coll.newest_first(hi, lo)
    by_time = created_filter(coll, params.get("created"))
    if by_time is not None:
        objs = filter(by_time, objs)
    if where is not None:
        objs = filter(where, objs)
    page = list(islice(objs, limit + 1))
    has_more = len(page) > limit
    del page[limit:]
    if before:
        page.reverse()
    return list_object(url, page, has_more)
