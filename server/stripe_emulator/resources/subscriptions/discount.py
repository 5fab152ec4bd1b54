"""`DELETE /v1/subscriptions/{id}/discount`: "Removes the currently applied discount on a
subscription". At this version a subscription's discounts are its `discounts`: all of them
go (what was made for it with them; a customer's discount it inherited stays the customer's),
and the answer is the first one's deleted stub. None to remove: 404."""

from __future__ import annotations

from ...errors import no_such
from ...store.memory import Account
from ..discounts import DISCOUNTS, customer_discount, redeem
from ..discounts.declared import DISCOUNT_KIND
from .declared import KIND, SUBSCRIPTIONS


def delete_discount(account: Account, p: dict, args: dict) -> dict:
    sub = SUBSCRIPTIONS.find(account, args)
    if not sub["discounts"]:
        raise no_such("discount", f"{sub['id']} discount", "subscription")
    first = sub["discounts"][0]
    discount = account.collections[DISCOUNT_KIND].objects.get(first)
    account.update(KIND, sub, {**sub, "discounts": []})
    redeem.release(account, [], sub["discounts"], "subscription", sub["id"])
    return DISCOUNTS.deleted_stub(first) if discount is None else \
        customer_discount.deleted_stub(discount)
