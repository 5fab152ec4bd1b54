"""Payment methods' rules: building card payment methods, attaching and detaching them.

Kept apart from the routes so that customers (which attach on create, check their default
method and detach on delete) and payment methods can both use them.
"""

from __future__ import annotations

import time
from typing import Any

from .. import messages as M
from ..api.metadata import merge_metadata
from ..errors import InvalidRequestError, NotFoundError, no_such
from ..store.memory import Account
from . import cards

# the payment method types invoices and subscriptions name (`payment_method_types`)
PAYMENT_METHOD_TYPES = (
    "ach_credit_transfer", "ach_debit", "acss_debit", "affirm", "alipay", "amazon_pay",
    "au_becs_debit", "bacs_debit", "bancontact", "billie", "blik", "boleto", "card", "cashapp",
    "crypto", "custom", "customer_balance", "eps", "fpx", "giropay", "grabpay", "ideal",
    "jp_credit_transfer", "kakao_pay", "klarna", "konbini", "kr_card", "link", "mb_way",
    "multibanco", "naver_pay", "nz_bank_account", "p24", "pay_by_bank", "payco", "paynow",
    "paypal", "payto", "pix", "promptpay", "revolut_pay", "satispay", "sepa_credit_transfer",
    "sepa_debit", "sequra", "sofort", "swish", "twint", "upi", "us_bank_account", "wechat_pay")

KIND = "payment_method"
NUMBERS = "_card_number"  # payment method id -> its card number (the API never shows it)
LABEL = "PaymentMethod"  # Stripe's "No such PaymentMethod: '…'"
ADDRESS_FIELDS = ("city", "country", "line1", "line2", "postal_code", "state")


def billing_details(p: dict | None, current: dict | None = None) -> dict:
    out = dict(current or {"address": {f: None for f in ADDRESS_FIELDS}, "email": None,
                           "name": None, "phone": None, "tax_id": None})
    for key, value in (p or {}).items():
        if key == "address":
            out["address"] = {f: (value or {}).get(f) for f in ADDRESS_FIELDS}
        else:
            out[key] = value
    return out


def new_card_method(account: Account, number: str, exp_month: int, exp_year: int,
                    cvc_given: bool, p: dict[str, Any]) -> dict:
    card = cards.card_for(number)
    return {
        "id": account.new_id(KIND, "pm"),
        "object": KIND,
        "allow_redisplay": p.get("allow_redisplay", "unspecified"),
        "billing_details": billing_details(p.get("billing_details")),
        "card": {
            "brand": card.brand,
            "checks": {"address_line1_check": None, "address_postal_code_check": None,
                       "cvc_check": "pass" if cvc_given else None},
            "country": card.country,
            "display_brand": cards.DISPLAY_BRAND.get(card.brand, card.brand),
            "exp_month": exp_month,
            "exp_year": exp_year,
            "fingerprint": cards.fingerprint(account.key, number),
            "funding": card.funding,
            "generated_from": None,
            "last4": number[-4:],
            "networks": {"available": [card.brand], "preferred": None},
            "regulated_status": "unregulated",
            "three_d_secure_usage": {"supported": True},
            "wallet": None,
        },
        "created": account.now(),
        "customer": None,
        "customer_account": None,
        "livemode": account.livemode,
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "type": "card",
    }


def from_name(account: Account, name: str, p: dict[str, Any] | None = None) -> dict | None:
    """A new stored method for a `pm_card_*` / `tok_*` name, or None for another string."""
    number = cards.number_for_name(name)
    if number is None:
        return None
    year = time.gmtime(account.now()).tm_year + 1
    pm = new_card_method(account, number, 12, year, True, p or {})
    return store(account, pm, number)


def store(account: Account, pm: dict, number: str) -> dict:
    keep_number(account, pm["id"], number)
    return account.create(KIND, pm)


def keep_number(account: Account, pm_id: str, number: str) -> None:
    account.put(NUMBERS, {"id": pm_id, "number": number})


