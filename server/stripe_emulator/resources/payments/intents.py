"""PaymentIntents: create, update, confirm with a card (each test card's outcome: success,
a decline as 402 with the intent back at requires_payment_method, or 3D Secure's
requires_action until the authentication is completed), manual capture (full or partial),
cancel. Statuses move through one table (machines.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import machines
from ... import messages as M
from ...api.metadata import merge_metadata, updated
from ...clocks import now_for
from ...errors import CardError, InvalidRequestError
from ...machines import Transition
from ...store.memory import Account
from .. import cards
from .. import payment_method_rules as pm_rules
from ..customers import CUSTOMERS, shipping_of
from . import charges, outcomes
from .declared import INTENT_KIND, PAYMENT_INTENTS

UNEXPECTED = "payment_intent_unexpected_state"
MIN_AMOUNT = 50  # "$0.50 US or equivalent"
_OPEN = outcomes.OPEN

# in the order Stripe's refusal lists them
CANCELABLE = ("requires_payment_method", "requires_capture", "requires_confirmation",
              "requires_action", "processing")
TABLE: dict[str, Transition] = {
    "attach": Transition(frozenset({"requires_payment_method"}), "requires_confirmation"),
    "succeed": Transition(frozenset(_OPEN), "succeeded"),
    "authorize": Transition(frozenset(_OPEN), "requires_capture"),
    "require_action": Transition(frozenset(_OPEN), "requires_action"),
    "fail": Transition(frozenset(_OPEN), "requires_payment_method"),
    "capture": Transition(frozenset({"requires_capture"}), "succeeded"),
    "cancel": Transition(frozenset(CANCELABLE), "canceled", ("canceled_at",)),
}

# Told of every confirmation attempt's outcome (the intent as it was left, and whether the
# attempt was one of Stripe's own): an invoice follows the PaymentIntent paying it.
ATTEMPTED: list[Callable[[Account, dict, bool], None]] = []
# Tell whether another object owns an intent (an invoice's default payment): the wording of
# the refusal when so, else None.
OWNED: list[Callable[[Account, dict], str | None]] = []


def _not_owned(account: Account, intent: dict) -> None:
    for owner in OWNED:
        wording = owner(account, intent)
        if wording is not None:
            raise InvalidRequestError(wording.format(id=intent["id"]), code=UNEXPECTED)


def new_intent(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    if p["amount"] == 0:  # recorded (2025-10-29.clover, 2026-03-25.dahlia)
        raise InvalidRequestError(M.AMOUNT_ZERO, code="parameter_invalid_integer",
                                  param="amount")
    if p["amount"] < MIN_AMOUNT:
        raise InvalidRequestError(M.AMOUNT_TOO_SMALL.format(currency=p["currency"]),
                                  code="amount_too_small", param="amount")
    customer = CUSTOMERS.get(account, p["customer"], "customer") if "customer" in p else None
    if not p.get("confirm"):
        for name in ("return_url", "off_session", "error_on_requires_action"):
            if name in p:
                raise InvalidRequestError(M.CONFIRM_ONLY.format(param=name), param=name)
    pm = outcomes.method(account, p["payment_method"], customer and customer["id"],
                 "payment_method") if "payment_method" in p else None
    intent = intent_object(account, p, customer and customer["id"], pm and pm["id"],
                           now_for(account, customer and customer["id"]))
    outcomes.automatic_methods(account, intent, p)
    return intent


def intent_object(account: Account, p: dict[str, Any], customer_id: str | None,
                  pm_id: str | None, now: int) -> dict:
    """A new PaymentIntent from create's params (checked), for the API or for an invoice."""
    intent_id = PAYMENT_INTENTS.new_id(account)
    return {
        "id": intent_id,
        "object": "payment_intent",
        "allowed_payment_method_types": None,
        "amount": p["amount"],
        "amount_capturable": 0,
        "amount_details": {"tip": {}},
        "amount_received": 0,
        "application": None,
        "application_fee_amount": None,
        "automatic_payment_methods": None,
        "canceled_at": None,
        "cancellation_reason": None,
        "capture_method": p.get("capture_method", "automatic_async"),
        "client_secret": f"{intent_id}_secret_{account.ids.token(25)}",
        "confirmation_method": p.get("confirmation_method", "automatic"),
        "created": now,
        "currency": p["currency"],
        "customer": customer_id,
        "customer_account": None,
        "description": p.get("description"),
        "excluded_payment_method_types": None,
        "last_payment_error": None,
        "latest_charge": None,
        "livemode": account.livemode,
        "managed_payments": None,
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "next_action": None,
        "on_behalf_of": None,
        "payment_method": pm_id,
        "payment_method_configuration_details": None,
        "payment_method_options": {"card": {"installments": None, "mandate_options": None,
                                            "network": None,
                                            "request_three_d_secure": "automatic"}},
        "payment_method_types": ["card"],
        "payment_record": None,
        "processing": None,
        "receipt_email": p.get("receipt_email"),
        "review": None,
        "setup_future_usage": p.get("setup_future_usage"),
        "shipping": shipping_of(p.get("shipping")),
        "source": None,
        "statement_descriptor": p.get("statement_descriptor"),
        "statement_descriptor_suffix": p.get("statement_descriptor_suffix"),
        "status": "requires_confirmation" if pm_id else "requires_payment_method",
        "transfer_data": None,
        "transfer_group": None,
    }


