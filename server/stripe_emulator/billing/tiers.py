"""What a quantity costs at a tiered price (Stripe's tiers guide): `volume` prices every unit
at the tier the whole quantity falls in; `graduated` prices each unit at its own tier. Each
tier reached adds its flat amount. And what `transform_quantity` makes of a quantity."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import NamedTuple


class TierCharge(NamedTuple):
    tier: int  # 1 for the first tier
    units: int
    unit_amount: Decimal
    flat_amount: Decimal

    @property
    def amount(self) -> Decimal:
        return self.unit_amount * self.units + self.flat_amount


def _decimal(value: str | None) -> Decimal:
    return Decimal(value) if value is not None else Decimal(0)


def charges(tiers: list[dict], mode: str, quantity: int) -> list[TierCharge]:
    """The tiers `quantity` is charged in (`tiers`: `up_to` an int or None for the last,
    `unit_amount_decimal` and `flat_amount_decimal` strings or None)."""
    if quantity <= 0:
        return []
    out = []
    below = 0  # the units the tiers before this one hold
    for number, tier in enumerate(tiers, 1):
        up_to = tier["up_to"]
        unit, flat = _decimal(tier["unit_amount_decimal"]), _decimal(tier["flat_amount_decimal"])
        if mode == "volume":
            if up_to is None or quantity <= up_to:
                return [TierCharge(number, quantity, unit, flat)]
            continue
        units = (quantity if up_to is None else min(quantity, up_to)) - below
        if units > 0:
            out.append(TierCharge(number, units, unit, flat))
        if up_to is None or quantity <= up_to:
            break
        below = up_to
    return out


def transformed(quantity: int, transform: dict | None) -> int:
    """`transform_quantity`: the quantity divided by `divide_by`, rounded `up` or `down`."""
    if not transform:
        return quantity
    divided = quantity / transform["divide_by"]
    return math.ceil(divided) if transform["round"] == "up" else math.floor(divided)
