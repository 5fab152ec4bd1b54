"""Prices: `/v1/prices`, what a product costs, once or per interval.

Everything that prices money is immutable once created (the update params leave it out, so
sending it is Stripe's `parameter_unknown`); a lookup key is unique in the account across
active and archived prices, and moves with `transfer_lookup_key`. Prices have no delete.
"""

from __future__ import annotations

from typing import Any

from .. import messages as M
from ..api.expand import Include, Ref
from ..api.metadata import merge_metadata, updated
from ..api.params import (
    Bool,
    Created,
    Currency,
    Enum,
    Expand,
    List,
    ListParams,
    Metadata,
    Nested,
    NotYet,
    Params,
    Str,
    within,
)
from ..api.resource import Resource, declare
from ..api.search import SearchField, flag
from ..billing.money import decimal_string
from ..errors import InvalidRequestError
from ..store.indexes import MetadataIndex, ValueIndex
from ..store.memory import Account
from .price_params import INTERVALS, TAX_BEHAVIORS, PriceCreateParams
from .products import KIND as PRODUCT_KIND
from .products import PRODUCTS, new_product

KIND = "price"
TIERS = "_price_tiers"  # a tiered price's tiers: includable, so kept beside the price
INLINE = "_inline_price"  # prices made by `price_data`: never listed
# "The maximum interval is three years" (SDK docstring): in each interval's own unit.
MAX_INTERVAL_COUNT = {"day": 1095, "week": 156, "month": 36, "year": 3}


class PriceUpdateParams(Params):
    active = Bool()
    lookup_key = Str(max_length=200, unsettable=True)
    metadata = Metadata()
    nickname = Str(max_length=5000, unsettable=True)
    tax_behavior = Enum(*TAX_BEHAVIORS)
    transfer_lookup_key = Bool()
    currency_options = NotYet()
    expand = Expand()


class RecurringFilterParams(Params):
    interval = Enum(*INTERVALS)
    usage_type = Enum("licensed", "metered")
    meter = Str(max_length=5000)


class PriceListParams(ListParams):
    active = Bool()
    created = Created()
    currency = Currency()
    lookup_keys = List(Str(max_length=5000), max_items=10)
    product = Str(max_length=5000)
    recurring = Nested(RecurringFilterParams)
    type = Enum("one_time", "recurring")


def _amounts(p: dict[str, Any], param: str) -> tuple[int | None, str | None]:
    """(unit_amount, unit_amount_decimal) of a per-unit price."""
    if "unit_amount" in p and "unit_amount_decimal" in p:
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(
            params="unit_amount, unit_amount_decimal"), code="parameters_exclusive",
            param="unit_amount_decimal")
    if "unit_amount" in p:
        return p["unit_amount"], str(p["unit_amount"])
    if "unit_amount_decimal" in p:
        value = p["unit_amount_decimal"]
        whole = value == value.to_integral_value()
        return (int(value) if whole else None), decimal_string(value)
    raise InvalidRequestError(M.PRICE_NEEDS_AMOUNT, param="unit_amount")


def _recurring(p: dict | None) -> dict | None:
    if p is None:
        return None
    count = p.get("interval_count", 1)
    if count > MAX_INTERVAL_COUNT[p["interval"]]:
        raise InvalidRequestError(M.INTERVAL_TOO_LONG, param="recurring[interval_count]")
    if p.get("usage_type") == "metered":
        raise InvalidRequestError(M.METERED_NEEDS_METER, param="recurring[usage_type]")
    return {"interval": p["interval"], "interval_count": count, "meter": None,
            "trial_period_days": p.get("trial_period_days"), "usage_type": "licensed"}


