"""`/v1/invoices/create_preview` for subscriptions: the next renewal's invoice, the invoice a
change would bring (`subscription_details`: items, proration behaviour and date, anchor,
cancellation, tax rates, trial end), or a new subscription's first invoice.

A preview runs the very change on the store and reads the invoice it makes, then undoes it
all (`Account.what_if`): what a preview shows is what the change would do, by construction.
"""

from __future__ import annotations

from typing import Any

from ... import messages as M
from ...api.params import Bool, Enum, Nested, NotYet, Params, Timestamp, within
from ...billing.periods import DAY
from ...billing.settings import settings_of
from ...clocks import now_for
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from ..discounts import customer_discount, redeem
from ..invoices import items as invoice_items
from ..invoices import rules
from . import changes, create, due, invoicing, prorations
from .declared import ITEM_KIND, KIND, SUBSCRIPTIONS, items_of, renewing, with_items
from .due import next_period
from .params import ANCHOR_OBJECT_SINCE, SubscriptionChangeParams, anchor_of_older


class PreviewAnchorParams(Params):
    type = Enum("now", "timestamp", "unchanged", required=True)
    timestamp = Timestamp()


class SubscriptionDetailsParams(SubscriptionChangeParams):
    billing_cycle_anchor = Nested(PreviewAnchorParams,
                                  older=(ANCHOR_OBJECT_SINCE, anchor_of_older))
    metadata = NotYet()
    billing_mode = NotYet()
    billing_schedules = NotYet()
    cancel_now = Bool()
    pause = NotYet()
    resume_at = NotYet()
    start_date = NotYet()


_UPDATE_KEYS = ("items", "cancel_at", "cancel_at_period_end", "default_tax_rates",
                "proration_behavior", "proration_date", "trial_end")


def _upcoming_id(account: Account) -> str:
    return "upcoming_in_" + account.ids.token(24)


def _renewal(account: Account, sub: dict, preview_id: str) -> dict:
    """The invoice the subscription's next period would make: its pending items (prorations
    included) and its items for that period."""
    sub = account.collections[KIND].objects[sub["id"]]
    moved = []
    renews_at = min(item["current_period_end"] for item in items_of(account, sub))
    if sub["cancel_at"] is not None and sub["cancel_at"] <= renews_at:
        # it ends before it renews: no next invoice to show
        raise InvalidRequestError(M.NO_UPCOMING_CANCELING.format(id=sub["id"]),
                                  code="invoice_upcoming_none")
    for item in renewing(items_of(account, sub)):
        start, end = next_period(sub, item)
        moved.append(account.update(ITEM_KIND, item, {**item, "current_period_start": start,
                                                      "current_period_end": end}))
    sub = account.update(KIND, sub, with_items(account, sub))
    invoice = invoicing.make_invoice(account, sub, "upcoming", invoice_id=preview_id,
                                     items=moved)
    return {**invoice, "created": renews_at, "period_start": renews_at,
            "period_end": renews_at}


_ANCHOR_AT = "subscription_details[billing_cycle_anchor][timestamp]"


def _anchor(details: dict) -> dict:
    """`subscription_details[billing_cycle_anchor]`, its timestamp only with type=timestamp
    ("Only valid when `type` is `timestamp`")."""
    anchor = details.get("billing_cycle_anchor") or {"type": "unchanged"}
    if "timestamp" in anchor and anchor["type"] != "timestamp":
        raise InvalidRequestError(M.PREVIEW_ANCHOR_TIMESTAMP, param=_ANCHOR_AT)
    return anchor


def _change(account: Account, sub: dict, details: dict, preview_id: str) -> dict:
    behavior = details.get("proration_behavior", "create_prorations")
    params: dict[str, Any] = {k: details[k] for k in _UPDATE_KEYS if k in details}
    anchor = _anchor(details)["type"]
    if anchor == "now":
        params["billing_cycle_anchor"] = {"type": "now"}
    elif anchor == "timestamp":  # "For existing subscriptions, … only `now` or `unchanged`"
        raise InvalidRequestError(M.PREVIEW_ANCHOR_EXISTING,
                                  param="subscription_details[billing_cycle_anchor][type]")
    # The change made with its prorations left pending; the preview then shows the invoice
    # that takes them: at once (always_invoice) or with the next period.
    params["proration_behavior"] = "none" if behavior == "none" else "create_prorations"
    params["payment_behavior"] = changes.PREVIEW
    at = changes.proration_time(account, sub, params)
    changed = changes.update(account, params, {"id": sub["id"]})
    if changed["latest_invoice"] != sub["latest_invoice"]:  # a new cycle, billed at once
        invoice = account.collections[rules.KIND].objects[changed["latest_invoice"]]
        return {**invoice, "id": preview_id}
    if behavior == "always_invoice":
        invoice = invoicing.make_invoice(account, changed, "upcoming", [],
                                         invoice_id=preview_id)
    else:
        invoice = _renewal(account, changed, preview_id)
    details_ = invoice["parent"]["subscription_details"]
    invoice["parent"] = {**invoice["parent"], "subscription_details": {
        **details_, "subscription_proration_date": at}}
    return invoice


