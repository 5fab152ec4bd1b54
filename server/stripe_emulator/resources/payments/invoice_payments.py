"""An invoice's payments (`invoice_payment`, `/v1/invoice_payments`): the default one that
finalizing an invoice with an amount due makes (with its PaymentIntent, kept at the invoice's
`amount_remaining`), the ones `attach_payment` adds, and what their PaymentIntents' outcomes
do to them. What a payment's outcome does to its invoice is the invoice's business: invoices
register it in `FOLLOWERS` (invoices import payments, not the other way round)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import messages as M
from ...errors import InvalidRequestError
from ...store.memory import Account
from .. import payment_method_rules as pm_rules
from . import intents
from .declared import INTENT_KIND, INVOICE_PAYMENT_KIND, INVOICE_PAYMENTS

# The default PaymentIntent's description, as Stripe writes it: by why the invoice was made
# (recorded at 2025-10-29.clover and 2026-03-25.dahlia; a renewal's is inferred from them).
DESCRIPTION = "Payment for Invoice"
DESCRIPTIONS = {"subscription_create": "Subscription creation",
                "subscription_update": "Subscription update",
                "subscription_cycle": "Subscription cycle"}

# Told when a PaymentIntent paying an invoice has been attempted:
# (account, invoice_payment, intent, automatic).
FOLLOWERS: list[Callable[[Account, dict, dict, bool], None]] = []


def of_invoice(account: Account, invoice_id: str) -> list[dict]:
    """The invoice's payments, oldest first."""
    coll = account.collections[INVOICE_PAYMENT_KIND]
    return [coll.objects[i] for i in coll.indexes["invoice"].ids(invoice_id)]


def default_of(account: Account, invoice_id: str) -> dict | None:
    return next((p for p in of_invoice(account, invoice_id) if p["is_default"]), None)


def default_intent(account: Account, invoice_id: str) -> dict | None:
    payment = default_of(account, invoice_id)
    return None if payment is None else \
        account.collections[INTENT_KIND].objects[payment["payment"]["payment_intent"]]


def _of_intent(account: Account, intent_id: str) -> dict | None:
    coll = account.collections[INVOICE_PAYMENT_KIND]
    ids = coll.indexes["payment_intent"].ids(intent_id)
    return coll.objects[next(iter(ids))] if ids else None


def _new(account: Account, invoice: dict, intent: dict, default: bool, now: int) -> dict:
    return account.create(INVOICE_PAYMENT_KIND, {
        "id": INVOICE_PAYMENTS.new_id(account),
        "object": "invoice_payment",
        "amount_paid": None,
        "amount_requested": intent["amount"],
        "created": now,
        "currency": invoice["currency"],
        "invoice": invoice["id"],
        "is_default": default,
        "livemode": account.livemode,
        "payment": {"type": "payment_intent", "payment_intent": intent["id"]},
        "status": "open",
        "status_transitions": {"canceled_at": None, "paid_at": None},
    })


# What the owner of an invoice (its subscription) asks of its default PaymentIntent, from
# (account, invoice): params of the intent (`setup_future_usage`).
INTENT_PARAMS: list[Callable[[Account, dict], dict[str, Any]]] = []


def _default_method(account: Account, invoice: dict, types: list[str] | None) -> str | None:
    """The method the invoice would be charged with, if the customer still has it and the
    invoice takes its type."""
    return next((pm["id"] for pm in pm_rules.invoice_defaults(account, invoice)
                 if pm["customer"] == invoice["customer"] and (not types or pm["type"] in types)),
                None)


def open_default(account: Account, invoice: dict, now: int) -> dict:
    """The default payment of a newly finalized invoice: a PaymentIntent for its amount due,
    carrying the method it would be charged with (`requires_confirmation`: a client that
    confirms it needs name none), or waiting for one."""
    params: dict[str, Any] = {
        "amount": invoice["amount_remaining"], "currency": invoice["currency"],
        "description": DESCRIPTIONS.get(invoice["billing_reason"], DESCRIPTION)}
    for more in INTENT_PARAMS:
        params.update(more(account, invoice))
    types = (invoice.get("payment_settings") or {}).get("payment_method_types")
    intent = intents.intent_object(account, params, invoice["customer"],
                                   _default_method(account, invoice, types), now)
    if types:
        intent["payment_method_types"] = list(types)
    account.create(INTENT_KIND, intent)
    return _new(account, invoice, intent, True, now)


def sync_default(account: Account, invoice: dict) -> None:
    """The default payment follows the invoice's `amount_remaining` (a credit note, a
    payment attached): "keeps it synchronized"."""
    payment = default_of(account, invoice["id"])
    if payment is None or payment["status"] != "open":
        return
    amount = invoice["amount_remaining"]
    intent = account.collections[INTENT_KIND].objects[payment["payment"]["payment_intent"]]
    if intent["amount"] != amount and intent["status"] in intents.CANCELABLE:
        account.update(INTENT_KIND, intent, {**intent, "amount": amount})
    if payment["amount_requested"] != amount:
        account.update(INVOICE_PAYMENT_KIND, payment, {**payment, "amount_requested": amount})


