"""Promotion codes: `/v1/promotion_codes` create (`promotion[coupon]` at this version),
retrieve, update (active, metadata, currency options of the minimum) and list. A code is
unique, whatever its case, among the active codes any customer may redeem; it takes the
coupon's `redeem_by` as `expires_at` unless given one, and may not outlast it or out-count
it. Once its coupon is no longer valid, its redemptions are used up or it has expired, a code
is inactive for good."""

from __future__ import annotations

from typing import Any

from ... import messages as M
from ...api.metadata import merge_metadata, updated
from ...api.params import (
    Amount,
    Bool,
    ByCurrency,
    Created,
    Currency,
    Enum,
    Expand,
    Int,
    ListParams,
    Metadata,
    Nested,
    NotYet,
    Params,
    Pattern,
    Str,
    Timestamp,
)
from ...errors import InvalidRequestError
from ...store.memory import Account
from ..customers import CUSTOMERS
from . import coupons
from .declared import COUPONS, PROMOTION_CODES, PROMOTION_KIND

_CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # what a generated code is made of


class PromotionParams(Params):
    type = Enum("coupon", required=True)
    coupon = Str(max_length=5000)


class MinimumParams(Params):
    minimum_amount = Amount(minimum=0)


class RestrictionsUpdateParams(Params):
    currency_options = ByCurrency(MinimumParams)


class RestrictionsParams(RestrictionsUpdateParams):
    first_time_transaction = Bool()
    minimum_amount = Amount(minimum=0)
    minimum_amount_currency = Currency()


class PromotionCodeUpdateParams(Params):
    active = Bool()
    metadata = Metadata()
    restrictions = Nested(RestrictionsUpdateParams)
    expand = Expand()


class PromotionCodeCreateParams(PromotionCodeUpdateParams):
    code = Pattern(r"[A-Za-z0-9\-]{1,500}", M.PROMOTION_CODE_CHARS)
    customer = Str(max_length=5000)
    customer_account = NotYet()
    expires_at = Timestamp()
    max_redemptions = Int(minimum=1)
    promotion = Nested(PromotionParams, required=True)
    restrictions = Nested(RestrictionsParams)


class PromotionCodeListParams(ListParams):
    active = Bool()
    code = Str(max_length=5000)
    coupon = Str(max_length=5000)
    created = Created()
    customer = Str(max_length=5000)
    customer_account = NotYet()


def _clashes(account: Account, code: str, customer: str | None, skip: str | None) -> bool:
    """Another active code of the same letters that the same customers could redeem."""
    coll = account.collections[PROMOTION_KIND]
    for other_id in coll.indexes["code"].ids(code.lower()):
        other = coll.objects[other_id]
        if other_id != skip and other["active"] and (
                other["customer"] is None or customer is None or other["customer"] == customer):
            return True
    return False


def _generated(account: Account) -> str:
    token = account.ids.token(8)
    return "".join(_CODE_CHARS[ord(c) % len(_CODE_CHARS)] for c in token)


def _restrictions(p: dict[str, Any]) -> dict[str, Any]:
    given = p.get("restrictions", {})
    if ("minimum_amount" in given) != ("minimum_amount_currency" in given):
        missing = "minimum_amount_currency" if "minimum_amount" in given else "minimum_amount"
        raise InvalidRequestError(M.PROMOTION_MINIMUM_PAIR, code="parameter_missing",
                                  param=f"restrictions[{missing}]")
    out = {"first_time_transaction": given.get("first_time_transaction", False),
           "minimum_amount": given.get("minimum_amount"),
           "minimum_amount_currency": given.get("minimum_amount_currency")}
    if "currency_options" in given:
        out["currency_options"] = {c: {"minimum_amount": o.get("minimum_amount", 0)}
                                   for c, o in given["currency_options"].items()}
    return out


