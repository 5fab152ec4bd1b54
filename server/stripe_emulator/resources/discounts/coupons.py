"""Coupons: `/v1/coupons` create (a percent or an amount in a currency; once, repeating or
forever; redemption limits), retrieve, update (name, metadata, currency options only),
delete (archiving its promotion codes) and list. `valid` says whether it can still be
applied: not once its redemptions reach `max_redemptions` or `redeem_by` has passed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ... import messages as M
from ...api.metadata import merge_metadata, updated
from ...api.params import (
    Amount,
    ByCurrency,
    Created,
    Currency,
    Enum,
    Expand,
    Int,
    List,
    ListParams,
    Metadata,
    Nested,
    Number,
    Params,
    Pattern,
    Str,
    Timestamp,
)
from ...errors import InvalidRequestError
from ...store.memory import Account
from .declared import COUPON_KIND, PROMOTION_KIND

FIVE_YEARS = 5 * 365 * 86_400
# Deleted coupons' terms: the discounts made from one keep applying ("doesn't remove the
# discount from any subscription or invoice that already has it").
DELETED = "_deleted_coupon"


class CurrencyOptionParams(Params):
    amount_off = Amount(minimum=1, required=True)


class AppliesToParams(Params):
    products = List(Str(max_length=5000))


class CouponUpdateParams(Params):
    currency_options = ByCurrency(CurrencyOptionParams)
    metadata = Metadata()
    name = Str(max_length=40, unsettable=True)
    expand = Expand()


class CouponCreateParams(CouponUpdateParams):
    amount_off = Amount(minimum=1)
    applies_to = Nested(AppliesToParams)
    currency = Currency()
    duration = Enum("forever", "once", "repeating")
    duration_in_months = Int(minimum=1)
    id = Pattern(r"[A-Za-z0-9_\-]{1,255}", M.INVALID_OBJECT_ID)
    max_redemptions = Int(minimum=1)
    percent_off = Number(maximum=100)
    redeem_by = Timestamp()


class CouponListParams(ListParams):
    created = Created()


def _check(account: Account, p: dict[str, Any]) -> None:
    percent, amount = p.get("percent_off"), p.get("amount_off")
    if percent is None and amount is None:
        raise InvalidRequestError(M.COUPON_NEEDS_DISCOUNT)
    if percent is not None and amount is not None:
        raise InvalidRequestError(M.COUPON_BOTH_DISCOUNTS, param="percent_off")
    if percent is not None and percent <= 0:
        raise InvalidRequestError(M.COUPON_PERCENT_RANGE, param="percent_off")
    if amount is not None and "currency" not in p:
        raise InvalidRequestError(M.COUPON_NEEDS_CURRENCY, code="parameter_missing",
                                  param="currency")
    if percent is not None and "currency_options" in p:
        raise InvalidRequestError(M.COUPON_OPTIONS_AMOUNT_ONLY, param="currency_options")
    duration = p.get("duration", "once")
    if duration == "repeating" and "duration_in_months" not in p:
        raise InvalidRequestError(M.COUPON_NEEDS_MONTHS, code="parameter_missing",
                                  param="duration_in_months")
    if duration != "repeating" and "duration_in_months" in p:
        raise InvalidRequestError(M.COUPON_MONTHS_REPEATING_ONLY, param="duration_in_months")
    if "redeem_by" in p:
        now = account.now()
        if p["redeem_by"] <= now:
            raise InvalidRequestError(M.COUPON_REDEEM_BY_PAST, param="redeem_by")
        if p["redeem_by"] > now + FIVE_YEARS:
            raise InvalidRequestError(M.COUPON_REDEEM_BY_FAR, param="redeem_by")
    if "id" in p:
        coll = account.collections[COUPON_KIND]
        if p["id"] in coll.objects or p["id"] in coll.deleted:
            raise InvalidRequestError(M.ID_TAKEN.format(object="coupon", id=p["id"]),
                                      code="resource_already_exists", param="id")


def _options(p: dict[str, Any], currency: str | None) -> dict[str, Any] | None:
    options = {c: {"amount_off": o["amount_off"]} for c, o in p.get("currency_options",
                                                                    {}).items()}
    if currency is not None and currency in options:
        raise InvalidRequestError(M.COUPON_OPTION_DEFAULT.format(currency=currency),
                                  param=f"currency_options[{currency}]")
    return options or None


def _new_id(account: Account) -> str:
    """Eight letters and digits, as Stripe's generated coupon ids."""
    coll = account.collections[COUPON_KIND]
    while True:
        coupon_id = account.ids.token(8)
        if coupon_id not in coll.objects and coupon_id not in coll.deleted:
            return coupon_id


