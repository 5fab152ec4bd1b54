"""Invoices: `/v1/invoices`, their status actions, and their lines."""

from __future__ import annotations

from typing import Any

from ... import messages as M
from ...api.metadata import merge_metadata, updated
from ...api.params import (
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
    Params,
    Str,
    Timestamp,
)
from ...api.search import SearchField
from ...billing.currencies import ACCOUNT_DEFAULT
from ...clocks import now_for
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from .. import accounts as issuer
from .. import payment_method_rules as pm_rules
from .. import stripe_tax, tax_rates
from ..customers import CUSTOMERS, CustomFieldParams, ShippingParams, shipping_of
from ..discounts import customer_discount, redeem
from ..stripe_tax import AutomaticTaxParams
from . import rules
from . import status as invoice_status
from .declared import INVOICES, subscription_of

# Due dates stay on the calendar (a day count past this reaches beyond year 9999).
MAX_DAYS_UNTIL_DUE = 1_000_000

STATUSES = ("draft", "open", "void", "paid", "uncollectible")
DAY = 86_400


class InvoicePaymentSettingsParams(Params):
    default_mandate = Str(max_length=5000, unsettable=True)
    payment_method_types = List(Enum(*pm_rules.PAYMENT_METHOD_TYPES), unsettable=True)
    payment_method_options = NotYet()


class InvoiceShippingParams(ShippingParams):
    phone = Str(max_length=5000, unsettable=True)  # `shipping_details[phone]=` clears it


class InvoiceUpdateParams(Params):
    auto_advance = Bool()
    collection_method = Enum("charge_automatically", "send_invoice")
    custom_fields = List(Nested(CustomFieldParams), max_items=4, unsettable=True)
    days_until_due = Int(minimum=0, maximum=MAX_DAYS_UNTIL_DUE)
    default_payment_method = Str(max_length=5000, unsettable=True)
    default_tax_rates = List(Str(max_length=5000), unsettable=True)
    description = Str(max_length=1500, unsettable=True)
    due_date = Timestamp()
    footer = Str(max_length=5000, unsettable=True)
    metadata = Metadata()
    number = Str(max_length=26, unsettable=True)
    statement_descriptor = Str(max_length=22, unsettable=True)
    expand = Expand()
    # Declared by the SDK for features this emulator does not have yet.
    account_tax_ids = NotYet()
    application_fee_amount = NotYet()
    automatic_tax = Nested(AutomaticTaxParams)
    automatically_finalizes_at = NotYet()
    default_source = NotYet()
    discounts = List(Nested(redeem.DiscountParams), unsettable=True)
    effective_at = NotYet()
    issuer = NotYet()
    on_behalf_of = NotYet()
    payment_settings = Nested(InvoicePaymentSettingsParams)
    rendering = NotYet()
    shipping_cost = NotYet()
    shipping_details = Nested(InvoiceShippingParams, unsettable=True)
    transfer_data = NotYet()


class InvoiceCreateParams(InvoiceUpdateParams):
    customer = Str(max_length=5000, required=True)
    currency = Currency()
    pending_invoice_items_behavior = Enum("exclude", "include")
    customer_account = NotYet()
    from_invoice = NotYet()
    subscription = Str(max_length=5000)


class InvoiceListParams(ListParams):
    created = Created()
    customer = Str()
    customer_account = NotYet()
    collection_method = Enum("charge_automatically", "send_invoice")
    due_date = Created()
    status = Enum(*STATUSES)
    subscription = Str(max_length=5000)


class FinalizeParams(Params):
    auto_advance = Bool()
    expand = Expand()


class PayParams(Params):
    paid_out_of_band = Bool()
    payment_method = Str(max_length=5000)
    off_session = Bool()
    forgive = Bool()
    mandate = NotYet()
    source = NotYet()
    expand = Expand()


class AttachPaymentParams(Params):
    payment_intent = Str(max_length=5000, required=True)
    payment_record = NotYet()
    expand = Expand()


def _due(p: dict[str, Any], method: str, created: int, current: int | None) -> int | None:
    """The due date Stripe's rules give: send_invoice needs one; charge_automatically none."""
    if "days_until_due" in p and "due_date" in p:
        raise InvalidRequestError(
            M.EXCLUSIVE_PARAMS.format(params="days_until_due, due_date"),
            code="parameters_exclusive", param="due_date")
    given = "days_until_due" in p or "due_date" in p
    if method == "charge_automatically":
        if given:
            raise InvalidRequestError(M.DUE_DATE_NOT_SEND_INVOICE)
        return None
    if "days_until_due" in p:
        return created + p["days_until_due"] * DAY
    if "due_date" in p:
        return p["due_date"]
    if current is None:
        raise InvalidRequestError(M.DUE_DATE_REQUIRED)
    return current


