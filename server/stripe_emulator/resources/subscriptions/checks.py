"""What a subscription's prices and dates must satisfy, on create and on change."""

from __future__ import annotations

from ... import messages as M
from ...errors import InvalidRequestError
from ...store.memory import Account
from .. import prices


def check_price(account: Account, price_id: str, param: str, currency: str | None) -> dict:
    """A price a subscription item may take: recurring, active, per unit, in `currency`."""
    price = prices.PRICES.get(account, price_id, param, 400)
    if price["type"] != "recurring":
        raise InvalidRequestError(M.SUBSCRIPTION_PRICE_ONE_TIME.format(id=price["id"]),
                                  param=param)
    if not price["active"]:
        raise InvalidRequestError(M.PRICE_INACTIVE.format(id=price["id"]), param=param)
    if currency is not None and price["currency"] != currency:
        raise InvalidRequestError(M.SUBSCRIPTION_CURRENCIES, param=param)
    return price


def check_together(found: list[dict]) -> None:
    """Prices of one subscription: each at most once. (Their intervals may differ: flexible
    billing mode, every subscription's here, bills mixed intervals, each item on its own.)"""
    seen = set()
    for price in found:
        if price["id"] in seen:
            raise InvalidRequestError(M.SUBSCRIPTION_PRICE_TWICE.format(id=price["id"]),
                                      param="plan")
        seen.add(price["id"])


def future(value: int, now: int, template: str, param: str) -> int:
    if value <= now:
        raise InvalidRequestError(template.format(value=value), param=param)
    return value
