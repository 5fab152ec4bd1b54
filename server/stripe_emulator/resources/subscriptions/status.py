"""A subscription's statuses as one table of moves: from which statuses each may start, the
status it reaches and the timestamps it stamps; `move` is the one way a status changes. The
events a status change makes are the resource's declared status events (a move to `canceled`
is `customer.subscription.deleted`, to `paused` `customer.subscription.paused`…).

What drives the moves: the first invoice's payment (create), later invoices' payments and
failures (`follow`), the retry schedule running out, time (trial ends, expiry, scheduled
cancellations: due.py) and the API (cancel, pause, resume).
"""

from __future__ import annotations

from typing import Any

from ... import machines
from ...billing.settings import settings_of
from ...clocks import now_for
from ...machines import Transition
from ...store.memory import Account
from ..invoices import automation as invoice_automation
from ..invoices.declared import subscription_of
from . import settings
from .declared import ENDED, KIND, LIVE


def _from(*statuses: str) -> frozenset[str]:
    return frozenset(statuses)


MOVES: dict[str, Transition] = {
    # the first invoice paid (or nothing to pay), a past-due or unpaid invoice paid
    "activate": Transition(_from("incomplete", "trialing", "past_due", "unpaid"), "active"),
    "start_trial": Transition(_from("incomplete"), "trialing"),
    # a trial given to a paying subscription (`trial_end` on update)
    "begin_trial": Transition(_from("active"), "trialing", ("trial_start",)),
    # a renewal's (or an update's) payment failed
    "fall_due": Transition(_from("active", "trialing"), "past_due"),
    # 23 hours without the first payment: terminal, its invoice voided
    "expire": Transition(_from("incomplete"), "incomplete_expired", ("ended_at",)),
    # every retry failed, and the account's settings say unpaid
    "mark_unpaid": Transition(_from("past_due"), "unpaid"),
    "cancel": Transition(frozenset(LIVE), "canceled", ("canceled_at", "ended_at")),
    # a cancellation scheduled earlier comes due (canceled_at was stamped when asked)
    "end": Transition(frozenset(LIVE), "canceled", ("ended_at",)),
    "pause": Transition(_from("active", "trialing", "past_due"), "paused"),
    "resume": Transition(_from("paused"), "active"),
}


def move(account: Account, sub: dict, name: str, **changes: Any) -> dict:
    """Apply the move `name` (if the subscription's status allows it) together with other
    field `changes`, as one update."""
    if machines.allows(MOVES, sub, name):
        new = machines.apply(MOVES, sub, name, now_for(account, sub["customer"]), **changes)
        if name == "resume" and "status_details" in new:  # shown while paused only
            del new["status_details"]
            return account.update(KIND, sub, new)
        return account.update(KIND, sub, new, machines.touched(MOVES, name, changes))
    return account.update(KIND, sub, {**sub, **changes}, changes)


def pause(account: Account, sub: dict, reason: str) -> dict:
    """Paused, saying when and why (`status_details.paused`: "Paused subscriptions have a
    `paused` status and include the status_details property", 2026-09-30.endive)."""
    return move(account, sub, "pause", status_details={"paused": {
        "subscription": {"type": reason}, "type": "subscription",
        "transitioned_at": now_for(account, sub["customer"])}})


def cancel_now(account: Account, sub: dict, reason: str = "cancellation_requested",
               details: dict | None = None) -> dict:
    """Canceled now: a cancellation scheduled before is no longer to come (cleared; its
    `canceled_at`, the time it was asked, stays)."""
    return move(account, sub, "cancel" if sub["canceled_at"] is None else "end",
                cancel_at=None, cancel_at_period_end=False, cancellation_details={
                    **sub["cancellation_details"], **(details or {}), "reason": reason})


# What other objects' changes do to subscriptions -------------------------------------------


def subscription_of_invoice(account: Account, invoice: dict) -> dict | None:
    """The live subscription an invoice of its own bills (not one made by hand for it, whose
    outcome leaves the subscription as it is), once its create has named its first invoice."""
    if invoice["billing_reason"] == "manual":
        return None
    sub_id = subscription_of(invoice)
    sub = account.collections[KIND].get(sub_id) if sub_id else None
    if sub is None or sub["status"] in ENDED:
        return None
    if sub["latest_invoice"] is None:  # its first invoice, while the create still runs
        return None
    return sub


def follow_invoice(account: Account, sub: dict, obj: dict) -> None:
    """A subscription's invoice paid, or failed on renewal, moves the subscription."""
    if obj["status"] == "paid":
        move(account, sub, "resume" if sub["status"] == "paused" else "activate",
             **settings.saved_method(account, sub, obj))
    elif obj["status"] == "open" and obj["attempted"] and obj["billing_reason"] in (
            "subscription_cycle", "subscription_update") and sub["pending_update"] is None:
        move(account, sub, "fall_due")  # (a pending update's invoice leaves it as it was)


def _customer_deleted(account: Account, obj: dict, previous: dict | None) -> None:
    """A deleted customer's subscriptions end with it (as on Stripe)."""
    coll = account.collections[KIND]
    for sub_id in list(coll.indexes["customer"].ids(obj["id"])):
        sub = coll.objects[sub_id]
        if sub["status"] in LIVE:
            cancel_now(account, sub)


# (invoice.updated is wired in the package's __init__: it involves pending updates and due work)
FOLLOWED = {"customer.deleted": _customer_deleted}


def follow(account: Account, event_type: str, obj: dict, previous: dict | None) -> None:
    """Store listener: what other objects' changes do to subscriptions (one listener, every
    change goes past it)."""
    handler = FOLLOWED.get(event_type)
    if handler is not None:
        handler(account, obj, previous)


def _retries_exhausted(account: Account, invoice: dict) -> None:
    """The last retry of a subscription's invoice failed: the account's settings decide."""
    sub = subscription_of_invoice(account, invoice)
    if sub is None or sub["status"] != "past_due":
        return
    after = settings_of(account).after_retries
    if after == "cancel":
        cancel_now(account, sub, "payment_failed")
    elif after == "unpaid":
        move(account, sub, "mark_unpaid")


invoice_automation.EXHAUSTED.append(_retries_exhausted)
