"""What PaymentIntents and SetupIntents share at confirmation: the payment method they may
use, the `return_url` rule, the 3D Secure `next_action`, and the error objects a decline or a
failed authentication leaves on them."""

from __future__ import annotations

import hashlib
from typing import Any

from ... import machines
from ... import messages as M
from ...context import current
from ...errors import InvalidRequestError
from ...machines import Transition
from ...store.memory import Account
from .. import cards
from .. import payment_method_rules as pm_rules

OPEN = ("requires_payment_method", "requires_confirmation", "requires_action")


def method(account: Account, pm_id: str, customer_id: str | None, param: str) -> dict:
    """A method an intent of `customer_id` may use (a `pm_card_*` name makes a fresh one)."""
    pm = pm_rules.resolve(account, pm_id, param)
    if pm["customer"] is not None and pm["customer"] != customer_id:
        raise InvalidRequestError(M.PAYMENT_METHOD_OTHER_CUSTOMER, param=param)
    return pm


# Intents whose automatic payment methods were not asked for, only defaulted (see below)
BY_DEFAULT = "_automatic_methods_by_default"


def automatic_methods(account: Account, intent: dict, p: dict) -> None:
    """`automatic_payment_methods` as create leaves it, with the Dashboard's configuration
    they follow (`payment_method_configuration_details`). Not given, they are on, allowing
    redirects, as recorded (2025-10-29.clover, 2026-03-25.dahlia); confirming such an intent
    without a `return_url` is still let through here (whether Stripe refuses it as it does when
    they are asked for is unverified: the reference's choice)."""
    if "automatic_payment_methods" in p:
        automatic = p["automatic_payment_methods"]
        intent["automatic_payment_methods"] = None if automatic is None else {
            "allow_redirects": automatic.get("allow_redirects", "always"),
            "enabled": automatic["enabled"]}
    else:
        intent["automatic_payment_methods"] = {"allow_redirects": "always", "enabled": True}
        account.put(BY_DEFAULT, {"id": intent["id"]})
    if (intent["automatic_payment_methods"] or {}).get("enabled"):
        intent["payment_method_configuration_details"] = {
            "id": configuration_id(account), "parent": None}


def configuration_id(account: Account) -> str:
    """The account's default payment method configuration (`pmc_`), the same every time."""
    digest = hashlib.sha256(account.key.encode()).hexdigest()
    return "pmc_" + digest[:24]


def check_return_url(account: Account, intent: dict, p: dict) -> None:
    """Methods that may redirect need somewhere to come back to."""
    automatic = intent["automatic_payment_methods"] or {}
    if automatic.get("enabled") and automatic.get("allow_redirects") != "never" \
            and "return_url" not in p and account.record(BY_DEFAULT, intent["id"]) is None:
        raise InvalidRequestError(M.INTENT_RETURN_URL)


def card_of(account: Account, pm: dict) -> cards.TestCard:
    return cards.card_for(pm_rules.number_of(account, pm["id"]))


SET_UP = "_card_set_up"  # payment methods a setup authenticated (saved for later payments)


def set_up(account: Account, pm: dict) -> None:
    account.put(SET_UP, {"id": pm["id"]})


def needs_authentication(account: Account, card: cards.TestCard, pm: dict,
                         off_session: bool) -> bool:
    """Whether a payment with the card must pass 3D Secure first."""
    mode = card.authentication
    if mode == "unless_set_up":
        return account.record(SET_UP, pm["id"]) is None
    if mode == "on_session":
        return not off_session
    return mode == "always"


def authentication_action(intent: dict, p: dict, path: str) -> dict:
    """`next_action` for 3D Secure: a redirect where the caller gave a `return_url`, else
    Stripe.js's own step."""
    if "return_url" in p:
        return {"type": "redirect_to_url", "redirect_to_url": {
            "return_url": p["return_url"],
            "url": f"{current().base_url}/_emulator/{path}/{intent['id']}/authenticate"}}
    return {"type": "use_stripe_sdk", "use_stripe_sdk": {"type": "three_d_secure_redirect",
                                                         "stripe_js": ""}}


def move(account: Account, kind: str, table: dict[str, Transition], intent: dict, action: str,
         now: int, **changes: Any) -> dict:
    """Store the intent as `action` of its status table leaves it (with other `changes`)."""
    old = account.collections[kind].objects[intent["id"]]
    return account.update(kind, old, machines.apply(table, intent, action, now, **changes))


def _doc(code: str) -> str:
    return "https://stripe.com/docs/error-codes/" + code.replace("_", "-")


def decline_error(decline: cards.Decline, pm: dict, **more: Any) -> dict:
    """`last_payment_error` / `last_setup_error` for a declined card."""
    error = {"type": "card_error", "code": decline.code, "message": decline.message,
             "payment_method": pm, "doc_url": _doc(decline.code), **more}
    if decline.decline_code:
        error["decline_code"] = decline.decline_code
    return error


def authentication_failure(account: Account, intent: dict, code: str) -> dict:
    """The error an intent keeps when its 3D Secure challenge fails."""
    pm = account.collections[pm_rules.KIND].objects[intent["payment_method"]]
    return {"type": "card_error", "code": code, "message": M.AUTHENTICATION_FAILED,
            "payment_method": pm, "doc_url": _doc(code)}
