"""Invoices' rules: lines and totals from invoice items, the customer snapshot, the status
machine, numbering, the credit balance at finalization, paying, voiding.

Kept apart from the routes so that invoice items and customers (whose changes show on draft
invoices) can use them without importing each other.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any

from ...billing import credit_balance, money
from ...billing import discounts as discount_math
from ...errors import no_such
from ...store.memory import Account
from ..discounts import redeem

KIND = "invoice"
ITEM_KIND = "invoiceitem"
LINES_SHOWN = 10  # an invoice embeds its first lines; the rest come from /lines

# Lines and totals ---------------------------------------------------------------------------

def item_of_line(account: Account, invoice: dict, line_id: str, param: str) -> dict:
    """The invoice item behind one of the invoice's lines (`il_X` shows item `ii_X`)."""
    item = account.collections[ITEM_KIND].get("ii_" + line_id[3:]) if line_id[:3] == "il_" \
        else None
    if item is None or item["invoice"] != invoice["id"]:
        raise no_such("line item", line_id, param, 400)
    return item


def items_of(account: Account, invoice_id: str) -> list[dict]:
    """The invoice's items, in line order."""
    coll = account.collections[ITEM_KIND]
    return [coll.objects[i] for i in line_ids(account, invoice_id) if i in coll.objects]


# What an invoice keeps that its API object does not show: its items in line order, and the
# fields set on the invoice itself (which then stop following the customer's settings).
LINES = "_invoice_lines"


def _lines_record(account: Account, invoice_id: str) -> dict:
    return account.record(LINES, invoice_id) or {"id": invoice_id, "items": [], "overrides": []}


def line_ids(account: Account, invoice_id: str) -> list[str]:
    record = account.record(LINES, invoice_id)
    return record["items"] if record is not None else []


def add_lines(account: Account, invoice_id: str, item_ids: list[str]) -> None:
    record = _lines_record(account, invoice_id)
    account.put(LINES, {**record, "items": [*record["items"], *item_ids]})


def remove_line(account: Account, invoice_id: str, item_id: str) -> None:
    record = _lines_record(account, invoice_id)
    account.put(LINES, {**record, "items": [i for i in record["items"] if i != item_id]})


def subscription_lines(account: Account, invoice_id: str) -> list[dict]:
    """The lines a subscription bills on the invoice (its items for a period), in order."""
    record = account.record(LINES, invoice_id)
    return record.get("subscription_lines", []) if record is not None else []


def add_subscription_lines(account: Account, invoice_id: str, lines: list[dict]) -> None:
    """Lines of a subscription's items: each an item-shaped record (`sl_…`, amount, period,
    pricing, quantity, tax rates) naming its subscription and subscription item."""
    record = _lines_record(account, invoice_id)
    account.put(LINES, {**record, "subscription_lines": [
        *record.get("subscription_lines", []), *lines]})


def overridden(account: Account, invoice_id: str) -> list[str]:
    record = account.record(LINES, invoice_id)
    return record["overrides"] if record is not None else []


def override(account: Account, invoice_id: str, fields: set[str]) -> None:
    record = _lines_record(account, invoice_id)
    if not fields <= set(record["overrides"]):
        account.put(LINES, {**record, "overrides": sorted({*record["overrides"], *fields})})


def _rates(rates: list[dict]) -> list[money.Rate]:
    return [money.Rate(r["id"], Decimal(str(r["percentage"])), r["inclusive"]) for r in rates]


def tax_entries(taxes: Any, charged_reason: str = "not_available") -> list[dict]:
    """Stripe's tax entries from (rate id, inclusive, amount, taxable amount, exempt reason)."""
    return [{"amount": t[2], "tax_behavior": "inclusive" if t[1] else "exclusive",
             "tax_rate_details": {"tax_rate": t[0]},
             "taxability_reason": t[4] or charged_reason, "taxable_amount": t[3],
             "type": "tax_rate_details"} for t in taxes]


def _line(item: dict, invoice: dict, totals: money.LineTotals) -> dict:
    return {
        "id": "il_" + item["id"][3:],  # one line per item, with an id that stays put
        "object": "line_item",
        "amount": item["amount"],
        "currency": item["currency"],
        "description": item["description"],
        "discount_amounts": [],
        "discountable": item["discountable"],
        "discounts": [],
        "invoice": invoice["id"],
        "livemode": item["livemode"],
        "metadata": item["metadata"],
        "parent": {
            "type": "invoice_item_details",
            "invoice_item_details": {"invoice_item": item["id"], "proration": False,
                                     "proration_details": {"credited_items": None},
                                     "subscription": None},
            "subscription_item_details": None,
        },
        "period": item["period"],
        "pretax_credit_amounts": [],
        "pricing": item["pricing"],
        "quantity": item["quantity"],
        "quantity_decimal": item["quantity_decimal"],
        "subscription": None,
        "subtotal": item["amount"],
        "taxes": tax_entries(totals.taxes),
    }