def number_of(account: Account, pm_id: str) -> str:
    return account.record(NUMBERS, pm_id)["number"]


def resolve(account: Account, pm_id: str, param: str) -> dict:
    """The method `pm_id` names; Stripe's test names (`pm_card_visa`) make a fresh one.
    `param="id"`: the one a path names, missing: 404 in Stripe's words for that (param
    `payment_method`, as recorded at 2025-10-29.clover)."""
    pm = account.collections[KIND].get(pm_id) or from_name(account, pm_id)
    if pm is None and param == "id":
        raise NotFoundError(M.NO_SUCH_PAYMENT_METHOD.format(id=pm_id), code="resource_missing",
                            param="payment_method")
    if pm is None:
        raise no_such(LABEL, pm_id, param, 400)
    return pm


def _refuse_declining(number: str) -> None:
    """Stripe's decline cards cannot be attached to a customer."""
    decline = cards.card_for(number).at_attach
    if decline is not None:
        raise decline.error()


def check_attachable(account: Account, pm: dict, param: str | None = None) -> None:
    if pm["customer"] is not None:
        raise InvalidRequestError(M.PAYMENT_METHOD_ALREADY_ATTACHED, param=param)
    if account.is_reserved("used_payment_method", pm["id"]):
        raise InvalidRequestError(M.PAYMENT_METHOD_USED_UP, code="resource_missing",
                                  param=param or "payment_method")
    _refuse_declining(number_of(account, pm["id"]))


def attach(account: Account, pm: dict, customer_id: str) -> dict:
    return account.update(KIND, pm, {**pm, "customer": customer_id})


def detach(account: Account, pm: dict) -> dict:
    """Detach for good: Stripe never lets a detached method be used or attached again. A
    customer whose default it was is left with no default, not a dangling one."""
    account.reserve("used_payment_method", pm["id"])
    customer = account.collections["customer"].get(pm["customer"])
    if customer is not None and \
            customer["invoice_settings"]["default_payment_method"] == pm["id"]:
        settings = {**customer["invoice_settings"], "default_payment_method": None}
        account.update("customer", customer, {**customer, "invoice_settings": settings})
    return account.update(KIND, pm, {**pm, "customer": None})


def check_new_attachment(account: Account, pm_id: str, param: str) -> None:
    """Everything attaching `pm_id` to a new customer could refuse, checked before the
    customer exists (a test name's method is only made once the customer is)."""
    pm = account.collections[KIND].get(pm_id)
    if pm is not None:
        check_attachable(account, pm, param)
        return
    number = cards.number_for_name(pm_id)
    if number is None:
        raise no_such(LABEL, pm_id, param, 400)
    _refuse_declining(number)


def attach_new(account: Account, pm_id: str, customer_id: str) -> dict:
    return attach(account, resolve(account, pm_id, "payment_method"), customer_id)


def invoice_defaults(account: Account, invoice: dict) -> list[dict]:
    """The methods an invoice would be charged with, first choice first: its own default (a
    subscription's is copied there), then its customer's, those that still exist."""
    customer = account.collections["customer"].objects.get(invoice["customer"])
    methods = account.collections[KIND].objects
    candidates = (invoice["default_payment_method"],
                  customer["invoice_settings"]["default_payment_method"] if customer else None)
    return [methods[pm_id] for pm_id in candidates if pm_id and pm_id in methods]


def check_default(account: Account, pm_id: str, customer_id: str, param: str,
                  attaching: str | None = None) -> None:
    """`invoice_settings[default_payment_method]` must name a method the customer has."""
    if pm_id == attaching:
        return
    pm = account.collections[KIND].get(pm_id)
    if pm is None:
        raise no_such(LABEL, pm_id, param, 400)
    if pm["customer"] != customer_id:
        raise InvalidRequestError(M.PAYMENT_METHOD_NOT_THE_CUSTOMERS.format(id=pm_id),
                                  param=param)
