"""Changing a subscription: its items (quantities, prices, items added and removed, from
`items[]` on update or the subscription item endpoints), with prorations as
`proration_behavior` says; its billing cycle (`billing_cycle_anchor=now`, `trial_end=now`);
scheduled and immediate cancellation; collection settings.

Prorations follow Stripe's formula (billing/proration.py): for an item whose period is
[start, end) changed at `at` (now, or `proration_date`), a credit for the unused time on the old
terms and a charge for the remaining time on the new, each a pending invoice item
(`proration: true`) the next invoice takes; `always_invoice` invoices them at once.
"""

from __future__ import annotations

from typing import Any

from ... import messages as M
from ...api.metadata import merge_metadata, updated
from ...api.params import within
from ...billing import proration
from ...billing.periods import DAY
from ...clocks import now_for
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from .. import payment_method_rules as pm_rules
from .. import tax_rates
from ..discounts import customer_discount, redeem
from ..invoices import status as invoice_status
from ..invoices.declared import INVOICE_ITEMS
from . import due, invoicing, item_discounts, one_off, pending, prorations, settings, status
from .checks import check_price, check_together, future
from .declared import (
    ENDED,
    ITEM_KIND,
    KIND,
    SUBSCRIPTION_ITEMS,
    SUBSCRIPTIONS,
    ItemChange,
    cut_end,
    items_after,
    items_of,
    natural_period,
    new_cycle,
    period_of,
    uncut_ends,
    with_items,
    write_items,
)
from .params import MAX_TRIAL_DAYS
from .prorations import Proration
from .shape import item_object, plan_of


def _terms(item: dict) -> tuple:
    """What an item is billed by: a change of any of these prorates."""
    return (item["price"]["id"], item["price"]["unit_amount_decimal"], item["quantity"],
            tuple(rate["id"] for rate in item["tax_rates"] or []))


def _rates(account: Account, spec: dict) -> list[dict] | None:
    if "tax_rates" not in spec:
        return None
    return tax_rates.resolve(account, spec["tax_rates"] or [], "tax_rates")


def _changed(account: Account, sub: dict, item: dict, spec: dict, prefix: str,
             now: int) -> dict:
    new = dict(item)
    if "price" in spec and spec["price"] != item["price"]["id"]:
        price = check_price(account, spec["price"], f"{prefix}[price]", sub["currency"])
        # "When changing a subscription item's price, quantity is set to 1 unless a quantity
        # parameter is provided"
        new.update(price=price, plan=plan_of(price), quantity=spec.get("quantity", 1))
        if price["recurring"] != item["price"]["recurring"]:  # another interval: its period
            start, end = natural_period(sub, price, now)
            new.update(current_period_start=start,
                       current_period_end=cut_end(now, end, sub["cancel_at"]))
    elif "quantity" in spec:
        new["quantity"] = spec["quantity"]
    if "metadata" in spec:
        new["metadata"] = merge_metadata(item["metadata"], spec["metadata"])
    rates = _rates(account, spec)
    if rates is not None:
        new["tax_rates"] = rates
    _discounts(account, sub, new, spec, prefix, now)
    return new


def _added(account: Account, sub: dict, spec: dict, prefix: str, now: int) -> dict:
    if "price" not in spec:
        raise InvalidRequestError(M.MISSING_PARAM.format(param=f"{prefix}[price]"),
                                  code="parameter_missing", param=f"{prefix}[price]")
    price = check_price(account, spec["price"], f"{prefix}[price]", sub["currency"])
    _, end = natural_period(sub, price, now)
    item = item_object(account, sub["id"], price, spec, now,
                       (now, cut_end(now, end, sub["cancel_at"])),  # cut as the others
                       _rates(account, spec) or [])
    _discounts(account, sub, item, spec, prefix, now)
    return item


def _discounts(account: Account, sub: dict, item: dict, spec: dict, prefix: str,
               now: int) -> None:
    """`discounts` given for the item: its own from the next invoice (no proration)."""
    if "discounts" in spec:
        item["discounts"] = item_discounts.give(
            account, sub, item, spec["discounts"],
            f"{prefix}[discounts]" if prefix else "discounts", now,
            invoicing.period_amount(account, item))