def after_create(account: Account, intent: dict, p: dict) -> dict:
    if p.get("confirm"):
        return confirm(account, intent, p)
    return intent


def update_intent(account: Account, old: dict, p: dict[str, Any]) -> dict:
    if set(p) - {"metadata", "expand"}:
        _not_owned(account, old)
    if old["status"] in ("succeeded", "canceled", "requires_capture", "processing"):
        if "amount" in p:
            raise InvalidRequestError(M.INTENT_AMOUNT_STATE.format(status=old["status"]),
                                      code=UNEXPECTED, param="amount")
        if set(p) - {"metadata", "description", "receipt_email", "expand"}:
            raise InvalidRequestError(M.INTENT_UPDATE_STATE.format(status=old["status"]),
                                      code=UNEXPECTED)
    new = updated(old, p, ("amount", "currency", "description", "receipt_email",
                           "setup_future_usage", "capture_method", "statement_descriptor",
                           "statement_descriptor_suffix"))
    if "shipping" in p:
        new["shipping"] = shipping_of(p["shipping"])
    if "customer" in p:
        new["customer"] = None if p["customer"] is None else CUSTOMERS.get(
            account, p["customer"], "customer")["id"]
    if p.get("payment_method"):
        pm = outcomes.method(account, p["payment_method"], new["customer"], "payment_method")
        new["payment_method"] = pm["id"]
        if old["status"] == "requires_payment_method":
            new = machines.apply(TABLE, new, "attach", 0)
    # "last_payment_error … will be cleared if the PaymentIntent is later updated"
    new["last_payment_error"] = None
    return new


def _confirmable(intent: dict) -> None:
    status = intent["status"]
    if status in _OPEN:
        return
    wording = {"succeeded": M.INTENT_CONFIRM_SUCCEEDED,
               "canceled": M.INTENT_CONFIRM_CANCELED}.get(status, M.INTENT_CONFIRM_STATE)
    raise InvalidRequestError(wording.format(status=status), code=UNEXPECTED)


def confirm(account: Account, intent: dict, p: dict, authenticated: bool = False,
            billing: bool = False, automatic: bool = False) -> dict:
    """One attempt to pay: the card's outcome decides the status (and the charge), and
    `ATTEMPTED` is told. `authenticated`: its 3D Secure challenge was just completed;
    `billing`: an invoice's payment, where a card needing authentication waits in
    requires_action even off-session (Stripe Billing asks the customer to authenticate);
    `automatic`: an attempt of Stripe's own (a subscription's, a retry)."""
    try:
        intent = _attempt(account, intent, p, authenticated, billing)
    except CardError:
        _attempted(account, intent["id"], automatic)
        raise
    _attempted(account, intent["id"], automatic)
    return account.collections[INTENT_KIND].objects[intent["id"]]