def _item_details(invoice_item: str | None, proration: bool, credited: dict | None,
                  subscription: str, subscription_item: str) -> dict:
    return {"type": "subscription_item_details", "invoice_item_details": None,
            "subscription_item_details": {
                "invoice_item": invoice_item, "proration": proration,
                "proration_details": {"credited_items": credited},
                "subscription": subscription, "subscription_item": subscription_item}}


def _product_of(item: dict) -> str | None:
    details = item["pricing"].get("price_details") if item.get("pricing") else None
    return details and details["product"]


def settled(item: dict) -> tuple[tuple[str, int], ...]:
    """What a proration's discounts took when it was made (its `proration_details`)."""
    details = item.get("proration_details")
    return tuple((d["discount"], d["amount"]) for d in details["discount_amounts"]) \
        if details else ()


def _discounted(account: Account, invoice: dict, items: list[dict],
                ) -> list[discount_math.Taken] | None:
    """What the discounts take from each line (None when nothing is discounted)."""
    if not invoice["discounts"] and not any(item.get("discounts") for item in items):
        return None
    currency = invoice["currency"]
    lines = [discount_math.Line(item["amount"], item["discountable"],
                                redeem.for_math(account, item.get("discounts") or (), currency),
                                _product_of(item), settled(item)) for item in items]
    return discount_math.apply(lines, redeem.for_math(account, invoice["discounts"], currency))


def _discount_entries(taken: discount_math.Taken) -> tuple[list[dict], list[dict]]:
    """A line's `discount_amounts` and `pretax_credit_amounts`."""
    pairs = [*taken.own, *taken.shared]
    return ([{"amount": a, "discount": d} for d, a in pairs],
            [{"amount": a, "credit_balance_transaction": None, "discount": d,
              "type": "discount"} for d, a in pairs])


def sum_by_discount(entries: Iterable[dict]) -> list[dict]:
    """`{amount, discount}` entries summed per discount, in the order first met (an invoice's
    or a credit note's totals from its lines')."""
    sums: dict[str, int] = {}
    for entry in entries:
        sums[entry["discount"]] = sums.get(entry["discount"], 0) + entry["amount"]
    return [{"amount": a, "discount": d} for d, a in sums.items()]


def total_discounts(lines: list[dict]) -> tuple[list[dict], list[dict]]:
    """An invoice's `total_discount_amounts` and `total_pretax_credit_amounts`, from its
    lines."""
    totals = sum_by_discount(e for line in lines for e in line["discount_amounts"])
    return totals, [{**t, "credit_balance_transaction": None, "type": "discount"}
                    for t in totals]


def lines_of(account: Account, invoice: dict, items: list[dict] | None = None,
             ) -> tuple[list[dict], money.InvoiceTotals]:
    """The invoice's line items and totals (from `items`, or the items on the invoice):
    discounts first, then taxes on what they leave."""
    exempt = invoice["customer_tax_exempt"] or "none"
    lines, totals, before = [], [], []
    sources = items_of(account, invoice["id"]) if items is None else items
    every = [*sources, *subscription_lines(account, invoice["id"])]
    discounted = _discounted(account, invoice, every)
    for n, item in enumerate(every):
        rates = _rates(item["tax_rates"] or invoice["default_tax_rates"])
        taken = discounted[n] if discounted is not None else None
        if taken is None or not taken.total:
            line_totals = money.line_taxes(item["amount"], rates, exempt)
            own = line_totals
        else:
            line_totals = money.line_taxes(item["amount"] - taken.total, rates, exempt)
            own = money.line_taxes(item["amount"] - taken.own_total, rates, exempt)
        totals.append(line_totals)
        before.append(own)
        line = _line(item, invoice, line_totals)
        if taken is not None:
            line["discount_amounts"], line["pretax_credit_amounts"] = _discount_entries(taken)
            line["discounts"] = list(item.get("discounts") or [])
        if "subscription_item" in item:  # a subscription's item, not an invoice item
            line["parent"] = _item_details(None, item["proration"], None,
                                           item["subscription"], item["subscription_item"])
            line["subscription"] = item["subscription"]
        elif item["parent"] is not None:  # a subscription's invoice item
            details = item["parent"]["subscription_details"]
            if "subscription_item" in details:  # a proration, of that item
                credited = (item.get("proration_details") or {}).get("credited_items")
                if credited is not None:
                    credited = credited.get("invoice_line_item_details")
                line["parent"] = _item_details(item["id"], item["proration"], credited,
                                               details["subscription"],
                                               details["subscription_item"])
            else:  # a one-off item it added (`add_invoice_items`)
                line["parent"]["invoice_item_details"]["subscription"] = details["subscription"]
            line["subscription"] = details["subscription"]
        lines.append(line)
    return lines, money.invoice_totals(totals, before)