def plan_items(account: Account, sub: dict, specs: list[dict], now: int,
               param: str = "items") -> list[ItemChange]:
    """The item changes `specs` ask for, checked whole before anything is written."""
    current = {item["id"]: item for item in items_of(account, sub)}
    changes: list[ItemChange] = []
    for index, spec in enumerate(specs):
        prefix = f"{param}[{index}]" if param else ""
        try:
            if "id" not in spec:
                changes.append(ItemChange(None, _added(account, sub, spec, prefix, now)))
                continue
            item = current.get(spec["id"])
            if item is None or any(c.before is item for c in changes):
                raise InvalidRequestError(M.SUBSCRIPTION_ITEM_UNKNOWN.format(
                    id=spec["id"], subscription=sub["id"]), code="resource_missing",
                    param=f"{prefix}[id]")
            if spec.get("deleted"):
                changes.append(ItemChange(item, None))
            else:
                changes.append(ItemChange(item, _changed(account, sub, item, spec, prefix,
                                                         now)))
        except InvalidRequestError as err:
            if param and err.param and not err.param.startswith(param):
                raise within(err, param, str(index)) from None
            raise
    touched = {c.before["id"] for c in changes if c.before is not None}
    result = [i for i in current.values() if i["id"] not in touched]
    result += [c.after for c in changes if c.after is not None]
    if not result:
        raise InvalidRequestError(M.SUBSCRIPTION_LAST_ITEM, param=param or None)
    check_together([item["price"] for item in result])
    return changes


def proration_time(account: Account, sub: dict, p: dict) -> int:
    now = now_for(account, sub["customer"])
    if "proration_date" not in p:
        return now
    start, end = period_of(account, sub)
    if not start <= p["proration_date"] <= end:
        raise InvalidRequestError(M.PRORATION_DATE_OUTSIDE.format(start=start, end=end),
                                  param="proration_date")
    return p["proration_date"]


def _prorations(account: Account, sub: dict, changes: list[ItemChange], at: int,
                behavior: str) -> list[Proration]:
    """The prorations the changes make."""
    if behavior == "none" or sub["status"] == "trialing":
        return []
    out = []
    for change in changes:
        if change.before is not None and change.after is not None \
                and _terms(change.before) == _terms(change.after):
            continue  # metadata only
        # Each item over its interval's period from the anchor (an item added mid-period
        # counts from that period's start, as the items already there do).
        for item, credit in ((change.before, True), (change.after, False)):
            if item is None:
                continue
            # to the period's end, or the cancellation that cuts it short
            start, end = natural_period(sub, item["price"], at)
            stop = item["current_period_end"]
            amount = prorations.credit_amount(account, item, start, end, at, stop) \
                if credit else proration.between(invoicing.period_amount(account, item), 1,
                                                 start, end, at, stop)
            if amount:
                out.append(Proration(item, -amount if credit else amount, credit, at, stop))
    return out


def unused_credits(account: Account, items: list[dict], at: int) -> list[Proration]:
    """Credits for the time left in each item's period at `at`, on its current terms."""
    out = []
    for item in items:
        amount = prorations.credit_amount(account, item, item["current_period_start"],
                                          item["current_period_end"], at,
                                          item["current_period_end"])
        if amount:
            out.append(Proration(item, -amount, True, at, item["current_period_end"]))
    return out


def _cut_prorations(account: Account, sub: dict, cut: list[ItemChange],
                    changed: set[str]) -> list[Proration]:
    """A cancellation moved into the period credits the time it no longer bills; moved later
    or cleared, it charges the time it gives back (at the item's price: the time had been
    credited). An item whose terms change in the same request is credited at its new ones."""
    out = []
    for change in cut:
        item = change.before
        old_end, new_end = item["current_period_end"], change.after["current_period_end"]
        start, end = natural_period(sub, item["price"], min(old_end, new_end))
        if new_end < old_end:
            amount = -(proration.between(invoicing.period_amount(account, item), 1, start, end,
                                         new_end, old_end) if item["id"] in changed else
                       prorations.credit_amount(account, item, start, end, new_end, old_end))
        else:
            amount = proration.between(invoicing.period_amount(account, item), 1, start, end,
                                       old_end, new_end)
        if amount:
            out.append(Proration(item, amount, amount < 0, min(old_end, new_end),
                                 max(old_end, new_end)))
    return out


PREVIEW = "_preview"  # a payment behaviour no client sends: make the invoice, leave it a draft


