"""SetupIntents: save a card for later without charging it. Confirmed, a card is checked
(the decline cards refuse, as they refuse to be attached), 3D Secure cards wait in
requires_action, and on success the method is attached to the customer. Like a payment, but
"no charge is created"."""

from __future__ import annotations

from typing import Any

from ... import machines
from ... import messages as M
from ...api.metadata import merge_metadata, updated
from ...clocks import now_for
from ...errors import InvalidRequestError
from ...machines import Transition
from ...store.memory import Account
from .. import payment_method_rules as pm_rules
from ..customers import CUSTOMERS
from . import outcomes
from .declared import SETUP_INTENTS, SETUP_KIND

UNEXPECTED = "setup_intent_unexpected_state"
_OPEN = outcomes.OPEN
TABLE: dict[str, Transition] = {
    "attach": Transition(frozenset({"requires_payment_method"}), "requires_confirmation"),
    "succeed": Transition(frozenset(_OPEN), "succeeded"),
    "require_action": Transition(frozenset(_OPEN), "requires_action"),
    "fail": Transition(frozenset(_OPEN), "requires_payment_method"),
    "cancel": Transition(frozenset(_OPEN), "canceled"),
}


def new_setup_intent(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    customer = CUSTOMERS.get(account, p["customer"], "customer") if "customer" in p else None
    if "return_url" in p and not p.get("confirm"):
        raise InvalidRequestError(M.CONFIRM_ONLY.format(param="return_url"), param="return_url")
    pm = outcomes.method(account, p["payment_method"], customer and customer["id"],
                 "payment_method") if "payment_method" in p else None
    setup_id = SETUP_INTENTS.new_id(account)
    setup = {
        "id": setup_id,
        "object": "setup_intent",
        "allowed_payment_method_types": None,
        "application": None,
        "automatic_payment_methods": None,
        "cancellation_reason": None,
        "client_secret": f"{setup_id}_secret_{account.ids.token(25)}",
        "created": now_for(account, customer and customer["id"]),
        "customer": customer and customer["id"],
        "description": p.get("description"),
        "excluded_payment_method_types": None,
        "flow_directions": None,
        "last_setup_error": None,
        "latest_attempt": None,
        "livemode": account.livemode,
        "mandate": None,
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "next_action": None,
        "on_behalf_of": None,
        "payment_method": pm and pm["id"],
        "payment_method_configuration_details": None,
        "payment_method_options": {"card": {"mandate_options": None, "network": None,
                                            "request_three_d_secure": "automatic"}},
        "payment_method_types": ["card"],
        "single_use_mandate": None,
        "status": "requires_confirmation" if pm else "requires_payment_method",
        "usage": p.get("usage", "off_session"),
    }
    outcomes.automatic_methods(account, setup, p)
    return setup


def after_create(account: Account, setup: dict, p: dict) -> dict:
    return confirm(account, setup, p) if p.get("confirm") else setup


def update_setup(account: Account, old: dict, p: dict[str, Any]) -> dict:
    if old["status"] in ("succeeded", "canceled") and set(p) - {"metadata", "description",
                                                                 "expand"}:
        raise InvalidRequestError(M.SETUP_UPDATE_STATE.format(status=old["status"]),
                                  code=UNEXPECTED)
    new = updated(old, p, ("description",))
    if "customer" in p:
        new["customer"] = CUSTOMERS.get(account, p["customer"], "customer")["id"]
    if p.get("payment_method"):
        new["payment_method"] = outcomes.method(account, p["payment_method"], new["customer"],
                                        "payment_method")["id"]
        if old["status"] == "requires_payment_method":
            new = machines.apply(TABLE, new, "attach", 0)
    return new


def _save(account: Account, setup: dict, action: str, **changes: Any) -> dict:
    return outcomes.move(account, SETUP_KIND, TABLE, setup, action, 0, **changes)


def confirm(account: Account, setup: dict, p: dict, authenticated: bool = False) -> dict:
    if setup["status"] not in _OPEN:
        raise InvalidRequestError(M.SETUP_CONFIRM_STATE.format(status=setup["status"]),
                                  code=UNEXPECTED)
    pm_id = p.get("payment_method") or setup["payment_method"]
    if pm_id is None:
        raise InvalidRequestError(M.SETUP_NO_PAYMENT_METHOD, code=UNEXPECTED)
    pm = outcomes.method(account, pm_id, setup["customer"], "payment_method")
    outcomes.check_return_url(account, setup, p)
    setup = {**setup, "payment_method": pm["id"], "last_setup_error": None, "next_action": None}
    card = outcomes.card_of(account, pm)
    if card.at_attach is not None:  # the card check a setup makes fails
        decline = card.at_attach
        error = outcomes.decline_error(decline, pm)
        failed = _save(account, setup, "fail", payment_method=None, last_setup_error=error)
        err = decline.error()
        err.keeps_changes = True
        err.extra = {"payment_method": pm, "setup_intent": failed}
        raise err
    if card.authentication and not authenticated:
        action = outcomes.authentication_action(setup, p, "setup_intents")
        return _save(account, setup, "require_action", next_action=action)
    if card.authentication:  # set up with its authentication: saved for later payments
        outcomes.set_up(account, pm)
    if setup["customer"] is not None and pm["customer"] is None:
        pm_rules.attach(account, pm, setup["customer"])
    return _save(account, setup, "succeed")


def cancel(account: Account, setup: dict, p: dict) -> dict:
    if setup["status"] not in _OPEN:
        raise InvalidRequestError(M.SETUP_CANCEL_STATE.format(status=setup["status"]),
                                  code=UNEXPECTED)
    return _save(account, setup, "cancel", next_action=None,
                 cancellation_reason=p.get("cancellation_reason"))


def authenticate(account: Account, setup: dict, succeed: bool) -> dict:
    """The customer completes or fails the 3D Secure challenge (an emulator route)."""
    if setup["status"] != "requires_action":
        raise InvalidRequestError(M.INTENT_NOT_AWAITING_ACTION.format(status=setup["status"]),
                                  code=UNEXPECTED)
    if succeed:
        return confirm(account, setup, {}, authenticated=True)
    error = outcomes.authentication_failure(account, setup,
                                            "setup_intent_authentication_failure")
    return _save(account, setup, "fail", next_action=None, last_setup_error=error)
