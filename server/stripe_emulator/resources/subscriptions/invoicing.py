"""The invoices a subscription makes: its items' lines for a period, the pending items it
sweeps (prorations above all), the proration items themselves, and charging the invoice as
`payment_behavior` says."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from ... import messages as M
from ...billing import currencies, money, proration, tiers
from ...clocks import now_for
from ...errors import CardError, InvalidRequestError, StripeError
from ...store.memory import Account
from .. import prices
from ..discounts import redeem
from ..invoices import rules
from ..invoices import status as invoice_status
from ..invoices.drafts import new_invoice
from . import item_discounts
from .declared import items_of, natural_period

# The last debit of each subscription item (a subscription line, or a proration item): what
# a later credit for unused time credits ("the original amount previously debited").
BILLED = "_subscription_item_billed"


def product_name(account: Account, price: dict) -> str:
    product = account.record("product", price["product"])
    return product["name"] if product is not None else price["product"]


def _unit(account: Account, price: dict) -> str:
    """' user': the product's unit label as a line names its quantity ("1 user x …",
    recorded 2025-10-29.clover), or nothing."""
    product = account.record("product", price["product"])
    label = product and product.get("unit_label")
    return f" {label}" if label else ""


def _tier_charges(account: Account, item: dict) -> list[tiers.TierCharge]:
    price = item["price"]
    return tiers.charges(prices.tiers_of(account, price) or [], price["tiers_mode"],
                         item["quantity"])


def period_amount(account: Account, item: dict) -> Decimal:
    """What the item costs for a whole period, before rounding: its price's unit amount times
    its (transformed) quantity, or what its tiers make of the quantity."""
    price = item["price"]
    if price["billing_scheme"] == "tiered":
        return sum((c.amount for c in _tier_charges(account, item)), Decimal(0))
    units = tiers.transformed(item["quantity"], price["transform_quantity"])
    return Decimal(price["unit_amount_decimal"]) * units


def _price_display(price: dict) -> str:
    return currencies.display(int(Decimal(price["unit_amount_decimal"])), price["currency"])


def day(ts: int) -> str:
    """`16 Apr 2026`, as proration descriptions write a date."""
    return datetime.fromtimestamp(ts, UTC).strftime("%d %b %Y")


def line(account: Account, sub: dict, item: dict, amount: int | None = None,
         description: str | None = None, period: tuple[int, int] | None = None,
         proration: bool = False) -> dict:
    """One subscription line (an item-shaped record `lines_of` renders): by default the item
    for its current period at its price."""
    price, quantity = item["price"], item["quantity"]
    if amount is None:
        amount = money.round_half_up(period_amount(account, item))
    if description is None:
        description = M.SUBSCRIPTION_LINE.format(
            quantity=quantity, unit=_unit(account, price), product=product_name(account, price),
            amount=_price_display(price), interval=price["recurring"]["interval"])
    start, end = period or (item["current_period_start"], item["current_period_end"])
    made = {
        "id": account.new_id(rules.LINES, "sl", 24),
        "amount": amount, "currency": price["currency"], "description": description,
        "discountable": True, "livemode": sub["livemode"], "metadata": sub["metadata"],
        "period": {"end": end, "start": start},
        "pricing": {"price_details": {"price": price["id"], "product": price["product"]},
                    "type": "price_details", "unit_amount_decimal": price["unit_amount_decimal"]},
        "proration": proration,
        "quantity": quantity, "quantity_decimal": str(quantity),
        "tax_rates": item["tax_rates"] or [],
        "subscription": sub["id"], "subscription_item": item["id"],
    }
    if item["discounts"]:  # the item's own, for its lines only
        made["discounts"] = redeem.in_effect(account, item["discounts"],
                                             now_for(account, sub["customer"]))
    return made


def period_lines(account: Account, sub: dict, items: list[dict] | None = None,
                 prorate_cut: bool = True) -> list[dict]:
    """The items (by default all of them) for their current period (free, for the period a
    trial is). A period a cancellation cuts short bills its share of a whole one (a final
    period's always: "proration occurs in the upcoming invoice when cancel_at is in a future
    cycle", as one made at creation unless `prorate_cut` is false, as with
    `proration_behavior=none`)."""
    out = []
    for item in items_of(account, sub) if items is None else items:
        if sub["trial_end"] is not None and item["current_period_end"] <= sub["trial_end"]:
            out.append(line(account, sub, item, 0, M.SUBSCRIPTION_TRIAL_LINE.format(
                product=product_name(account, item["price"]))))
            continue
        lines = item_lines(account, sub, item)
        whole = cut_short(sub, item) if prorate_cut else None
        if whole is not None:
            for made in lines:
                made["amount"] = proration.between(
                    Decimal(made["amount"]), 1, *whole, item["current_period_start"],
                    item["current_period_end"])
        out += lines
    return out


def cut_short(sub: dict, item: dict) -> tuple[int, int] | None:
    """The whole period of the item's current one, when a cancellation cuts it short."""
    if sub["cancel_at"] != item["current_period_end"]:
        return None
    start, end = natural_period(sub, item["price"], item["current_period_start"])
    return (start, end) if end > item["current_period_end"] else None