def bill_changes(account: Account, sub: dict, made: list[Proration], at: int,
                 behavior: str, payment_behavior: str, lines: list[dict] | None = None,
                 off_session: bool = False) -> dict:
    """The proration items of a change and, for `always_invoice` (or a new cycle: `lines`),
    the `subscription_update` invoice that takes them, charged at once."""
    prorations.add(account, sub, made)
    if not (lines or (behavior == "always_invoice" and made)):
        return sub
    invoice = invoicing.make_invoice(account, sub, "subscription_update", lines or [])
    sub = account.update(KIND, sub, {**sub, **invoicing.invoiced(account, sub, invoice)})
    if sub["collection_method"] == "send_invoice" or payment_behavior == PREVIEW:
        return sub
    invoice = invoicing.charge(account, invoice, payment_behavior, off_session)
    current = account.collections[KIND].objects[sub["id"]]
    if invoice["status"] == "open" and not invoice["attempted"]:  # default_incomplete
        return status.move(account, current, "fall_due")
    return current


# Subscription update -------------------------------------------------------------------------

_EDITABLE_WHEN_ENDED = {"metadata", "expand", "cancellation_details"}
_EDITABLE_WHEN_INCOMPLETE = {"metadata", "expand", "default_payment_method", "description"}


def _check_update(account: Account, old: dict, p: dict) -> None:
    if old["status"] in ENDED and set(p) - _EDITABLE_WHEN_ENDED:
        raise InvalidRequestError(M.SUBSCRIPTION_CANCELED.format(id=old["id"]))
    if old["status"] == "incomplete" and set(p) - _EDITABLE_WHEN_INCOMPLETE:
        raise InvalidRequestError(M.SUBSCRIPTION_INCOMPLETE_UPDATE)
    if p.get("default_payment_method"):
        pm_rules.check_default(account, p["default_payment_method"], old["customer"],
                               "default_payment_method")
    method = p.get("collection_method", old["collection_method"])
    days = p.get("days_until_due", old["days_until_due"] if method == "send_invoice" else None)
    if method == "send_invoice" and days is None:
        raise InvalidRequestError(M.DUE_DATE_REQUIRED_DAYS)
    if method == "charge_automatically" and "days_until_due" in p:
        raise InvalidRequestError(M.DUE_DATE_NOT_SEND_INVOICE_DAYS)
    if "cancel_at" in p and p.get("cancel_at_period_end"):
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(
            params="cancel_at, cancel_at_period_end"), code="parameters_exclusive",
            param="cancel_at_period_end")


def _fields(account: Account, old: dict, p: dict, now: int) -> dict:
    """The subscription's own fields as the update sets them."""
    new = updated(old, p, ("default_payment_method", "description"))
    if "collection_method" in p:
        new["collection_method"] = p["collection_method"]
        new["days_until_due"] = (p.get("days_until_due", old["days_until_due"])
                                 if p["collection_method"] == "send_invoice" else None)
    elif "days_until_due" in p:
        new["days_until_due"] = p["days_until_due"]
    if "default_tax_rates" in p:  # applies from the next invoice
        new["default_tax_rates"] = tax_rates.resolve(account, p["default_tax_rates"] or [],
                                                     "default_tax_rates")
    if "payment_settings" in p:
        new["payment_settings"] = settings.payment_settings(old["payment_settings"],
                                                            p["payment_settings"])
    if "automatic_tax" in p:
        new["automatic_tax"] = settings.automatic_tax(p["automatic_tax"])
    if "trial_settings" in p:  # what the trial's end does (without a payment method)
        new["trial_settings"] = {"end_behavior": {
            **old["trial_settings"]["end_behavior"], **p["trial_settings"]["end_behavior"]}}
    if "pause_collection" in p:
        paused = p["pause_collection"]
        new["pause_collection"] = None if paused is None else {
            "behavior": paused["behavior"], "resumes_at": paused.get("resumes_at")}
    if "cancellation_details" in p:
        new["cancellation_details"] = {**old["cancellation_details"],
                                       **p["cancellation_details"]}
    if "discounts" in p:  # from the next invoice on
        new["discounts"] = redeem.redeem(
            account, p["discounts"] or [], customer_id=old["customer"],
            currency=old["currency"], owner={"subscription": old["id"]},
            reusable=[*old["discounts"],
                      *customer_discount.inherited(account, old["customer"])],
            now=now, param="discounts")
        redeem.release(account, new["discounts"], old["discounts"], "subscription", old["id"])
    if "cancel_at_period_end" in p or "cancel_at" in p:
        ends = uncut_ends(account, old)  # the period's end, whatever a cancellation cut
        end = min(ends)
        if "cancel_at" in p:
            value = p["cancel_at"]
            cancel_at = (max(ends) if value == "max_period_end" else end) \
                if isinstance(value, str) else (
                None if value is None else future(value, now, M.CANCEL_AT_PAST, "cancel_at"))
            at_period_end = False
        else:
            at_period_end = p["cancel_at_period_end"]
            cancel_at = end if at_period_end else None
        if (cancel_at, at_period_end) != (old["cancel_at"], old["cancel_at_period_end"]):
            new.update({
                "cancel_at": cancel_at, "cancel_at_period_end": at_period_end,
                # "canceled_at will reflect the time of the most recent update request"
                "canceled_at": now if cancel_at is not None else None,
                "cancellation_details": {
                    **new["cancellation_details"],
                    "reason": "cancellation_requested" if cancel_at is not None else None},
            })
    return new