def _attempted(account: Account, intent_id: str, automatic: bool) -> None:
    intent = account.collections[INTENT_KIND].objects[intent_id]
    for hook in ATTEMPTED:
        hook(account, intent, automatic)


def _attempt(account: Account, intent: dict, p: dict, authenticated: bool,
             billing: bool) -> dict:
    _confirmable(intent)
    pm_id = p.get("payment_method") or intent["payment_method"]
    if pm_id is None:
        raise InvalidRequestError(M.INTENT_NO_PAYMENT_METHOD, code=UNEXPECTED)
    pm = outcomes.method(account, pm_id, intent["customer"], "payment_method")
    types = intent["payment_method_types"]
    if types and pm["type"] not in types:  # an invoice's payment_settings named the types
        raise InvalidRequestError(M.INTENT_METHOD_TYPE_NOT_ALLOWED.format(
            type=pm["type"], types=", ".join(types)),
            code="payment_intent_incompatible_payment_method", param="payment_method")
    outcomes.check_return_url(account, intent, p)
    now = now_for(account, intent["customer"])
    changes: dict[str, Any] = {"payment_method": pm["id"], "last_payment_error": None,
                               "next_action": None}
    for name in ("receipt_email", "setup_future_usage", "capture_method"):
        if name in p:
            changes[name] = p[name]
    if "shipping" in p:
        changes["shipping"] = shipping_of(p["shipping"])
    intent = {**intent, **changes}
    card = outcomes.card_of(account, pm)
    decline = card.at_attach or card.at_charge
    off_session = bool(p.get("off_session"))
    if authenticated:
        decline = decline or card.after_authentication
    elif decline is None and outcomes.needs_authentication(account, card, pm, off_session):
        if p.get("error_on_requires_action") or (off_session and not billing):
            decline = cards.AUTHENTICATION_REQUIRED
        else:
            action = outcomes.authentication_action(intent, p, "payment_intents")
            return _save(account, intent, "require_action", now, next_action=action)
    manual = intent["capture_method"] == "manual"
    charge = charges.make(account, intent, pm, now, decline, captured=not manual)
    if decline is not None:
        failed = _save(account, intent, "fail", now, latest_charge=charge["id"],
                       last_payment_error=outcomes.decline_error(decline, pm,
                                                                 charge=charge["id"]))
        if intent["status"] == "requires_payment_method":  # no status change to name it
            account.announce("payment_intent.payment_failed", failed)
        err = decline.error()
        err.keeps_changes = True  # the failed attempt (its charge) is kept, as on Stripe
        err.extra = {"charge": charge["id"], "payment_intent": failed, "payment_method": pm}
        raise err
    if intent["setup_future_usage"]:
        if authenticated:  # saved for later, authenticated: later payments need no challenge
            outcomes.set_up(account, pm)
        if intent["customer"] and pm["customer"] is None:
            pm_rules.attach(account, pm, intent["customer"])
    if manual:
        return _save(account, intent, "authorize", now, latest_charge=charge["id"],
                     amount_capturable=intent["amount"])
    return _save(account, intent, "succeed", now, latest_charge=charge["id"],
                 amount_received=intent["amount"])


def _save(account: Account, intent: dict, action: str, now: int, **changes: Any) -> dict:
    return outcomes.move(account, INTENT_KIND, TABLE, intent, action, now, **changes)


