"""Coupons (`/v1/coupons`), promotion codes (`/v1/promotion_codes`) and the discounts they
become on invoices, invoice items, subscriptions and customers. Every operation is listed
here. Modules: `declared` (the resources), `coupons`, `promotion_codes`, `redeem` (entries to
discounts, and what the money math needs of them), `customer_discount`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...api import expand as expansion
from ...api.resource import Operation
from ...store.memory import Account
from . import coupons, customer_discount, promotion_codes, redeem
from .declared import COUPON_KIND, COUPONS, DISCOUNTS, PROMOTION_CODES, PROMOTION_KIND

__all__ = ["COUPONS", "DISCOUNTS", "PROMOTION_CODES", "customer_discount", "redeem"]

Present = Callable[[Account, dict], dict]


def _coupon_now(account: Account, coupon: dict) -> dict:
    """`valid` as of now: false once `redeem_by` has passed (time, not a change, ends it)."""
    valid = coupon.get("deleted") is None and coupons.still_valid(account, coupon)
    return coupon if "valid" not in coupon or coupon["valid"] == valid else \
        {**coupon, "valid": valid}


def _code_now(account: Account, code: dict) -> dict:
    """`active` as of now: false once the code expired or its coupon stopped being valid."""
    active = code["active"] and promotion_codes.usable(account, code)
    return code if code["active"] == active else {**code, "active": active}


def _as_of_now(op: Operation, present: Present) -> Operation:
    def run(account: Account, p: dict, args: dict) -> dict:
        result = op.run(account, p, args)
        if result.get("object") == "list":
            return {**result, "data": [present(account, o) for o in result["data"]]}
        return present(account, result)

    return op._replace(run=run)


def _fetch(kind: str, present: Present) -> Any:
    def fetch(account: Account, obj_id: str) -> dict | None:
        found = account.collections[kind].get(obj_id)
        return None if found is None else present(account, found)

    return fetch


COUPONS.operations = [_as_of_now(op, _coupon_now) for op in (
    COUPONS.create(coupons.CouponCreateParams, coupons.new_coupon),
    COUPONS.retrieve(),
    COUPONS.update(coupons.CouponUpdateParams, coupons.update_coupon),
    COUPONS.delete(after=coupons.after_delete),
    COUPONS.list(coupons.CouponListParams),
)]
PROMOTION_CODES.operations = [_as_of_now(op, _code_now) for op in (
    PROMOTION_CODES.create(promotion_codes.PromotionCodeCreateParams,
                           promotion_codes.new_promotion_code),
    PROMOTION_CODES.retrieve(),
    PROMOTION_CODES.update(promotion_codes.PromotionCodeUpdateParams,
                           promotion_codes.update_promotion_code),
    PROMOTION_CODES.list(promotion_codes.PromotionCodeListParams, promotion_codes.narrow_list),
)]
# what `expand[]=promotion.coupon` and `expand[]=source.coupon` find reads as of now too
expansion.FETCH["coupon"] = _fetch(COUPON_KIND, _coupon_now)
expansion.FETCH["promotion_code"] = _fetch(PROMOTION_KIND, _code_now)
DISCOUNTS.operations = [customer_discount.DELETE]

