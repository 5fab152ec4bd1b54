"""Invoice items: `/v1/invoiceitems`. Pending until an invoice takes them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ... import messages as M
from ...api.metadata import merge_metadata, updated
from ...api.params import (
    Amount,
    Bool,
    Created,
    Currency,
    Enum,
    Expand,
    Int,
    List,
    ListParams,
    Metadata,
    Nested,
    NotYet,
    Number,
    Params,
    Str,
    Timestamp,
)
from ...billing import discounts as discount_math
from ...billing import money
from ...billing.money import AMOUNT_MAX
from ...clocks import now_for
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from .. import currency_rule, prices, tax_rates
from ..customers import CUSTOMERS
from ..discounts import customer_discount, redeem
from ..price_params import TAX_BEHAVIORS
from . import rules
from . import status as invoice_status
from .declared import INVOICE_ITEMS
from .drafts import billed_subscription


class PeriodParams(Params):
    start = Timestamp(required=True)
    end = Timestamp(required=True)


class ItemPriceParams(Params):
    price = Str(max_length=5000, required=True)


class ItemPriceDataParams(Params):
    currency = Currency(required=True)
    product = Str(max_length=5000, required=True)
    unit_amount = Amount()
    unit_amount_decimal = Number(places=12)
    tax_behavior = Enum(*TAX_BEHAVIORS)


class ItemFieldsParams(Params):
    """What an item, an invoice line and a preview's item all take."""

    amount = Amount()
    description = Str(max_length=5000, unsettable=True)
    discountable = Bool()
    discounts = List(Nested(redeem.DiscountParams), unsettable=True)
    metadata = Metadata()
    period = Nested(PeriodParams)
    price_data = Nested(ItemPriceDataParams)
    pricing = Nested(ItemPriceParams)
    quantity = Int(minimum=0, maximum=AMOUNT_MAX)
    quantity_decimal = Number(minimum=0, places=12)
    tax_rates = List(Str(max_length=5000), unsettable=True)


class ItemPricingParams(ItemFieldsParams):
    tax_behavior = NotYet()
    tax_code = NotYet()
    unit_amount_decimal = Number(places=12)
    expand = Expand()


class InvoiceItemCreateParams(ItemPricingParams):
    customer = Str(max_length=5000, required=True)
    customer_account = NotYet()
    currency = Currency()
    invoice = Str(max_length=5000)
    subscription = Str(max_length=5000)


class InvoiceItemUpdateParams(ItemPricingParams):
    invoicing_rules = NotYet()


class InvoiceItemListParams(ListParams):
    created = Created()
    customer = Str()
    customer_account = NotYet()
    invoice = Str()
    pending = Bool()


def _exclusive(p: dict, *names: str) -> None:
    given = [n for n in names if n in p]
    if len(given) > 1:
        raise InvalidRequestError(
            M.EXCLUSIVE_PARAMS.format(params=", ".join(given)),
            code="parameters_exclusive", param=given[1])


def price_of(account: Account, p: dict[str, Any], currency: str | None) -> dict | None:
    """The price an item is billed at (`pricing[price]`, or an inline one `price_data` makes),
    or None for an item priced by its own amount."""
    _exclusive(p, "amount", "unit_amount_decimal", "price_data", "pricing")
    if "pricing" in p:
        price = prices.PRICES.get(account, p["pricing"]["price"], "pricing[price]", 400)
        if price["type"] != "one_time":
            raise InvalidRequestError(M.ITEM_PRICE_RECURRING, param="pricing[price]")
        if not price["active"]:
            raise InvalidRequestError(M.PRICE_INACTIVE.format(id=price["id"]),
                                      param="pricing[price]")
    elif "price_data" in p:
        price = prices.inline_price(account, p["price_data"], "price_data")
    else:
        return None
    if currency is not None and currency != price["currency"]:
        raise InvalidRequestError(M.ITEM_PRICE_CURRENCY_MISMATCH.format(
            price_currency=price["currency"], currency=currency), param="currency")
    return price


def pricing_of(p: dict[str, Any], current: dict | None = None,
               price: dict | None = None) -> tuple[int, Decimal, Decimal]:
    """(amount, unit amount, quantity) from `amount`, or a unit amount (the item's own or its
    price's) times a quantity."""
    _exclusive(p, "amount", "unit_amount_decimal")
    _exclusive(p, "quantity", "quantity_decimal")
    _exclusive(p, "amount", "quantity")
    _exclusive(p, "amount", "quantity_decimal")
    if "amount" in p:
        return p["amount"], Decimal(p["amount"]), Decimal(1)
    quantity = p.get("quantity_decimal", p.get("quantity"))
    unit = p.get("unit_amount_decimal")
    if price is not None:
        unit = Decimal(price["unit_amount_decimal"])
    if current is not None:
        unit = Decimal(current["pricing"]["unit_amount_decimal"]) if unit is None else unit
        quantity = Decimal(current["quantity_decimal"]) if quantity is None else quantity
    if unit is None:
        raise InvalidRequestError(M.MISSING_PARAM.format(param="amount"),
                                  code="parameter_missing", param="amount")
    quantity = Decimal(1) if quantity is None else Decimal(quantity)
    amount = money.line_amount(unit, quantity)
    if abs(amount) > AMOUNT_MAX:
        raise InvalidRequestError(M.LINE_AMOUNT_TOO_LARGE.format(maximum=AMOUNT_MAX),
                                  code="amount_too_large", param="unit_amount_decimal")
    return amount, unit, quantity