def _cancel_at_changes(old: dict, new: dict, items: list[dict]) -> list[ItemChange]:
    """A cancellation set inside the current period ends the items' period then (and
    clearing it gives the period its natural end back)."""
    if new["cancel_at"] == old["cancel_at"]:
        return []
    out = []
    for item in items:
        start = item["current_period_start"]
        end = cut_end(start, natural_period(old, item["price"], start)[1], new["cancel_at"])
        if end != item["current_period_end"]:
            out.append(ItemChange(item, {**item, "current_period_end": end}))
    return out


def _trial_extension(old: dict, p: dict, now: int) -> int | None:
    """`trial_end` set to a future time: when a trial then ends (moved, on a trialing
    subscription; begun now, on an active one: its period ends now and a free one runs to
    the trial's end), the billing cycle anchored on its end. None: no such change."""
    if p.get("trial_end") in (None, "now"):
        return None
    if old["status"] not in ("trialing", "active"):
        raise InvalidRequestError(M.TRIAL_STATUS.format(status=old["status"]),
                                  param="trial_end")
    end = future(p["trial_end"], now, M.TRIAL_END_PAST, "trial_end")
    if end - now > MAX_TRIAL_DAYS * DAY:
        raise InvalidRequestError(M.TRIAL_TOO_LONG, param="trial_end")
    return end


def _trial_items(account: Account, sub: dict, end: int, now: int) -> list[ItemChange]:
    """Every item (as changed) in the trial's period, up to its end."""
    start = {} if sub["status"] == "trialing" else {"current_period_start": now}
    return [ItemChange(item, {**item, **start, "current_period_end": end})
            for item in items_of(account, sub)]


def _trial_from_plan(account: Account, old: dict, p: dict, changes: list[ItemChange],
                     now: int) -> dict:
    """`trial_from_plan=true`: the trial its price offers (`recurring.trial_period_days`,
    the price the subscription has once changed) begins now, as `trial_end` would begin it."""
    if not p.get("trial_from_plan"):
        return p
    if "trial_end" in p:
        raise InvalidRequestError(M.TRIAL_FROM_PLAN_EXCLUSIVE)
    items = items_after(account, old, changes)
    days = items[0]["price"]["recurring"]["trial_period_days"] if items else None
    return {**p, "trial_end": now + days * DAY} if days else p


def _new_terms_start_now(account: Account, sub: dict, changes: list[ItemChange]) -> bool:
    """Whether the change starts a new cycle now, billed at once: "if the old plan was a free
    plan … the first full period of the new plan begins immediately" (Stripe, handling
    subscription changes), so when free items become paid. (Another billing frequency does
    not, in flexible billing mode: the item takes the period of its new interval counted
    from the anchor, prorated, as a recording of 2025-10-29.clover shows.)"""
    if not changes:
        return False
    before, after = items_of(account, sub), items_after(account, sub, changes)
    free_before = all(invoicing.period_amount(account, item) == 0 for item in before)
    return free_before and any(invoicing.period_amount(account, item) > 0 for item in after)


