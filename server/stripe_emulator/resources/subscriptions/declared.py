"""Subscriptions and their items as declared resources (paths, ids, indexes, expansions,
events), and how a subscription's items are read; the package's other modules say what is
done with them."""

from __future__ import annotations

from typing import NamedTuple

from ...api.expand import Ref
from ...api.resource import Resource, declare
from ...events.names import FieldEvents
from ...store.indexes import MetadataIndex, ValueIndex
from ...store.memory import Account

KIND = "subscription"
ITEM_KIND = "subscription_item"
LIVE = ("incomplete", "trialing", "active", "past_due", "unpaid", "paused")
ENDED = ("canceled", "incomplete_expired")

SUBSCRIPTIONS = declare(Resource(
    object_name="subscription",
    kind=KIND,
    path="/v1/subscriptions",
    prefix="sub",
    indexes=lambda: {"customer": ValueIndex(lambda o: o["customer"]),
                     "metadata": MetadataIndex()},
    expandable={"customer": Ref("customer"), "latest_invoice": Ref("invoice"),
                "default_payment_method": Ref("payment_method"),
                "test_clock": Ref("test_helpers.test_clock")},
    example={"customer": "{customer}", "items[0][price]": "{price}"},
    events={"created": "customer.subscription.created",
            "updated": "customer.subscription.updated"},
    # A subscription's end is its deletion event; pausing and resuming announce themselves.
    field_events=FieldEvents("status", {
        "canceled": ("customer.subscription.deleted",),
        "paused": ("customer.subscription.paused", "customer.subscription.updated"),
        "paused->active": ("customer.subscription.resumed", "customer.subscription.updated")}),
))
SUBSCRIPTION_ITEMS = declare(Resource(
    object_name="subscription_item",
    kind=ITEM_KIND,
    path="/v1/subscription_items",
    prefix="si",
    id_length=14,
    indexes=lambda: {"subscription": ValueIndex(lambda o: o["subscription"])},
    expandable={"price": {"product": Ref("product")}},
    example={"subscription": "{subscription}", "price": "{price}"},
))


def items_of(account: Account, sub: dict) -> list[dict]:
    coll = account.collections[ITEM_KIND]
    return [coll.objects[i] for i in coll.indexes["subscription"].ids(sub["id"])]


def items_list(sub_id: str, items: list[dict]) -> dict:
    return {"object": "list", "data": items, "has_more": False, "total_count": len(items),
            "url": f"/v1/subscription_items?subscription={sub_id}"}


def with_items(account: Account, sub: dict) -> dict:
    """The subscription showing its items as they now stand."""
    return {**sub, "items": items_list(sub["id"], items_of(account, sub))}


def period_of(account: Account, sub: dict) -> tuple[int, int]:
    """The subscription's current period: its items' (they share one interval here)."""
    items = items_of(account, sub)
    return (min(i["current_period_start"] for i in items),
            min(i["current_period_end"] for i in items))


class ItemChange(NamedTuple):
    before: dict | None  # the item as it was (None: added)
    after: dict | None  # as it will be (None: removed)


def write_items(account: Account, changes: list[ItemChange]) -> None:
    for change in changes:
        if change.before is None:
            account.create(ITEM_KIND, change.after)
        elif change.after is None:
            SUBSCRIPTION_ITEMS.remove(account, change.before)
        else:
            account.update(ITEM_KIND, change.before, change.after)
