"""An invoice's status machine as a table (machines.py) and the actions that move it:
finalize (number, snapshot, credit balance), pay, void, mark uncollectible, send."""

from __future__ import annotations

from typing import Any

from ... import machines
from ... import messages as M
from ...billing import credit_balance, money
from ...clocks import now_for
from ...context import current
from ...errors import InvalidRequestError, no_such
from ...machines import Transition
from ...store.memory import Account
from .. import cards
from .. import payment_method_rules as pm_rules
from .rules import refresh, save

# A final status: the invoice no longer advances on its own.
_FINAL = (("auto_advance", False), ("next_payment_attempt", None))

TABLE: dict[str, Transition] = {
    "finalize": Transition(frozenset({"draft"}), "open", ("status_transitions.finalized_at",
                                                          "effective_at"),
                           refusals=((None, M.INVOICE_ALREADY_FINALIZED),)),
    "pay": Transition(frozenset({"draft", "open", "uncollectible"}), "paid",
                      ("status_transitions.paid_at",), _FINAL,
                      refusals=(("paid", M.INVOICE_ALREADY_PAID),
                                ("void", M.INVOICE_VOIDED_UNPAYABLE),
                                (None, M.INVOICE_ALREADY_PAID))),
    "void": Transition(frozenset({"open", "uncollectible"}), "void",
                       ("status_transitions.voided_at",), _FINAL,
                       refusals=((None, M.INVOICE_NOT_OPEN),)),
    "mark_uncollectible": Transition(
        frozenset({"open"}), "uncollectible", ("status_transitions.marked_uncollectible_at",),
        _FINAL, refusals=(("uncollectible", M.INVOICE_ALREADY_UNCOLLECTIBLE),
                          (None, M.INVOICE_NOT_OPEN))),
    # actions that need a status and change none
    "send": Transition(frozenset({"draft", "open"}), refusals=((None, M.INVOICE_CANNOT_SEND),)),
    "delete": Transition(frozenset({"draft"}),
                         refusals=((None, M.INVOICE_DELETE_DRAFT_ONLY),)),
    "edit_lines": Transition(frozenset({"draft"}), refusals=((None, M.INVOICE_NOT_EDITABLE),),
                             code="invoice_not_editable"),
}


def check_transition(invoice: dict, action: str) -> None:
    machines.check(TABLE, invoice, action)


def _customer(account: Account, invoice: dict) -> dict:
    customer = account.collections["customer"].get(invoice["customer"])
    if customer is None:
        raise no_such("customer", invoice["customer"], "customer", 400)
    return customer


def finalize(account: Account, invoice: dict, refreshed: bool = False) -> dict:
    """draft -> open: number, frozen snapshot, the credit balance applied; paid if nothing's
    due. `refreshed`: the draft was made or refreshed in this very request (nothing it shows
    can have changed since), so its lines and totals are not computed again."""
    check_transition(invoice, "finalize")
    customer = _customer(account, invoice)
    now = now_for(account, invoice["customer"])
    new = dict(invoice) if refreshed else refresh(account, invoice)
    if new["number"] is None:
        sequence = customer["next_invoice_sequence"]
        new["number"] = f"{customer['invoice_prefix']}-{sequence:04d}"
        customer = account.update("customer", customer,
                                  {**customer, "next_invoice_sequence": sequence + 1})
    applied = money.apply_balance(new["total"], credit_balance.balance_in(
        account, customer["id"], new["currency"]))
    if applied.ending_balance != applied.starting_balance:
        _, moved = credit_balance.record(
            account, customer, applied.ending_balance - applied.starting_balance,
            new["currency"], "applied_to_invoice", invoice=new["id"])
        account.update("customer", customer, moved)
    base = current().base_url
    new = machines.apply(TABLE, new, "finalize", now, **{
        "starting_balance": applied.starting_balance,
        "ending_balance": applied.ending_balance,
        "amount_due": applied.amount_due,
        "amount_remaining": applied.amount_due,
        "hosted_invoice_url": f"{base}/_emulator/invoices/{new['id']}",
        "invoice_pdf": f"{base}/_emulator/invoices/{new['id']}/pdf",
        "automatically_finalizes_at": None,
        "last_finalization_error": None,
        "next_payment_attempt": (now + 3600 if new["auto_advance"]
                                 and new["collection_method"] == "charge_automatically"
                                 else None),
    })
    if applied.amount_due == 0:  # nothing to collect: paid on finalization
        new = _paid(new, now, attempted=True, attempt_count=new["attempt_count"])
    return save(account, invoice, new)


