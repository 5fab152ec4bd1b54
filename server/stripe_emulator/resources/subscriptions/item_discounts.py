"""An item's own discounts (`items[][discounts]`): redeemed for the item, applied to its lines
only, a `once` one used up by the first invoice it applies to, a `repeating` one ending
after its months (as the subscription's own discounts are)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...store.memory import Account
from ..discounts import customer_discount, redeem
from ..invoices import rules
from .declared import ITEM_KIND, items_of


def give(account: Account, sub: dict, item: dict, entries: list[dict] | None, param: str,
         now: int, amount: Decimal) -> list[str]:
    """The discounts `entries` give the item (`sub`: its subscription, or what it will be);
    those it had and no longer keeps are gone. `amount`: what the item bills a period, which
    a code's minimum reads."""
    made = redeem.redeem(
        account, entries or [], customer_id=sub["customer"], currency=sub["currency"],
        owner={"subscription": sub["id"], "subscription_item": item["id"]},
        reusable=[*item["discounts"], *sub["discounts"],
                  *customer_discount.inherited(account, sub["customer"])],
        now=now, param=param,
        amount=round(amount))
    redeem.release(account, made, item["discounts"], "subscription_item", item["id"])
    return made


def in_effect(account: Account, item: dict, at: int) -> list[str]:
    return redeem.in_effect(account, item["discounts"], at) if item["discounts"] else []


def after_invoice(account: Account, sub: dict, invoice: dict) -> dict[str, Any]:
    """A new invoice uses up its items' `once` discounts and drops those that ended: the
    items updated, and the subscription's `items` as they now stand (the changes to make)."""
    # on its period lines, or on the prorations it took (their discounts were settled then)
    used = {d for line in rules.subscription_lines(account, invoice["id"])
            for d in line.get("discounts", ())}
    used.update(d for item in rules.items_of(account, invoice["id"]) if item.get("proration")
                for d, _ in rules.settled(item))
    changed = False
    for item in items_of(account, sub):
        if not item["discounts"]:
            continue
        kept = [d for d in in_effect(account, item, invoice["created"])
                if not (d in used and redeem.used_once(account, d))]
        if kept != item["discounts"]:
            account.update(ITEM_KIND, item, {**item, "discounts": kept}, ("discounts",))
            changed = True
    if not changed:
        return {}
    items = items_of(account, sub)
    return {"items": {**sub["items"], "data": items, "total_count": len(items)}}
