"""Billing periods: a recurring price's periods counted from the billing cycle anchor.

Stripe keeps the anchor's day of the month: a subscription anchored on 31 January renews on
28 (or 29) February, then on 31 March. So the n-th period boundary is computed from the anchor
itself, never from the previous boundary, with the day clamped to the month's length.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

_SECONDS = {"day": 86_400, "week": 7 * 86_400}


def boundary(anchor: int, interval: str, count: int, n: int) -> int:
    """The end of the n-th period (n=1: the first) of `count` `interval`s from `anchor`."""
    if interval in _SECONDS:
        return anchor + n * count * _SECONDS[interval]
    start = datetime.fromtimestamp(anchor, UTC)
    months = n * count * (12 if interval == "year" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    moved = start.replace(year=year, month=month + 1, day=day)
    return int((moved - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(seconds=1))


def period_containing(anchor: int, interval: str, count: int, at: int) -> tuple[int, int]:
    """The (start, end) of the period `at` falls in (`at` >= `anchor`)."""
    n, start = 0, anchor
    while True:
        end = boundary(anchor, interval, count, n + 1)
        if at < end:
            return start, end
        n, start = n + 1, end
