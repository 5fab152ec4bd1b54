"""Subscriptions: `/v1/subscriptions` (create, retrieve, update, cancel, list, search) and
their items (`/v1/subscription_items` list and retrieve), at the endive shape: periods on the
items, the invoices' `parent.subscription_details`, the lines' `subscription_item_details`.

The first invoice is made with the subscription; `payment_behavior` decides what its payment
does to the subscription. Each period after that renews when it ends (a test clock's advance,
or real time): a `subscription_cycle` invoice is made as a draft that finalizes itself an hour
later and is charged (invoice_automation.py), and its payment moves the subscription's status
(`follow_invoices`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import messages as M
from ..api.expand import Ref
from ..api.metadata import merge_metadata, updated
from ..api.params import (
    Bool,
    Created,
    Enum,
    Expand,
    Int,
    List,
    ListParams,
    Metadata,
    Nested,
    NotYet,
    Params,
    Str,
    within,
)
from ..api.resource import Operation, Resource, declare
from ..api.search import SearchField
from ..billing import currencies, money
from ..billing.periods import boundary
from ..clocks import now_for
from ..errors import CardError, InvalidRequestError, StripeError
from ..store.indexes import MetadataIndex, ValueIndex
from ..store.memory import Account
from . import invoice_automation, prices, tax_rates
from . import invoice_rules as rules
from . import payment_method_rules as pm_rules
from .customers import CUSTOMERS
from .invoices import new_invoice

KIND = "subscription"
ITEM_KIND = "subscription_item"
LIVE = ("incomplete", "trialing", "active", "past_due", "unpaid", "paused")


class ItemParams(Params):
    price = Str(max_length=5000, required=True)
    quantity = Int(minimum=0, maximum=1_000_000)
    metadata = Metadata()
    tax_rates = List(Str(max_length=5000), unsettable=True)
    price_data = NotYet()
    plan = NotYet()
    discounts = NotYet()
    billing_thresholds = NotYet()
    current_trial = NotYet()


MAX_TRIAL_DAYS = 730  # "The trial period must be 730 days (2 years) or less"


class EndBehaviorParams(Params):
    missing_payment_method = Enum("cancel", "create_invoice", "pause", required=True)


class TrialSettingsParams(Params):
    end_behavior = Nested(EndBehaviorParams, required=True)


class SubscriptionCreateParams(Params):
    customer = Str(max_length=5000, required=True)
    items = List(Nested(ItemParams), max_items=20, required=True)
    collection_method = Enum("charge_automatically", "send_invoice")
    days_until_due = Int(minimum=0, maximum=1_000_000)
    default_payment_method = Str(max_length=5000)
    default_tax_rates = List(Str(max_length=5000), unsettable=True)
    description = Str(max_length=500)
    metadata = Metadata()
    payment_behavior = Enum("allow_incomplete", "default_incomplete", "error_if_incomplete",
                            "pending_if_incomplete")
    currency = NotYet()
    expand = Expand()
    # Later work of this issue: refused rather than ignored until each is built.
    add_invoice_items = NotYet()
    application_fee_percent = NotYet()
    automatic_tax = NotYet()
    backdate_start_date = NotYet()
    billing_cycle_anchor = NotYet()
    billing_cycle_anchor_config = NotYet()
    billing_mode = NotYet()
    billing_schedules = NotYet()
    billing_thresholds = NotYet()
    cancel_at = NotYet()
    cancel_at_period_end = NotYet()
    customer_account = NotYet()
    default_source = NotYet()
    discounts = NotYet()
    invoice_settings = NotYet()
    off_session = NotYet()
    on_behalf_of = NotYet()
    payment_settings = NotYet()
    pending_invoice_item_interval = NotYet()
    proration_behavior = NotYet()
    transfer_data = NotYet()
    trial_end = Str(max_length=20)  # a Unix time, or "now"
    trial_from_plan = Bool()
    trial_period_days = Int(minimum=0, maximum=MAX_TRIAL_DAYS)
    trial_settings = Nested(TrialSettingsParams)


class SubscriptionUpdateParams(Params):
    default_payment_method = Str(max_length=5000, unsettable=True)
    description = Str(max_length=500, unsettable=True)
    metadata = Metadata()
    expand = Expand()
    items = NotYet()
    cancel_at_period_end = Bool()
    cancel_at = NotYet()
    collection_method = NotYet()
    days_until_due = NotYet()
    default_tax_rates = NotYet()
    pause_collection = NotYet()
    payment_behavior = NotYet()
    proration_behavior = NotYet()
    trial_end = NotYet()


class CancellationDetailsParams(Params):
    comment = Str(max_length=5000, unsettable=True)
    feedback = Enum("customer_service", "low_quality", "missing_features", "other",
                    "switched_service", "too_complex", "too_expensive", "unused",
                    unsettable=True)


class SubscriptionCancelParams(Params):
    cancellation_details = Nested(CancellationDetailsParams)
    expand = Expand()
    invoice_now = NotYet()
    prorate = NotYet()


class SubscriptionListParams(ListParams):
    created = Created()
    customer = Str(max_length=5000)
    price = Str(max_length=5000)
    status = Enum("active", "all", "canceled", "ended", "incomplete", "incomplete_expired",
                  "past_due", "paused", "trialing", "unpaid")
    collection_method = Enum("charge_automatically", "send_invoice")
    test_clock = Str(max_length=5000)
    automatic_tax = NotYet()
    current_period_end = NotYet()
    current_period_start = NotYet()
    customer_account = NotYet()


class ItemListParams(ListParams):
    subscription = Str(max_length=5000, required=True)


# The object ---------------------------------------------------------------------------------


def plan_of(price: dict) -> dict:
    """The legacy Plan mirror of a recurring price, as items still carry it."""
    recurring = price["recurring"]
    return {
        "id": price["id"], "object": "plan", "active": price["active"],
        "amount": price["unit_amount"], "amount_decimal": price["unit_amount_decimal"],
        "billing_scheme": price["billing_scheme"], "created": price["created"],
        "currency": price["currency"], "interval": recurring["interval"],
        "interval_count": recurring["interval_count"], "livemode": price["livemode"],
        "metadata": price["metadata"], "meter": None, "nickname": price["nickname"],
        "product": price["product"], "tiers_mode": price["tiers_mode"],
        "transform_usage": None, "trial_period_days": recurring["trial_period_days"],
        "usage_type": recurring["usage_type"],
    }


def _prices(account: Account, items: list[dict], currency: str | None) -> list[dict]:
    """Each item's price: recurring, active, in one currency, each at most once."""
    found, seen = [], set()
    for i, item in enumerate(items):
        param = f"items[{i}][price]"
        price = prices.PRICES.get(account, item["price"], param, 400)
        if price["type"] != "recurring":
            raise InvalidRequestError(M.SUBSCRIPTION_PRICE_ONE_TIME.format(id=price["id"]),
                                      param=param)
        if not price["active"]:
            raise InvalidRequestError(M.PRICE_INACTIVE.format(id=price["id"]), param=param)
        if price["billing_scheme"] != "per_unit":
            raise InvalidRequestError(M.NOT_YET.format(param=param), code="parameter_unsupported",
                                      param=param)
        if price["id"] in seen:
            raise InvalidRequestError(M.SUBSCRIPTION_PRICE_TWICE.format(id=price["id"]),
                                      param="plan")
        seen.add(price["id"])
        currency = currency or price["currency"]
        if price["currency"] != currency:
            raise InvalidRequestError(M.SUBSCRIPTION_CURRENCIES, param=param)
        found.append(price)
    intervals = {(p["recurring"]["interval"], p["recurring"]["interval_count"]) for p in found}
    if len(intervals) > 1:
        raise InvalidRequestError(M.SUBSCRIPTION_INTERVALS, param="items")
    return found


