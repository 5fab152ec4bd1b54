"""Refunds of a charge (named directly or through its PaymentIntent): full or partial, several
per charge up to its captured amount; in test mode a card refund succeeds at once. The charge
shows them (`amount_refunded`, `refunded` once whole, charge.refunded)."""

from __future__ import annotations

from typing import Any

from ... import messages as M
from ...api.metadata import merge_metadata
from ...billing import currencies
from ...clocks import now_for
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from .declared import CHARGE_KIND, INTENT_KIND, REFUNDS


def _charge_of(account: Account, p: dict) -> dict:
    if "charge" not in p and "payment_intent" not in p:
        raise InvalidRequestError(M.REFUND_NEEDS_TARGET)
    if "charge" in p:
        charge = account.collections[CHARGE_KIND].get(p["charge"])
        if charge is None:
            raise no_such("charge", p["charge"], "charge", 400)
        if "payment_intent" in p and charge["payment_intent"] != p["payment_intent"]:
            raise InvalidRequestError(M.REFUND_MISMATCH, param="payment_intent")
        intent = account.collections[INTENT_KIND].get(charge["payment_intent"] or "")
    else:
        intent = account.collections[INTENT_KIND].get(p["payment_intent"])
        if intent is None:
            raise no_such("payment_intent", p["payment_intent"], "payment_intent", 400)
        if intent["status"] != "succeeded" and intent["status"] != "requires_capture":
            raise InvalidRequestError(M.REFUND_NOTHING_PAID.format(id=intent["id"],
                                                                  status=intent["status"]),
                                      param="payment_intent")
        charge = account.collections[CHARGE_KIND].objects[intent["latest_charge"]]
    if charge["status"] != "succeeded":
        raise InvalidRequestError(M.REFUND_FAILED_CHARGE.format(id=charge["id"]),
                                  param="charge")
    if not charge["captured"]:  # "You must cancel the PaymentIntent…"
        raise InvalidRequestError(M.REFUND_UNCAPTURED.format(intent=charge["payment_intent"]),
                                  param="charge" if "charge" in p else "payment_intent")
    return charge


def new_refund(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    charge = _charge_of(account, p)
    left = charge["amount_captured"] - charge["amount_refunded"]
    if left <= 0:
        raise InvalidRequestError(M.CHARGE_ALREADY_REFUNDED.format(id=charge["id"]),
                                  code="charge_already_refunded", param="charge")
    amount = p.get("amount", left)
    if amount > left:
        currency = charge["currency"]
        raise InvalidRequestError(M.REFUND_TOO_MUCH.format(
            amount=currencies.display(amount, currency),
            left=currencies.display(left, currency)), param="amount")
    return {
        "id": REFUNDS.new_id(account),
        "object": "refund",
        "amount": amount,
        "balance_transaction": None,
        "charge": charge["id"],
        "created": now_for(account, charge["customer"]),
        "currency": charge["currency"],
        "customer": charge["customer"],
        "customer_account": None,
        "destination_details": {"card": {"reference_status": "pending", "type": "refund"},
                                "type": "card"},
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "payment_intent": charge["payment_intent"],
        "payment_method": charge["payment_method"],
        "reason": p.get("reason"),
        "receipt_number": None,
        "source_transfer_reversal": None,
        "status": "succeeded",  # test-mode card refunds "succeed immediately"
        "transfer_reversal": None,
    }


def after_create(account: Account, refund: dict, p: dict) -> dict:
    charge = account.collections[CHARGE_KIND].objects[refund["charge"]]
    refunded = charge["amount_refunded"] + refund["amount"]
    account.update(CHARGE_KIND, charge, {**charge, "amount_refunded": refunded,
                                         "refunded": refunded >= charge["amount_captured"]})
    return refund


def cancel(account: Account, p: dict, args: dict) -> dict:
    refund = REFUNDS.find(account, args)
    # only a refund awaiting action may be canceled; card refunds never wait
    raise InvalidRequestError(M.REFUND_CANNOT_CANCEL.format(id=refund["id"],
                                                          status=refund["status"]))
