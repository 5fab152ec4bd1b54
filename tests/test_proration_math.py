"""Proration math and status tables, as plain functions (billing/proration.py, machines.py)."""

from decimal import Decimal

import pytest

from stripe_emulator import machines
from stripe_emulator.billing.proration import prorated
from stripe_emulator.billing.tiers import charges, transformed
from stripe_emulator.errors import InvalidRequestError
from stripe_emulator.machines import Transition

APR_1, APR_16, MAY_1 = 1_775_001_600, 1_776_297_600, 1_777_593_600


def test_half_a_thirty_day_month():
    assert prorated(Decimal(1000), 1, APR_1, MAY_1, APR_16) == 500
    assert prorated(Decimal(1000), 2, APR_1, MAY_1, APR_16) == 1000


def test_down_to_the_second_and_rounded_half_up():
    period = MAY_1 - APR_1  # 2,592,000 s
    # one second used of a 1000 period: 999.9996… -> 1000
    assert prorated(Decimal(1000), 1, APR_1, MAY_1, APR_1 + 1) == 1000
    # 10 cents over 4 quarters: 2.5 -> 3 (half up), not banker's 2
    assert prorated(Decimal(10), 1, APR_1, MAY_1, MAY_1 - period // 4) == 3
    # fractional unit amounts (unit_amount_decimal) prorate before rounding
    assert prorated(Decimal("0.5"), 3, APR_1, MAY_1, APR_16) == 1  # 0.75 -> 1


def test_outside_the_period_and_empty_periods():
    assert prorated(Decimal(1000), 1, APR_1, MAY_1, MAY_1 + 5) == 0
    assert prorated(Decimal(1000), 1, APR_1, MAY_1, APR_1 - 5) == 1000
    assert prorated(Decimal(1000), 1, APR_1, APR_1, APR_1) == 0


TABLE = {
    "close": Transition(frozenset({"open"}), "closed", ("closed_at", "log.closed_at"),
                        (("auto", False),), ((None, "not open"), ("gone", "it is gone"))),
}


def test_a_table_moves_stamps_and_refuses():
    obj = {"status": "open", "auto": True, "log": {"opened_at": 1}}
    moved = machines.apply(TABLE, obj, "close", 50, note="x")
    assert moved == {"status": "closed", "auto": False, "closed_at": 50, "note": "x",
                     "log": {"opened_at": 1, "closed_at": 50}}
    assert obj["status"] == "open"  # the old object is left as it was
    machines.check(TABLE, obj, "close")
    for status, wording in (("closed", "not open"), ("gone", "it is gone")):
        with pytest.raises(InvalidRequestError) as exc:
            machines.check(TABLE, {**obj, "status": status}, "close")
        assert exc.value.message == wording


TIERS = [{"up_to": 5, "unit_amount_decimal": "1000", "flat_amount_decimal": None},
         {"up_to": 10, "unit_amount_decimal": "800", "flat_amount_decimal": "500"},
         {"up_to": None, "unit_amount_decimal": "500", "flat_amount_decimal": None}]


def test_volume_tiers_price_every_unit_at_the_tier_reached():
    (charge,) = charges(TIERS, "volume", 7)
    assert (charge.tier, charge.units, charge.amount) == (2, 7, Decimal(7 * 800 + 500))
    assert charges(TIERS, "volume", 5)[0].amount == 5000
    assert charges(TIERS, "volume", 11)[0].amount == 5500
    assert charges(TIERS, "volume", 0) == []


def test_graduated_tiers_price_each_unit_at_its_own_tier():
    got = charges(TIERS, "graduated", 12)
    assert [(c.tier, c.units) for c in got] == [(1, 5), (2, 5), (3, 2)]
    assert sum(c.amount for c in got) == 5 * 1000 + 5 * 800 + 500 + 2 * 500
    assert [(c.tier, c.units) for c in charges(TIERS, "graduated", 3)] == [(1, 3)]


def test_transform_quantity_rounds_up_or_down():
    assert transformed(11, {"divide_by": 5, "round": "up"}) == 3
    assert transformed(11, {"divide_by": 5, "round": "down"}) == 2
    assert transformed(11, None) == 11


def test_anchor_config_dates_and_clamped_days():
    from stripe_emulator.billing.periods import boundary, next_anchor

    jan_20 = 1_768_867_200  # 2026-01-20T00:00Z
    jan_31 = next_anchor(jan_20, 31, 12, 0, 0)
    assert jan_31 == 1_769_860_800  # 2026-01-31T12:00Z
    feb = next_anchor(jan_31, 31, 12, 0, 0)
    assert feb == 1_772_280_000  # 2026-02-28T12:00Z, clamped
    # after a clamped anchor, the configured day comes back: 31 March, not 28
    assert boundary(feb, "month", 1, 1, day=31) == 1_774_958_400  # 2026-03-31T12:00Z
    assert next_anchor(jan_20, 15, 0, 0, 0, month=6) == 1_781_481_600  # 2026-06-15