def _check(account: Account, p: dict, customer: dict) -> None:
    method = p.get("collection_method", "charge_automatically")
    if method == "send_invoice" and "days_until_due" not in p:
        raise InvalidRequestError(M.DUE_DATE_REQUIRED_DAYS)
    if method == "charge_automatically" and "days_until_due" in p:
        raise InvalidRequestError(M.DUE_DATE_NOT_SEND_INVOICE_DAYS)
    behavior = ((p.get("trial_settings") or {}).get("end_behavior") or {}).get(
        "missing_payment_method")
    if behavior == "pause":  # pausing is not emulated yet: refused, not run as another choice
        param = "trial_settings[end_behavior][missing_payment_method]"
        raise InvalidRequestError(M.NOT_YET.format(param=param), code="parameter_unsupported",
                                  param=param)
    if p.get("payment_behavior") == "pending_if_incomplete":
        raise InvalidRequestError(M.PENDING_IF_INCOMPLETE_ON_CREATE, param="payment_behavior")
    if p.get("default_payment_method") is not None:
        pm_rules.check_default(account, p["default_payment_method"], customer["id"],
                               "default_payment_method")


def _trial_end(p: dict, prices_: list[dict], now: int) -> int | None:
    """When the trial asked for ends (None: no trial), checked as Stripe checks it."""
    given = [name for name in ("trial_end", "trial_period_days") if name in p]
    if p.get("trial_from_plan"):
        if given:
            raise InvalidRequestError(M.TRIAL_FROM_PLAN_EXCLUSIVE)
        days = prices_[0]["recurring"]["trial_period_days"]
        return None if not days else now + days * 86_400
    if len(given) > 1:
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(params=", ".join(given)),
                                  code="parameters_exclusive", param=given[1])
    if "trial_period_days" in p:
        days = p["trial_period_days"]
        return None if days == 0 else now + days * 86_400
    if "trial_end" in p:
        value = p["trial_end"]
        if value == "now":
            return None
        if not value.isdigit():
            raise InvalidRequestError(M.INVALID_INTEGER.format(value=value),
                                      code="parameter_invalid_integer", param="trial_end")
        end = int(value)
        if end <= now:
            raise InvalidRequestError(M.TRIAL_END_PAST.format(value=value), param="trial_end")
        if end - now > MAX_TRIAL_DAYS * 86_400:
            raise InvalidRequestError(M.TRIAL_TOO_LONG, param="trial_end")
        return end
    return None