def item_lines(account: Account, sub: dict, item: dict,
               period: tuple[int, int] | None = None) -> list[dict]:
    """The item's lines for a whole period (by default its current one): one at its price,
    or a tiered price's."""
    if item["price"]["billing_scheme"] == "tiered":
        return _tier_lines(account, sub, item, period)
    return [line(account, sub, item, period=period)]


def _tier_lines(account: Account, sub: dict, item: dict,
                period: tuple[int, int] | None = None) -> list[dict]:
    """A tiered item's lines: one for a volume price, one per tier reached for a graduated
    one (each with its units, its tier's unit amount and flat amount)."""
    price = item["price"]
    out = []
    for charge in _tier_charges(account, item):
        described = M.SUBSCRIPTION_TIER_LINE.format(
            quantity=charge.units, product=product_name(account, price), tier=charge.tier,
            amount=currencies.display(int(charge.unit_amount), price["currency"]),
            interval=price["recurring"]["interval"])
        if charge.flat_amount:
            described += M.SUBSCRIPTION_TIER_FLAT.format(amount=currencies.display(
                int(charge.flat_amount), price["currency"]))
        made = line(account, sub, item, money.round_half_up(charge.amount), described, period)
        made.update(quantity=charge.units, quantity_decimal=str(charge.units))
        made["pricing"] = {**made["pricing"],
                           "unit_amount_decimal": money.decimal_string(charge.unit_amount)}
        out.append(made)
    return out


def pending_of(account: Account, sub: dict) -> list[dict]:
    """The customer's pending items a subscription invoice takes, newest first: the
    subscription's own (prorations) and those of no subscription, in its currency."""
    coll = account.collections[rules.ITEM_KIND]
    out = []
    for item_id in coll.indexes["pending"].ids(sub["customer"]):
        item = coll.objects[item_id]
        parent = item["parent"]
        if item["currency"] == sub["currency"] and (
                parent is None or parent["subscription_details"]["subscription"] == sub["id"]):
            out.append(item)
    return list(reversed(out))


def make_invoice(account: Account, sub: dict, reason: str, lines: list[dict] | None = None,
                 invoice_id: str | None = None, items: list[dict] | None = None) -> dict:
    """The subscription's invoice (a draft, finalizing itself an hour later): its pending items
    and `lines` (by default, its items for their current period)."""
    params: dict[str, Any] = {"customer": sub["customer"], "currency": sub["currency"],
                              "collection_method": sub["collection_method"],
                              "auto_advance": sub["status"] != "unpaid"}
    if sub["collection_method"] == "send_invoice":
        params["days_until_due"] = sub["days_until_due"]
    if sub["default_payment_method"]:
        params["default_payment_method"] = sub["default_payment_method"]
    # Built whole before it is stored: its invoice.created shows its lines and totals.
    invoice = new_invoice(account, params, None, invoice_id=invoice_id, preview=True)
    invoice.update({
        "billing_reason": reason,
        "default_tax_rates": sub["default_tax_rates"],
        "parent": {"quote_details": None, "type": "subscription_details",
                   "subscription_details": {"metadata": sub["metadata"],
                                            "subscription": sub["id"]}},
        "rendering": None,  # a subscription's own invoices have none (recorded, clover)
    })
    types = sub["payment_settings"]["payment_method_types"]
    if types:
        invoice["payment_settings"] = {**invoice["payment_settings"],
                                       "payment_method_types": list(types)}
    invoice_id = invoice["id"]
    invoice["discounts"] = redeem.in_effect(account, sub["discounts"], invoice["created"])
    swept = pending_of(account, sub)
    if swept:
        rules.add_lines(account, invoice_id, [item["id"] for item in swept])
    made = period_lines(account, sub, items) if lines is None else lines
    rules.add_subscription_lines(account, invoice_id, made)
    invoice = account.create(rules.KIND, rules.refresh(account, invoice, swept))
    for item in swept:
        account.update(rules.ITEM_KIND, item, {**item, "invoice": invoice_id})
    _record_debits(account, invoice, swept, made)
    return invoice