def _tiers(p: dict[str, Any]) -> list[dict]:
    """A tiered price's tiers, checked: ascending bounds, the last one `inf`."""
    if p.get("recurring") is None:
        raise InvalidRequestError(M.TIERED_ONE_TIME, param="interval")
    for name in ("tiers", "tiers_mode"):
        if name not in p:
            raise InvalidRequestError(M.MISSING_PARAM.format(param=name),
                                      code="parameter_missing", param=name)
    if "unit_amount" in p or "unit_amount_decimal" in p:
        raise InvalidRequestError(M.TIERED_UNIT_AMOUNT, param="unit_amount")
    out, last = [], 0
    for i, tier in enumerate(p["tiers"]):
        bound = tier["up_to"]
        final = i == len(p["tiers"]) - 1
        if bound == "inf":
            if not final:
                raise InvalidRequestError(M.TIER_INF_NOT_LAST, param=f"tiers[{i}][up_to]")
            up_to = None
        elif bound.isdigit() and int(bound) > last and not final:
            up_to = last = int(bound)
        else:
            raise InvalidRequestError(M.TIER_BOUND.format(value=bound),
                                      param=f"tiers[{i}][up_to]")
        unit, unit_decimal = (_amounts(tier, f"tiers[{i}]") if
                              "unit_amount" in tier or "unit_amount_decimal" in tier
                              else (None, None))
        flat = tier.get("flat_amount")
        flat_decimal = tier.get("flat_amount_decimal")
        if flat is not None and flat_decimal is not None:
            raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(
                params="flat_amount, flat_amount_decimal"), code="parameters_exclusive",
                param=f"tiers[{i}][flat_amount_decimal]")
        if flat_decimal is not None:
            flat = int(flat_decimal) if flat_decimal == flat_decimal.to_integral_value() \
                else None
            flat_text = decimal_string(flat_decimal)
        else:
            flat_text = None if flat is None else str(flat)
        out.append({"flat_amount": flat, "flat_amount_decimal": flat_text,
                    "unit_amount": unit, "unit_amount_decimal": unit_decimal,
                    "up_to": up_to})
    return out


def check_inline(p: dict[str, Any], param: str) -> None:
    """Refuse an inline price's data before anything is made for it."""
    try:
        _recurring(p.get("recurring"))
        _amounts(p, param)
    except InvalidRequestError as err:
        raise within(err, param) from None


def _lookup_key(account: Account, p: dict[str, Any], price_id: str | None) -> None:
    """Free `p["lookup_key"]` for the price: refused while another holds it, unless moved."""
    key = p.get("lookup_key")
    if not key:
        return
    holders = account.collections[KIND].indexes["lookup_key"].ids(key)
    holder = next((i for i in holders if i != price_id), None)
    if holder is None:
        return
    if not p.get("transfer_lookup_key"):
        raise InvalidRequestError(M.LOOKUP_KEY_TAKEN.format(id=holder), param="lookup_key")
    old = account.collections[KIND].objects[holder]
    account.update(KIND, old, {**old, "lookup_key": None})


def new_price(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    if "product" in p and "product_data" in p:
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(params="product, product_data"),
                                  code="parameters_exclusive", param="product")
    if "product" not in p and "product_data" not in p:
        raise InvalidRequestError(M.PRICE_NEEDS_PRODUCT)
    if "product" in p:
        PRODUCTS.get(account, p["product"], "product", 400)
    scheme = p.get("billing_scheme", "per_unit")
    recurring = _recurring(p.get("recurring"))
    if scheme == "tiered":
        tiers = _tiers(p)
        unit, unit_decimal = None, None
    else:
        for name in ("tiers", "tiers_mode"):
            if name in p:
                raise InvalidRequestError(M.TIERS_NEED_TIERED.format(param=name), param=name)
        tiers = None
        unit, unit_decimal = _amounts(p, "unit_amount")
    price_id = PRICES.new_id(account)
    _lookup_key(account, p, price_id)
    if "product_data" in p:  # an inline product, made with the price
        data = p["product_data"]
        product = account.create(PRODUCT_KIND, new_product(account, {**data}, None))
        product_id = product["id"]
    else:
        product_id = p["product"]
    if tiers is not None:
        account.put(TIERS, {"id": price_id, "tiers": tiers})
    return {
        "id": price_id,
        "object": "price",
        "active": p.get("active", True),
        "billing_scheme": scheme,
        "created": account.now(),
        "currency": p["currency"],
        "custom_unit_amount": None,
        "livemode": account.livemode,
        "lookup_key": p.get("lookup_key"),
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "nickname": p.get("nickname"),
        "product": product_id,
        "recurring": recurring,
        "tax_behavior": p.get("tax_behavior", "unspecified"),
        "tiers_mode": p.get("tiers_mode") if tiers is not None else None,
        "transform_quantity": None if "transform_quantity" not in p else {
            "divide_by": p["transform_quantity"]["divide_by"],
            "round": p["transform_quantity"]["round"]},
        "type": "one_time" if recurring is None else "recurring",
        "unit_amount": unit,
        "unit_amount_decimal": unit_decimal,
    }