def capture(account: Account, intent: dict, p: dict) -> dict:
    if intent["status"] != "requires_capture":
        wording = M.INTENT_ALREADY_CAPTURED if intent["status"] == "succeeded" and \
            intent["capture_method"] == "manual" else M.INTENT_CAPTURE_STATE
        raise InvalidRequestError(wording.format(status=intent["status"]), code=UNEXPECTED)
    amount = p.get("amount_to_capture", intent["amount_capturable"])
    if amount > intent["amount_capturable"]:
        raise InvalidRequestError(M.INTENT_CAPTURE_TOO_MUCH.format(
            amount=intent["amount_capturable"]), param="amount_to_capture")
    now = now_for(account, intent["customer"])
    charge = account.collections[charges.CHARGES.kind].objects[intent["latest_charge"]]
    account.update(charges.CHARGES.kind, charge, {**charge, "captured": True,
                                                  "amount_captured": amount})
    changes: dict[str, Any] = {"amount_received": amount, "amount_capturable": 0}
    if "metadata" in p:
        changes["metadata"] = merge_metadata(intent["metadata"], p["metadata"])
    return _save(account, intent, "capture", now, **changes)


def capture_charge(account: Account, charge: dict, p: dict) -> dict:
    """`POST /v1/charges/{id}/capture`: the charge's PaymentIntent captured (`amount`, by
    default all it authorized), and the charge as it then is."""
    if charge["captured"]:
        raise InvalidRequestError(M.CHARGE_ALREADY_CAPTURED.format(id=charge["id"]),
                                  code="charge_already_captured")
    if charge["refunded"]:
        raise InvalidRequestError(M.CHARGE_ALREADY_REFUNDED.format(id=charge["id"]),
                                  code="charge_already_refunded")
    intent = account.collections[INTENT_KIND].objects.get(charge["payment_intent"] or "")
    if intent is not None and intent["status"] == "canceled":
        # its authorization released (since 2025-03-31.basil the charge shows no refund)
        raise InvalidRequestError(M.CHARGE_RELEASED.format(id=charge["id"]))
    if charge["status"] != "succeeded" or intent is None \
            or intent["status"] != "requires_capture":
        raise InvalidRequestError(M.CHARGE_NOT_CAPTURABLE.format(id=charge["id"],
                                                                 status=charge["status"]))
    if p.get("amount", 0) > intent["amount_capturable"]:
        raise InvalidRequestError(M.CHARGE_CAPTURE_TOO_MUCH.format(
            amount=intent["amount_capturable"]), param="amount")
    capture(account, intent, {"amount_to_capture": p["amount"]} if "amount" in p else {})
    charge = account.collections[charges.CHARGES.kind].objects[charge["id"]]
    given = {k: p[k] for k in ("receipt_email", "statement_descriptor",
                               "statement_descriptor_suffix") if k in p}
    return account.update(charges.CHARGES.kind, charge, {**charge, **given}) if given else charge


def cancel(account: Account, intent: dict, p: dict) -> dict:
    _not_owned(account, intent)
    return cancel_owned(account, intent, p.get("cancellation_reason"))


def cancel_owned(account: Account, intent: dict, reason: str | None) -> dict:
    """Cancel, whoever owns the intent (voiding an invoice cancels its payment's)."""
    if not machines.allows(TABLE, intent, "cancel"):
        raise InvalidRequestError(M.INTENT_CANCEL_STATE.format(
            status=intent["status"], statuses=", ".join(CANCELABLE)), code=UNEXPECTED)
    now = now_for(account, intent["customer"])
    return _save(account, intent, "cancel", now, next_action=None,
                 cancellation_reason=reason, amount_capturable=0)


def authenticate(account: Account, intent: dict, succeed: bool) -> dict:
    """The customer completes (or fails) a 3D Secure challenge (what Stripe's test page does;
    an emulator route, not Stripe's API). Completed, the attempt goes on to its charge."""
    if intent["status"] != "requires_action":
        raise InvalidRequestError(M.INTENT_NOT_AWAITING_ACTION.format(status=intent["status"]),
                                  code=UNEXPECTED)
    if succeed:
        return confirm(account, intent, {}, authenticated=True)
    now = now_for(account, intent["customer"])
    error = outcomes.authentication_failure(account, intent,
                                            "payment_intent_authentication_failure")
    _save(account, intent, "fail", now, next_action=None, last_payment_error=error)
    _attempted(account, intent["id"], False)
    return account.collections[INTENT_KIND].objects[intent["id"]]