def new_coupon(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    _check(account, p)
    coupon_id = p.get("id") or _new_id(account)
    percent = p.get("percent_off")
    currency = p.get("currency") if "amount_off" in p else None
    coupon = {
        "id": coupon_id,
        "object": "coupon",
        "amount_off": p.get("amount_off"),
        "created": account.now(),
        "currency": currency,
        "duration": p.get("duration", "once"),
        "duration_in_months": p.get("duration_in_months"),
        "livemode": account.livemode,
        "max_redemptions": p.get("max_redemptions"),
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "name": p.get("name"),
        "percent_off": None if percent is None else float(percent),
        "redeem_by": p.get("redeem_by"),
        "times_redeemed": 0,
        "valid": True,
    }
    options = _options(p, currency)
    if options is not None:
        coupon["currency_options"] = options
    if p.get("applies_to", {}).get("products"):
        coupon["applies_to"] = {"products": list(dict.fromkeys(p["applies_to"]["products"]))}
    return coupon


def update_coupon(account: Account, old: dict, p: dict[str, Any]) -> dict:
    new = updated(old, p, ("name",))
    if "currency_options" in p:
        if old["amount_off"] is None:
            raise InvalidRequestError(M.COUPON_OPTIONS_AMOUNT_ONLY, param="currency_options")
        options = {**old.get("currency_options", {}), **(_options(p, old["currency"]) or {})}
        new["currency_options"] = options
    return new


def after_delete(account: Account, coupon: dict) -> None:
    """"Deleting a coupon will archive its associated promotion codes"; its terms are kept
    for the discounts made from it."""
    account.put(DELETED, coupon)
    codes = account.collections[PROMOTION_KIND]
    for code_id in list(codes.indexes["coupon"].ids(coupon["id"])):
        code = codes.objects[code_id]
        if code["active"]:
            account.update(PROMOTION_KIND, code, {**code, "active": False})


def still_valid(account: Account, coupon: dict) -> bool:
    """Whether the coupon can be applied now (its `valid` as of this instant)."""
    if coupon["redeem_by"] is not None and coupon["redeem_by"] <= account.now():
        return False
    return coupon["max_redemptions"] is None or \
        coupon["times_redeemed"] < coupon["max_redemptions"]


def redeemed(account: Account, coupon: dict) -> dict:
    """One more redemption: counted, and no longer valid once at its limit."""
    count = coupon["times_redeemed"] + 1
    return account.update(COUPON_KIND, coupon, {
        **coupon, "times_redeemed": count,
        "valid": coupon["max_redemptions"] is None or count < coupon["max_redemptions"]})


def amount_off_in(coupon: dict, currency: str) -> int | None:
    """The coupon's amount off in `currency` (its own, or a currency option), else None."""
    if coupon["currency"] == currency:
        return coupon["amount_off"]
    option = (coupon.get("currency_options") or {}).get(currency)
    return None if option is None else option["amount_off"]


def percent_of(coupon: dict) -> Decimal | None:
    return None if coupon["percent_off"] is None else Decimal(str(coupon["percent_off"]))