def update(account: Account, p: dict, args: dict) -> dict:
    old = SUBSCRIPTIONS.find(account, args)
    _check_update(account, old, p)
    now = now_for(account, old["customer"])
    at = proration_time(account, old, p)
    behavior = p.get("proration_behavior", "create_prorations")
    if p.get("items"):
        settings.inline_prices(account, p["items"], "items")
    changes = plan_items(account, old, p["items"], now) if p.get("items") else []
    given = p
    p = _trial_from_plan(account, old, p, changes, now)
    one_offs = one_off.build(account, p.get("add_invoice_items") or [], old["customer"],
                             old["currency"])
    new = _fields(account, old, p, now)
    reset = (p.get("billing_cycle_anchor") or {}).get("type") == "now" or (
        p.get("trial_end") == "now" and old["status"] == "trialing") or (
        old["status"] != "trialing" and _new_terms_start_now(account, old, changes))
    trial_end = _trial_extension(old, p, now)
    if reset or trial_end is not None:
        # A new cycle bills the items (as changed) whole, a trial gives them free: what is
        # credited is the paid time left on the old terms, and nothing is prorated.
        made = unused_credits(account, items_of(account, old), now) \
            if behavior != "none" and old["status"] != "trialing" else []
    else:
        made = _prorations(account, old, changes, at, behavior)
    cut = _cancel_at_changes(old, new, items_after(account, old, changes))
    # (a new cycle or a trial starts the items' periods afresh, cut by the cancellation)
    if cut and behavior != "none" and old["status"] != "trialing" and not reset \
            and trial_end is None:
        made += _cut_prorations(account, old, cut, {
            c.before["id"] for c in changes
            if c.before is not None and c.after is not None
            and _terms(c.before) != _terms(c.after)})
    payment_behavior = p.get("payment_behavior", "allow_incomplete")
    if payment_behavior == pending.BEHAVIOR:
        pending.check(given, pending.ON_UPDATE)
        if reset or (behavior == "always_invoice" and made):  # applied once its invoice is
            # paid (a new cycle's with it: its first period billed now)
            sub = pending.start(account, old, {**new, "status": old["status"]}, changes,
                                now if reset else None)
            one_off.add(account, sub, one_offs, now)  # on the invoice to be paid
            lines = invoicing.period_lines(
                account, {**sub, "billing_cycle_anchor": now},
                [c.after for c in new_cycle(items_after(account, old, changes), now,
                                            new["cancel_at"])]) if reset else None
            return bill_changes(account, sub, made, at, behavior, "allow_incomplete", lines)
        payment_behavior = "allow_incomplete"  # nothing to pay for: applied at once
    write_items(account, changes)
    stored = account.collections[ITEM_KIND].objects  # as changed: the cut moves their end
    write_items(account, [ItemChange(stored[c.before["id"]], {
        **stored[c.before["id"]], "current_period_end": c.after["current_period_end"]})
        for c in cut])
    if trial_end is not None:
        write_items(account, _trial_items(account, old, trial_end, now))
        new.update(trial_end=trial_end, billing_cycle_anchor=trial_end)
    lines = None
    if reset:
        write_items(account, new_cycle(items_of(account, old), now, new["cancel_at"]))
        new.update(billing_cycle_anchor=now, billing_cycle_anchor_config=None)
        if old["status"] == "trialing":  # a new cycle ends the trial, however it was asked
            new["trial_end"] = now
    fields = with_items(account, {**new, "status": old["status"]})
    sub = status.move(account, old, "begin_trial", **fields) if trial_end is not None else \
        account.update(KIND, old, fields)
    if reset:
        if sub["status"] == "trialing":
            due.notice_now(account, sub, ending=True)  # a trial ended early
            sub = status.move(account, sub, "activate")
        lines = invoicing.period_lines(account, sub)
    elif sub["status"] == "trialing":
        due.notice_now(account, sub)  # a trial shortened to under three days
    one_off.add(account, sub, one_offs, now)
    return bill_changes(account, sub, made, at, behavior, payment_behavior, lines,
                        p.get("off_session", False))


# Cancel ---------------------------------------------------------------------------------------


def cancel(account: Account, p: dict, args: dict) -> dict:
    sub = SUBSCRIPTIONS.find(account, args)
    if sub["status"] in ENDED:  # canceling twice: Stripe no longer finds it to cancel
        raise no_such("subscription", sub["id"])
    now = now_for(account, sub["customer"])
    if p.get("prorate") and sub["status"] != "trialing":
        # "a proration invoice item that credits remaining unused time until the period end"
        prorations.add(account, sub, unused_credits(account, items_of(account, sub), now))
    if p.get("invoice_now"):
        pending = invoicing.pending_of(account, sub)
        if pending:
            invoice = invoicing.make_invoice(account, sub, "subscription_cycle", [])
            sub = account.update(KIND, sub, {**sub, **invoicing.invoiced(account, sub,
                                                                        invoice)})
            invoice_status.finalize(account, invoice)
    elif not p.get("prorate"):
        # "Pending prorations are removed if invoice_now and prorate are both set to false"
        for item in invoicing.pending_of(account, sub):
            if item["proration"]:
                INVOICE_ITEMS.remove(account, item)
    sub = account.collections[KIND].objects[sub["id"]]
    return status.cancel_now(account, sub, details=p.get("cancellation_details"))


