"""Issuing and voiding credit notes, and what they do to the invoice and the customer: a
pre-payment part lowers the invoice's amount due (paying it when nothing is left), a
post-payment part is refunded on the invoice's charge, credited to the customer's balance,
or recorded as settled outside Stripe."""

from __future__ import annotations

from typing import Any

from ... import machines
from ... import messages as M
from ...api.lists import page_in_order
from ...api.metadata import merge_metadata, updated
from ...billing import credit_balance
from ...clocks import now_for
from ...context import current
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from ..invoices import rules
from ..invoices import status as invoice_status
from ..payments import invoice_payments, refunds
from ..payments.declared import CHARGE_KIND, INTENT_KIND, REFUND_KIND
from . import compute
from .declared import CREDIT_NOTES, KIND, LINES


def _charge_of(account: Account, invoice: dict) -> dict | None:
    """The charge that paid the invoice (its paid payment's), if Stripe collected it."""
    for payment in invoice_payments.of_invoice(account, invoice["id"]):
        if payment["status"] == "paid":
            intent = account.collections[INTENT_KIND].objects[
                payment["payment"]["payment_intent"]]
            return account.collections[CHARGE_KIND].get(intent["latest_charge"] or "")
    return None


def _check_post(account: Account, invoice: dict, p: dict[str, Any]) -> dict | None:
    """The refunds a post-payment credit needs are possible: a charge for `refund_amount`,
    linked `refunds[]` of the invoice's own charge."""
    charge = _charge_of(account, invoice)
    if p.get("refund_amount"):
        if charge is None:
            raise InvalidRequestError(M.CREDIT_NOTE_NO_CHARGE.format(id=invoice["id"]),
                                      param="refund_amount")
        left = charge["amount_captured"] - charge["amount_refunded"]
        if p["refund_amount"] > left:
            raise InvalidRequestError(M.CREDIT_NOTE_REFUND_TOO_MUCH.format(left=left),
                                      param="refund_amount")
    for i, linked in enumerate(p.get("refunds", ())):
        refund = account.collections[REFUND_KIND].get(linked.get("refund") or "")
        if refund is None:
            raise no_such("refund", linked.get("refund"), f"refunds[{i}][refund]", 400)
        if charge is None or refund["charge"] != charge["id"]:
            raise InvalidRequestError(M.CREDIT_NOTE_REFUND_OTHER.format(id=refund["id"]),
                                      param=f"refunds[{i}][refund]")
    return charge


def new_credit_note(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    invoice = compute.invoice_of(account, p["invoice"])
    now = now_for(account, invoice["customer"])
    note, lines, invoice = compute.plan(account, p, now)
    _check_post(account, invoice, p)
    note["pdf"] = f"{current().base_url}/_emulator/credit_notes/{account.public_token}/" \
                  f"{note['id']}/pdf"
    p["lines_made"] = lines  # for after_create: the same request's, never sent by a client
    return note


def after_create(account: Account, note: dict, p: dict[str, Any]) -> dict:
    account.put(LINES, {"id": note["id"], "lines": p["lines_made"]})
    invoice = account.collections[rules.KIND].objects[note["invoice"]]
    now = note["created"]
    changes: dict[str, Any] = {}
    if p.get("credit_amount"):
        customer = account.collections["customer"].objects[invoice["customer"]]
        txn, moved = credit_balance.record(account, customer, -p["credit_amount"],
                                           invoice["currency"], "credit_note",
                                           invoice=invoice["id"], credit_note=note["id"])
        account.update("customer", customer, moved)
        changes["customer_balance_transaction"] = txn["id"]
    if p.get("refund_amount"):
        charge = _charge_of(account, invoice)
        refund = account.create(REFUND_KIND, refunds.new_refund(
            account, {"charge": charge["id"], "amount": p["refund_amount"]}, None))
        refunds.after_create(account, refund, {})
        changes["refunds"] = [*note["refunds"], {
            "amount_refunded": refund["amount"], "payment_record_refund": None,
            "refund": refund["id"], "type": "refund"}]
    if changes:
        note = account.update(KIND, note, {**note, **changes})
    _adjust(account, invoice, note["pre_payment_amount"], note["post_payment_amount"], now)
    return note


def _adjust(account: Account, invoice: dict, pre: int, post: int, now: int) -> None:
    """The invoice as a credit note (or its voiding, with negative amounts) leaves it."""
    new = {**invoice,
           "amount_due": invoice["amount_due"] - pre,
           "amount_remaining": invoice["amount_remaining"] - pre,
           "pre_payment_credit_notes_amount": invoice["pre_payment_credit_notes_amount"] + pre,
           "post_payment_credit_notes_amount":
               invoice["post_payment_credit_notes_amount"] + post}
    # "If applying a credit note to an invoice changes the amount due to zero, the invoice
    # automatically transitions into the paid state"
    settled = pre > 0 and new["amount_remaining"] == 0 and invoice["status"] != "paid"
    if settled:
        new = machines.apply(invoice_status.TABLE, new, "pay", now,
                             amount_paid=invoice["amount_paid"])
    new = rules.save(account, invoice, new)
    if settled:
        invoice_payments.close(account, new, now, "automatic")
    elif pre:
        invoice_payments.sync_default(account, new)


def void(account: Account, p: dict, args: dict) -> dict:
    note = CREDIT_NOTES.find(account, args)
    if note["status"] == "void":
        raise InvalidRequestError(M.CREDIT_NOTE_ALREADY_VOID.format(id=note["id"]))
    invoice = account.collections[rules.KIND].objects[note["invoice"]]
    if invoice["status"] not in ("open", "uncollectible"):
        raise InvalidRequestError(M.CREDIT_NOTE_VOID_STATE.format(
            id=note["id"], status=invoice["status"]))
    now = now_for(account, note["customer"])
    voided = account.update(KIND, note, {**note, "status": "void", "voided_at": now})
    _adjust(account, invoice, -note["pre_payment_amount"], 0, now)
    return voided


def update_credit_note(account: Account, old: dict, p: dict[str, Any]) -> dict:
    new = updated(old, p, ("memo",))
    if "metadata" in p:
        new["metadata"] = merge_metadata(old["metadata"], p["metadata"])
    return new


def preview(account: Account, p: dict, args: dict) -> dict:
    """The credit note as it would be issued: nothing stored (the id stream still moves)."""
    return new_credit_note(account, p, None)


def preview_lines(account: Account, p: dict, args: dict) -> dict:
    new_credit_note(account, p, None)
    return page_in_order(p["lines_made"], p, "/v1/credit_notes/preview/lines")


def list_lines(account: Account, p: dict, args: dict) -> dict:
    note = CREDIT_NOTES.find(account, args)
    return page_in_order(compute.lines_of(account, note["id"]), p,
                         f"/v1/credit_notes/{note['id']}/lines")


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    coll = account.collections[KIND]
    if "invoice" in p:
        candidates = coll.indexes["invoice"].ids(p["invoice"])
        return candidates, (lambda o: o["customer"] == p["customer"]) if "customer" in p \
            else None
    if "customer" in p:
        return coll.indexes["customer"].ids(p["customer"]), None
    return None, None

