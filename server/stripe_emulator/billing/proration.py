"""Proration math: "Stripe calculates proration down to the second based on the starting
timestamp of the billing period and the timestamp of the proration's triggering event."

For a period [start, end) and a change at `at`, the unused (or remaining) share is
(end - at) / (end - start); an amount is prorated as unit amount x quantity x that share,
rounded to the smallest unit, half up. Credits for unused time are the negative of that.
"""

from __future__ import annotations

from decimal import Decimal

from .money import round_half_up


def prorated(unit_amount: Decimal, quantity: int, start: int, end: int, at: int) -> int:
    """What `quantity` at `unit_amount` costs for what is left of [start, end) at `at`."""
    if end <= start:
        return 0
    left = min(max(end - at, 0), end - start)
    # One division, last: the exact value before rounding (no share rounded first).
    return round_half_up(unit_amount * quantity * left / Decimal(end - start))


def between(unit_amount: Decimal, quantity: int, start: int, end: int, since: int,
            until: int) -> int:
    """What `quantity` costs for [since, until) of the period [start, end): the difference of
    what is left at each, so the parts of a period always add up to the whole."""
    return prorated(unit_amount, quantity, start, end, since) \
        - prorated(unit_amount, quantity, start, end, until)