def make_price(account: Account, p: dict[str, Any], within_param: str | None = None,
               inline: bool = False) -> dict:
    """A price made by another resource's request (a product's `default_price_data`; an
    item's `price_data`, an inline price that price lists never show)."""
    try:
        price = account.create(KIND, new_price(account, p, None))
    except InvalidRequestError as err:
        raise (within(err, within_param) if within_param else err) from None
    if inline:
        account.put(INLINE, {"id": price["id"]})
    return price


def inline_price(account: Account, data: dict[str, Any], param: str) -> dict:
    """An item's `price_data` (given at `param`) made into an inline price: of a product that
    exists, with an amount."""
    PRODUCTS.get(account, data["product"], f"{param}[product]", 400)
    if "unit_amount" not in data and "unit_amount_decimal" not in data:
        raise InvalidRequestError(M.PRICE_NEEDS_AMOUNT, param=f"{param}[unit_amount]")
    return make_price(account, dict(data), param, inline=True)


def update_price(account: Account, old: dict, p: dict[str, Any]) -> dict:
    if "tax_behavior" in p and old["tax_behavior"] not in ("unspecified", p["tax_behavior"]):
        raise InvalidRequestError(M.TAX_BEHAVIOR_FIXED, param="tax_behavior")
    _lookup_key(account, p, old["id"])
    return updated(old, p, ("active", "lookup_key", "nickname", "tax_behavior"))


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    coll = account.collections[KIND]
    candidates = None
    if "lookup_keys" in p:
        index = coll.indexes["lookup_key"]
        candidates = [i for key in dict.fromkeys(p["lookup_keys"]) for i in index.ids(key)]
    if "product" in p:
        PRODUCTS.get(account, p["product"], "product", 400)
        ids = coll.indexes["product"].ids(p["product"])
        candidates = ids if candidates is None else [i for i in candidates if i in set(ids)]
    # Without `active`, only active prices are listed (Stripe: "Returns a list of your active
    # prices"); `active=false` lists the archived ones.
    active = p.get("active", True)
    recurring = p.get("recurring") or {}
    inline = account.collection(INLINE).objects
    tests = [lambda o: o["active"] is active and o["id"] not in inline]
    if "currency" in p:
        tests.append(lambda o: o["currency"] == p["currency"])
    if "type" in p:
        tests.append(lambda o: o["type"] == p["type"])
    if "interval" in recurring:
        tests.append(lambda o: (o["recurring"] or {}).get("interval") == recurring["interval"])
    if "usage_type" in recurring:
        tests.append(lambda o: (o["recurring"] or {}).get("usage_type")
                     == recurring["usage_type"])
    if "meter" in recurring:
        tests.append(lambda o: (o["recurring"] or {}).get("meter") == recurring["meter"])
    return candidates, lambda o: all(test(o) for test in tests)


def tiers_of(account: Account, price: dict) -> list[dict] | None:
    record = account.record(TIERS, price["id"])
    return None if record is None else record["tiers"]


def _currency_options(account: Account, price: dict) -> dict:
    return {price["currency"]: {
        "custom_unit_amount": None, "tax_behavior": price["tax_behavior"],
        "unit_amount": price["unit_amount"], "unit_amount_decimal": price["unit_amount_decimal"],
    }}


SEARCH_FIELDS = {
    "active": SearchField("token", flag("active")),
    "currency": SearchField("token", lambda o: o["currency"]),
    "lookup_key": SearchField("token", lambda o: o["lookup_key"]),
    "metadata": SearchField("token", lambda o: o["metadata"]),
    "product": SearchField("token", lambda o: o["product"]),
    "type": SearchField("token", lambda o: o["type"]),
}

PRICES = declare(Resource(
    object_name="price",
    kind=KIND,
    path="/v1/prices",
    prefix="price",
    indexes=lambda: {"product": ValueIndex.of("product"),
                     "lookup_key": ValueIndex.of("lookup_key"),
                     "metadata": MetadataIndex()},
    expandable={"product": Ref("product"), "tiers": Include(tiers_of),
                "currency_options": Include(_currency_options)},
    example={"currency": "usd", "unit_amount": "1000", "product": "{product}"},
    events={"created": "price.created", "updated": "price.updated"},
))
PRICES.operations = [
    PRICES.search(SEARCH_FIELDS),  # before /{id}: a static route wins
    PRICES.create(PriceCreateParams, new_price),
    PRICES.retrieve(),
    PRICES.update(PriceUpdateParams, update_price),
    PRICES.list(PriceListParams, narrow_list),
]