def _final(account: Account, sub: dict, details: dict, preview_id: str) -> dict:
    """`cancel_now`: the invoice a cancellation with `invoice_now` would make, crediting the
    unused time unless `proration_behavior=none`."""
    now = now_for(account, sub["customer"])
    if details.get("proration_behavior", "create_prorations") != "none" \
            and sub["status"] != "trialing":
        prorations.add(account, sub, changes.unused_credits(account, items_of(account, sub),
                                                            now))
    return invoicing.make_invoice(account, sub, "upcoming", [], invoice_id=preview_id)


# what an item of a previewed new subscription takes, as a created one's would
_NEW_ITEM_FIELDS = ("price", "price_data", "plan", "quantity", "metadata", "tax_rates",
                    "discounts")


def _new_subscription(account: Account, p: dict, details: dict, preview_id: str) -> dict:
    if not details.get("items"):
        raise InvalidRequestError(M.MISSING_PARAM.format(param="subscription_details[items]"),
                                  code="parameter_missing", param="subscription_details[items]")
    params: dict[str, Any] = {"customer": p["customer"], "items": [
        {k: v for k, v in item.items() if k in _NEW_ITEM_FIELDS} for item in details["items"]]}
    for key in ("trial_end", "proration_behavior", "default_tax_rates", "cancel_at",
                "cancel_at_period_end"):
        if key in details:
            params[key] = details[key]
    anchor = _anchor(details)
    if anchor["type"] == "timestamp":  # a new subscription's future anchor
        if "timestamp" not in anchor:
            raise InvalidRequestError(M.MISSING_PARAM.format(param=_ANCHOR_AT),
                                      code="parameter_missing", param=_ANCHOR_AT)
        params["billing_cycle_anchor"] = anchor["timestamp"]
    try:
        sub = account.create(KIND, create.new_subscription(account, params, None))
    except InvalidRequestError as err:
        if err.param == "billing_cycle_anchor":  # named as the preview takes it
            err.param = _ANCHOR_AT
        raise
    if "discounts" in p:
        sub = _previewed_discounts(account, sub, p["discounts"])
    if "invoice_items" in p:
        _previewed_items(account, sub["customer"], sub["currency"], p["invoice_items"])
    lines = create.first_lines(account, sub, params.get("proration_behavior",
                                                        "create_prorations"))
    return invoicing.make_invoice(account, sub, "upcoming", lines, invoice_id=preview_id)


def _previewed_items(account: Account, customer_id: str, currency: str,
                     specs: list[dict]) -> None:
    """A preview's `invoice_items`: made (or changed, `invoiceitem`) as the customer's pending
    items inside the what-if, so the previewed invoice sweeps them as its real one would."""
    coll = account.collections[rules.ITEM_KIND]
    for index, given in enumerate(specs):
        try:
            spec = invoice_items.from_preview(given)
            if "invoiceitem" in spec:
                current = coll.objects.get(spec["invoiceitem"])
                if current is None or current["customer"] != customer_id \
                        or current["invoice"] is not None:
                    raise no_such("invoiceitem", spec["invoiceitem"], "invoiceitem", 400)
                fields = {k: v for k, v in spec.items() if k not in ("invoiceitem", "currency")}
                account.update(rules.ITEM_KIND, current,
                               invoice_items.update_item(account, current, fields))
            else:
                item = invoice_items.new_item(account, {
                    **spec, "customer": customer_id,
                    "currency": spec.get("currency", currency)}, None)
                # named as Stripe names what exists only in a preview
                account.create(rules.ITEM_KIND, {**item, "id": "ii_tmp_" + item["id"][3:]})
        except InvalidRequestError as err:
            raise within(invoice_items.name_as_given(err, given), "invoice_items",
                         str(index)) from None


