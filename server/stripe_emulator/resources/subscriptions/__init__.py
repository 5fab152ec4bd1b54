"""Subscriptions: `/v1/subscriptions` (create, retrieve, update, cancel, list, search, pause,
resume) and `/v1/subscription_items` (create, retrieve, update, delete, list), at the endive
shape: periods on the items, the invoices' `parent.subscription_details`, the lines'
`subscription_item_details`.

The package, a module a job: `declared` (the resources), `params`, `shape` (the objects),
`checks`, `create` (with the first invoice), `changes` (items, prorations, cycles, cancel),
`invoicing` (the invoices and proration items), `status` (the table of status moves and what
moves them), `due` (what time brings: renewals, trial ends, expiry), `pausing`, `preview`
(create_preview and `invoice.upcoming`).
"""

from __future__ import annotations

from typing import Any

from ...api.lists import in_range
from ...api.params import Params
from ...api.resource import Operation
from ...api.search import SearchField
from ...store.memory import Account
from . import (
    changes,
    create,
    discount,
    due,
    pausing,
    pending,
    pending_setup,
    preview,
    settings,
    status,
)
from .declared import (
    ITEM_KIND,
    KIND,
    LIVE,
    SUBSCRIPTION_ITEMS,
    SUBSCRIPTIONS,
    items_of,
    period_of,
)
from .params import (
    ItemCreateParams,
    ItemDeleteParams,
    ItemListParams,
    ItemUpdateParams,
    MigrateParams,
    PauseParams,
    ResumeParams,
    SubscriptionCancelParams,
    SubscriptionCreateParams,
    SubscriptionListParams,
    SubscriptionUpdateParams,
)
from .status import FOLLOWED, follow

# A subscription's change may change when it next has work (its period, its status…).
# (Not on creation: the create's own update, naming its first invoice, always follows.)
_TIMING = frozenset({"status", "items", "cancel_at", "pause_collection", "trial_end",
                     "collection_method", "latest_invoice", "pending_update"})
# A pending update that expires comes before anything else due at that instant.
due.STEPS.insert(0, due.Step(pending.expires_due, pending.expire))


def _reschedule(account: Account, sub: dict, previous: dict | None) -> None:
    if previous is not None and not _TIMING.isdisjoint(previous):
        due.reschedule(account, sub)


def _invoice_changed(account: Account, invoice: dict, previous: dict | None) -> None:
    """An invoice paid or failed moves its subscription (applying a pending update it waited
    for), and may change when it next has work (a send_invoice subscription falls due at its
    invoice's due date)."""
    if previous is None or ("status" not in previous and "attempt_count" not in previous):
        return
    sub = status.subscription_of_invoice(account, invoice)
    if sub is None:
        return
    if not (invoice["status"] == "paid" and pending.follow_paid(account, sub, invoice)):
        status.follow_invoice(account, sub, invoice)
    if "status" in previous:
        due.reschedule(account, account.collections[KIND].objects[sub["id"]])


FOLLOWED["subscription.updated"] = _reschedule
FOLLOWED["invoice.updated"] = _invoice_changed
FOLLOWED["setup_intent.updated"] = pending_setup.setup_changed

__all__ = ["FOLLOWED", "ITEM_KIND", "KIND", "LIVE", "SUBSCRIPTIONS", "SUBSCRIPTION_ITEMS", "due",
           "follow",
           "items_of", "preview"]


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    coll = account.collections[KIND]
    candidates = coll.indexes["customer"].ids(p["customer"]) if "customer" in p else None
    status = p.get("status")
    tests = []
    if status is None:  # "By default, returns a list of subscriptions that have not been canceled"
        tests.append(lambda s: s["status"] not in ("canceled", "incomplete_expired"))
    elif status == "ended":
        tests.append(lambda s: s["status"] in ("canceled", "incomplete_expired"))
    elif status != "all":
        tests.append(lambda s: s["status"] == status)
    if "collection_method" in p:
        tests.append(lambda s: s["collection_method"] == p["collection_method"])
    items = account.collections[ITEM_KIND]
    for key in ("price", "plan"):  # (a plan is its price here: the same filter)
        if key in p:
            tests.append(lambda s, wanted=p[key]: any(
                items.objects[i]["price"]["id"] == wanted
                for i in items.indexes["subscription"].ids(s["id"])))
    for i, key in enumerate(("current_period_start", "current_period_end")):
        if key in p:  # the items' period, as the subscription's was
            within = in_range(p[key])
            tests.append(lambda s, i=i, within=within: within(period_of(account, s)[i]))
    if "automatic_tax" in p:
        tests.append(lambda s: s["automatic_tax"]["enabled"] == p["automatic_tax"]["enabled"])
    if "test_clock" in p:
        tests.append(lambda s: s["test_clock"] == p["test_clock"])
    elif "customer" not in p:  # what test clocks made shows under its customer or clock only
        tests.append(lambda s: s["test_clock"] is None)
    return candidates, lambda s: all(test(s) for test in tests)


SEARCH_FIELDS = {
    "created": SearchField("numeric", lambda o: o["created"]),
    "metadata": SearchField("token", lambda o: o["metadata"]),
    "status": SearchField("token", lambda o: o["status"]),
}

SUBSCRIPTIONS.operations = [
    SUBSCRIPTIONS.search(SEARCH_FIELDS),
    SUBSCRIPTIONS.create(SubscriptionCreateParams, create.new_subscription, create.after_create),
    SUBSCRIPTIONS.retrieve(),
    Operation("update", "POST", "/v1/subscriptions/{id}", SubscriptionUpdateParams,
              changes.update, summary="Update a subscription"),
    Operation("cancel", "DELETE", "/v1/subscriptions/{id}", SubscriptionCancelParams,
              changes.cancel, summary="Cancel a subscription now"),
    Operation("pause", "POST", "/v1/subscriptions/{id}/pause", PauseParams, pausing.pause,
              summary="Pause a subscription"),
    Operation("resume", "POST", "/v1/subscriptions/{id}/resume", ResumeParams, pausing.resume,
              summary="Resume a paused subscription"),
    Operation("migrate", "POST", "/v1/subscriptions/{id}/migrate", MigrateParams,
              settings.migrate, summary="Migrate a subscription to flexible billing"),
    Operation("delete_discount", "DELETE", "/v1/subscriptions/{id}/discount", Params,
              discount.delete_discount, summary="Remove a subscription's discounts"),
    SUBSCRIPTIONS.list(SubscriptionListParams, narrow_list),
]


def _items_narrow(account: Account, p: dict) -> tuple[Any, Any]:
    SUBSCRIPTIONS.get(account, p["subscription"], "subscription", 400)
    return account.collections[ITEM_KIND].indexes["subscription"].ids(p["subscription"]), None


SUBSCRIPTION_ITEMS.operations = [
    Operation("create", "POST", "/v1/subscription_items", ItemCreateParams, changes.create_item,
              summary="Add an item to a subscription"),
    SUBSCRIPTION_ITEMS.retrieve(),
    Operation("update", "POST", "/v1/subscription_items/{id}", ItemUpdateParams,
              changes.update_item, summary="Update a subscription item"),
    Operation("delete", "DELETE", "/v1/subscription_items/{id}", ItemDeleteParams,
              changes.delete_item, summary="Remove an item from its subscription"),
    SUBSCRIPTION_ITEMS.list(ItemListParams, _items_narrow),
]
