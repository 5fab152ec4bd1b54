"""An invoice's status machine as a table (machines.py) and the actions that move it:
finalize (number, snapshot, credit balance), pay, void, mark uncollectible, send."""

from __future__ import annotations

from typing import Any

from ... import machines
from ... import messages as M
from ...billing import credit_balance, money
from ...clocks import now_for
from ...context import current
from ...errors import CardError, InvalidRequestError, no_such
from ...machines import Transition
from ...store.memory import Account
from .. import payment_method_rules as pm_rules
from ..payments import intents, invoice_payments
from ..payments.declared import INTENT_KIND
from .rules import KIND, refresh, save

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
                                  {**customer, "next_invoice_sequence": sequence + 1},
                                  _SEQUENCE)
    applied = money.apply_balance(new["total"], credit_balance.balance_in(
        account, customer["id"], new["currency"]))
    if applied.ending_balance != applied.starting_balance:
        _, moved = credit_balance.record(
            account, customer, applied.ending_balance - applied.starting_balance,
            new["currency"], "applied_to_invoice", invoice=new["id"])
        account.update("customer", customer, moved)
    base = current().base_url
    changes = {
        "starting_balance": applied.starting_balance,
        "ending_balance": applied.ending_balance,
        "amount_due": applied.amount_due,
        "amount_remaining": applied.amount_due,
        "hosted_invoice_url": f"{base}/_emulator/invoices/{account.public_token}/{new['id']}",
        "invoice_pdf": f"{base}/_emulator/invoices/{account.public_token}/{new['id']}/pdf",
        "automatically_finalizes_at": None,
        "last_finalization_error": None,
        "next_payment_attempt": (now + 3600 if new["auto_advance"]
                                 and new["collection_method"] == "charge_automatically"
                                 else None),
    }
    new = machines.apply(TABLE, new, "finalize", now, **changes)
    # Made in this request, the draft differs from what is stored only by these fields.
    changed = machines.touched(TABLE, "finalize", ("number", *changes)) if refreshed else None
    if applied.amount_due == 0:  # nothing to collect: paid on finalization
        new = _paid(new, now, attempted=True, attempt_count=new["attempt_count"])
        changed = None
    new = save(account, invoice, new, changed)
    if new["status"] == "open":  # its default payment, for the amount due
        invoice_payments.open_default(account, new, now)
    return new


def _paid(invoice: dict, now: int, attempted: bool, attempt_count: int, **more: Any) -> dict:
    return machines.apply(TABLE, invoice, "pay", now, amount_paid=invoice["amount_due"],
                          amount_remaining=0, attempted=attempted, attempt_count=attempt_count,
                          **more)


# the fields `_paid` changes (with those of its `more`)
_PAID = machines.touched(TABLE, "pay", ("amount_paid", "amount_remaining", "attempted",
                                        "attempt_count"))
_SEQUENCE = ("next_invoice_sequence",)


NO_PAYMENT_METHOD = "resource_missing"  # (Stripe's code for an invoice with no method to charge)


def pay(account: Account, invoice: dict, p: dict[str, Any], automatic: bool = False) -> dict:
    """Charge the invoice: confirm its default PaymentIntent with the given or default
    method, off-session unless told otherwise. What the attempt does to the invoice is
    `_follow_payment`'s. `automatic`: an attempt of Stripe's own (the first, a retry), which
    counts in `attempt_count`; a manual retry after the first attempt does not."""
    check_transition(invoice, "pay")
    if invoice["status"] == "draft":
        invoice = finalize(account, invoice)
        if invoice["status"] == "paid":
            return invoice
    now = now_for(account, invoice["customer"])
    if p.get("paid_out_of_band"):
        invoice_payments.close(account, invoice, now, "automatic")
        return save(account, invoice, _paid(invoice, now, invoice["attempted"],
                                            invoice["attempt_count"],
                                            amount_paid_off_stripe=invoice["amount_remaining"]))
    pm = _payment_method(account, invoice, p.get("payment_method"))
    intent = invoice_payments.default_intent(account, invoice["id"])
    if intent is None:  # finalized before invoices had payments (an old snapshot)
        invoice_payments.open_default(account, invoice, now)
        intent = invoice_payments.default_intent(account, invoice["id"])
    if intent["status"] == "requires_capture":  # not something an invoice's payment does
        raise InvalidRequestError(M.INVOICE_ALREADY_PAID)
    intent = intents.confirm(account, intent, {"payment_method": pm["id"],
                                               "off_session": p.get("off_session", True)},
                             billing=True, automatic=automatic)
    if intent["status"] == "requires_action":
        err = CardError(M.INVOICE_PAYMENT_REQUIRES_ACTION,
                        code="invoice_payment_intent_requires_action")
        err.keeps_changes = True
        err.extra = {"payment_intent": intent}
        raise err
    return account.collections[KIND].objects[invoice["id"]]


