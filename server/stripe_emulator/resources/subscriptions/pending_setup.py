"""`pending_setup_intent`: "You can use this SetupIntent to collect user authentication when
creating a subscription without immediate payment". A subscription made with
`payment_behavior=default_incomplete` whose first invoice asks for no payment (a trial, a free
first period) gets one, for the method its later invoices charge (Stripe's subscription
samples show its `client_secret` to the browser in place of the invoice's). When it succeeds
the subscription no longer points at it, and with `save_default_payment_method:
on_subscription` its method becomes the subscription's default."""

from __future__ import annotations

from ...store.memory import Account
from ..payments import setup
from ..payments.declared import SETUP_KIND
from .declared import KIND


def needed(sub: dict, invoice: dict, payment_behavior: str) -> bool:
    return payment_behavior == "default_incomplete" and invoice["amount_due"] == 0 \
        and sub["collection_method"] == "charge_automatically"


def open_for(account: Account, sub: dict) -> str:
    """A new SetupIntent for the subscription's customer, for payments off session."""
    intent = setup.new_setup_intent(account, {"customer": sub["customer"],
                                              "usage": "off_session",
                                              "automatic_payment_methods": None}, None)
    return account.create(SETUP_KIND, intent)["id"]


def setup_changed(account: Account, intent: dict, previous: dict | None) -> None:
    """Store listener: a subscription's pending SetupIntent succeeded."""
    if previous is None or "status" not in previous or intent["status"] != "succeeded" \
            or intent["customer"] is None:
        return
    subs = account.collections[KIND]
    for sub_id in subs.indexes["customer"].ids(intent["customer"]):
        sub = subs.objects[sub_id]
        if sub["pending_setup_intent"] == intent["id"]:
            new = {**sub, "pending_setup_intent": None}
            if sub["payment_settings"]["save_default_payment_method"] == "on_subscription":
                new["default_payment_method"] = intent["payment_method"]
            account.update(KIND, sub, new)
            return
