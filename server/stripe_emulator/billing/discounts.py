"""Discount math: what each coupon takes off each line, as plain functions over integers.

Stripe's order (credit notes guide): line items, then discounts, then taxes on what is left.
A line's own discounts apply first, in the order given, each to what the previous left
("Line item discounts are applied before invoice discounts"); the invoice's discounts then
apply, in order, to every discountable line ("The order of the discounts is important if you
use both amount_off and percent_off": each takes from what the previous ones left). A percent
is rounded per line, half up; an amount off is capped at what is left and shared among the
lines in proportion to what each has left, the cents a proportional split leaves over going
to the largest remainders (earlier lines first on a tie), so the shares sum to the amount.
A proration's discounts were settled when it was made (`Line.fixed`): they stand as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from .money import HUNDRED, round_half_up


class Discount(NamedTuple):
    id: str
    percent_off: Decimal | None = None
    amount_off: int | None = None  # in the invoice's currency
    products: frozenset[str] | None = None  # `applies_to[products]`: only lines of these


class Line(NamedTuple):
    amount: int
    discountable: bool = True
    discounts: tuple[Discount, ...] = ()  # the line's own
    product: str | None = None
    # What its discounts took, settled when the line was made (a proration's): (id, amount)
    fixed: tuple[tuple[str, int], ...] = ()


class Taken(NamedTuple):
    own: tuple[tuple[str, int], ...]  # (discount id, amount) of the line's own discounts
    shared: tuple[tuple[str, int], ...]  # of the invoice's discounts, the line's share

    @property
    def own_total(self) -> int:
        return sum(a for _, a in self.own)

    @property
    def total(self) -> int:
        return self.own_total + sum(a for _, a in self.shared)


def _applies(discount: Discount, line: Line) -> bool:
    return discount.products is None or line.product in discount.products


def _percent(left: int, discount: Discount) -> int:
    return min(left, round_half_up(Decimal(left) * discount.percent_off / HUNDRED))


def share(amount: int, weights: Sequence[int]) -> list[int]:
    """`amount` split in proportion to `weights` (all ≥ 0), summing exactly to `amount`."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    parts = [amount * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % whole), i))
    for i in order[:amount - sum(parts)]:
        parts[i] += 1
    return parts


def apply(lines: Sequence[Line], invoice_discounts: Sequence[Discount] = ()) -> list[Taken]:
    """What each discount takes from each line."""
    left = [line.amount for line in lines]
    own: list[list[tuple[str, int]]] = [[] for _ in lines]
    shared: list[list[tuple[str, int]]] = [[] for _ in lines]
    of_invoice = {discount.id for discount in invoice_discounts}
    for i, line in enumerate(lines):
        if line.fixed:  # the invoice's discounts among them count as the invoice's
            for entry in line.fixed:
                (shared if entry[0] in of_invoice else own)[i].append(entry)
            left[i] -= sum(amount for _, amount in line.fixed)
            continue
        for discount in line.discounts:
            if not _applies(discount, line) or left[i] <= 0:
                continue
            taken = _percent(left[i], discount) if discount.percent_off is not None \
                else min(discount.amount_off or 0, left[i])
            own[i].append((discount.id, taken))
            left[i] -= taken
    for discount in invoice_discounts:
        eligible = [i for i, line in enumerate(lines) if line.discountable
                    and not line.fixed and left[i] > 0 and _applies(discount, line)]
        if discount.percent_off is not None:
            parts = [_percent(left[i], discount) for i in eligible]
        else:
            cap = min(discount.amount_off or 0, sum(left[i] for i in eligible))
            parts = share(cap, [left[i] for i in eligible])
        for i, part in zip(eligible, parts, strict=True):
            shared[i].append((discount.id, part))
            left[i] -= part
    return [Taken(tuple(o), tuple(s)) for o, s in zip(own, shared, strict=True)]


def totals_by_discount(taken: Sequence[Taken]) -> list[tuple[str, int]]:
    """`total_discount_amounts`: per discount, in the order first met, summed over lines."""
    sums: dict[str, int] = {}
    for line in taken:
        for discount_id, amount in (*line.own, *line.shared):
            sums[discount_id] = sums.get(discount_id, 0) + amount
    return list(sums.items())
