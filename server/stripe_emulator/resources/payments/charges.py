"""Charges: one per confirmation attempt of a PaymentIntent, succeeded or failed, with its
outcome, the card's details and its receipt (a URL on this server; test mode sends no e-mail,
so `receipt_number` stays null; an invoice's payment sends it to the customer's email)."""

from __future__ import annotations

from typing import Any

from ...api.metadata import updated
from ...context import current
from ...errors import no_such
from ...store.memory import Account
from ..cards import Decline
from ..customers import shipping_of
from .declared import CHARGES, INVOICE_PAYMENT_KIND, refunds_list

_APPROVED = {"advice_code": None, "network_advice_code": None, "network_decline_code": None,
             "network_status": "approved_by_network", "reason": None, "risk_level": "normal",
             "risk_score": 0, "seller_message": "Payment complete.", "type": "authorized"}


def _outcome(decline: Decline | None) -> dict:
    if decline is None:
        return _APPROVED
    return {**_APPROVED, "network_status": "declined_by_network",
            "reason": decline.decline_code or decline.code,
            "seller_message": "The bank did not return any further details with this decline.",
            "type": "issuer_declined"}


def new_charge(account: Account, intent: dict, pm: dict, now: int, decline: Decline | None,
               captured: bool) -> dict:
    card = pm["card"]
    charge_id = CHARGES.new_id(account)
    ok = decline is None
    amount = intent["amount"]
    return {
        "id": charge_id,
        "object": "charge",
        "amount": amount,
        "amount_captured": amount if ok and captured else 0,
        "amount_refunded": 0,
        "application": None,
        "application_fee": None,
        "application_fee_amount": None,
        "balance_transaction": None,
        "billing_details": pm["billing_details"],
        "calculated_statement_descriptor": "STRIPE-EMULATOR",
        "captured": ok and captured,
        "created": now,
        "currency": intent["currency"],
        "customer": intent["customer"],
        "description": intent["description"],
        "disputed": False,
        "failure_balance_transaction": None,
        "failure_code": None if ok else decline.code,
        "failure_message": None if ok else decline.message,
        "fraud_details": {},
        "livemode": account.livemode,
        "metadata": dict(intent["metadata"]),  # copied once: later changes stay on the intent
        "on_behalf_of": None,
        "outcome": _outcome(decline),
        "paid": ok,
        "payment_intent": intent["id"],
        "payment_method": pm["id"],
        "payment_method_details": {"type": "card", "card": {
            "amount_authorized": amount if ok else None, "authorization_code": None,
            "brand": card["brand"], "checks": card["checks"], "country": card["country"],
            "electronic_commerce_indicator": None, "exp_month": card["exp_month"],
            "exp_year": card["exp_year"], "fingerprint": card["fingerprint"],
            "funding": card["funding"], "installments": None, "last4": card["last4"],
            "mandate": None, "network": card["brand"], "network_transaction_id": None,
            "regulated_status": card["regulated_status"], "three_d_secure": None,
            "transaction_link_id": None, "wallet": None}},
        "radar_options": {},
        "receipt_email": intent["receipt_email"] or _invoice_receipt_email(account, intent),
        "receipt_number": None,
        "receipt_url": f"{current().base_url}/_emulator/receipts/{account.public_token}/"
                       f"{charge_id}",
        "refunded": False,
        "review": None,
        "shipping": intent["shipping"],
        "source": None,
        "source_transfer": None,
        "statement_descriptor": intent["statement_descriptor"],
        "statement_descriptor_suffix": intent["statement_descriptor_suffix"],
        "status": "succeeded" if ok else "failed",
        "transfer_data": None,
        "transfer_group": None,
    }


def _invoice_receipt_email(account: Account, intent: dict) -> str | None:
    """An invoice's payment sends its receipt to the customer (recorded: the customer's email
    on the charge, though no `receipt_email` was given)."""
    if intent["customer"] is None or not account.collections[INVOICE_PAYMENT_KIND].indexes[
            "payment_intent"].ids(intent["id"]):
        return None
    customer = account.collections["customer"].get(intent["customer"])
    return customer and customer.get("email")


def make(account: Account, intent: dict, pm: dict, now: int, decline: Decline | None,
         captured: bool) -> dict:
    """The attempt's charge, stored and announced (charge.succeeded or charge.failed)."""
    charge = account.create(CHARGES.kind, new_charge(account, intent, pm, now, decline,
                                                     captured))
    account.announce("charge.succeeded" if decline is None else "charge.failed", charge)
    return charge


def update_charge(account: Account, old: dict, p: dict[str, Any]) -> dict:
    new = updated(old, p, ("description", "receipt_email"))
    if "shipping" in p:
        new["shipping"] = shipping_of(p["shipping"])
    return new


def receipt_parts(account: Account, charge_id: str) -> tuple[dict, dict | None, list[dict]]:
    """What a charge's receipt shows: the charge, the invoice it paid (if any), its refunds
    newest first."""
    charge = account.collections[CHARGES.kind].get(charge_id)
    if charge is None:
        raise no_such("charge", charge_id)
    invoice = None
    payments = account.collections[INVOICE_PAYMENT_KIND]
    for payment_id in payments.indexes["payment_intent"].ids(charge["payment_intent"]):
        invoice = account.collections["invoice"].get(payments.objects[payment_id]["invoice"])
    return charge, invoice, refunds_list(account, charge)["data"]