# Subscription items ---------------------------------------------------------------------------


def _item_change(account: Account, sub: dict, spec: dict, p: dict) -> ItemChange:
    """One item's change through `/v1/subscription_items`: prorated and billed as an update
    of the subscription's items would be."""
    if sub["status"] in ENDED:
        raise InvalidRequestError(M.SUBSCRIPTION_CANCELED.format(id=sub["id"]))
    if sub["status"] == "incomplete":
        raise InvalidRequestError(M.SUBSCRIPTION_INCOMPLETE_UPDATE)
    now = now_for(account, sub["customer"])
    at = proration_time(account, sub, p)
    behavior = p.get("proration_behavior", "create_prorations")
    settings.inline_price(account, spec)
    changes = plan_items(account, sub, [spec], now, param="")
    payment_behavior = p.get("payment_behavior", "allow_incomplete")
    if payment_behavior == pending.BEHAVIOR:
        pending.check(p, pending.ON_ITEMS)
    if sub["status"] != "trialing" and _new_terms_start_now(account, sub, changes):
        return _as_update(account, sub, spec, p, changes[0])
    made = _prorations(account, sub, changes, at, behavior)
    if payment_behavior == pending.BEHAVIOR:
        payment_behavior = "allow_incomplete"
        if behavior == "always_invoice" and made:  # applied once its invoice is paid
            sub = pending.start(account, sub, sub, changes)
            bill_changes(account, sub, made, at, behavior, payment_behavior)
            return changes[0]
    write_items(account, changes)
    sub = account.update(KIND, sub, with_items(account, sub))
    bill_changes(account, sub, made, at, behavior, payment_behavior,
                 off_session=p.get("off_session", False))
    return changes[0]


def _as_update(account: Account, sub: dict, spec: dict, p: dict,
               change: ItemChange) -> ItemChange:
    """An item's change that starts a new cycle (paid items where all were free): made as
    the subscription's update of that item, which starts it."""
    before = {item["id"] for item in items_of(account, sub)}
    update(account, {"items": [spec], **{k: p[k] for k in _AS_UPDATE if k in p}},
           {"id": sub["id"]})
    items = account.collections[ITEM_KIND].objects
    if change.before is not None:
        return ItemChange(change.before, items.get(change.before["id"]))
    sub = account.collections[KIND].objects[sub["id"]]
    # the item made, or the one a pending update would add
    made = items_of(account, sub) + (sub["pending_update"] or {}).get("subscription_items", [])
    return ItemChange(None, next(i for i in made if i["id"] not in before))


# what an item's change passes on to the update that makes it
_AS_UPDATE = ("proration_behavior", "proration_date", "payment_behavior", "off_session")
_ITEM_FIELDS = ("price", "price_data", "plan", "quantity", "metadata", "tax_rates",
                "discounts")


def create_item(account: Account, p: dict, args: dict) -> dict:
    sub = SUBSCRIPTIONS.get(account, p["subscription"], "subscription", 400)
    spec: dict[str, Any] = {k: p[k] for k in _ITEM_FIELDS if k in p}
    change = _item_change(account, sub, spec, p)
    # (pending, it is not the subscription's yet: it is shown as it will be)
    return account.collections[ITEM_KIND].objects.get(change.after["id"], change.after)


def update_item(account: Account, p: dict, args: dict) -> dict:
    item = SUBSCRIPTION_ITEMS.find(account, args)
    sub = account.collections[KIND].objects[item["subscription"]]
    spec = {"id": item["id"], **{k: p[k] for k in _ITEM_FIELDS if k in p}}
    _item_change(account, sub, spec, p)
    return account.collections[ITEM_KIND].objects[item["id"]]


def delete_item(account: Account, p: dict, args: dict) -> dict:
    item = SUBSCRIPTION_ITEMS.find(account, args)
    sub = account.collections[KIND].objects[item["subscription"]]
    _item_change(account, sub, {"id": item["id"], "deleted": True}, p)
    return SUBSCRIPTION_ITEMS.deleted_stub(item["id"])
