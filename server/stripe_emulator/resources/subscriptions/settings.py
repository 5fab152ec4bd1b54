"""What a subscription is given besides its items' prices: inline prices (`price_data`), its
`payment_settings` (and the method a paid invoice saves as its default), `automatic_tax`,
and the currency it names."""

from __future__ import annotations

from typing import Any

from ... import messages as M
from ...errors import InvalidRequestError
from ...store.memory import Account
from .. import prices, stripe_tax
from ..payments import invoice_payments
from .declared import KIND, SUBSCRIPTIONS

DEFAULT_PAYMENT_SETTINGS = {"payment_method_options": None, "payment_method_types": None,
                            "save_default_payment_method": "off"}
# The payment method options a subscription shows once any is set (each method's, or null).
_OPTION_KEYS = ("acss_debit", "bancontact", "card", "customer_balance", "konbini", "payto",
                "pix", "sepa_debit", "upi", "us_bank_account")


def inline_prices(account: Account, specs: list[dict], prefix: str) -> None:
    """Each item's `price_data` made into an inline price (never listed with prices), named
    in the item's `price` from then on, as if it had been given."""
    for i, spec in enumerate(specs):
        inline_price(account, spec, f"{prefix}[{i}]")


def plan_as_price(spec: dict, param: str) -> None:
    """`plan`, the legacy name of an item's price, read as `price`."""
    plan = spec.pop("plan", None)
    if plan is None:
        return
    if "price" in spec or "price_data" in spec:
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(params="plan, price, price_data"),
                                  code="parameters_exclusive", param=param)
    spec["price"] = plan


def inline_price(account: Account, spec: dict, prefix: str = "") -> None:
    """One item's `price_data` (`prefix`: where the item sits in the request, if nested)."""
    def param(name: str) -> str:
        return f"{prefix}[{name}]" if prefix else name

    plan_as_price(spec, param("plan"))
    data = spec.pop("price_data", None)
    if data is None:
        return
    if "price" in spec:
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(params="price, price_data"),
                                  code="parameters_exclusive", param=param("price_data"))
    spec["price"] = prices.inline_price(account, data, param("price_data"))["id"]


def payment_settings(current: dict, p: dict[str, Any]) -> dict:
    """`payment_settings` with what `p` sets (each given part replaces its own)."""
    out = dict(current)
    if "save_default_payment_method" in p:
        out["save_default_payment_method"] = p["save_default_payment_method"]
    if "payment_method_types" in p:
        out["payment_method_types"] = p["payment_method_types"] or None
    if "payment_method_options" in p:
        options = dict(current["payment_method_options"] or dict.fromkeys(_OPTION_KEYS))
        given = p["payment_method_options"]
        if "card" in given:
            card = given["card"]
            options["card"] = None if card is None else {
                "network": card.get("network"),
                "request_three_d_secure": card.get("request_three_d_secure", "automatic")}
        out["payment_method_options"] = options
    return out


def billing_mode(p: dict[str, Any], now: int) -> dict:
    """`billing_mode`: flexible, the mode every subscription here bills in (classic's
    orchestration of prorations and invoices is not emulated)."""
    if p["type"] != "flexible":
        raise InvalidRequestError(M.CLASSIC_BILLING_NOT_EMULATED, code="parameter_unsupported",
                                  param="billing_mode[type]")
    flexible = p.get("flexible") or {}
    return {"flexible": {"proration_discounts": flexible.get("proration_discounts",
                                                             "included")},
            "type": "flexible", "updated_at": now}


def migrate(account: Account, p: dict, args: dict) -> dict:
    """`POST /v1/subscriptions/{id}/migrate` to flexible billing: every subscription here
    bills flexibly already (the mode's `updated_at` is when it was adopted); what may change
    is how its prorations show their discounts, from `included` to `itemized` ("you can't
    migrate a subscription from itemized to included")."""
    sub = SUBSCRIPTIONS.find(account, args)
    billing_mode(p["billing_mode"], 0)  # what it refuses, refused
    wanted = (p["billing_mode"].get("flexible") or {}).get("proration_discounts")
    mode = sub["billing_mode"]
    if wanted is None or wanted == mode["flexible"]["proration_discounts"]:
        return sub
    if wanted == "included":
        raise InvalidRequestError(M.PRORATION_DISCOUNTS_ITEMIZED,
                                  param="billing_mode[flexible][proration_discounts]")
    return account.update(KIND, sub, {**sub, "billing_mode": {
        **mode, "flexible": {**mode["flexible"], "proration_discounts": wanted}}})


def automatic_tax(p: dict[str, Any]) -> dict:
    return stripe_tax.automatic_tax(p, {"disabled_reason": None, "enabled": False,
                                        "liability": None})


def check_currency(p: dict[str, Any], found: list[dict]) -> None:
    """`currency`: the one its prices are in (prices here have a single currency)."""
    currency = p.get("currency")
    for price in found:
        if currency is not None and price["currency"] != currency:
            raise InvalidRequestError(M.SUBSCRIPTION_CURRENCY_UNAVAILABLE.format(
                price=price["id"], currency=currency), param="currency")


def saved_method(account: Account, sub: dict, invoice: dict) -> dict[str, Any]:
    """`save_default_payment_method: on_subscription`: the method that paid the invoice
    becomes the subscription's default (the changes to make, if any)."""
    if sub["payment_settings"]["save_default_payment_method"] != "on_subscription" \
            or invoice["status"] != "paid":
        return {}
    intent = invoice_payments.default_intent(account, invoice["id"])
    pm = intent["payment_method"] if intent is not None and intent["status"] == "succeeded" \
        else None
    if pm is None or pm == sub["default_payment_method"]:
        return {}
    return {"default_payment_method": pm}


def _intent_params(account: Account, invoice: dict) -> dict[str, Any]:
    """A subscription charging automatically sets its invoices' PaymentIntents up for the
    payments to come, off session (recorded at 2025-10-29.clover: the method is attached to
    the customer when the payment succeeds)."""
    parent = invoice.get("parent") or {}
    details = parent.get("subscription_details")
    sub = account.collections[KIND].get(details["subscription"]) if details else None
    if sub is not None and sub["collection_method"] == "charge_automatically":
        return {"setup_future_usage": "off_session"}
    return {}


invoice_payments.INTENT_PARAMS.append(_intent_params)