def from_preview(spec: dict) -> dict:
    """A preview item's params as an invoice item takes them: its `price` is an item's
    `pricing[price]`, its `unit_amount` a `unit_amount_decimal`."""
    _exclusive(spec, "amount", "unit_amount", "unit_amount_decimal", "price_data", "price")
    out = dict(spec)
    if "price" in out:
        out["pricing"] = {"price": out.pop("price")}
    if "unit_amount" in out:
        out["unit_amount_decimal"] = Decimal(out.pop("unit_amount"))
    return out


def name_as_given(err: InvalidRequestError, given: dict) -> InvalidRequestError:
    """A refusal naming the param as the caller sent it: a preview's `price` (an item's
    `pricing[price]`), and the price rather than a currency it did not send (the invoice's,
    or the subscription's, against the price's)."""
    price = "price" if "price" in given else "pricing[price]" if "pricing" in given \
        else "price_data[currency]" if "price_data" in given else None
    if err.param == "currency" and "currency" not in given and price is not None:
        err.param = price
    elif err.param and err.param.startswith("pricing") and "price" in given:
        err.param = "price"
    elif err.param == "unit_amount_decimal" and "unit_amount_decimal" not in given:
        err.param = "unit_amount"
    return err


def _pricing(price_details: dict | None, unit: Decimal) -> dict:
    out: dict[str, Any] = {"type": "price_details",
                           "unit_amount_decimal": money.decimal_string(unit)}
    if price_details is not None:
        out["price_details"] = price_details
    return out


def _details_of(price: dict | None) -> dict | None:
    return None if price is None else {"price": price["id"], "product": price["product"]}


def _period(p: dict | None, date: int) -> dict:
    if p is None:
        return {"end": date, "start": date}
    if p["end"] < p["start"]:
        raise InvalidRequestError(M.ITEM_PERIOD_REVERSED, param="period[end]")
    return {"end": p["end"], "start": p["start"]}


def _draft_invoice(account: Account, invoice_id: str, customer_id: str, currency: str) -> dict:
    invoice = account.collections[rules.KIND].get(invoice_id)
    if invoice is None:
        raise no_such("invoice", invoice_id, "invoice", 400)
    invoice_status.check_transition(invoice, "edit_lines")
    if invoice["customer"] != customer_id:
        raise InvalidRequestError(
            M.ITEM_INVOICE_OTHER_CUSTOMER.format(invoice=invoice_id), param="invoice")
    if invoice["currency"] != currency:
        raise InvalidRequestError(
            M.ITEM_CURRENCY_MISMATCH.format(currency=currency,
                                            invoice_currency=invoice["currency"]),
            param="currency")
    return invoice