def _check_default_pm(account: Account, p: dict, customer_id: str) -> None:
    if p.get("default_payment_method"):
        pm_rules.check_default(account, p["default_payment_method"], customer_id,
                               "default_payment_method")


def _overrides(account: Account, invoice_id: str, p: dict) -> None:
    """Footer and custom fields set on the invoice stop following the customer's settings."""
    fields = {f for f in ("footer", "custom_fields") if f in p}
    if fields:
        rules.override(account, invoice_id, fields)


def _custom_fields(value: list[dict] | None) -> list[dict] | None:
    return None if value is None else [{"name": f["name"], "value": f["value"]} for f in value]


def billed_subscription(account: Account, p: dict, customer_id: str) -> dict | None:
    """`subscription`: the customer's subscription an invoice (or an item) bills ("the created
    invoice will only include pending invoice items for that subscription"), in its
    currency."""
    if "subscription" not in p:
        return None
    sub = account.collections["subscription"].get(p["subscription"])
    if sub is None:
        raise no_such("subscription", p["subscription"], "subscription", 400)
    if sub["customer"] != customer_id:
        raise InvalidRequestError(M.INVOICE_SUBSCRIPTION_OTHER_CUSTOMER.format(
            subscription=sub["id"], customer=customer_id), param="subscription")
    if p.get("currency", sub["currency"]) != sub["currency"]:
        raise InvalidRequestError(M.INVOICE_SUBSCRIPTION_CURRENCY.format(
            currency=p["currency"], subscription=sub["id"], sub_currency=sub["currency"]),
            param="currency")
    return sub


def new_invoice(account: Account, p: dict[str, Any], _: dict | None,
                invoice_id: str | None = None, preview: bool = False) -> dict:
    customer = CUSTOMERS.get(account, p["customer"], "customer")
    sub = billed_subscription(account, p, customer["id"])
    currency = p.get("currency") or (sub and sub["currency"]) or customer["currency"] \
        or ACCOUNT_DEFAULT
    method = p.get("collection_method", "charge_automatically")
    now = now_for(account, customer["id"])
    due_date = _due(p, method, now, None)
    _check_default_pm(account, p, customer["id"])
    rates = tax_rates.resolve(account, p.get("default_tax_rates") or [], "default_tax_rates")
    invoice_id = invoice_id or INVOICES.new_id(account)
    auto_advance = p.get("auto_advance", False)
    invoice = {
        "id": invoice_id, "object": "invoice",
        "account_country": issuer.COUNTRY, "account_name": issuer.NAME, "account_tax_ids": None,
        "amount_due": 0, "amount_overpaid": 0, "amount_paid": 0, "amount_remaining": 0,
        "amount_shipping": 0, "application": None, "attempt_count": 0, "attempted": False,
        "auto_advance": auto_advance,
        "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None,
                          "provider": None, "status": None},
        "automatically_finalizes_at": now + 3600 if auto_advance else None,
        "billing_reason": "manual", "collection_method": method, "created": now,
        "currency": currency,
        "custom_fields": _custom_fields(p.get("custom_fields")),
        "customer": customer["id"], "customer_account": None,
        "customer_address": None, "customer_email": None, "customer_name": None,
        "customer_phone": None, "customer_shipping": None, "customer_tax_exempt": None,
        "customer_tax_ids": [],
        "default_payment_method": p.get("default_payment_method"), "default_source": None,
        "default_tax_rates": rates, "description": p.get("description"), "discounts": [],
        "due_date": due_date, "effective_at": None, "ending_balance": None,
        "footer": p.get("footer"), "from_invoice": None, "hosted_invoice_url": None,
        "invoice_pdf": None, "issuer": {"type": "self"}, "last_finalization_error": None,
        "latest_revision": None, "lines": rules.list_of_lines(invoice_id, []),
        "livemode": account.livemode,
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "next_payment_attempt": (now + 3600 if auto_advance and method == "charge_automatically"
                                 else None),
        "number": p.get("number"), "on_behalf_of": None, "parent": None,
        "payment_settings": {"default_mandate": None, "payment_method_options": None,
                             "payment_method_types": None},
        "period_end": now, "period_start": now,
        "post_payment_credit_notes_amount": 0, "pre_payment_credit_notes_amount": 0,
        "receipt_number": None,
        "rendering": {"amount_tax_display": None, "pdf": {"page_size": "auto"},
                      "template": None, "template_version": None},
        "shipping_cost": None, "shipping_details": None, "starting_balance": 0,
        "statement_descriptor": p.get("statement_descriptor"), "status": "draft",
        "status_transitions": {"finalized_at": None, "marked_uncollectible_at": None,
                               "paid_at": None, "voided_at": None},
        "subtotal": 0, "subtotal_excluding_tax": 0,
        "test_clock": customer.get("test_clock"),
        "total": 0, "total_discount_amounts": [],
        "total_excluding_tax": 0, "total_pretax_credit_amounts": [], "total_taxes": [],
        "webhooks_delivered_at": now,
    }
    _settings(invoice, p)
    if preview:
        return invoice
    if sub is not None:
        invoice["parent"] = {"quote_details": None, "type": "subscription_details",
                             "subscription_details": {"metadata": sub["metadata"],
                                                      "subscription": sub["id"]}}
        if invoice["default_payment_method"] is None:
            invoice["default_payment_method"] = sub["default_payment_method"]
    # "If not specified, inherits the discount from the invoice's customer. Pass an empty
    # string to avoid inheriting any discounts."
    # (an invoice of a subscription takes its pending items unless told not to: "the created
    # invoice will only include pending invoice items for that subscription")
    behavior = p.get("pending_invoice_items_behavior", "exclude" if sub is None else "include")
    swept = _to_sweep(account, customer["id"], currency, sub) if behavior == "include" else []
    inherited = customer_discount.inherited(account, customer["id"])
    # (a promotion code's minimum is measured against what the invoice bills so far)
    invoice["discounts"] = inherited if "discounts" not in p else redeem.redeem(
        account, p["discounts"] or [], customer_id=customer["id"], currency=currency,
        owner={"invoice": invoice_id}, reusable=inherited, now=now, param="discounts",
        amount=sum(item["amount"] for item in swept))
    _overrides(account, invoice_id, p)
    p["swept"] = swept  # for after_create: the same request's params, never sent by a client
    return rules.refresh(account, invoice, swept)