def _paid(invoice: dict, now: int, attempted: bool, attempt_count: int) -> dict:
    return machines.apply(TABLE, invoice, "pay", now, amount_paid=invoice["amount_due"],
                          amount_remaining=0, attempted=attempted, attempt_count=attempt_count)


def pay(account: Account, invoice: dict, p: dict[str, Any], automatic: bool = False) -> dict:
    """Charge the invoice. `automatic`: an attempt of Stripe's own (the first, a retry),
    which counts in `attempt_count`; a manual retry after the first attempt does not."""
    check_transition(invoice, "pay")
    if invoice["status"] == "draft":
        invoice = finalize(account, invoice)
        if invoice["status"] == "paid":
            return invoice
    now = now_for(account, invoice["customer"])
    if p.get("paid_out_of_band"):
        return save(account, invoice, _paid(invoice, now, invoice["attempted"],
                                            invoice["attempt_count"]))
    pm = _payment_method(account, invoice, p.get("payment_method"))
    card = cards.card_for(pm_rules.number_of(account, pm["id"]))
    decline = card.at_attach or card.at_charge
    attempts = invoice["attempt_count"] + 1 if automatic else max(invoice["attempt_count"], 1)
    if decline is not None:
        failed = save(account, invoice, {**invoice, "attempted": True, "attempt_count": attempts})
        account.announce("invoice.payment_failed", failed)
        err = decline.error()
        err.keeps_changes = True
        raise err
    paid = save(account, invoice, _paid(invoice, now, True, attempts))
    account.announce("invoice.payment_succeeded", paid)
    return paid


def _payment_method(account: Account, invoice: dict, explicit: str | None) -> dict:
    pms = account.collections[pm_rules.KIND]
    if explicit is not None:
        pm = pms.get(explicit)
        if pm is None:
            raise no_such(pm_rules.LABEL, explicit, "payment_method", 400)
        if pm["customer"] != invoice["customer"]:
            raise InvalidRequestError(
                M.PAYMENT_METHOD_NOT_THE_CUSTOMERS.format(id=explicit), param="payment_method")
        return pm
    customer = _customer(account, invoice)
    for pm_id in (invoice["default_payment_method"],
                  customer["invoice_settings"]["default_payment_method"]):
        if pm_id and pm_id in pms.objects:
            return pms.objects[pm_id]
    raise InvalidRequestError(M.INVOICE_NO_PAYMENT_METHOD)


def void(account: Account, invoice: dict) -> dict:
    """open/uncollectible -> void; a credit balance the invoice took goes back to the customer."""
    check_transition(invoice, "void")
    taken = (invoice["ending_balance"] or 0) - (invoice["starting_balance"] or 0)
    if taken:
        customer = _customer(account, invoice)
        _, moved = credit_balance.record(account, customer, -taken, invoice["currency"],
                                         "unapplied_from_invoice", invoice=invoice["id"])
        account.update("customer", customer, moved)
    return save(account, invoice, machines.apply(TABLE, invoice, "void",
                                                 now_for(account, invoice["customer"])))


def mark_uncollectible(account: Account, invoice: dict) -> dict:
    check_transition(invoice, "mark_uncollectible")
    return save(account, invoice, machines.apply(TABLE, invoice, "mark_uncollectible",
                                                 now_for(account, invoice["customer"])))


def send(account: Account, invoice: dict) -> dict:
    check_transition(invoice, "send")
    if invoice["status"] == "draft":
        invoice = finalize(account, invoice)
    account.announce("invoice.sent", invoice)  # test mode sends no e-mail, but says it did
    return invoice
