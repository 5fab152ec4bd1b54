"""Turning `discounts[]` entries (`{coupon}`, `{promotion_code}` or `{discount}`) into the
discounts of an invoice, an invoice item, a subscription or a customer: every entry checked
before anything is made, then a `discount` object per redemption (its coupon's and code's
counts going up), an existing one reused by `{discount}`. Also what the money math needs of
an object's discounts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import messages as M
from ...api.params import Params, Str
from ...billing import discounts as math
from ...billing.periods import boundary
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from . import coupons, promotion_codes
from .declared import COUPON_KIND, DISCOUNT_KIND, DISCOUNTS, PROMOTION_KIND

MAX_DISCOUNTS = 20


class DiscountParams(Params):
    coupon = Str(max_length=5000)
    discount = Str(max_length=5000)
    promotion_code = Str(max_length=5000)


_OWNERS = ("invoice", "invoice_item", "subscription", "subscription_item")


def _first_time(account: Account, customer_id: str) -> bool:
    """The customer has never paid (no succeeded charge)."""
    charges = account.collections["charge"]
    return not any(charges.objects[c]["status"] == "succeeded"
                   for c in charges.indexes["customer"].ids(customer_id))


def _check_coupon(account: Account, coupon: dict, currency: str, param: str) -> None:
    if not coupons.still_valid(account, coupon):
        raise InvalidRequestError(M.COUPON_NOT_VALID.format(id=coupon["id"]),
                                  code="coupon_expired", param=param)
    if coupon["amount_off"] is not None and coupons.amount_off_in(coupon, currency) is None:
        raise InvalidRequestError(M.COUPON_CURRENCY_MISMATCH.format(
            id=coupon["id"], currency=currency), param=param)


def _check_code(account: Account, code: dict, customer_id: str, amount: int | None,
                currency: str, param: str, on_item: bool) -> dict:
    if not code["active"] or not promotion_codes.usable(account, code):
        raise InvalidRequestError(M.PROMOTION_CODE_INACTIVE.format(code=code["code"]),
                                  param=param)
    if code["customer"] is not None and code["customer"] != customer_id:
        raise InvalidRequestError(M.PROMOTION_CODE_OTHER_CUSTOMER.format(code=code["code"]),
                                  param=param)
    rules = code["restrictions"]
    if on_item and (rules["minimum_amount"] or rules.get("currency_options")):
        # "You can't apply a promotion code with amount restrictions on … Invoice Item objects"
        raise InvalidRequestError(M.PROMOTION_CODE_ITEM_MINIMUM.format(code=code["code"]),
                                  param=param)
    if rules["first_time_transaction"] and not _first_time(account, customer_id):
        raise InvalidRequestError(M.PROMOTION_CODE_FIRST_TIME.format(code=code["code"]),
                                  param=param)
    minimum = rules["minimum_amount"] if rules["minimum_amount_currency"] == currency else \
        (rules.get("currency_options") or {}).get(currency, {}).get("minimum_amount")
    if minimum and amount is not None and amount < minimum:
        raise InvalidRequestError(M.PROMOTION_CODE_MINIMUM.format(code=code["code"]),
                                  param=param)
    return account.collections[COUPON_KIND].objects[code["promotion"]["coupon"]]


def redeem(account: Account, entries: Sequence[dict], *, customer_id: str, currency: str,
           owner: dict[str, str | None], reusable: Sequence[str], now: int, param: str,
           amount: int | None = None) -> list[str]:
    """The discount ids `entries` give an object. `owner` names what they discount
    (`{"invoice": id}`…); `reusable`: the discounts of the object and its ancestors that a
    `{discount}` entry may name; `amount`: what a code's minimum is measured against, when
    known."""
    if len(entries) > MAX_DISCOUNTS:
        raise InvalidRequestError(M.TOO_MANY_DISCOUNTS.format(most=MAX_DISCOUNTS), param=param)
    plan: list[tuple[str, Any, Any]] = []  # ("reuse", id) / ("coupon", coupon, code or None)
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        at = f"{param}[{i}]"
        given = [k for k in ("coupon", "discount", "promotion_code") if entry.get(k)]
        if len(given) != 1:
            raise InvalidRequestError(M.DISCOUNT_ONE_OF, param=at)
        key = given[0]
        if key == "discount":
            if entry["discount"] not in reusable:
                raise InvalidRequestError(M.DISCOUNT_NOT_REUSABLE.format(id=entry["discount"]),
                                          param=f"{at}[discount]")
            coupon_id = account.collections[DISCOUNT_KIND].objects[entry["discount"]][
                "source"]["coupon"]
            plan.append(("reuse", entry["discount"], None))
        elif key == "coupon":
            coupon = account.collections[COUPON_KIND].get(entry["coupon"])
            if coupon is None:
                raise no_such("coupon", entry["coupon"], f"{at}[coupon]", 400)
            _check_coupon(account, coupon, currency, f"{at}[coupon]")
            coupon_id = coupon["id"]
            plan.append(("coupon", coupon, None))
        else:
            code = account.collections[PROMOTION_KIND].get(entry["promotion_code"])
            if code is None:
                raise no_such("promotion code", entry["promotion_code"],
                              f"{at}[promotion_code]", 400)
            coupon = _check_code(account, code, customer_id, amount, currency,
                                 f"{at}[promotion_code]", "invoice_item" in owner)
            _check_coupon(account, coupon, currency, f"{at}[promotion_code]")
            coupon_id = coupon["id"]
            plan.append(("coupon", coupon, code))
        if coupon_id in seen:
            raise InvalidRequestError(M.DISCOUNT_DUPLICATE.format(coupon=coupon_id), param=at)
        seen.add(coupon_id)
    out = []
    for how, first, code in plan:
        out.append(first if how == "reuse" else
                   make(account, first, code, customer_id, owner, now)["id"])
    return out


def make(account: Account, coupon: dict, code: dict | None, customer_id: str,
         owner: dict[str, str | None], now: int) -> dict:
    """A redemption: the discount object, its coupon's (and code's) count one up."""
    coupons.redeemed(account, coupon)
    if code is not None:
        promotion_codes.redeemed(account, code)
    end = boundary(now, "month", coupon["duration_in_months"], 1) \
        if coupon["duration"] == "repeating" else None
    return account.create(DISCOUNT_KIND, {
        "id": DISCOUNTS.new_id(account),
        "object": "discount",
        "checkout_session": None,
        "customer": customer_id,
        "customer_account": None,
        "end": end,
        **{key: owner.get(key) for key in _OWNERS},
        "promotion_code": code and code["id"],
        "source": {"coupon": coupon["id"], "type": "coupon"},
        "start": now,
    })


def release(account: Account, kept: Sequence[str], before: Sequence[str],
            owner_key: str, owner_id: str) -> None:
    """Discounts an object no longer has and that were made for it are gone."""
    coll = account.collections[DISCOUNT_KIND]
    for discount_id in before:
        discount = coll.objects.get(discount_id)
        if discount_id not in kept and discount is not None and \
                discount.get(owner_key) == owner_id:
            account.delete(DISCOUNT_KIND, discount_id, DISCOUNTS.deleted_stub(discount_id))


def in_effect(account: Account, discount_ids: Sequence[str], at: int) -> list[str]:
    """Those of the discounts that still apply at `at` (a repeating one ends)."""
    coll = account.collections[DISCOUNT_KIND]
    return [d for d in discount_ids if d in coll.objects and (
        coll.objects[d]["end"] is None or coll.objects[d]["end"] > at)]


def for_math(account: Account, discount_ids: Sequence[str], currency: str,
             ) -> tuple[math.Discount, ...]:
    """What the money math needs of the discounts: percent or amount in `currency`, and the
    products a coupon is limited to."""
    out = []
    coll, coupon_coll = account.collections[DISCOUNT_KIND], account.collections[COUPON_KIND]
    for discount_id in discount_ids:
        discount = coll.objects.get(discount_id)
        if discount is None:
            continue
        coupon_id = discount["source"]["coupon"]
        coupon = coupon_coll.objects.get(coupon_id) or account.record(coupons.DELETED, coupon_id)
        if coupon is None:
            continue
        products = coupon.get("applies_to", {}).get("products")
        out.append(math.Discount(discount_id, coupons.percent_of(coupon),
                                 coupons.amount_off_in(coupon, currency),
                                 frozenset(products) if products else None))
    return tuple(out)


def used_once(account: Account, discount_id: str) -> bool:
    """Whether the discount's coupon is a `once` one (it applies to one invoice)."""
    discount = account.collections[DISCOUNT_KIND].objects.get(discount_id)
    if discount is None:
        return False
    coupon_id = discount["source"]["coupon"]
    coupon = account.collections[COUPON_KIND].objects.get(coupon_id) or \
        account.record(coupons.DELETED, coupon_id)
    return coupon is not None and coupon["duration"] == "once"
