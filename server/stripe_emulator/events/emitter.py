"""Store changes become Stripe events: named as Stripe names them, with the object as it now
stands and, on updates, `previous_attributes` holding exactly the changed fields' old values.

The store announces every change (`Account.create/update/delete`) and the domain announces the
few events that are no change of a stored field (`invoice.sent`, `invoice.payment_failed`…);
this listener notes each, makes it into an event when events are read or an endpoint must
receive it, and hands it to delivery.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import API_VERSION
from ..clocks import now_of
from ..context import CURRENT
from ..store.journal import Transaction
from ..store.memory import EVENT_LIMIT, Account
from .names import CREATED, FIELDS, NAMES, FieldEvents

KIND = "event"
MAX_EVENTS = EVENT_LIMIT  # per account: the oldest go first

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


def _plan(change: str) -> tuple[tuple[FieldEvents, ...], str | None]:
    """A change's event rules: the fields naming an update's events (the first that changed
    wins), and the change's own event (if Stripe has one)."""
    kind, _, verb = change.rpartition(".")
    return FIELDS.get(kind, ()) if verb == "updated" else (), NAMES.get((kind, verb))


class Emitter:
    """The listener an account's store changes go to: notes events, hands them on.

    Noting is cheap: a change is noted as it happens (its event id drawn then, with type,
    object, old values, request and time) and made into an event object only when something
    reads events, an endpoint must receive it, or the store is durable. The object and old
    values are never changed afterwards, so the event reads the same whenever it is made;
    events are made in the order the changes happened. Notes are kept by the transaction
    until it commits: a failed request leaves no event.
    """

    def __init__(self, deliver: Callable[[Account, dict], None] | None = None) -> None:
        self.deliver = deliver
        self.plans: dict[str, tuple[tuple[FieldEvents, ...], str | None]] = {}  # by change

    def __call__(self, account: Account, change: str, obj: dict, previous: dict | None) -> None:
        if previous is None:
            if (name := CREATED.get(change)) is not None:  # the usual case, looked up at once
                self.note(account, name, obj, None)
                return
            if change[0] == "!":  # announced by the domain, already Stripe's name
                self.note(account, change[1:], obj, None)
                return
        plan = self.plans.get(change)
        if plan is None:
            plan = self.plans[change] = _plan(change)
        rules, own = plan
        if previous:
            for rule in rules:
                if rule.field in previous:
                    names = rule.lookup(previous[rule.field], obj[rule.field])
                    if names is not None:
                        for event_type in names:
                            self.note(account, event_type, obj,
                                      previous if event_type.endswith(".updated") else None)
                        return
        if own is not None:
            self.note(account, own, obj, previous if own.endswith(".updated") else None)

    @staticmethod
    def note(account: Account, event_type: str, obj: dict, previous: dict | None) -> None:
        ctx = CURRENT.get()
        ctx.transaction.events.append((  # the store's writes, which call this, checked it
            account.new_id(KIND, "evt"), event_type, obj, previous,
            (ctx.request_id, ctx.idempotency_key, ctx.version), now_of(account, obj)))

    def commit(self, account: Account, tx: Transaction) -> None:
        """The transaction's notes become the account's: made now when an endpoint listens
        or the store keeps them on disk, else left in the bounded log."""
        if not tx.events:
            return
        endpoints = account.collections.get("webhook_endpoint")
        listening = self.deliver is not None and endpoints is not None and bool(endpoints.objects)
        if not (listening or account.durable):
            # A bounded log: past MAX_EVENTS the oldest unread change goes, as its event would.
            account.event_log.extend(tx.events)
            return
        flush(account)
        for entry in tx.events:
            event = make_event(account, entry)
            if listening:
                self.deliver(account, event)


def flush(account: Account) -> None:
    """Make the events of every change noted so far (before anything reads events)."""
    log = account.event_log
    if log:
        with account.transaction():
            while log:
                make_event(account, log.popleft())


def make_event(account: Account, entry: tuple) -> dict:
    event_id, event_type, obj, previous, request, created = entry
    data: dict[str, Any] = {"object": obj}
    if previous is not None:
        data["previous_attributes"] = previous_attributes(previous, obj)
    request_id, idempotency_key, version = request
    event = {
        "id": event_id,
        "object": "event",
        "api_version": version or API_VERSION,
        "created": created,
        "data": data,
        "livemode": account.livemode,
        "pending_webhooks": 0,
        "request": {"id": request_id, "idempotency_key": idempotency_key},
        "type": event_type,
    }
    account.put(KIND, event)
    if len(account.collections[KIND]) > MAX_EVENTS:
        account.drop_oldest(KIND)
    return event
