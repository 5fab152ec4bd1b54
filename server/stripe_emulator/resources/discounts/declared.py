"""Coupons, promotion codes and discounts as declared resources. A discount has no endpoint
of its own ("Discounts can't be fetched by ID"): it is stored, expands where it is named, and
the events of a customer's discount are announced by the code that changes it."""

from __future__ import annotations

from ...api.expand import Ref
from ...api.resource import Resource, declare
from ...events.names import FieldEvents
from ...store.indexes import ValueIndex

COUPON_KIND = "coupon"
PROMOTION_KIND = "promotion_code"
DISCOUNT_KIND = "discount"

# A redemption counts (times_redeemed, and valid or active with it) without an event.
_COUNTED = FieldEvents("times_redeemed", lambda old, new: ())

COUPONS = declare(Resource(
    object_name="coupon",
    kind=COUPON_KIND,
    path="/v1/coupons",
    prefix="",
    events={"created": "coupon.created", "updated": "coupon.updated",
            "deleted": "coupon.deleted"},
    field_events=_COUNTED,
    example={"percent_off": "25", "duration": "once"},
))
PROMOTION_CODES = declare(Resource(
    object_name="promotion_code",
    kind=PROMOTION_KIND,
    path="/v1/promotion_codes",
    prefix="promo",
    indexes=lambda: {"coupon": ValueIndex(lambda o: o["promotion"]["coupon"], ("promotion",)),
                     "code": ValueIndex(lambda o: o["code"].lower(), ("code",)),
                     "customer": ValueIndex.of("customer")},
    expandable={"customer": Ref("customer"), "promotion": {"coupon": Ref("coupon")}},
    events={"created": "promotion_code.created", "updated": "promotion_code.updated"},
    field_events=_COUNTED,
))
DISCOUNTS = declare(Resource(
    object_name="discount",
    kind=DISCOUNT_KIND,
    path="/v1/discounts",  # never routed: a discount is reached through what it discounts
    prefix="di",
    expandable={"customer": Ref("customer"), "promotion_code": Ref("promotion_code"),
                "source": {"coupon": Ref("coupon")}},
))