def close(account: Account, invoice: dict, now: int, reason: str) -> None:
    """The invoice no longer takes payments (voided, paid elsewhere): its open payments are
    canceled, their PaymentIntents with them."""
    for payment in of_invoice(account, invoice["id"]):
        if payment["status"] != "open":
            continue
        intent = account.collections[INTENT_KIND].objects[payment["payment"]["payment_intent"]]
        if payment["is_default"] and intent["status"] in intents.CANCELABLE:
            intents.cancel_owned(account, intent, reason)
        account.update(INVOICE_PAYMENT_KIND, payment, {
            **payment, "status": "canceled",
            "status_transitions": {**payment["status_transitions"], "canceled_at": now}})


def attach(account: Account, invoice: dict, intent: dict, now: int) -> dict:
    """`attach_payment`: the PaymentIntent (same customer and currency, no more than is left
    to pay) becomes one of the invoice's payments; credited at once if it already succeeded."""
    if _of_intent(account, intent["id"]) is not None:
        raise InvalidRequestError(M.INTENT_ALREADY_ATTACHED.format(id=intent["id"]),
                                  param="payment_intent")
    if intent["customer"] != invoice["customer"]:
        raise InvalidRequestError(M.INTENT_OTHER_CUSTOMER.format(id=intent["id"]),
                                  param="payment_intent")
    if intent["currency"] != invoice["currency"]:
        raise InvalidRequestError(M.INTENT_OTHER_CURRENCY.format(
            id=intent["id"], currency=invoice["currency"]), param="payment_intent")
    if intent["status"] == "canceled":
        raise InvalidRequestError(M.INTENT_ATTACH_CANCELED.format(id=intent["id"]),
                                  param="payment_intent")
    if intent["amount"] > invoice["amount_remaining"]:
        raise InvalidRequestError(M.INTENT_MORE_THAN_REMAINING.format(
            id=intent["id"], remaining=invoice["amount_remaining"]), param="payment_intent")
    payment = _new(account, invoice, intent, False, now)
    if intent["status"] == "succeeded":
        follow(account, intent, False)
    return payment


_PAID_FIELDS = ("status", "amount_paid", "status_transitions")


def follow(account: Account, intent: dict, automatic: bool) -> None:
    """`intents.ATTEMPTED`: an attempt of an invoice's PaymentIntent settles its payment when
    it succeeded, and tells the invoice either way."""
    payment = _of_intent(account, intent["id"])
    if payment is None or payment["status"] != "open":
        return
    if intent["status"] == "succeeded":
        payment = account.update(INVOICE_PAYMENT_KIND, payment, {
            **payment, "status": "paid", "amount_paid": intent["amount_received"],
            "status_transitions": {**payment["status_transitions"],
                                   "paid_at": account.collections["charge"].objects[
                                       intent["latest_charge"]]["created"]}},
            _PAID_FIELDS)
    for follower in FOLLOWERS:
        follower(account, payment, intent, automatic)


def _owned(account: Account, intent: dict) -> str | None:
    payment = _of_intent(account, intent["id"])
    return M.INTENT_OWNED_BY_INVOICE if payment is not None and payment["is_default"] else None


intents.ATTEMPTED.append(follow)
intents.OWNED.append(_owned)


def payments_list(account: Account, invoice: dict) -> dict[str, Any]:
    """`expand[]=payments`: the invoice's payments, newest first."""
    found = of_invoice(account, invoice["id"])[::-1]
    return {"object": "list", "data": found[:10], "has_more": len(found) > 10,
            "url": "/v1/invoice_payments"}


def confirmation_secret(account: Account, invoice: dict) -> dict | None:
    """`expand[]=confirmation_secret`: the default PaymentIntent's client secret."""
    intent = default_intent(account, invoice["id"])
    return None if intent is None else {"client_secret": intent["client_secret"],
                                        "type": "payment_intent"}


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    """`/v1/invoice_payments` filters: invoice, status, payment[type] and its id."""
    coll = account.collections[INVOICE_PAYMENT_KIND]
    tests = []
    candidates = None
    if "invoice" in p:
        candidates = coll.indexes["invoice"].ids(p["invoice"])
    payment = p.get("payment")
    if payment is not None:
        kind = payment["type"]
        tests.append(lambda o: o["payment"]["type"] == kind and (
            kind not in payment or o["payment"].get(kind) == payment[kind]))
    if "status" in p:
        tests.append(lambda o: o["status"] == p["status"])
    return candidates, (lambda o: all(t(o) for t in tests)) if tests else None
