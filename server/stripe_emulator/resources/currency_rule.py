"""Stripe's one-currency rule for a customer's Billing objects: "Once a customer's currency is
set, you cannot create a subscription or coupon in another currency for that customer", nor a
pending invoice item while such a subscription stands (one-off invoices and their items may
use other currencies: multi-currency customers). After every subscription in the old currency
has ended, another currency is taken (and becomes the customer's)."""

from __future__ import annotations

from .. import messages as M
from ..errors import InvalidRequestError
from ..store.memory import Account

_LIVE = ("incomplete", "trialing", "active", "past_due", "unpaid", "paused")


def holding_currency(account: Account, customer: dict) -> str | None:
    """The currency the customer's live subscriptions hold it to, if any."""
    currency = customer["currency"]
    if currency is None:
        return None
    subs = account.collections.get("subscription")
    if subs is not None:
        for sub_id in subs.indexes["customer"].ids(customer["id"]):
            sub = subs.objects[sub_id]
            if sub["status"] in _LIVE and sub["currency"] == currency:
                return currency
    return None


def check(account: Account, customer: dict, currency: str, param: str | None = None) -> None:
    held = holding_currency(account, customer)
    if held is not None and held != currency:
        raise InvalidRequestError(M.CURRENCY_MIX.format(currency=held), param=param)
