"""Coupons (`/v1/coupons`), promotion codes (`/v1/promotion_codes`) and the discounts they
become on invoices, invoice items, subscriptions and customers. Every operation is listed
here. Modules: `declared` (the resources), `coupons`, `promotion_codes`, `redeem` (entries to
discounts, and what the money math needs of them), `customer_discount`."""

from __future__ import annotations

from . import coupons, customer_discount, promotion_codes, redeem
from .declared import COUPONS, DISCOUNTS, PROMOTION_CODES

__all__ = ["COUPONS", "DISCOUNTS", "PROMOTION_CODES", "customer_discount", "redeem"]

COUPONS.operations = [
    COUPONS.create(coupons.CouponCreateParams, coupons.new_coupon),
    COUPONS.retrieve(),
    COUPONS.update(coupons.CouponUpdateParams, coupons.update_coupon),
    COUPONS.delete(after=coupons.after_delete),
    COUPONS.list(coupons.CouponListParams),
]
PROMOTION_CODES.operations = [
    PROMOTION_CODES.create(promotion_codes.PromotionCodeCreateParams,
                           promotion_codes.new_promotion_code),
    PROMOTION_CODES.retrieve(),
    PROMOTION_CODES.update(promotion_codes.PromotionCodeUpdateParams,
                           promotion_codes.update_promotion_code),
    PROMOTION_CODES.list(promotion_codes.PromotionCodeListParams, promotion_codes.narrow_list),
]
DISCOUNTS.operations = [customer_discount.DELETE]

