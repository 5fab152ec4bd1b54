"""Subscriptions and their items as declared resources (paths, ids, indexes, expansions,
events), and how a subscription's items are read; the package's other modules say what is
done with them."""

from __future__ import annotations

from typing import NamedTuple

from ...api.expand import Ref
from ...api.resource import Resource, declare
from ...billing.periods import boundary, period_containing
from ...events.names import FieldEvents
from ...store.indexes import MetadataIndex, ValueIndex
from ...store.memory import Account
from ..discounts import redeem

KIND = "subscription"
ITEM_KIND = "subscription_item"
LIVE = ("incomplete", "trialing", "active", "past_due", "unpaid", "paused")
ENDED = ("canceled", "incomplete_expired")

SUBSCRIPTIONS = declare(Resource(
    object_name="subscription",
    kind=KIND,
    path="/v1/subscriptions",
    prefix="sub",
    indexes=lambda: {"customer": ValueIndex.of("customer"),
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
    indexes=lambda: {"subscription": ValueIndex.of("subscription")},
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


def natural_period(sub: dict, price: dict, at: int) -> tuple[int, int]:
    """The period of `price`'s interval, counted from the subscription's anchor, that `at`
    falls in (before a future anchor: the whole cycle ending on it, of which the short first
    period is the end)."""
    anchor = sub["billing_cycle_anchor"]
    recurring = price["recurring"]
    if at < anchor:
        return boundary(anchor, recurring["interval"], recurring["interval_count"], -1,
                        anchor_day(sub)), anchor
    return period_containing(anchor, recurring["interval"], recurring["interval_count"], at,
                             anchor_day(sub))


def anchor_day(sub: dict) -> int | None:
    """The day of the month a `billing_cycle_anchor_config` bills on (the anchor itself may
    fall earlier in a short month), or None: the anchor's own day."""
    config = sub["billing_cycle_anchor_config"]
    return None if config is None else config["day_of_month"]


def renewing(items: list[dict]) -> list[dict]:
    """The items whose period ends first: those the next renewal bills (with mixed
    intervals, the others go on)."""
    if not items:
        return []
    end = min(item["current_period_end"] for item in items)
    return [item for item in items if item["current_period_end"] == end]


def cut_end(start: int, end: int, cancel_at: int | None) -> int:
    """The end of a period [start, end), or the cancellation inside it that cuts it short."""
    return cancel_at if cancel_at is not None and start < cancel_at < end else end


def new_cycle(items: list[dict], now: int, cancel_at: int | None) -> list[ItemChange]:
    """Every item starts a full period now (the cycle anchored on now), up to a cancellation
    before its end."""
    out = []
    for item in items:
        recurring = item["price"]["recurring"]
        end = boundary(now, recurring["interval"], recurring["interval_count"], 1)
        out.append(ItemChange(item, {**item, "current_period_start": now,
                                     "current_period_end": cut_end(now, end, cancel_at)}))
    return out


def uncut_ends(account: Account, sub: dict) -> list[int]:
    """Each item's current period end as no cancellation cuts it short."""
    return [natural_period(sub, item["price"], item["current_period_start"])[1]
            for item in items_of(account, sub)]


def period_of(account: Account, sub: dict) -> tuple[int, int]:
    """The subscription's current period: its items' earliest start and end (one period when
    they share an interval)."""
    items = items_of(account, sub)
    return (min(i["current_period_start"] for i in items),
            min(i["current_period_end"] for i in items))


class ItemChange(NamedTuple):
    before: dict | None  # the item as it was (None: added)
    after: dict | None  # as it will be (None: removed)


def items_after(account: Account, sub: dict, changes: list[ItemChange]) -> list[dict]:
    """The subscription's items as `changes` would leave them (changed in place, added last,
    removed gone)."""
    changed = {c.before["id"]: c.after for c in changes if c.before is not None}
    kept = [changed.get(item["id"], item) for item in items_of(account, sub)]
    return [item for item in (*kept, *(c.after for c in changes if c.before is None))
            if item is not None]


def write_items(account: Account, changes: list[ItemChange]) -> None:
    for change in changes:
        if change.before is None:
            account.create(ITEM_KIND, change.after)
        elif change.after is None:
            SUBSCRIPTION_ITEMS.remove(account, change.before)
            # the discounts made for the item go with it
            redeem.release(account, [], change.before["discounts"], "subscription_item",
                           change.before["id"])
        else:
            account.update(ITEM_KIND, change.before, change.after)