def new_promotion_code(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    promotion = p["promotion"]
    if "coupon" not in promotion:
        raise InvalidRequestError(M.MISSING_PARAM.format(param="promotion[coupon]"),
                                  code="parameter_missing", param="promotion[coupon]")
    coupon = COUPONS.get(account, promotion["coupon"], "promotion[coupon]")
    if not coupons.still_valid(account, coupon):
        raise InvalidRequestError(M.COUPON_NOT_VALID.format(id=coupon["id"]),
                                  code="coupon_expired", param="promotion[coupon]")
    customer = CUSTOMERS.get(account, p["customer"], "customer")["id"] \
        if "customer" in p else None
    code = p.get("code") or _generated(account)
    active = p.get("active", True)
    if active and _clashes(account, code, customer, None):
        raise InvalidRequestError(M.PROMOTION_CODE_TAKEN.format(code=code),
                                  code="resource_already_exists", param="code")
    expires_at = p.get("expires_at", coupon["redeem_by"])
    if coupon["redeem_by"] is not None and expires_at > coupon["redeem_by"]:
        raise InvalidRequestError(M.PROMOTION_EXPIRES_AFTER_COUPON, param="expires_at")
    if "max_redemptions" in p and coupon["max_redemptions"] is not None \
            and p["max_redemptions"] > coupon["max_redemptions"]:
        raise InvalidRequestError(M.PROMOTION_MAX_ABOVE_COUPON, param="max_redemptions")
    return {
        "id": PROMOTION_CODES.new_id(account),
        "object": "promotion_code",
        "active": active,
        "code": code,
        "created": account.now(),
        "customer": customer,
        "customer_account": None,
        "expires_at": expires_at,
        "livemode": account.livemode,
        "max_redemptions": p.get("max_redemptions"),
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "promotion": {"coupon": coupon["id"], "type": "coupon"},
        "restrictions": _restrictions(p),
        "times_redeemed": 0,
    }


def usable(account: Account, code: dict) -> bool:
    """Whether the code can be redeemed now (and so whether it may be active)."""
    coupon = account.collections["coupon"].get(code["promotion"]["coupon"])
    return coupon is not None and coupons.still_valid(account, coupon) and (
        code["expires_at"] is None or code["expires_at"] > account.now()) and (
        code["max_redemptions"] is None or code["times_redeemed"] < code["max_redemptions"])


def update_promotion_code(account: Account, old: dict, p: dict[str, Any]) -> dict:
    new = updated(old, p, ("active",))
    if p.get("active") and not old["active"]:
        if not usable(account, old):
            raise InvalidRequestError(M.PROMOTION_CANNOT_REACTIVATE.format(id=old["id"]),
                                      param="active")
        if _clashes(account, old["code"], old["customer"], old["id"]):
            raise InvalidRequestError(M.PROMOTION_CODE_TAKEN.format(code=old["code"]),
                                      code="resource_already_exists", param="active")
    if "currency_options" in p.get("restrictions", {}):
        options = {**old["restrictions"].get("currency_options", {}),
                   **{c: {"minimum_amount": o.get("minimum_amount", 0)}
                      for c, o in p["restrictions"]["currency_options"].items()}}
        new["restrictions"] = {**old["restrictions"], "currency_options": options}
    return new


def redeemed(account: Account, code: dict) -> dict:
    """One more redemption; a code at its limit is inactive from then on."""
    count = code["times_redeemed"] + 1
    at_limit = code["max_redemptions"] is not None and count >= code["max_redemptions"]
    return account.update(PROMOTION_KIND, code, {**code, "times_redeemed": count,
                                                 "active": code["active"] and not at_limit})


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    coll = account.collections[PROMOTION_KIND]
    candidates = None
    if "code" in p:  # case-insensitive
        candidates = coll.indexes["code"].ids(p["code"].lower())
    elif "coupon" in p:
        candidates = coll.indexes["coupon"].ids(p["coupon"])
    tests = []
    if "active" in p:
        tests.append(lambda o: o["active"] == p["active"])
    if "coupon" in p:
        tests.append(lambda o: o["promotion"]["coupon"] == p["coupon"])
    if "customer" in p:
        tests.append(lambda o: o["customer"] == p["customer"])
    return candidates, (lambda o: all(t(o) for t in tests)) if tests else None
