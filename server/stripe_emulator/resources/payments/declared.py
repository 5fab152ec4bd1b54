"""PaymentIntents and their charges as declared resources: paths, ids, indexes, expansions
and the events their changes make (a PaymentIntent has no `.updated` event: its status
changes name its events)."""

from __future__ import annotations

from typing import Any

from ...api.expand import Include, Ref
from ...api.resource import Resource, declare
from ...events.names import FieldEvents
from ...store.indexes import MetadataIndex, ValueIndex

INTENT_KIND = "payment_intent"
CHARGE_KIND = "charge"
REFUND_KIND = "refund"
SETUP_KIND = "setup_intent"
INVOICE_PAYMENT_KIND = "invoice_payment"


def _intent_events(old: str, new: str) -> tuple[str, ...] | None:
    return {"succeeded": ("payment_intent.succeeded",),
            "requires_capture": ("payment_intent.amount_capturable_updated",),
            "requires_action": ("payment_intent.requires_action",),
            "canceled": ("payment_intent.canceled",),
            # back to requires_payment_method: an attempt failed
            "requires_payment_method": ("payment_intent.payment_failed",)}.get(new, ())


PAYMENT_INTENTS = declare(Resource(
    object_name="payment_intent",
    kind=INTENT_KIND,
    path="/v1/payment_intents",
    prefix="pi",
    indexes=lambda: {"customer": ValueIndex.of("customer"),
                     "metadata": MetadataIndex()},
    expandable={"customer": Ref("customer"), "payment_method": Ref("payment_method"),
                "latest_charge": Ref("charge")},
    example={"amount": "2000", "currency": "usd"},
    events={"created": "payment_intent.created"},
    field_events=FieldEvents("status", _intent_events),
))
CHARGES = declare(Resource(
    object_name="charge",
    kind=CHARGE_KIND,
    path="/v1/charges",
    prefix="ch",
    indexes=lambda: {"customer": ValueIndex.of("customer"),
                     "payment_intent": ValueIndex.of("payment_intent"),
                     "metadata": MetadataIndex()},
    expandable={"customer": Ref("customer"), "payment_intent": Ref("payment_intent"),
                "refunds": Include(lambda account, charge: refunds_list(account, charge),
                                   object="refund", many=True)},
    # charge.succeeded / charge.failed are announced as a charge is made (its outcome)
    events={"updated": "charge.updated"},
    field_events=(
        FieldEvents("captured", lambda old, new: ("charge.captured",) if new else None),
        # "Sent when a charge is refunded, including partial refunds"
        FieldEvents("amount_refunded", lambda old, new: ("charge.refunded",))),
))
REFUNDS = declare(Resource(
    object_name="refund",
    kind=REFUND_KIND,
    path="/v1/refunds",
    prefix="re",
    indexes=lambda: {"charge": ValueIndex.of("charge"),
                     "payment_intent": ValueIndex.of("payment_intent")},
    expandable={"charge": Ref("charge"), "payment_intent": Ref("payment_intent")},
    events={"created": "refund.created", "updated": "refund.updated"},
))


SETUP_INTENTS = declare(Resource(
    object_name="setup_intent",
    kind=SETUP_KIND,
    path="/v1/setup_intents",
    prefix="seti",
    indexes=lambda: {"customer": ValueIndex.of("customer"),
                     "payment_method": ValueIndex.of("payment_method")},
    expandable={"customer": Ref("customer"), "payment_method": Ref("payment_method")},
    events={"created": "setup_intent.created"},
    field_events=FieldEvents("status", lambda old, new: {
        "succeeded": ("setup_intent.succeeded",),
        "requires_action": ("setup_intent.requires_action",),
        "canceled": ("setup_intent.canceled",),
        "requires_payment_method": ("setup_intent.setup_failed",)}.get(new, ())),
))


INVOICE_PAYMENTS = declare(Resource(
    object_name="invoice_payment",
    kind=INVOICE_PAYMENT_KIND,
    path="/v1/invoice_payments",
    prefix="inpay",
    indexes=lambda: {"invoice": ValueIndex.of("invoice"),
                     "payment_intent": ValueIndex(lambda o: o["payment"].get("payment_intent"),
                                                 ("payment",)),
                     "status": ValueIndex.of("status")},
    expandable={"invoice": Ref("invoice"),
                "payment": {"payment_intent": Ref("payment_intent"), "charge": Ref("charge")}},
    # Stripe has no invoice_payment.created or .updated: only its payment names an event
    field_events=FieldEvents("status", lambda old, new: ("invoice_payment.paid",)
                             if new == "paid" else ()),
))


def refunds_list(account: Any, charge: dict) -> dict:
    """A charge's refunds (`expand[]=refunds`), newest first."""
    coll = account.collections[REFUND_KIND]
    found = [coll.objects[i] for i in reversed(coll.indexes["charge"].ids(charge["id"]))]
    return {"object": "list", "data": found[:10], "has_more": len(found) > 10,
            "url": f"/v1/charges/{charge['id']}/refunds"}
