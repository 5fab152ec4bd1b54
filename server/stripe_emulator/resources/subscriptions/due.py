"""What falls due on a subscription with time, read off the subscription itself: the trial's
three-day notice, the renewal at its period's end (or the end a cancellation scheduled), the
expiry of an incomplete one after 23 hours, and `pause_collection.resumes_at`. A test clock's
advance and the real-time loop both ask `due_work` (invoice_automation.py runs it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ... import messages as M
from ...billing import settings
from ...billing.periods import boundary
from ...clocks import now_for
from ...errors import InvalidRequestError
from ...store.indexes import TimeIndex
from ...store.memory import Account, Collection
from .. import test_clocks
from ..invoices import automation as invoice_automation
from ..invoices import rules
from ..invoices import status as invoice_status
from . import invoicing, status
from .declared import ITEM_KIND, KIND, LIVE, anchor_day, cut_end, items_of, renewing, with_items

TRIAL_NOTICE = "_trial_will_end"  # trials whose three-day notice went out
NOTICE = 3 * 86_400
EXPIRY = 23 * 3600  # "If the PaymentIntent is not confirmed within 23 hours…"
RENEWING = ("active", "past_due", "trialing", "unpaid")


def _has_payment_method(account: Account, sub: dict) -> bool:
    customer = account.collections["customer"].get(sub["customer"])
    default = customer["invoice_settings"]["default_payment_method"] if customer else None
    return bool(sub["default_payment_method"] or default)


def notice_due(account: Account, sub: dict) -> int | None:
    """When `customer.subscription.trial_will_end` goes out: three days before the trial ends
    (at once for a shorter trial)."""
    if sub["status"] != "trialing" or account.record(TRIAL_NOTICE, sub["id"]) is not None:
        return None
    return max(sub["trial_end"] - NOTICE, sub["trial_start"])


def notify(account: Account, sub: dict) -> None:
    account.put(TRIAL_NOTICE, {"id": sub["id"]})
    account.announce("customer.subscription.trial_will_end", sub)


def notice_now(account: Account, sub: dict, ending: bool = False) -> None:
    """The notice at once, in the request, when it is due already: a trial of under three
    days (made, or shortened to that), or one ended early (`ending`: "or immediately when a
    trial is ended early")."""
    if sub["status"] != "trialing" or account.record(TRIAL_NOTICE, sub["id"]) is not None:
        return
    due = notice_due(account, sub)
    if ending or (due is not None and due <= now_for(account, sub["customer"])):
        notify(account, sub)


def renewal_due(account: Account, sub: dict) -> int | None:
    """When the subscription's period next ends, if it is live and not paused."""
    if sub["status"] not in RENEWING:
        return None
    items = sub["items"]["data"]  # as the subscription shows them: kept with every change
    if not items:
        return None
    end = min(item["current_period_end"] for item in items)
    return end if sub["cancel_at"] is None else min(end, sub["cancel_at"])


def expire(account: Account, sub: dict) -> None:
    """Incomplete for 23 hours: the first invoice is voided and the subscription expires."""
    invoice = account.collections[rules.KIND].get(sub["latest_invoice"] or "")
    if invoice is not None and invoice["status"] == "open":
        invoice_status.void(account, invoice)
    status.move(account, account.collections[KIND].objects[sub["id"]], "expire")


def next_period(sub: dict, item: dict) -> tuple[int, int]:
    """The period after the item's current one, counted from the anchor (and cut short by a
    scheduled cancellation)."""
    recurring = item["price"]["recurring"]
    n = 1
    while True:
        end = boundary(sub["billing_cycle_anchor"], recurring["interval"],
                       recurring["interval_count"], n, anchor_day(sub))
        if end > item["current_period_end"]:
            break
        n += 1
    start = item["current_period_end"]
    return start, cut_end(start, end, sub["cancel_at"])


def renew(account: Account, sub: dict) -> None:
    """The period ends: a cancellation scheduled for then ends the subscription; a trial
    without a payment method ends as its settings say; else every item moves on a period and
    the period's invoice is made (as `pause_collection` says it must be)."""
    items = items_of(account, sub)
    if sub["cancel_at"] is not None and sub["cancel_at"] <= min(
            item["current_period_end"] for item in items):
        status.move(account, sub, "end")
        return
    if sub["status"] == "trialing":
        behavior = sub["trial_settings"]["end_behavior"]["missing_payment_method"]
        if behavior != "create_invoice" and not _has_payment_method(account, sub):
            if behavior == "cancel":
                status.cancel_now(account, sub)  # only the trial's $0 invoice is ever made
            else:
                status.pause(account, sub, "trial_end_without_payment_method")
            return
    due = renewing(items)  # with mixed intervals, the items whose period ended
    moved_items = []
    for item in due:
        start, end = next_period(sub, item)
        moved_items.append(account.update(ITEM_KIND, item, {
            **item, "current_period_start": start, "current_period_end": end}))
    # The period's invoice first, then one customer.subscription.updated: the new period, the
    # invoice, and (a trial ending) the status.
    moved = with_items(account, sub)
    invoice = invoicing.make_invoice(account, moved, "subscription_cycle", items=moved_items)
    moved.update(invoicing.invoiced(account, sub, invoice))
    current = status.move(account, sub, "activate", **moved) if sub["status"] == "trialing" \
        else account.update(KIND, sub, moved)
    _collect(account, current, invoice)


def _collect(account: Account, sub: dict, invoice: dict) -> None:
    """`pause_collection`: the period's invoice kept as a draft, or finalized and then marked
    uncollectible or voided."""
    paused = sub["pause_collection"]
    if paused is None:
        return
    if paused["behavior"] == "keep_as_draft":
        rules.save(account, invoice, {**invoice, "auto_advance": False,
                                      "automatically_finalizes_at": None})
        return
    invoice = invoice_status.finalize(account, invoice)
    if invoice["status"] == "open":
        if paused["behavior"] == "void":
            invoice_status.void(account, invoice)
        else:
            invoice_status.mark_uncollectible(account, invoice)


def _resume_collection(account: Account, sub: dict) -> None:
    account.update(KIND, sub, {**sub, "pause_collection": None})


def expiry_due(account: Account, sub: dict) -> int | None:
    return sub["created"] + EXPIRY if sub["status"] == "incomplete" else None


def resume_due(account: Account, sub: dict) -> int | None:
    paused = sub["pause_collection"]
    return None if paused is None else paused.get("resumes_at")


class Step(NamedTuple):
    """One kind of work time brings a subscription: when it is next due (None: not), and what
    it does then. Of a subscription's due steps the earliest runs first (ties: in this order);
    what it changed decides the next."""

    when: Callable[[Account, dict], int | None]
    run: Callable[[Account, dict], None]


def overdue_due(account: Account, sub: dict) -> int | None:
    """A send_invoice subscription is past due once its invoice is unpaid at its due date."""
    if sub["status"] != "active" or sub["collection_method"] != "send_invoice":
        return None
    invoice = account.record(rules.KIND, sub["latest_invoice"] or "")
    if invoice is None or invoice["status"] != "open":
        return None
    return invoice["due_date"]


def fall_overdue(account: Account, sub: dict) -> None:
    status.move(account, sub, "fall_due")


STEPS: list[Step] = [Step(expiry_due, expire), Step(resume_due, _resume_collection),
                     Step(notice_due, notify), Step(overdue_due, fall_overdue),
                     Step(renewal_due, renew)]


def next_step(account: Account, sub: dict) -> tuple[int, Step] | None:
    best: tuple[int, Step] | None = None
    for step in STEPS:
        when = step.when(account, sub)
        if when is not None and (best is None or when < best[0]):
            best = (when, step)
    return best


# When each subscription on no clock next has work: a time index, so that the real-time loop
# reads only what is due (a record per subscription, kept as its fields change).
SCHEDULE = "_subscription_schedule"


def setup(account: Account) -> None:
    account.collections[SCHEDULE] = Collection({"at": TimeIndex(lambda r: r["at"], ("at",))})


def reschedule(account: Account, sub: dict) -> None:
    """Note when the subscription (on no clock) next has work to do."""
    if sub["test_clock"] is not None:
        return
    step = next_step(account, sub)
    record = account.record(SCHEDULE, sub["id"])
    if step is None:
        if record is not None:
            account.drop(SCHEDULE, sub["id"])
    elif record is None or record["at"] != step[0]:
        account.put(SCHEDULE, {"id": sub["id"], "at": step[0]})


Run = Callable[[], None]


def _later(account: Account, sub_id: str, step: Callable[[Account, dict], None]) -> Run:
    def run() -> None:
        sub = account.collections[KIND].objects[sub_id]
        step(account, sub)
        reschedule(account, account.collections[KIND].objects[sub_id])

    return run


def watched(account: Account, customer_ids: list[str] | None, until: int) -> list[dict]:
    """The given customers' subscriptions, or (None) those on no clock with work due."""
    coll = account.collections[KIND]
    if customer_ids is None:
        due = account.collections[SCHEDULE].indexes["at"].due(until)
        return [coll.objects[i] for i in due if i in coll.objects]
    index = coll.indexes["customer"]
    return [coll.objects[i] for c in customer_ids for i in index.ids(c)]


def due_work(account: Account, customer_ids: list[str] | None,
             until: int) -> list[tuple[int, Run]]:
    """What falls due by `until` on the given customers' subscriptions, or (None) on those on
    no clock: each subscription's earliest due step."""
    due: list[tuple[int, Run]] = []
    for sub in watched(account, customer_ids, until):
        step = next_step(account, sub)
        if step is not None and step[0] <= until:
            due.append((step[0], _later(account, sub["id"], step[1].run)))
    return due


def advance_limit(account: Account, customer_ids: list[str], now: int, target: int) -> None:
    """A clock "cannot be more than two intervals in the future from the shortest subscription
    in this test clock"."""
    coll = account.collections[KIND]
    limits = []
    for customer_id in customer_ids:
        for sub_id in coll.indexes["customer"].ids(customer_id):
            sub = coll.objects[sub_id]
            if sub["status"] not in LIVE:
                continue
            for item in items_of(account, sub):
                recurring = item["price"]["recurring"]
                limits.append((boundary(now, recurring["interval"],
                                        recurring["interval_count"], 2), recurring))
    if not limits:
        return
    limit, recurring = min(limits, key=lambda entry: entry[0])
    if target > limit:
        raise InvalidRequestError(M.CLOCK_TOO_FAR_SUBSCRIPTIONS.format(
            interval=recurring["interval"], interval_count=recurring["interval_count"],
            limit=limit), param="frozen_time")


def reschedule_all(account: Account) -> None:
    """Settings changed (how early `invoice.upcoming` goes out): every live subscription's
    next work is read again."""
    coll = account.collections[KIND]
    for sub in list(coll.objects.values()):
        if sub["status"] in LIVE:
            reschedule(account, sub)


invoice_automation.DUE_SOURCES.append(due_work)
settings.CHANGED.append(reschedule_all)
test_clocks.ADVANCE_LIMITS.append(advance_limit)
