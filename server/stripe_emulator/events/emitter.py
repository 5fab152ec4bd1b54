"""Store changes become Stripe events: named as Stripe names them, with the object as it now
stands and, on updates, `previous_attributes` holding exactly the changed fields' old values.

The store announces every change (`Account.create/update/delete`) and the domain announces the
few events that are no change of a stored field (`invoice.sent`, `invoice.payment_failed`…);
this listener turns each into an event, records it and hands it to delivery.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import API_VERSION
from ..store.memory import Account

KIND = "event"
MAX_EVENTS = 20_000  # per account: the oldest go first (Stripe keeps 30 days)

# (stored kind, change) -> Stripe's event type; None where Stripe has no event for it.
NAMES: dict[tuple[str, str], str | None] = {
    ("customer", "created"): "customer.created",
    ("customer", "updated"): "customer.updated",
    ("customer", "deleted"): "customer.deleted",
    ("tax_id", "created"): "customer.tax_id.created",
    ("tax_id", "updated"): "customer.tax_id.updated",
    ("tax_id", "deleted"): "customer.tax_id.deleted",
    ("tax_rate", "created"): "tax_rate.created",
    ("tax_rate", "updated"): "tax_rate.updated",
    ("invoiceitem", "created"): "invoiceitem.created",
    ("invoiceitem", "deleted"): "invoiceitem.deleted",  # Stripe has no invoiceitem.updated
    ("invoice", "created"): "invoice.created",
    ("invoice", "updated"): "invoice.updated",
    ("invoice", "deleted"): "invoice.deleted",
}
# An invoice's status change also announces itself, before its invoice.updated.
STATUS_EVENTS = {"open": "invoice.finalized", "paid": "invoice.paid", "void": "invoice.voided",
                 "uncollectible": "invoice.marked_uncollectible"}


def previous_attributes(previous: dict, new: dict) -> dict:
    """Old values of what changed; inside a changed hash only its changed keys (arrays whole)."""
    out: dict[str, Any] = {}
    for key, old in previous.items():
        now = new.get(key)
        if old == now and key in new:
            continue
        if isinstance(old, dict) and isinstance(now, dict):
            out[key] = previous_attributes(old, now) | {k: None for k in now.keys() - old.keys()}
        else:
            out[key] = old
    return out


def event_types(change: str, obj: dict, previous: dict | None) -> list[str]:
    kind, _, verb = change.rpartition(".")
    if kind == "payment_method":
        if verb != "updated" or previous is None:
            return []
        if "customer" in previous:
            return ["payment_method.attached" if obj["customer"] else "payment_method.detached"]
        return ["payment_method.updated"]
    name = NAMES.get((kind, verb))
    if name is None:
        return []
    if kind == "invoice" and verb == "updated" and previous and "status" in previous:
        status_event = STATUS_EVENTS.get(obj["status"])
        if status_event is not None:
            return [status_event, name]
    return [name]


class Emitter:
    """The listener an account's store changes go to: records events, hands them on."""

    def __init__(self, deliver: Callable[[Account, dict], None] | None = None) -> None:
        self.deliver = deliver

    def __call__(self, account: Account, change: str, obj: dict, previous: dict | None) -> None:
        if change.startswith("!"):  # announced by the domain, already Stripe's name
            self.record(account, change[1:], obj, None)
            return
        for event_type in event_types(change, obj, previous):
            prev = previous if event_type.endswith(".updated") else None
            self.record(account, event_type, obj, prev)

    def record(self, account: Account, event_type: str, obj: dict,
               previous: dict | None) -> dict:
        data: dict[str, Any] = {"object": obj}
        if previous is not None:
            data["previous_attributes"] = previous_attributes(previous, obj)
        request_id, idempotency_key, version = account.request or (None, None, None)
        event = {
            "id": account.ids.new("evt"),
            "object": "event",
            "api_version": version or API_VERSION,
            "created": account.now(),
            "data": data,
            "livemode": account.livemode,
            "pending_webhooks": 0,
            "request": {"id": request_id, "idempotency_key": idempotency_key},
            "type": event_type,
        }
        events = account.collections[KIND]
        events.insert(event)
        if len(events) > MAX_EVENTS:
            events.remove_oldest()
        if self.deliver is not None:
            self.deliver(account, event)
        return event