def _settings(invoice: dict, p: dict[str, Any]) -> None:
    """`automatic_tax` (off), `shipping_details`, `payment_settings` as `p` sets them."""
    if "automatic_tax" in p:
        invoice["automatic_tax"] = stripe_tax.automatic_tax(p["automatic_tax"],
                                                            invoice["automatic_tax"])
    if "shipping_details" in p:
        invoice["shipping_details"] = shipping_of(p["shipping_details"])
    if "payment_settings" in p:
        given = p["payment_settings"]
        settings = dict(invoice["payment_settings"])
        if "default_mandate" in given:
            settings["default_mandate"] = given["default_mandate"]
        if "payment_method_types" in given:
            settings["payment_method_types"] = given["payment_method_types"] or None
        invoice["payment_settings"] = settings


def _to_sweep(account: Account, customer_id: str, currency: str,
              sub: dict | None = None) -> list[dict]:
    """The customer's pending items in `currency` a new invoice takes (those of `sub` only,
    if it bills one): newest first, ≤ 250."""
    items = account.collections[rules.ITEM_KIND]
    pending = [items.objects[i] for i in items.indexes["pending"].ids(customer_id)]
    if sub is not None:
        pending = [i for i in pending if i["parent"] is not None
                   and i["parent"]["subscription_details"]["subscription"] == sub["id"]]
    return list(reversed([i for i in pending if i["currency"] == currency][-250:]))


def after_create(account: Account, invoice: dict, p: dict) -> dict:
    """Sweep pending items of the invoice's currency (if asked); set the customer's currency."""
    customer = account.collections["customer"].objects[invoice["customer"]]
    if customer["currency"] is None:
        account.update("customer", customer, {**customer, "currency": invoice["currency"]})
    # The very items the new invoice's lines were built from (nothing ran in between).
    swept = p.get("swept", ())
    for item in swept:
        account.update(rules.ITEM_KIND, item, {**item, "invoice": invoice["id"]})
    if swept:
        rules.add_lines(account, invoice["id"], [item["id"] for item in swept])
    return invoice