def _item(account: Account, sub_id: str, price: dict, spec: dict, now: int,
          period: tuple[int, int], rates: list[dict]) -> dict:
    return {
        "id": account.new_id(ITEM_KIND, "si", 14),
        "object": "subscription_item",
        "billing_thresholds": None,
        "created": now,
        "current_period_end": period[1],
        "current_period_start": period[0],
        "current_trial": None,
        "discounts": [],
        "metadata": merge_metadata({}, spec["metadata"]) if "metadata" in spec else {},
        "plan": plan_of(price),
        "price": price,
        "quantity": spec.get("quantity", 1),
        "subscription": sub_id,
        "tax_rates": rates,
    }


def items_of(account: Account, sub: dict) -> list[dict]:
    coll = account.collections[ITEM_KIND]
    return [coll.objects[i] for i in coll.indexes["subscription"].ids(sub["id"])]


def _items_list(sub_id: str, items: list[dict]) -> dict:
    return {"object": "list", "data": items, "has_more": False, "total_count": len(items),
            "url": f"/v1/subscription_items?subscription={sub_id}"}


def _with_items(account: Account, sub: dict) -> dict:
    return {**sub, "items": _items_list(sub["id"], items_of(account, sub))}


def new_subscription(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    customer = CUSTOMERS.get(account, p["customer"], "customer")
    _check(account, p, customer)
    found = _prices(account, p["items"], customer["currency"])
    rates = tax_rates.resolve(account, p.get("default_tax_rates") or [], "default_tax_rates")
    item_rates = []
    for i, spec in enumerate(p["items"]):
        try:
            item_rates.append(tax_rates.resolve(account, spec.get("tax_rates") or [],
                                                "tax_rates"))
        except InvalidRequestError as err:
            raise within(err, "items", str(i)) from None
    now = now_for(account, customer["id"])
    recurring = found[0]["recurring"]
    trial_end = _trial_end(p, found, now)
    # A trial is the first period; the billing cycle is anchored on its end.
    anchor = now if trial_end is None else trial_end
    period = (now, trial_end if trial_end is not None else
              boundary(now, recurring["interval"], recurring["interval_count"], 1))
    sub_id = SUBSCRIPTIONS.new_id(account)
    items = [account.create(ITEM_KIND, _item(account, sub_id, price, spec, now, period, rates_))
             for price, spec, rates_ in zip(found, p["items"], item_rates, strict=True)]
    return {
        "id": sub_id,
        "object": "subscription",
        "application": None,
        "application_fee_percent": None,
        "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None},
        "billing_cycle_anchor": anchor,
        "billing_cycle_anchor_config": None,
        # API-made subscriptions default to flexible billing mode since 2025-09-30.clover.
        "billing_mode": {"flexible": {"proration_discounts": "itemized"}, "type": "flexible",
                         "updated_at": now},
        "billing_schedules": [],
        "billing_thresholds": None,
        "cancel_at": None,
        "cancel_at_period_end": False,
        "canceled_at": None,
        "cancellation_details": {"comment": None, "feedback": None, "feedback_option": None,
                                 "reason": None},
        "collection_method": p.get("collection_method", "charge_automatically"),
        "created": now,
        "currency": found[0]["currency"],
        "customer": customer["id"],
        "customer_account": None,
        "days_until_due": p.get("days_until_due"),
        "default_payment_method": p.get("default_payment_method"),
        "default_source": None,
        "default_tax_rates": rates,
        "description": p.get("description"),
        "discounts": [],
        "ended_at": None,
        "invoice_settings": {"account_tax_ids": None, "custom_fields": None,
                             "description": None, "footer": None,
                             "issuer": {"type": "self"}},
        # The items as they stand, kept on the subscription whenever they change.
        "items": _items_list(sub_id, items),
        "latest_invoice": None,
        "livemode": account.livemode,
        "managed_payments": None,
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "next_pending_invoice_item_invoice": None,
        "on_behalf_of": None,
        "pause_collection": None,
        "payment_settings": {"payment_method_options": None, "payment_method_types": None,
                             "save_default_payment_method": "off"},
        "pending_invoice_item_interval": None,
        "pending_setup_intent": None,
        "pending_update": None,
        "schedule": None,
        "start_date": now,
        "status": "incomplete",
        "test_clock": customer.get("test_clock"),
        "transfer_data": None,
        "trial_end": trial_end,
        "trial_settings": {"end_behavior": {
            "billing_cycle_anchor": None,
            "missing_payment_method": ((p.get("trial_settings") or {}).get("end_behavior") or {})
            .get("missing_payment_method", "create_invoice")}},
        "trial_start": None if trial_end is None else now,
    }


# Invoices -----------------------------------------------------------------------------------


def _lines(account: Account, sub: dict, items: list[dict]) -> list[dict]:
    """The subscription's items for their current period, as invoice lines (free, for the
    period a trial is)."""
    out = []
    for item in items:
        price, quantity = item["price"], item["quantity"]
        trial = sub["trial_end"] is not None and item["current_period_end"] == sub["trial_end"]
        unit = Decimal(0) if trial else Decimal(price["unit_amount_decimal"])
        amount = money.line_amount(unit, Decimal(quantity))
        product = _product_name(account, price)
        out.append({
            "id": account.new_id(rules.LINES, "sl", 24),
            "amount": amount, "currency": price["currency"],
            "description": M.SUBSCRIPTION_TRIAL_LINE.format(product=product) if trial else
            M.SUBSCRIPTION_LINE.format(quantity=quantity, product=product, amount=_money(price),
                                       interval=price["recurring"]["interval"]),
            "discountable": True, "livemode": sub["livemode"], "metadata": sub["metadata"],
            "period": {"end": item["current_period_end"], "start": item["current_period_start"]},
            "pricing": {"price_details": {"price": price["id"], "product": price["product"]},
                        "type": "price_details",
                        "unit_amount_decimal": price["unit_amount_decimal"]},
            "quantity": quantity, "quantity_decimal": str(quantity),
            "tax_rates": item["tax_rates"] or [],
            "subscription": sub["id"], "subscription_item": item["id"],
        })
    return out


def _product_name(account: Account, price: dict) -> str:
    product = account.record("product", price["product"])
    return product["name"] if product is not None else price["product"]


def _money(price: dict) -> str:
    return currencies.display(int(Decimal(price["unit_amount_decimal"])), price["currency"])


def make_invoice(account: Account, sub: dict, reason: str) -> dict:
    """The subscription's invoice for its items' current period (a draft)."""
    params: dict[str, Any] = {"customer": sub["customer"], "currency": sub["currency"],
                              "collection_method": sub["collection_method"],
                              "auto_advance": True}
    if sub["collection_method"] == "send_invoice":
        params["days_until_due"] = sub["days_until_due"]
    if sub["default_payment_method"]:
        params["default_payment_method"] = sub["default_payment_method"]
    invoice = new_invoice(account, params, None)
    invoice.update({
        "billing_reason": reason,
        "default_tax_rates": sub["default_tax_rates"],
        "parent": {"quote_details": None, "type": "subscription_details",
                   "subscription_details": {"metadata": sub["metadata"],
                                            "subscription": sub["id"]}},
    })
    invoice = account.create(rules.KIND, invoice)
    rules.add_subscription_lines(account, invoice["id"], _lines(account, sub,
                                                                items_of(account, sub)))
    return rules.save(account, invoice, rules.refresh(account, invoice))


def _first_invoice(account: Account, sub: dict, behavior: str) -> dict:
    """The subscription_create invoice and what its payment makes of the subscription."""
    invoice = make_invoice(account, sub, "subscription_create")
    if sub["collection_method"] == "send_invoice":
        # Activated whatever the invoice does; the draft finalizes itself an hour later.
        return {**sub, "latest_invoice": invoice["id"], "status": "active"}
    invoice = rules.finalize(account, invoice)
    if invoice["status"] != "paid" and behavior != "default_incomplete":
        try:
            invoice = rules.pay(account, invoice, {})
        except StripeError as err:
            if behavior == "error_if_incomplete":
                err.keeps_changes = False  # "doesn't create a Subscription": nothing is kept
                raise
            if not isinstance(err, CardError | InvalidRequestError):
                raise
            invoice = account.collections[rules.KIND].objects[invoice["id"]]
            if not invoice["attempted"]:  # no payment method to try: an attempt all the same
                invoice = rules.save(account, invoice, {**invoice, "attempted": True,
                                                        "attempt_count": 1})
    if invoice["status"] == "open":  # no automatic retry of a first invoice: it waits for /pay
        invoice = rules.save(account, invoice, {**invoice, "next_payment_attempt": None})
    status = "active" if invoice["status"] == "paid" else "incomplete"
    if status == "active" and sub["trial_end"] is not None:
        status = "trialing"
    return {**sub, "latest_invoice": invoice["id"], "status": status}


def after_create(account: Account, sub: dict, p: dict[str, Any]) -> dict:
    customer = account.collections["customer"].objects[sub["customer"]]
    if customer["currency"] is None:
        account.update("customer", customer, {**customer, "currency": sub["currency"]})
    outcome = _first_invoice(account, sub, p.get("payment_behavior", "allow_incomplete"))
    current = account.collections[KIND].objects[sub["id"]]
    return account.update(KIND, current, outcome)


def _invoice_changed(account: Account, obj: dict, previous: dict | None) -> None:
    """A subscription's invoice paid or failed moves the subscription."""
    if previous is None or ("status" not in previous \
            and "attempt_count" not in previous):
        return
    parent = obj.get("parent") or {}
    details = parent.get("subscription_details")
    if not details:
        return
    sub = account.collections[KIND].get(details["subscription"])
    if sub is None or sub["status"] in ("canceled", "incomplete_expired"):
        return
    if obj["status"] == "paid" and sub["status"] in ("incomplete", "past_due", "unpaid"):
        account.update(KIND, sub, {**sub, "status": "active"})
    elif obj["status"] == "open" and obj["attempted"] and obj["billing_reason"] == \
            "subscription_cycle" and sub["status"] == "active":
        account.update(KIND, sub, {**sub, "status": "past_due"})


# Renewals -----------------------------------------------------------------------------------


def _has_payment_method(account: Account, sub: dict) -> bool:
    customer = account.collections["customer"].get(sub["customer"])
    default = customer["invoice_settings"]["default_payment_method"] if customer else None
    return bool(sub["default_payment_method"] or default)


TRIAL_NOTICE = "_trial_will_end"  # trials whose three-day notice went out
NOTICE = 3 * 86_400


def notice_due(account: Account, sub: dict) -> int | None:
    """When `customer.subscription.trial_will_end` goes out: three days before the trial ends
    (at once for a shorter trial)."""
    if sub["status"] != "trialing" or account.record(TRIAL_NOTICE, sub["id"]) is not None:
        return None
    return max(sub["trial_end"] - NOTICE, sub["trial_start"])


def notify(account: Account, sub: dict) -> None:
    account.put(TRIAL_NOTICE, {"id": sub["id"]})
    account.announce("customer.subscription.trial_will_end", sub)


def renewal_due(account: Account, sub: dict) -> int | None:
    """When the subscription next renews (its items' period end), if it is live."""
    if sub["status"] not in ("active", "past_due", "trialing"):
        return None
    items = items_of(account, sub)
    return min(item["current_period_end"] for item in items) if items else None


def renew(account: Account, sub: dict) -> None:
    """The next period: every item moves on one interval, and the period's invoice is made;
    or, set to cancel at the period's end, the subscription ends instead."""
    if sub["cancel_at"] is not None and sub["cancel_at"] <= min(
            item["current_period_end"] for item in items_of(account, sub)):
        now = now_for(account, sub["customer"])
        account.update(KIND, sub, {**sub, "status": "canceled", "ended_at": now})
        return
    if sub["status"] == "trialing":
        behavior = sub["trial_settings"]["end_behavior"]["missing_payment_method"]
        if behavior == "cancel" and not _has_payment_method(account, sub):
            cancel(account, sub)  # only the trial's $0 invoice is ever made
            return
        sub = account.update(KIND, sub, {**sub, "status": "active"})
    for item in items_of(account, sub):
        recurring = item["price"]["recurring"]
        n = 1
        while True:  # the period after the one that ended, counted from the anchor
            end = boundary(sub["billing_cycle_anchor"], recurring["interval"],
                           recurring["interval_count"], n)
            if end > item["current_period_end"]:
                break
            n += 1
        account.update(ITEM_KIND, item, {**item, "current_period_start":
                                         item["current_period_end"],
                                         "current_period_end": end})
    current = account.collections[KIND].objects[sub["id"]]
    current = account.update(KIND, current, _with_items(account, current))
    invoice = make_invoice(account, current, "subscription_cycle")
    account.update(KIND, current, {**current, "latest_invoice": invoice["id"]})


# Operations ---------------------------------------------------------------------------------


def update_subscription(account: Account, old: dict, p: dict[str, Any]) -> dict:
    if old["status"] in ("canceled", "incomplete_expired") and set(p) - {"metadata", "expand"}:
        raise InvalidRequestError(M.SUBSCRIPTION_CANCELED.format(id=old["id"]))
    if p.get("default_payment_method"):
        pm_rules.check_default(account, p["default_payment_method"], old["customer"],
                               "default_payment_method")
    new = updated(old, p, ("default_payment_method", "description"))
    if "cancel_at_period_end" in p and p["cancel_at_period_end"] != old["cancel_at_period_end"]:
        ending = p["cancel_at_period_end"]
        period_end = min(item["current_period_end"] for item in items_of(account, old))
        new.update({
            "cancel_at_period_end": ending,
            "cancel_at": period_end if ending else None,
            # "canceled_at will reflect the time of the most recent update request"
            "canceled_at": now_for(account, old["customer"]) if ending else None,
            "cancellation_details": {**old["cancellation_details"],
                                     "reason": "cancellation_requested" if ending else None},
        })
    return new


def cancel(account: Account, sub: dict, given: dict | None = None) -> dict:
    """The subscription ends now (its `customer.subscription.deleted` event)."""
    now = now_for(account, sub["customer"])
    details = {**sub["cancellation_details"], "reason": "cancellation_requested"}
    for key in ("comment", "feedback"):
        if key in (given or {}):
            details[key] = given[key]
    return account.update(KIND, sub, {**sub, "status": "canceled", "canceled_at": now,
                                      "ended_at": now, "cancellation_details": details})


def _cancel(account: Account, p: dict, args: dict) -> dict:
    sub = SUBSCRIPTIONS.find(account, args)
    if sub["status"] in ("canceled", "incomplete_expired"):
        raise InvalidRequestError(M.SUBSCRIPTION_CANCELED.format(id=sub["id"]))
    return cancel(account, sub, p.get("cancellation_details"))


def _customer_deleted(account: Account, obj: dict, previous: dict | None) -> None:
    """A deleted customer's subscriptions end with it (as on Stripe)."""
    coll = account.collections[KIND]
    for sub_id in list(coll.indexes["customer"].ids(obj["id"])):
        sub = coll.objects[sub_id]
        if sub["status"] in LIVE:
            cancel(account, sub)


_FOLLOWED = {"invoice.updated": _invoice_changed, "customer.deleted": _customer_deleted}


def follow(account: Account, event_type: str, obj: dict, previous: dict | None) -> None:
    """Store listener: what other objects' changes do to subscriptions (one listener, every
    change goes past it)."""
    handler = _FOLLOWED.get(event_type)
    if handler is not None:
        handler(account, obj, previous)


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
    if "price" in p:
        items = account.collections[ITEM_KIND]
        tests.append(lambda s: any(items.objects[i]["price"]["id"] == p["price"]
                                   for i in items.indexes["subscription"].ids(s["id"])))
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

SUBSCRIPTIONS = declare(Resource(
    object_name="subscription",
    kind=KIND,
    path="/v1/subscriptions",
    prefix="sub",
    indexes=lambda: {"customer": ValueIndex(lambda o: o["customer"]),
                     "live": ValueIndex(lambda o: True if o["status"] in LIVE else None),
                     "metadata": MetadataIndex()},
    expandable={"customer": Ref("customer"), "latest_invoice": Ref("invoice"),
                "default_payment_method": Ref("payment_method"),
                "test_clock": Ref("test_helpers.test_clock")},
    example={"customer": "{customer}", "items[0][price]": "{price}"},
    events={"created": "customer.subscription.created",
            "updated": "customer.subscription.updated"},
))
SUBSCRIPTION_ITEMS = declare(Resource(
    object_name="subscription_item",
    kind=ITEM_KIND,
    path="/v1/subscription_items",
    prefix="si",
    id_length=14,
    indexes=lambda: {"subscription": ValueIndex(lambda o: o["subscription"])},
    expandable={"price": {"product": Ref("product")}},
))
SUBSCRIPTIONS.operations = [
    SUBSCRIPTIONS.search(SEARCH_FIELDS),
    SUBSCRIPTIONS.create(SubscriptionCreateParams, new_subscription, after_create),
    SUBSCRIPTIONS.retrieve(),
    SUBSCRIPTIONS.update(SubscriptionUpdateParams, update_subscription),
    Operation("cancel", "DELETE", "/v1/subscriptions/{id}", SubscriptionCancelParams, _cancel,
              summary="Cancel a subscription now"),
    SUBSCRIPTIONS.list(SubscriptionListParams, narrow_list),
]


def _items_narrow(account: Account, p: dict) -> tuple[Any, Any]:
    SUBSCRIPTIONS.get(account, p["subscription"], "subscription", 400)
    return account.collections[ITEM_KIND].indexes["subscription"].ids(p["subscription"]), None


SUBSCRIPTION_ITEMS.operations = [
    SUBSCRIPTION_ITEMS.retrieve(),
    SUBSCRIPTION_ITEMS.list(ItemListParams, _items_narrow),
]


def _due_renewals(account: Account, customer_ids: list[str] | None,
                  until: int) -> list[tuple[int, Any]]:
    """Renewals due by `until`: of the given customers' subscriptions, or (None) of those on no
    clock."""
    coll = account.collections[KIND]
    if customer_ids is None:
        subs = [coll.objects[i] for i in coll.indexes["live"].ids(True)]
        subs = [s for s in subs if s["test_clock"] is None]
    else:
        index = coll.indexes["customer"]
        subs = [coll.objects[i] for c in customer_ids for i in index.ids(c)]
    due = []
    for sub in subs:
        when = notice_due(account, sub)
        if when is not None and when <= until:
            due.append((when, lambda sub_id=sub["id"]: notify(
                account, account.collections[KIND].objects[sub_id])))
            continue  # its renewal comes after the notice
        when = renewal_due(account, sub)
        if when is not None and when <= until:
            due.append((when, lambda sub_id=sub["id"]: renew(
                account, account.collections[KIND].objects[sub_id])))
    return due


invoice_automation.DUE_SOURCES.append(_due_renewals)