def _record_debits(account: Account, invoice: dict, swept: list[dict],
                   made: list[dict]) -> None:
    """Each item's latest debit on the invoice (its lines of the latest period billed: a
    period's, a graduated tier's several, a proration's), as a later credit credits it: the
    invoice's lines, with what its discounts took from them."""
    latest: dict[str, tuple[dict, list[str]]] = {}  # item -> (period, line ids)
    debits = [(item["parent"]["subscription_details"].get("subscription_item"), item)
              for item in swept if item["parent"] is not None and item["amount"] > 0]
    debits += [(line["subscription_item"], line) for line in made if line["amount"] > 0]
    for item_id, debit in debits:
        if item_id is None:  # a one-off item of the subscription's
            continue
        period, line_id = debit["period"], "il_" + debit["id"][3:]
        known = latest.get(item_id)
        if known is None or period["end"] > known[0]["end"]:
            latest[item_id] = (period, [line_id])
        elif period["end"] == known[0]["end"]:
            start = min(known[0]["start"], period["start"])
            latest[item_id] = ({"end": period["end"], "start": start}, [*known[1], line_id])
    if not latest:
        return
    shown = {line["id"]: line for line in invoice["lines"]["data"]}
    if any(i not in shown for _, ids in latest.values() for i in ids):
        shown = {line["id"]: line for line in rules.lines_of(account, invoice)[0]}
    for item_id, (period, ids) in latest.items():
        lines = [shown[i] for i in ids]
        billed(account, item_id, {"type": "invoice_line_items", "invoice_line_item_details": {
            "invoice": invoice["id"], "invoice_line_items": ids}},
            sum(line["amount"] for line in lines),
            rules.sum_by_discount(e for line in lines for e in line["discount_amounts"]),
            period)


def invoiced(account: Account, sub: dict, invoice: dict) -> dict[str, Any]:
    """What a new invoice changes on its subscription: its `latest_invoice`, and its
    discounts (a `once` one is used up by the first invoice it applies to, a repeating one
    that has ended goes; the invoices that had them keep them)."""
    changes: dict[str, Any] = {"latest_invoice": invoice["id"],
                               **item_discounts.after_invoice(account, sub, invoice)}
    if sub["discounts"]:
        changes["discounts"] = [
            d for d in redeem.in_effect(account, sub["discounts"], invoice["created"])
            if not (d in invoice["discounts"] and redeem.used_once(account, d))]
    return changes


def billed(account: Account, item_id: str, credited: dict, amount: int,
           discount_amounts: list[dict], period: dict) -> None:
    """The item's latest debit (`credited`, as a credit's `credited_items` names it), with its
    gross amount, what its discounts took and the period it paid for, as it was billed."""
    account.put(BILLED, {"id": item_id, "credited_items": credited, "amount": amount,
                         "discount_amounts": discount_amounts, "period": period})


def charge(account: Account, invoice: dict, behavior: str, off_session: bool = False,
           first: bool = False) -> dict:
    """Finalize the invoice and, unless `default_incomplete`, attempt its payment; a failed
    attempt stays on the invoice (402 instead, and nothing kept, for error_if_incomplete; a
    `first` invoice with no method to charge is refused too, as Stripe refuses to create a
    subscription that could not be paid). `off_session`: whether the customer is away; a
    request's attempt is on-session unless it says otherwise ("Defaults to false"), Stripe's
    own later attempts are off-session."""
    invoice = invoice_status.finalize(account, invoice, refreshed=True)
    if invoice["status"] != "paid" and behavior != "default_incomplete":
        try:
            invoice = invoice_status.pay(account, invoice, {"off_session": off_session})
        except StripeError as err:
            if behavior == "error_if_incomplete" or (
                    first and err.code == invoice_status.NO_PAYMENT_METHOD):
                err.keeps_changes = False  # "doesn't create a Subscription": nothing is kept
                raise
            if not isinstance(err, CardError | InvalidRequestError):
                raise
            invoice = account.collections[rules.KIND].objects[invoice["id"]]
            if not invoice["attempted"]:  # no payment method to try: an attempt all the same
                invoice = rules.save(account, invoice, {**invoice, "attempted": True,
                                                        "attempt_count": 1})
                account.announce("invoice.payment_failed", invoice)
    return invoice
