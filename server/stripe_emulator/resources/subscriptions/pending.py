"""`payment_behavior=pending_if_incomplete`: a change that must be paid (prorations invoiced at
once) is applied only once its invoice is paid. Paid at once, it applies at once; else the
subscription goes on as it was, showing the change in `pending_update` (its `latest_invoice` the
open invoice) until that invoice is paid (`customer.subscription.pending_update_applied`) or
the update expires (`customer.subscription.pending_update_expired`, the invoice voided) at the
period's or the trial's end, or 23 hours after the change, whichever comes first. (Stripe's
pending updates reference.)"""

from __future__ import annotations

from ... import messages as M
from ...clocks import now_for
from ...errors import InvalidRequestError
from ...store.memory import Account
from ..invoices import rules
from ..invoices import status as invoice_status
from . import settings, status
from .declared import (
    KIND,
    ItemChange,
    items_of,
    new_cycle,
    period_of,
    with_items,
    write_items,
)
from .invoicing import BILLED

PENDING = "_subscription_pending_update"  # the changes a pending update would write
BEHAVIOR = "pending_if_incomplete"
EXPIRY = 23 * 3600
# What a pending update may carry ("Only certain attributes can be used to create a pending
# update"): on subscription update, and on the subscription item endpoints.
ON_UPDATE = frozenset({"expand", "payment_behavior", "proration_behavior", "proration_date",
                       "items", "add_invoice_items"})
ON_ITEMS = frozenset({"expand", "payment_behavior", "proration_behavior", "proration_date",
                      "price", "quantity", "subscription"})
ITEM_KEYS = frozenset({"id", "price", "quantity"})


def check(p: dict, allowed: frozenset[str]) -> None:
    refused = sorted(set(p) - allowed)
    for spec in p.get("items") or []:
        refused += sorted(f"items[][{key}]" for key in set(spec) - ITEM_KEYS)
    if refused:
        raise InvalidRequestError(M.PENDING_UPDATE_PARAMS.format(params=", ".join(refused)),
                                  param=refused[0].split("[")[0])


def start(account: Account, old: dict, new: dict, changes: list,
          anchor: int | None = None) -> dict:
    """The subscription as it is (`new`: its own fields, its items unchanged) with the change
    pending, before its invoice is charged: paid, the change applies (`follow_paid`), with
    the new cycle it starts (`anchor`) if it starts one."""
    now = now_for(account, old["customer"])
    _, end = period_of(account, old)
    expires = min(now + EXPIRY, end, *([old["trial_end"]] if old["trial_end"] else []))
    after = {item["id"]: item for item in items_of(account, old)}
    for change in changes:
        if change.before is not None:
            after.pop(change.before["id"], None)
        if change.after is not None:
            after[change.after["id"]] = change.after
    # what was last billed of each item, for an expiry to restore (the change's invoice
    # records its debits at once, paid or not)
    billed = {item_id: account.record(BILLED, item_id)
              for item_id in [*after, *(i["id"] for i in items_of(account, old))]}
    account.put(PENDING, {"id": old["id"], "anchor": anchor, "billed": billed, "changes": [
        [None if c.before is None else c.before["id"], c.after] for c in changes]})
    return account.update(KIND, old, {**new, "pending_update": {
        "billing_cycle_anchor": anchor, "cancel_at_period_end": None, "discount": None,
        "discounts": None, "expires_at": expires, "metadata": None,
        "subscription_items": list(after.values()), "trial_end": None,
        "trial_from_plan": None}})


def apply(account: Account, sub: dict) -> dict:
    """The pending update's invoice was paid: its changes are made."""
    record = account.record(PENDING, sub["id"])
    current = {item["id"]: item for item in items_of(account, sub)}
    changes = [ItemChange(current.get(before) if before else None, after)
               for before, after in (record["changes"] if record else [])]
    write_items(account, changes)
    fields = {**sub, "pending_update": None}
    anchor = record and record.get("anchor")
    if anchor is not None:  # the new cycle began with the change
        write_items(account, new_cycle(items_of(account, sub), anchor, sub["cancel_at"]))
        fields.update(billing_cycle_anchor=anchor, billing_cycle_anchor_config=None)
    account.drop(PENDING, sub["id"])
    applied = account.update(KIND, sub, with_items(account, fields))
    account.announce("customer.subscription.pending_update_applied", applied)
    return applied


def expires_due(account: Account, sub: dict) -> int | None:
    pending = sub["pending_update"]
    return None if pending is None else pending["expires_at"]


def expire(account: Account, sub: dict) -> None:
    """Not paid in time: the invoice is voided and the change discarded (what its debits
    recorded as billed with it)."""
    invoice = account.record(rules.KIND, sub["latest_invoice"] or "")
    record = account.record(PENDING, sub["id"])
    for item_id, was in ((record or {}).get("billed") or {}).items():
        if was is None:
            account.drop(BILLED, item_id)
        else:
            account.put(BILLED, was)
    account.drop(PENDING, sub["id"])
    sub = account.update(KIND, sub, {**sub, "pending_update": None})
    account.announce("customer.subscription.pending_update_expired", sub)
    if invoice is not None and invoice["status"] == "open":
        invoice_status.void(account, invoice)


def follow_paid(account: Account, sub: dict, invoice: dict) -> bool:
    """A paid invoice that a pending update waited for: apply it (True)."""
    if sub["pending_update"] is None or invoice["id"] != sub["latest_invoice"]:
        return False
    apply(account, sub)
    current = account.collections[KIND].objects[sub["id"]]
    status.move(account, current, "activate", **settings.saved_method(account, current, invoice))
    return True
