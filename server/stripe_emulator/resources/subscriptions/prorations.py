"""Proration items: a pending invoice item for the unused time on an item's old terms (a
credit) or the remaining time on its new ones (a debit), and what discounts take from each.

Subscriptions here bill in flexible mode with `proration_discounts=itemized`: "the proration
amount properties show gross amounts before discounts are applied, and discount amounts include
the actual applied discount amounts" (changelog, 2025-09-30). What they take is settled when
the proration is made (`proration_details.discount_amounts`: "Discount amounts applied when the
proration was created"), and the invoice that takes it shows them as they are:
- a debit takes the item's own discounts and then the subscription's, as its period line would,
  an amount off prorated as the time is (inferred);
- a credit gives back the same share of what the discounts took from the debit it credits
  ("Flexible billing mode calculates credit prorations based on the original amount previously
  debited"): negative amounts, so the credit is what was paid for the time left.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ... import messages as M
from ...billing import discounts as discount_math
from ...billing.money import round_half_up
from ...clocks import now_for
from ...store.memory import Account
from ..discounts import redeem
from ..invoices import rules
from .invoicing import BILLED, day, period_amount, product_name


def credited_items(account: Account, item_id: str) -> dict | None:
    record = account.record(BILLED, item_id)
    return record["credited_items"] if record is not None else None


def _debited(account: Account, credited: dict) -> tuple[int, list[dict]]:
    """(gross amount, discount amounts) of the debit `credited_items` names."""
    if credited["type"] == "invoice_item":
        source = account.collections[rules.ITEM_KIND].objects.get(credited["invoice_item"])
        if source is None:
            return 0, []
        return source["amount"], source["proration_details"]["discount_amounts"]
    details = credited["invoice_line_item_details"]
    invoice = account.collections[rules.KIND].objects.get(details["invoice"])
    if invoice is None:
        return 0, []
    for line in rules.lines_of(account, invoice)[0]:
        if line["id"] in details["invoice_line_items"]:
            return line["amount"], line["discount_amounts"]
    return 0, []


def _credit_discounts(account: Account, credited: dict | None, amount: int) -> list[dict]:
    if credited is None:
        return []
    gross, taken = _debited(account, credited)
    if gross <= 0:
        return []
    out = [{"amount": -round_half_up(Decimal(entry["amount"]) * -amount / gross),
            "discount": entry["discount"]} for entry in taken]
    return [entry for entry in out if entry["amount"]]


def _debit_discounts(account: Account, sub: dict, item: dict, amount: int,
                     at: int) -> list[dict]:
    own = redeem.in_effect(account, item["discounts"] or [], at)
    shared = redeem.in_effect(account, sub["discounts"] or [], at)
    if not own and not shared:
        return []
    full = period_amount(account, item)
    share = Decimal(amount) / full if full else Decimal(0)

    def scaled(ids: list[str]) -> tuple[discount_math.Discount, ...]:
        return tuple(d if d.amount_off is None
                     else d._replace(amount_off=round_half_up(d.amount_off * share))
                     for d in redeem.for_math(account, ids, sub["currency"]))

    line = discount_math.Line(amount, True, scaled(own), item["price"]["product"])
    [taken] = discount_math.apply([line], scaled(shared))
    return [{"amount": a, "discount": d} for d, a in (*taken.own, *taken.shared) if a]


def proration_item(account: Account, sub: dict, item: dict, amount: int, credit: bool,
                   at: int, end: int) -> dict:
    """A pending invoice item for unused (credit) or remaining (debit) time on the item from
    `at` to `end`, at the item's price and quantity, with what its discounts take."""
    template = M.PRORATION_UNUSED if credit else M.PRORATION_REMAINING
    description = template.format(quantity=item["quantity"],
                                  product=product_name(account, item["price"]), date=day(at))
    price = item["price"]
    details: dict[str, Any] = {"credited_items": None, "discount_amounts": []}
    if credit:
        details["credited_items"] = credited_items(account, item["id"])
        details["discount_amounts"] = _credit_discounts(account, details["credited_items"],
                                                        amount)
    else:
        details["discount_amounts"] = _debit_discounts(account, sub, item, amount, at)
    taken = details["discount_amounts"]
    obj = {
        "id": account.new_id(rules.ITEM_KIND, "ii"),
        "object": "invoiceitem",
        "amount": amount,
        "currency": sub["currency"],
        "customer": sub["customer"],
        "customer_account": None,
        "date": now_for(account, sub["customer"]),
        "description": description,
        "discountable": False,
        "discounts": [entry["discount"] for entry in taken],
        "invoice": None,
        "livemode": account.livemode,
        "metadata": {},
        "net_amount": amount - sum(entry["amount"] for entry in taken),
        "parent": {"type": "subscription_details",
                   "subscription_details": {"subscription": sub["id"],
                                            "subscription_item": item["id"]}},
        "period": {"end": end, "start": at},
        "pricing": {"price_details": {"price": price["id"], "product": price["product"]},
                    "type": "price_details", "unit_amount_decimal": price["unit_amount_decimal"]},
        "proration": True,
        "proration_details": details,
        "quantity": item["quantity"],
        "quantity_decimal": str(item["quantity"]),
        "tax_rates": item["tax_rates"] or [],
        "test_clock": sub["test_clock"],
    }
    return account.create(rules.ITEM_KIND, obj)
