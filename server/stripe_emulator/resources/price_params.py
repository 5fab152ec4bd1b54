"""The param schemas that describe a price: used by `/v1/prices` and by the inline price data
of other resources (a product's `default_price_data`)."""

from __future__ import annotations

from ..api.params import (
    Amount,
    Bool,
    Currency,
    Enum,
    Int,
    List,
    Metadata,
    Nested,
    NotYet,
    Number,
    Params,
    Str,
)
from ..billing.money import AMOUNT_MAX

TAX_BEHAVIORS = ("exclusive", "inclusive", "unspecified")
INTERVALS = ("day", "week", "month", "year")


class InlineRecurringParams(Params):
    """An inline price's recurrence (`default_price_data[recurring]`: its interval alone)."""

    interval = Enum(*INTERVALS, required=True)
    interval_count = Int(minimum=1)


class RecurringParams(InlineRecurringParams):
    usage_type = Enum("licensed", "metered")
    meter = NotYet()  # billing meters are not emulated (metered prices need one)
    trial_period_days = Int(minimum=0, maximum=730)


class TierParams(Params):
    up_to = Str(required=True)  # an integer, or "inf" for the last tier
    unit_amount = Amount(minimum=0)
    unit_amount_decimal = Number(minimum=0, maximum=AMOUNT_MAX, places=12)
    flat_amount = Amount(minimum=0)
    flat_amount_decimal = Number(minimum=0, maximum=AMOUNT_MAX, places=12)


class TransformQuantityParams(Params):
    divide_by = Int(minimum=1, required=True)
    round = Enum("down", "up", required=True)


class InlinePriceParams(Params):
    """What every inline price takes (`default_price_data`)."""

    currency = Currency(required=True)
    unit_amount = Amount(minimum=0)
    unit_amount_decimal = Number(minimum=0, maximum=AMOUNT_MAX, places=12)
    recurring = Nested(InlineRecurringParams)
    tax_behavior = Enum(*TAX_BEHAVIORS)
    metadata = Metadata()
    currency_options = NotYet()
    custom_unit_amount = NotYet()


class ProductDataParams(Params):
    name = Str(max_length=5000, required=True)
    active = Bool()
    id = Str(max_length=255)
    metadata = Metadata()
    statement_descriptor = Str(max_length=22)
    tax_code = Str(max_length=5000)
    unit_label = Str(max_length=12)
    tax_details = NotYet()


class PriceCreateParams(InlinePriceParams):
    recurring = Nested(RecurringParams)
    active = Bool()
    billing_scheme = Enum("per_unit", "tiered")
    lookup_key = Str(max_length=200)
    nickname = Str(max_length=5000)
    product = Str(max_length=5000)
    product_data = Nested(ProductDataParams)
    tiers = List(Nested(TierParams))
    tiers_mode = Enum("graduated", "volume")
    transfer_lookup_key = Bool()
    transform_quantity = Nested(TransformQuantityParams)
    expand = List(Str(max_length=5000))