def _follow_payment(account: Account, payment: dict, intent: dict, automatic: bool) -> None:
    """An attempt of one of the invoice's PaymentIntents (from /pay, a subscription, the
    client confirming it, a 3D Secure challenge completed): paid once nothing remains;
    otherwise an attempt that failed, or that waits for the customer to authenticate."""
    invoice = account.collections[KIND].get(payment["invoice"])
    if invoice is None or invoice["status"] not in ("open", "uncollectible"):
        return
    attempts = invoice["attempt_count"] + 1 if automatic else max(invoice["attempt_count"], 1)
    now = now_for(account, invoice["customer"])
    if intent["status"] == "succeeded":
        received = intent["amount_received"]
        remaining = max(invoice["amount_remaining"] - received, 0)
        if remaining:
            save(account, invoice, {**invoice, "amount_paid": invoice["amount_paid"] + received,
                                    "amount_remaining": remaining})
            invoice_payments.sync_default(account, account.collections[KIND].objects[
                invoice["id"]])
            return
        paid = save(account, invoice, _paid(invoice, now, True, attempts), _PAID)
        invoice_payments.close(account, paid, now, "automatic")  # an attached one paid it all
        account.announce("invoice.payment_succeeded", paid)
        return
    changed = save(account, invoice, {**invoice, "attempted": True, "attempt_count": attempts})
    account.announce("invoice.payment_action_required" if intent["status"] == "requires_action"
                     else "invoice.payment_failed", changed)


invoice_payments.FOLLOWERS.append(_follow_payment)


def attach_payment(account: Account, invoice: dict, p: dict[str, Any]) -> dict:
    """`attach_payment`: a PaymentIntent of the caller's becomes one of the invoice's
    payments, credited at once if it already succeeded."""
    if invoice["status"] not in ("open", "uncollectible"):
        raise InvalidRequestError(M.INVOICE_ATTACH_STATE.format(status=invoice["status"]),
                                  code="invoice_not_editable")
    intent = account.collections[INTENT_KIND].get(p["payment_intent"])
    if intent is None:
        raise no_such("payment_intent", p["payment_intent"], "payment_intent", 400)
    invoice_payments.attach(account, invoice, intent, now_for(account, invoice["customer"]))
    return account.collections[KIND].objects[invoice["id"]]


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
    defaults = pm_rules.invoice_defaults(account, invoice)
    if not defaults:
        raise InvalidRequestError(M.INVOICE_NO_PAYMENT_METHOD, code=NO_PAYMENT_METHOD)
    return defaults[0]


def void(account: Account, invoice: dict) -> dict:
    """open/uncollectible -> void; a credit balance the invoice took goes back to the customer."""
    check_transition(invoice, "void")
    taken = (invoice["ending_balance"] or 0) - (invoice["starting_balance"] or 0)
    if taken:
        customer = _customer(account, invoice)
        _, moved = credit_balance.record(account, customer, -taken, invoice["currency"],
                                         "unapplied_from_invoice", invoice=invoice["id"])
        account.update("customer", customer, moved)
    now = now_for(account, invoice["customer"])
    invoice_payments.close(account, invoice, now, "void_invoice")
    return save(account, invoice, machines.apply(TABLE, invoice, "void", now))


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
