"""Proration items: a pending invoice item for the unused time on an item's old terms (a
credit) or the remaining time on its new ones (a debit), and what discounts take from each.

Subscriptions here bill in flexible mode. What discounts take of a proration is settled when
it is made (`proration_details.discount_amounts`: "Discount amounts applied when the proration
was created"), and the invoice that takes it shows it as it is. With
`proration_discounts=itemized`, "the proration amount properties show gross amounts before
discounts are applied, and discount amounts include the actual applied discount amounts";
by default (`included`, as every recording shows), the amount is net of them and "the
proration discount properties include discount IDs, but discount amounts are 0" (changelog,
2025-09-30). What they take, either way:
- a debit takes the share the item's own discounts and the subscription's would take of its
  period line on an invoice of all the items (an amount off split among them as there), in the
  proportion the debit is of that line (inferred);
- a credit gives back the same share of what the discounts took from the debit it credits
  ("Flexible billing mode calculates credit prorations based on the original amount previously
  debited"): negative amounts, so the credit is what was paid for the time left.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from ... import messages as M
from ...billing import discounts as discount_math
from ...billing import proration
from ...billing.money import round_half_up
from ...clocks import now_for
from ...store.memory import Account
from ..discounts import redeem
from ..invoices import rules
from .declared import items_of
from .invoicing import BILLED, billed, day, period_amount, product_name

INCLUDED = "included"  # proration_discounts: the default, prorations net of their discounts


class Proration(NamedTuple):
    """What a change prorates: `amount` (negative, a `credit`) for the item's time from
    `start` to `end`."""
    item: dict
    amount: int
    credit: bool
    start: int
    end: int


def _credit_discounts(account: Account, item_id: str, amount: int,
                      ) -> tuple[dict | None, list[dict]]:
    """The debit a credit of `amount` on the item credits (`credited_items`), and the same
    share of what the discounts took from it, given back."""
    record = account.record(BILLED, item_id)
    if record is None:
        return None, []
    gross, taken = _debited(account, record)
    if gross <= 0:
        return record["credited_items"], []
    # (each discount named, though it took nothing of this: `included` shows them all)
    return record["credited_items"], [
        {"amount": -round_half_up(Decimal(entry["amount"]) * -amount / gross),
         "discount": entry["discount"]} for entry in taken]


def _debited(account: Account, record: dict) -> tuple[int, list[dict]]:
    """(gross amount, discount amounts) of the debit the record names, as it was billed."""
    if "amount" in record:
        return record["amount"], record["discount_amounts"]
    # a record kept before the amounts were (an older file): the debit read again
    credited = record["credited_items"]
    if credited["type"] == "invoice_item":
        source = account.collections[rules.ITEM_KIND].objects.get(credited["invoice_item"])
        return (0, []) if source is None else (source["amount"], [])
    details = credited["invoice_line_item_details"]
    invoice = account.collections[rules.KIND].objects.get(details["invoice"])
    for line in rules.lines_of(account, invoice)[0] if invoice is not None else ():
        if line["id"] in details["invoice_line_items"]:
            return line["amount"], line["discount_amounts"]
    return 0, []


def _debit_discounts(account: Account, sub: dict, item: dict, amount: int,
                     at: int) -> list[dict]:
    """What the discounts take from a debit: the share they would take of the item's period
    line on an invoice of all the subscription's items (an amount off split among them as a
    period invoice splits it), in the proportion the debit is of that line."""
    items = [item if each["id"] == item["id"] else each for each in items_of(account, sub)]
    if item["id"] not in {each["id"] for each in items}:
        items.append(item)
    shared = redeem.in_effect(account, sub["discounts"] or [], at)
    owns = [redeem.in_effect(account, each["discounts"] or [], at) for each in items]
    if not shared and not any(owns):
        return []
    currency = sub["currency"]
    lines = [discount_math.Line(round_half_up(period_amount(account, each)), True,
                                redeem.for_math(account, own, currency),
                                each["price"]["product"])
             for each, own in zip(items, owns, strict=True)]
    index = [each["id"] for each in items].index(item["id"])
    taken = discount_math.apply(lines, redeem.for_math(account, shared, currency))[index]
    full = lines[index].amount
    if full <= 0:
        return []
    out = [{"amount": round_half_up(Decimal(a) * amount / full), "discount": d}
           for d, a in (*taken.own, *taken.shared)]
    return [entry for entry in out if entry["amount"]]


def credit_amount(account: Account, item: dict, start: int, end: int, at: int,
                  until: int | None = None) -> int:
    """What a credit for the item's time from `at` (to `until`, by default to the end of
    what was paid) gives back: that share of the debit that paid for it ("credit prorations
    use the original debited amount instead of current subscription values"), or, with none
    on record for the time, of its period [start, end) at its price."""
    record = account.record(BILLED, item["id"])
    paid = record and record.get("period")
    if paid and paid["start"] <= at < paid["end"]:
        return proration.between(Decimal(record["amount"]), 1, paid["start"], paid["end"],
                                 at, min(until or paid["end"], paid["end"]))
    return proration.between(period_amount(account, item), 1, start, end, at, until or end)


def add(account: Account, sub: dict, made: list[Proration]) -> None:
    """The pending invoice items of a change's prorations."""
    for entry in made:
        proration_item(account, sub, entry.item, entry.amount, entry.credit, entry.start,
                       entry.end)


def proration_item(account: Account, sub: dict, item: dict, amount: int, credit: bool,
                   at: int, end: int, settled: bool = True) -> dict:
    """A pending invoice item for unused (credit) or remaining (debit) time on the item from
    `at` to `end`, at the item's price and quantity, with what its discounts take (`settled`:
    taken now; else, as for a first invoice's partial period, the invoice that takes it
    discounts it as any line)."""
    template = M.PRORATION_UNUSED if credit else M.PRORATION_REMAINING
    product = product_name(account, item["price"])
    # "Unused time on Gold plan after …" for one (recorded 2020 and 2025-10-29.clover)
    what = product if item["quantity"] == 1 else M.QUANTITY_OF.format(
        quantity=item["quantity"], product=product)
    description = template.format(what=what, date=day(at))
    price = item["price"]
    details: dict[str, Any] = {"credited_items": None, "discount_amounts": []}
    if credit:
        details["credited_items"], details["discount_amounts"] = _credit_discounts(
            account, item["id"], amount)
    elif settled:
        details["discount_amounts"] = _debit_discounts(account, sub, item, amount, at)
    taken = details["discount_amounts"]
    obj_id = account.new_id(rules.ITEM_KIND, "ii")
    if not credit:  # what a later credit of the item credits, while it is pending
        billed(account, item["id"], {"type": "invoice_item", "invoice_item": obj_id}, amount,
               taken, {"end": end, "start": at})
    if sub["billing_mode"]["flexible"]["proration_discounts"] == INCLUDED:
        amount -= sum(entry["amount"] for entry in taken)
        taken = details["discount_amounts"] = [{**entry, "amount": 0} for entry in taken]
    else:
        taken = details["discount_amounts"] = [entry for entry in taken if entry["amount"]]
    obj = {
        "id": obj_id,
        "object": "invoiceitem",
        "amount": amount,
        "currency": sub["currency"],
        "customer": sub["customer"],
        "customer_account": None,
        "date": now_for(account, sub["customer"]),
        "description": description,
        "discountable": not settled,
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