# Stripe: "Once an invoice is finalized, monetary values, as well as collection_method, become
# uneditable" (its due date too, recorded); its other descriptive fields stay editable.
FINALIZED_EDITABLE = frozenset({"metadata", "auto_advance", "expand", "description", "footer",
                                "custom_fields", "default_payment_method",
                                "statement_descriptor"})


def update_invoice(account: Account, old: dict, p: dict[str, Any]) -> dict:
    if old["status"] != "draft":
        refused = sorted(set(p) - FINALIZED_EDITABLE)
        if refused:
            raise InvalidRequestError(M.INVOICE_FINALIZED_UPDATE, param=refused[0])
        if old["status"] in ("paid", "void") and "auto_advance" in p:
            raise InvalidRequestError(M.INVOICE_FINALIZED_UPDATE, param="auto_advance")
    new = updated(old, p, ("auto_advance", "default_payment_method", "description", "footer",
                           "number", "statement_descriptor"))
    method = p.get("collection_method", old["collection_method"])
    if {"collection_method", "days_until_due", "due_date"} & p.keys():
        current = old["due_date"] if method == old["collection_method"] else None
        new["due_date"] = _due(p, method, now_for(account, old["customer"]), current)
        new["collection_method"] = method
    _check_default_pm(account, p, old["customer"])
    if "default_tax_rates" in p:
        new["default_tax_rates"] = tax_rates.resolve(account, p["default_tax_rates"] or [],
                                                     "default_tax_rates")
    if "custom_fields" in p:
        new["custom_fields"] = _custom_fields(p["custom_fields"])
    _settings(new, p)
    if "discounts" in p:  # ("Pass an empty string to remove previously-defined discounts")
        new["discounts"] = redeem.redeem(
            account, p["discounts"] or [], customer_id=old["customer"],
            currency=old["currency"], owner={"invoice": old["id"]},
            reusable=[*old["discounts"], *customer_discount.inherited(account, old["customer"])],
            now=now_for(account, old["customer"]), param="discounts",
            amount=old["subtotal"] if old["status"] == "draft" else None)
        redeem.release(account, new["discounts"], old["discounts"], "invoice", old["id"])
    if old["status"] == "draft":
        _overrides(account, old["id"], p)
        new = rules.refresh(account, new)
    return new


def before_delete(account: Account, invoice: dict) -> None:
    invoice_status.check_transition(invoice, "delete")


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    coll = INVOICES.collection(account)
    candidates = coll.indexes["customer"].ids(p["customer"]) if "customer" in p else None
    if "subscription" in p:
        of_sub = coll.indexes["subscription"].ids(p["subscription"])
        candidates = of_sub if candidates is None else [i for i in candidates if i in set(of_sub)]
    status, method, due = p.get("status"), p.get("collection_method"), p.get("due_date")
    # A list of everything leaves out what test clocks made; a customer's or a subscription's
    # list has it all.
    clocked = "customer" in p or "subscription" in p
    if status is None and method is None and due is None and clocked:
        return candidates, None

    def keep(invoice: dict) -> bool:
        if not clocked and invoice["test_clock"] is not None:
            return False
        if status is not None and invoice["status"] != status:
            return False
        if method is not None and invoice["collection_method"] != method:
            return False
        return due is None or _in_range(invoice["due_date"], due)

    return candidates, keep


def _in_range(value: int | None, bounds: dict[str, int]) -> bool:
    if value is None:
        return False
    checks = {"eq": value.__eq__, "gt": value.__gt__, "gte": value.__ge__,
              "lt": value.__lt__, "lte": value.__le__}
    return all(checks[op](bound) for op, bound in bounds.items())


def finalize(account: Account, invoice: dict, p: dict) -> dict:
    if "auto_advance" in p and invoice["status"] == "draft":
        invoice = rules.save(account, invoice, {**invoice, "auto_advance": p["auto_advance"]})
    return invoice_status.finalize(account, invoice)


SEARCH_FIELDS = {
    "created": SearchField("numeric", lambda o: o["created"]),
    "currency": SearchField("token", lambda o: o["currency"]),
    "customer": SearchField("token", lambda o: o["customer"]),
    "metadata": SearchField("token", lambda o: o["metadata"]),
    "number": SearchField("token", lambda o: o["number"]),
    "receipt_number": SearchField("token", lambda o: o["receipt_number"]),
    "status": SearchField("token", lambda o: o["status"]),
    "subscription": SearchField("token", lambda o: subscription_of(o)),
    "total": SearchField("numeric", lambda o: o["total"]),
}
