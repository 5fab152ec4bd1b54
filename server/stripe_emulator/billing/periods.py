"""Billing periods: a recurring price's periods counted from the billing cycle anchor.

Stripe keeps the anchor's day of the month: a subscription anchored on 31 January renews on
28 (or 29) February, then on 31 March. So the n-th period boundary is computed from the anchor
itself, never from the previous boundary, with the day clamped to the month's length.
"""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime

DAY = 86_400
_SECONDS = {"day": DAY, "week": 7 * DAY}


def boundary(anchor: int, interval: str, count: int, n: int, day: int | None = None) -> int:
    """The end of the n-th period (n=1: the first) of `count` `interval`s from `anchor`, on
    the anchor's day of the month (or `day`, a `billing_cycle_anchor_config` day that the
    anchor itself may have had clamped), clamped to each month's length."""
    if interval in _SECONDS:
        return anchor + n * count * _SECONDS[interval]
    start = time.gmtime(anchor)
    months = n * count * (12 if interval == "year" else 1)
    year, month = divmod(start.tm_mon - 1 + months, 12)
    year += start.tm_year
    day = min(day or start.tm_mday, calendar.monthrange(year, month + 1)[1])
    return calendar.timegm((year, month + 1, day, start.tm_hour, start.tm_min, start.tm_sec))


def period_containing(anchor: int, interval: str, count: int, at: int,
                      day: int | None = None) -> tuple[int, int]:
    """The (start, end) of the period `at` falls in (`at` >= `anchor`)."""
    n, start = 0, anchor
    while True:
        end = boundary(anchor, interval, count, n + 1, day)
        if at < end:
            return start, end
        n, start = n + 1, end


def next_anchor(now: int, day_of_month: int, hour: int, minute: int, second: int,
                month: int | None = None) -> int:
    """The first instant after `now` on `day_of_month` (clamped to the month's length) at
    hour:minute:second UTC, in `month` if given (`billing_cycle_anchor_config`)."""
    at = datetime.fromtimestamp(now, UTC)
    year, mon = at.year, at.month if month is None else month
    for _ in range(26):  # at most two years of months to look through
        day = min(day_of_month, calendar.monthrange(year, mon)[1])
        candidate = datetime(year, mon, day, hour, minute, second, tzinfo=UTC)
        if candidate.timestamp() > now:
            return int(candidate.timestamp())
        if month is None:
            year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
        else:
            year += 1
    raise ValueError("no anchor found")  # unreachable: a matching date comes within a year
