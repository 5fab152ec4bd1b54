"""Creating a subscription: its checks, its items, its first period (a trial, a future billing
cycle anchor), and its first invoice, whose payment `payment_behavior` turns into a status."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from ... import messages as M
from ...api.params import within
from ...billing import proration
from ...billing.periods import DAY, boundary, next_anchor
from ...clocks import now_for
from ...errors import InvalidRequestError
from ...store.memory import Account
from .. import currency_rule, tax_rates
from .. import payment_method_rules as pm_rules
from ..customers import CUSTOMERS
from ..discounts import customer_discount, redeem
from ..invoices import rules
from . import (
    backdating,
    due,
    invoicing,
    item_discounts,
    one_off,
    pending_setup,
    prorations,
    settings,
    status,
)
from .checks import check_price, check_together, future
from .declared import ITEM_KIND, KIND, LIVE, SUBSCRIPTIONS, cut_end, items_of, natural_period
from .params import MAX_TRIAL_DAYS
from .shape import item_object, subscription_object

# "Three subscriptions, including scheduled subscriptions, per customer" on a test clock
MAX_ON_CLOCK = 3


def _check(account: Account, p: dict, customer: dict) -> None:
    method = p.get("collection_method", "charge_automatically")
    if method == "send_invoice" and "days_until_due" not in p:
        raise InvalidRequestError(M.DUE_DATE_REQUIRED_DAYS)
    if method == "charge_automatically" and "days_until_due" in p:
        raise InvalidRequestError(M.DUE_DATE_NOT_SEND_INVOICE_DAYS)
    if p.get("payment_behavior") == "pending_if_incomplete":
        raise InvalidRequestError(M.PENDING_IF_INCOMPLETE_ON_CREATE, param="payment_behavior")
    if p.get("default_payment_method") is not None:
        pm_rules.check_default(account, p["default_payment_method"], customer["id"],
                               "default_payment_method")
    if "cancel_at" in p and p.get("cancel_at_period_end"):
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(
            params="cancel_at, cancel_at_period_end"), code="parameters_exclusive",
            param="cancel_at_period_end")


def _trial_end(p: dict, found: list[dict], now: int) -> int | None:
    """When the trial asked for ends (None: no trial), checked as Stripe checks it."""
    given = [name for name in ("trial_end", "trial_period_days") if name in p]
    if p.get("trial_from_plan"):
        if given:
            raise InvalidRequestError(M.TRIAL_FROM_PLAN_EXCLUSIVE)
        days = found[0]["recurring"]["trial_period_days"]
        return None if not days else now + days * DAY
    if len(given) > 1:
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(params=", ".join(given)),
                                  code="parameters_exclusive", param=given[1])
    if "trial_period_days" in p:
        days = p["trial_period_days"]
        return None if days == 0 else now + days * DAY
    if "trial_end" in p and p["trial_end"] != "now":
        end = future(p["trial_end"], now, M.TRIAL_END_PAST, "trial_end")
        if end - now > MAX_TRIAL_DAYS * DAY:
            raise InvalidRequestError(M.TRIAL_TOO_LONG, param="trial_end")
        return end
    return None


def _anchor(p: dict, recurring: dict, now: int) -> int | None:
    """A future billing cycle anchor, no later than the next natural billing date (given, or
    the next date `billing_cycle_anchor_config` names)."""
    config = p.get("billing_cycle_anchor_config")
    if config is not None:
        if "billing_cycle_anchor" in p:
            raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(
                params="billing_cycle_anchor, billing_cycle_anchor_config"),
                code="parameters_exclusive", param="billing_cycle_anchor_config")
        if recurring["interval"] not in ("month", "year"):
            raise InvalidRequestError(M.ANCHOR_CONFIG_INTERVAL,
                                      param="billing_cycle_anchor_config")
        at = datetime.fromtimestamp(now, UTC)
        return next_anchor(now, config["day_of_month"], config.get("hour", at.hour),
                           config.get("minute", at.minute), config.get("second", at.second),
                           config.get("month") if recurring["interval"] == "year" else None)
    if "billing_cycle_anchor" not in p:
        return None
    anchor = future(p["billing_cycle_anchor"], now, M.SUBSCRIPTION_ANCHOR_PAST,
                    "billing_cycle_anchor")
    natural = boundary(now, recurring["interval"], recurring["interval_count"], 1)
    if anchor > natural:
        raise InvalidRequestError(M.SUBSCRIPTION_ANCHOR_RANGE.format(natural=natural),
                                  param="billing_cycle_anchor")
    return anchor


def new_subscription(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    customer = CUSTOMERS.get(account, p["customer"], "customer")
    _check(account, p, customer)
    if customer.get("test_clock") is not None:
        subs = account.collections[KIND]
        live = [i for i in subs.indexes["customer"].ids(customer["id"])
                if subs.objects[i]["status"] in LIVE]
        if len(live) >= MAX_ON_CLOCK:
            raise InvalidRequestError(M.CLOCK_SUBSCRIPTIONS_LIMIT.format(limit=MAX_ON_CLOCK),
                                      param="customer")
    settings.inline_prices(account, p["items"], "items")
    found: list[dict] = []
    for i, spec in enumerate(p["items"]):
        if "price" not in spec:
            raise InvalidRequestError(M.MISSING_PARAM.format(param=f"items[{i}][price]"),
                                      code="parameter_missing", param=f"items[{i}][price]")
        found.append(check_price(account, spec["price"], f"items[{i}][price]",
                                 found[0]["currency"] if found else None))
    check_together(found)
    settings.check_currency(p, found)
    currency_rule.check(account, customer, found[0]["currency"])
    rates = tax_rates.resolve(account, p.get("default_tax_rates") or [], "default_tax_rates")
    item_rates = []
    for i, spec in enumerate(p["items"]):
        try:
            item_rates.append(tax_rates.resolve(account, spec.get("tax_rates") or [],
                                                "tax_rates"))
        except InvalidRequestError as err:
            raise within(err, "items", str(i)) from None
    now = now_for(account, customer["id"])

    def natural_end(price: dict) -> int:
        return boundary(now, price["recurring"]["interval"],
                        price["recurring"]["interval_count"], 1)

    ends = [natural_end(price) for price in found]
    shortest = found[ends.index(min(ends))]
    trial_end = _trial_end(p, found, now)
    start = backdating.start_date(p, now)
    anchor = _anchor(p, shortest["recurring"], now) if trial_end is None else None
    # A trial is the first period, a future anchor ends a shorter first one; the billing
    # cycle is anchored on that end. Else each item's first period is one of its interval.
    first_end = trial_end or anchor or min(ends)
    cancel_at = _cancel_at(p, first_end, trial_end or anchor or max(ends), now)
    sub_id = SUBSCRIPTIONS.new_id(account)
    # what an item's own discounts are redeemed against: the subscription to be
    owner = {"id": sub_id, "customer": customer["id"], "currency": found[0]["currency"],
             "discounts": []}
    items = []
    for i, (price, spec, rates_, end) in enumerate(zip(found, p["items"], item_rates, ends,
                                                       strict=True)):
        end = cut_end(now, trial_end or anchor or end, cancel_at)  # (a cancellation's, sooner)
        item = item_object(account, sub_id, price, spec, now, (now, end), rates_)
        if spec.get("discounts"):
            item["discounts"] = item_discounts.give(
                account, owner, item, spec["discounts"], f"items[{i}][discounts]", now,
                invoicing.period_amount(account, item))
        items.append(account.create(ITEM_KIND, item))
    p["one_off"] = one_off.build(account, p.get("add_invoice_items") or [], customer["id"],
                                 found[0]["currency"])
    sub = subscription_object(account, sub_id, p, customer, items, now,
                              trial_end or anchor or now, trial_end)
    sub["default_tax_rates"] = rates
    sub["start_date"] = start
    if "payment_settings" in p:
        sub["payment_settings"] = settings.payment_settings(sub["payment_settings"],
                                                            p["payment_settings"])
    if "automatic_tax" in p:
        sub["automatic_tax"] = settings.automatic_tax(p["automatic_tax"])
    if "billing_mode" in p:
        sub["billing_mode"] = settings.billing_mode(p["billing_mode"], now)
    # "If not specified or empty, inherits the discount from the subscription's customer."
    inherited = customer_discount.inherited(account, customer["id"])
    sub["discounts"] = redeem.redeem(
        account, p["discounts"], customer_id=customer["id"], currency=sub["currency"],
        owner={"subscription": sub_id}, reusable=inherited, now=now, param="discounts",
        # a code's minimum, against what a period of the items bills (tiers included)
        amount=round(sum((invoicing.period_amount(account, item) for item in items),
                         Decimal(0)))) if p.get("discounts") else inherited
    config = p.get("billing_cycle_anchor_config")
    if config is not None and anchor is not None:
        at = datetime.fromtimestamp(anchor, UTC)
        sub["billing_cycle_anchor_config"] = {
            "day_of_month": config["day_of_month"], "hour": at.hour, "minute": at.minute,
            "month": config.get("month"), "second": at.second}
    if cancel_at is not None:
        sub.update(cancel_at=cancel_at, canceled_at=now,
                   cancel_at_period_end=bool(p.get("cancel_at_period_end")))
        sub["cancellation_details"] = {**sub["cancellation_details"],
                                       "reason": "cancellation_requested"}
    return sub


def _cancel_at(p: dict[str, Any], first_end: int, last_end: int, now: int) -> int | None:
    """When the subscription is to cancel (`cancel_at`, or the first period's end; the
    items' first periods end at `first_end` for the shortest, `last_end` for the longest)."""
    if "cancel_at" in p:
        if isinstance(p["cancel_at"], str):
            return last_end if p["cancel_at"] == "max_period_end" else first_end
        return future(p["cancel_at"], now, M.CANCEL_AT_PAST, "cancel_at")
    return first_end if p.get("cancel_at_period_end") else None


def first_lines(account: Account, sub: dict, behavior: str) -> list[dict] | None:
    """The first invoice's lines when they are not its items' first periods (None: they are):
    a backdated start's time billed first, and when a future anchor shortens the first
    period, that part of a full period as a proration ("Remaining time…", a pending item the
    invoice takes); nothing of either for `proration_behavior=none`."""
    backdated = backdating.lines(account, sub, behavior)
    if sub["billing_cycle_anchor"] == sub["created"] or sub["trial_end"] is not None:
        if behavior == "none" and not backdated:  # a period cut short is billed whole
            return invoicing.period_lines(account, sub, prorate_cut=False)
        return [*backdated, *invoicing.period_lines(account, sub)] if backdated else None
    if behavior != "none":
        now = sub["created"]
        for item in items_of(account, sub):
            start, end = natural_period(sub, item["price"], now)  # the cycle the anchor ends
            stop = item["current_period_end"]  # the anchor, or a cancellation before it
            amount = proration.between(invoicing.period_amount(account, item), 1, start,
                                       end, now, stop)
            if amount:  # discounted by the first invoice, as its other lines
                prorations.proration_item(account, sub, item, amount, False, now, stop,
                                          settled=False)
    return backdated


def _first_invoice(account: Account, sub: dict, p: dict) -> dict:
    """The subscription_create invoice and what its payment makes of the subscription (one
    update: `latest_invoice` and the status together)."""
    lines = first_lines(account, sub, p.get("proration_behavior", "create_prorations"))
    invoice = invoicing.make_invoice(account, sub, "subscription_create", lines)
    made = invoicing.invoiced(account, sub, invoice)
    if sub["collection_method"] == "send_invoice":
        # Activated whatever the invoice does; the draft finalizes itself an hour later.
        return status.move(account, sub, "activate", **made)
    payment_behavior = p.get("payment_behavior", "allow_incomplete")
    invoice = invoicing.charge(account, invoice, payment_behavior, p.get("off_session", False),
                               first=True)
    if pending_setup.needed(sub, invoice, payment_behavior):
        made["pending_setup_intent"] = pending_setup.open_for(account, sub)
    if invoice["status"] == "open":  # no automatic retry of a first invoice: it waits for /pay
        rules.save(account, invoice, {**invoice, "next_payment_attempt": None})
        return account.update(KIND, sub, {**sub, **made})
    sub = status.move(account, sub, "start_trial" if sub["trial_end"] else "activate", **made,
                      **settings.saved_method(account, sub, invoice))
    due.notice_now(account, sub)  # a trial of under three days: its notice at once
    return sub


def after_create(account: Account, sub: dict, p: dict[str, Any]) -> dict:
    customer = account.collections["customer"].objects[sub["customer"]]
    if customer["currency"] != sub["currency"]:
        account.update("customer", customer, {**customer, "currency": sub["currency"]})
    one_off.add(account, sub, p["one_off"], sub["created"])
    return _first_invoice(account, sub, p)