def new_item(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    customer = CUSTOMERS.get(account, p["customer"], "customer")
    sub = billed_subscription(account, p, customer["id"])  # its next invoice takes the item
    price = price_of(account, p, p.get("currency") or (sub and sub["currency"]))
    currency = p.get("currency") or (price and price["currency"]) or (sub and sub["currency"]) \
        or customer["currency"]
    if currency is None:
        raise InvalidRequestError(M.MISSING_PARAM.format(param="currency"),
                                  code="parameter_missing", param="currency")
    if "invoice" not in p:  # a pending item joins the customer's next Billing invoice
        currency_rule.check(account, customer, currency, "currency")
    amount, unit, quantity = pricing_of(p, None, price)
    rates = tax_rates.resolve(account, p.get("tax_rates") or [], "tax_rates")
    if "invoice" in p:
        _draft_invoice(account, p["invoice"], customer["id"], currency)
    now = now_for(account, customer["id"])
    item_id = INVOICE_ITEMS.new_id(account)
    discounts = _discounts(account, p, item_id, customer["id"], currency, amount, [], now)
    return {
        "id": item_id,
        "object": "invoiceitem",
        "amount": amount,
        "currency": currency,
        "customer": customer["id"],
        "customer_account": None,
        "date": now,
        "description": p.get("description"),
        "discountable": p.get("discountable", amount >= 0),
        "discounts": discounts,
        "invoice": p.get("invoice"),
        "livemode": account.livemode,
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "net_amount": _net(account, amount, discounts, currency),
        "parent": None if sub is None else {
            "type": "subscription_details", "subscription_details": {"subscription": sub["id"]}},
        "period": _period(p.get("period"), now),
        # An item priced by its own amount has no `price_details` (Stripe leaves it out, as it
        # does `proration_details`, `frozen_fields` and `invoicing_rules` for a one-off item).
        "pricing": _pricing(_details_of(price), unit),
        "proration": False,
        "quantity": int(quantity),
        "quantity_decimal": money.decimal_string(quantity),
        "tax_rates": rates,
        "test_clock": customer.get("test_clock"),
    }


def _discounts(account: Account, p: dict[str, Any], item_id: str, customer_id: str,
               currency: str, amount: int, before: list[str], now: int) -> list[str]:
    """The item's own discounts: `discounts[]` redeemed for it (or those it had)."""
    if "discounts" not in p:
        return before
    invoice = account.collections[rules.KIND].get(p.get("invoice") or "")
    reusable = [*before, *(invoice["discounts"] if invoice else []),
                *customer_discount.inherited(account, customer_id)]
    made = redeem.redeem(account, p["discounts"] or [], customer_id=customer_id,
                         currency=currency, owner={"invoice_item": item_id}, reusable=reusable,
                         now=now, param="discounts", amount=amount)
    redeem.release(account, made, before, "invoice_item", item_id)
    return made


def _net(account: Account, amount: int, discounts: list[str], currency: str) -> int:
    """`net_amount`: the amount after the item's own discounts."""
    if not discounts:
        return amount
    [taken] = discount_math.apply([discount_math.Line(
        amount, True, redeem.for_math(account, discounts, currency))])
    return amount - taken.own_total


def after_create(account: Account, item: dict, p: dict) -> dict:
    """The customer's currency is set by its first item; an item on a draft shows on it."""
    customer = account.collections["customer"].objects[item["customer"]]
    if customer["currency"] is None:
        account.update("customer", customer, {**customer, "currency": item["currency"]})
    if item["invoice"] is not None:
        rules.add_lines(account, item["invoice"], [item["id"]])
        rules.refresh_by_id(account, item["invoice"])
    return item


def editable(account: Account, item: dict) -> None:
    """An item on an invoice changes only while that invoice is a draft."""
    if item["invoice"] is not None:
        invoice = account.collections[rules.KIND].get(item["invoice"])
        if invoice is not None:  # a deleted draft leaves its items free to change
            invoice_status.check_transition(invoice, "edit_lines")


def update_item(account: Account, old: dict, p: dict[str, Any]) -> dict:
    editable(account, old)
    new = updated(old, p, ("description", "discountable"))
    price = price_of(account, p, old["currency"])
    if price is not None or {"amount", "unit_amount_decimal", "quantity",
                             "quantity_decimal"} & p.keys():
        if price is not None:
            price_details = _details_of(price)
        elif {"amount", "unit_amount_decimal"} & p.keys():
            price_details = None  # priced by its own amount from now on
        else:
            price_details = old["pricing"].get("price_details")
        amount, unit, quantity = pricing_of(p, old, price)
        new["amount"] = amount
        new["pricing"] = _pricing(price_details, unit)
        new["quantity"], new["quantity_decimal"] = int(quantity), money.decimal_string(quantity)
    if "period" in p:
        new["period"] = _period(p["period"], old["date"])
    new["discounts"] = _discounts(account, {**p, "invoice": old["invoice"]}, old["id"],
                                  old["customer"], old["currency"], new["amount"],
                                  old["discounts"] or [], now_for(account, old["customer"]))
    settled = rules.settled(old)
    if settled and ("discounts" in p or new["amount"] != old["amount"]):
        # a proration repriced or given discounts of its own: what the subscription's took
        # when it was made no longer stands, and only its own discounts apply from now on
        new["proration_details"] = {**old["proration_details"], "discount_amounts": []}
        if "discounts" not in p:
            new["discounts"] = []
        settled = ()
    new["net_amount"] = new["amount"] - sum(a for _, a in settled) if settled else \
        _net(account, new["amount"], new["discounts"], old["currency"])
    if "tax_rates" in p:
        new["tax_rates"] = tax_rates.resolve(account, p["tax_rates"] or [], "tax_rates")
    return new


def after_update(account: Account, item: dict, p: dict) -> dict:
    rules.refresh_by_id(account, item["invoice"])
    return item


def after_delete_refresh(account: Account, item: dict) -> None:
    rules.refresh_by_id(account, item["invoice"])


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    coll = INVOICE_ITEMS.collection(account)
    candidates = None
    if "customer" in p:
        candidates = coll.indexes["customer"].ids(p["customer"])
    if "invoice" in p:
        in_invoice = coll.indexes["invoice"].ids(p["invoice"])
        if candidates is None:
            candidates = in_invoice
        else:
            on_invoice = set(in_invoice)
            candidates = [i for i in candidates if i in on_invoice]
    pending = p.get("pending")
    # A list of everything leaves out what test clocks made; a customer's or an invoice's
    # list has it all.
    clocked = "customer" in p or "invoice" in p
    if pending is None and clocked:
        return candidates, None
    return candidates, lambda item: ((clocked or item["test_clock"] is None)
                                     and (pending is None or (item["invoice"] is None) is pending))