def list_of_lines(invoice_id: str, lines: list[dict]) -> dict:
    return {"object": "list", "data": lines[:LINES_SHOWN], "has_more": len(lines) > LINES_SHOWN,
            "total_count": len(lines), "url": f"/v1/invoices/{invoice_id}/lines"}


def _snapshot(account: Account, customer: dict) -> dict[str, Any]:
    tax_ids = account.collections["tax_id"]
    return {
        "customer_address": customer["address"],
        "customer_email": customer["email"],
        "customer_name": customer["name"],
        "customer_phone": customer["phone"],
        "customer_shipping": customer["shipping"],
        "customer_tax_exempt": customer["tax_exempt"],
        "customer_tax_ids": [{"type": t["type"], "value": t["value"]}
                             for t in tax_ids.under(customer["id"])],
    }


def refresh(account: Account, invoice: dict, items: list[dict] | None = None) -> dict:
    """A draft as it now reads: the live customer's details, its lines, its totals."""
    new = dict(invoice)
    if new["status"] == "draft":
        customer = account.collections["customer"].get(new["customer"])
        if customer is not None:
            new.update(_snapshot(account, customer))
            own = overridden(account, new["id"])
            for field in ("footer", "custom_fields"):
                if field not in own:
                    new[field] = customer["invoice_settings"][field]
            new["starting_balance"] = credit_balance.balance_in(
                account, customer["id"], new["currency"])
    lines, totals = lines_of(account, new, items)
    new["lines"] = list_of_lines(new["id"], lines)
    new["subtotal"] = totals.subtotal
    new["subtotal_excluding_tax"] = totals.subtotal_excluding_tax
    new["total"] = totals.total
    new["total_excluding_tax"] = totals.total_excluding_tax
    new["total_taxes"] = tax_entries(totals.total_taxes)
    new["total_discount_amounts"], new["total_pretax_credit_amounts"] = total_discounts(lines)
    if new["status"] == "draft":
        new["amount_due"] = max(totals.total, 0)
        new["amount_remaining"] = new["amount_due"]
    return new


def save(account: Account, old: dict, new: dict, changed: Collection[str] | None = None) -> dict:
    return account.update(KIND, old, new, changed)


def refresh_drafts_of(account: Account, customer_id: str) -> None:
    """A customer change shows on its draft invoices (they follow it until finalized)."""
    coll = account.collections[KIND]
    for invoice_id in list(coll.indexes["drafts"].ids(customer_id)):
        invoice = coll.objects[invoice_id]
        save(account, invoice, refresh(account, invoice))


# Changes that show on a customer's drafts: the customer itself, its tax IDs, its balance.
FOLLOWED = {"customer.updated": "id", "tax_id.created": "customer",
             "tax_id.deleted": "customer", "customer_balance_transaction.created": "customer"}


# The customer's fields a draft shows (a change of its next invoice number shows on none).
_SHOWN = frozenset({"address", "email", "name", "phone", "shipping", "tax_exempt",
                    "invoice_settings", "balance"})


def follow_customer(account: Account, event_type: str, obj: dict, previous: dict | None) -> None:
    """Store listener: keeps draft invoices in step with their customer."""
    key = FOLLOWED.get(event_type)
    if key is None or not obj.get(key):
        return
    if event_type == "customer.updated" and previous is not None and _SHOWN.isdisjoint(previous):
        return
    refresh_drafts_of(account, obj[key])


def refresh_by_id(account: Account, invoice_id: str | None) -> None:
    if invoice_id is None:
        return
    invoice = account.collections[KIND].get(invoice_id)
    if invoice is not None and invoice["status"] == "draft":
        save(account, invoice, refresh(account, invoice))


# Status changes ---------------------------------------------------------------------------