def _previewed_discounts(account: Account, sub: dict, given: list[dict] | None) -> dict:
    """A preview's `discounts`: those the previewed invoice takes instead of the subscription's
    ("Pass an empty string to avoid inheriting any discounts"), redeemed inside the what-if."""
    inherited = customer_discount.inherited(account, sub["customer"])
    made = redeem.redeem(account, given or [], customer_id=sub["customer"],
                         currency=sub["currency"], owner={"subscription": sub["id"]},
                         reusable=[*sub["discounts"], *inherited],
                         now=now_for(account, sub["customer"]), param="discounts")
    return account.update(KIND, sub, {**sub, "discounts": made}, ("discounts",))


def preview(account: Account, p: dict) -> dict:
    details = p.get("subscription_details") or {}
    preview_id = _upcoming_id(account)
    with account.what_if():
        if "subscription" in p:
            sub = SUBSCRIPTIONS.get(account, p["subscription"], "subscription", 400)
            if "customer" in p and p["customer"] != sub["customer"]:
                raise InvalidRequestError(M.PREVIEW_OTHER_CUSTOMER.format(
                    subscription=sub["id"], customer=p["customer"]), param="customer")
            if sub["status"] in ("canceled", "incomplete_expired", "paused"):
                # ended, or paused: "a paused subscription does not generate invoices"
                raise InvalidRequestError(M.NO_UPCOMING_SUBSCRIPTION.format(
                    id=sub["id"], status=sub["status"]), code="invoice_upcoming_none")
            if "discounts" in p:
                sub = _previewed_discounts(account, sub, p["discounts"])
            if "invoice_items" in p:
                _previewed_items(account, sub["customer"], sub["currency"], p["invoice_items"])
            if details.get("cancel_now"):
                invoice = _final(account, sub, details, preview_id)
            elif any(k in details for k in (*_UPDATE_KEYS, "billing_cycle_anchor")):
                invoice = _change(account, sub, details, preview_id)
            else:
                invoice = _renewal(account, sub, preview_id)
        else:
            if "customer" not in p:
                raise InvalidRequestError(M.MISSING_PARAM.format(param="customer"),
                                          code="parameter_missing", param="customer")
            invoice = _new_subscription(account, p, details, preview_id)
        now = now_for(account, invoice["customer"])
        lines = invoice["lines"]
        invoice = {**invoice, "billing_reason": "upcoming", "automatically_finalizes_at": None,
                   "created": max(invoice["created"], now),
                   "lines": {**lines, "url": f"/v1/invoices/{preview_id}/lines",
                             "data": [{**line, "invoice": preview_id}
                                      for line in lines["data"]]}}
    return invoice


# `invoice.upcoming` -----------------------------------------------------------------------------

UPCOMING_SENT = "_invoice_upcoming"  # per subscription: the renewal last announced


def upcoming_due(account: Account, sub: dict) -> int | None:
    """When `invoice.upcoming` goes out: the account's days ahead of a renewal that will be
    charged automatically, for periods longer than that (and not for one that ends it)."""
    if sub["status"] not in ("active", "past_due", "trialing") or \
            sub["collection_method"] != "charge_automatically":
        return None
    items = renewing(sub["items"]["data"])
    if not items:
        return None
    start = min(item["current_period_start"] for item in items)
    end = items[0]["current_period_end"]
    if sub["cancel_at"] is not None and sub["cancel_at"] <= end:
        return None
    sent = account.record(UPCOMING_SENT, sub["id"])
    if sent is not None and sent["renewal"] == end:
        return None
    ahead = settings_of(account).upcoming_days * DAY
    if end - start <= ahead:
        return None
    return end - ahead


def announce_upcoming(account: Account, sub: dict) -> None:
    invoice = preview(account, {"subscription": sub["id"]})
    end = min(item["current_period_end"] for item in items_of(account, sub))
    account.put(UPCOMING_SENT, {"id": sub["id"], "renewal": end})
    account.announce("invoice.upcoming", invoice)


# Announced before a renewal due at the same instant (it never is: it is days ahead).
due.STEPS.insert(len(due.STEPS) - 1, due.Step(upcoming_due, announce_upcoming))
