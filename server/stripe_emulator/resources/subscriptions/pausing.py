"""The `paused` status: `POST /v1/subscriptions/{id}/pause` (or a trial ending without a
payment method under `missing_payment_method=pause`) and `/resume`. A paused subscription makes
no invoices and does not move to new periods; resuming starts a new cycle now (billed on a
resumption invoice) or keeps the old one (`billing_cycle_anchor[type]=unchanged`)."""

from __future__ import annotations

from ... import messages as M
from ...clocks import now_for
from ...errors import InvalidRequestError
from ...store.memory import Account
from ..invoices import status as invoice_status
from . import changes, invoicing, status
from .declared import ITEM_KIND, KIND, SUBSCRIPTIONS, items_of, new_cycle, with_items
from .due import next_period


def pause(account: Account, p: dict, args: dict) -> dict:
    sub = SUBSCRIPTIONS.find(account, args)
    if sub["status"] not in status.MOVES["pause"].sources:
        raise InvalidRequestError(M.SUBSCRIPTION_PAUSE_STATUS.format(status=sub["status"]))
    now = now_for(account, sub["customer"])
    # The unused time of the period is credited (a trial's is free): from now by default,
    # the whole period (`bill_for[unused_time_from]=item_current_period_start`), or none.
    since = ((p.get("bill_for") or {}).get("unused_time_from") or {}).get("type", "now")
    items = items_of(account, sub)
    made = [] if sub["status"] == "trialing" or since == "none" else changes.unused_credits(
        account, items, now if since == "now" else min(i["current_period_start"] for i in items))
    behavior = "always_invoice" if p.get("invoicing_behavior") == "invoice" else \
        "create_prorations"
    # The credit is billed first (`invoice`: on an invoice of its own, settled at once),
    # then the subscription pauses: that invoice's payment is no resumption.
    sub = changes.bill_changes(account, sub, made, now, behavior, "allow_incomplete")
    return status.pause(account, account.collections[KIND].objects[sub["id"]],
                        "pause_requested")


def resume(account: Account, p: dict, args: dict) -> dict:
    sub = SUBSCRIPTIONS.find(account, args)
    if sub["status"] != "paused":
        raise InvalidRequestError(M.SUBSCRIPTION_NOT_PAUSED.format(id=sub["id"]))
    if sub["collection_method"] != "charge_automatically":
        raise InvalidRequestError(M.SUBSCRIPTION_RESUME_SEND_INVOICE)
    now = now_for(account, sub["customer"])
    anchor = (p.get("billing_cycle_anchor") or {}).get("type", "now")
    if anchor == "unchanged":
        # The cycle goes on where it stands now; nothing is billed for the paused time.
        for item in items_of(account, sub):
            while item["current_period_end"] <= now:
                start, end = next_period(sub, item)
                item = account.update(ITEM_KIND, item, {**item, "current_period_start": start,
                                                        "current_period_end": end})
        sub = account.update(KIND, sub, with_items(account, sub))
        return status.move(account, sub, "resume")
    changes.write_items(account, new_cycle(items_of(account, sub), now, sub["cancel_at"]))
    sub = account.update(KIND, sub, with_items(account, {**sub, "billing_cycle_anchor": now,
                                                         "billing_cycle_anchor_config": None}))
    invoice = invoicing.make_invoice(account, sub, "subscription_update")
    sub = account.update(KIND, sub, {**sub, **invoicing.invoiced(account, sub, invoice)})
    if p.get("payment_behavior") == "resume_on_payment_success":
        invoice = invoicing.charge(account, invoice, "allow_incomplete")
        sub = account.collections[KIND].objects[sub["id"]]
        if invoice["status"] != "paid":
            return sub  # stays paused until the invoice is paid
        return status.move(account, sub, "resume")
    # resume_on_payment_attempt: finalized now, charged by the invoice's own next attempt
    invoice_status.finalize(account, invoice)
    return status.move(account, account.collections[KIND].objects[sub["id"]], "resume")
