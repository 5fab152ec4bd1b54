"""Payments: `/v1/payment_intents` (create, retrieve, update, confirm, capture, cancel, list,
search), `/v1/charges` (retrieve, update, list, search), `/v1/refunds` (create, retrieve,
update, list, cancel) and `/v1/setup_intents` (create, retrieve, update, confirm, cancel,
list), every operation listed here. Modules: `declared` (the resources and their events),
`params`, `intents` (the PaymentIntent status table and what moves it), `charges` (one per
attempt), `refunds`, `setup` (SetupIntents), `invoice_payments` (`/v1/invoice_payments`
retrieve and list: the payments of invoices)."""

from __future__ import annotations

from typing import Any

from ... import messages as M
from ...api.metadata import updated
from ...api.resource import Operation
from ...api.search import SearchField
from ...errors import InvalidRequestError
from ...store.memory import Account
from . import charges, intents, invoice_payments, refunds, setup
from .declared import CHARGES, INVOICE_PAYMENTS, PAYMENT_INTENTS, REFUNDS, SETUP_INTENTS
from .params import (
    CancelParams,
    CaptureParams,
    ChargeCaptureParams,
    ChargeListParams,
    ChargeUpdateParams,
    ConfirmParams,
    IntentCreateParams,
    IntentListParams,
    IntentUpdateParams,
    InvoicePaymentListParams,
    RefundCancelParams,
    RefundCreateParams,
    RefundListParams,
    RefundUpdateParams,
    SecretRetrieveParams,
    SetupCancelParams,
    SetupConfirmParams,
    SetupCreateParams,
    SetupListParams,
    SetupUpdateParams,
)

__all__ = ["CHARGES", "INVOICE_PAYMENTS", "PAYMENT_INTENTS", "REFUNDS", "SETUP_INTENTS",
           "intents", "invoice_payments", "setup"]


def _check_secret(obj: dict, p: dict) -> None:
    """A retrieve's `client_secret`, if given, must be the intent's own."""
    if "client_secret" in p and p["client_secret"] != obj["client_secret"]:
        raise InvalidRequestError(M.CLIENT_SECRET_MISMATCH.format(object=obj["object"]),
                                  param="client_secret")


def _action(name: str, params: Any, act: Any, summary: str,
            resource: Any = PAYMENT_INTENTS) -> Operation:
    def run(account: Account, p: dict, args: dict) -> dict:
        return act(account, resource.find(account, args), p)

    return Operation(name, "POST", f"{resource.path}/{{id}}/{name}", params, run,
                     summary=summary)


def _by_fields(coll_name: str, *keys: str) -> Any:
    """A list narrowed by each of `keys` given (fields the collection indexes): candidates
    from the first, the others tested on them."""
    def narrow(account: Account, p: dict) -> tuple[Any, Any]:
        given = [key for key in keys if key in p]
        if not given:
            return None, None
        candidates = account.collections[coll_name].indexes[given[0]].ids(p[given[0]])
        rest = given[1:]
        return candidates, (lambda o: all(o[key] == p[key] for key in rest)) if rest else None

    return narrow


def _fields(*tokens: str) -> dict[str, SearchField]:
    out = {"amount": SearchField("numeric", lambda o: o["amount"]),
           "created": SearchField("numeric", lambda o: o["created"]),
           "metadata": SearchField("token", lambda o: o["metadata"])}
    for name in tokens:
        out[name] = SearchField("token", lambda o, name=name: o[name])
    return out


PAYMENT_INTENTS.operations = [
    PAYMENT_INTENTS.search(_fields("currency", "customer", "status")),
    PAYMENT_INTENTS.create(IntentCreateParams, intents.new_intent, intents.after_create),
    PAYMENT_INTENTS.retrieve(SecretRetrieveParams, _check_secret),
    PAYMENT_INTENTS.update(IntentUpdateParams, intents.update_intent),
    PAYMENT_INTENTS.list(IntentListParams, _by_fields("payment_intent", "customer")),
    _action("confirm", ConfirmParams, intents.confirm, "Confirm a PaymentIntent"),
    _action("capture", CaptureParams, intents.capture, "Capture an authorized PaymentIntent"),
    _action("cancel", CancelParams, intents.cancel, "Cancel a PaymentIntent"),
]
CHARGES.operations = [
    CHARGES.search(_fields("currency", "customer", "status")),
    CHARGES.retrieve(),
    CHARGES.update(ChargeUpdateParams, charges.update_charge),
    CHARGES.list(ChargeListParams, _by_fields("charge", "payment_intent", "customer")),
    _action("capture", ChargeCaptureParams, intents.capture_charge, "Capture an authorized "
            "charge", CHARGES),
]
SETUP_INTENTS.operations = [
    SETUP_INTENTS.create(SetupCreateParams, setup.new_setup_intent, setup.after_create),
    SETUP_INTENTS.retrieve(SecretRetrieveParams, _check_secret),
    SETUP_INTENTS.update(SetupUpdateParams, setup.update_setup),
    SETUP_INTENTS.list(SetupListParams, _by_fields("setup_intent", "customer",
                                                     "payment_method")),
    _action("confirm", SetupConfirmParams, setup.confirm, "Confirm a SetupIntent",
            SETUP_INTENTS),
    _action("cancel", SetupCancelParams, setup.cancel, "Cancel a SetupIntent", SETUP_INTENTS),
]
REFUNDS.operations = [
    REFUNDS.create(RefundCreateParams, refunds.new_refund, refunds.after_create),
    REFUNDS.retrieve(),
    REFUNDS.update(RefundUpdateParams, lambda account, old, p: updated(old, p, ())),
    REFUNDS.list(RefundListParams, _by_fields("refund", "charge", "payment_intent")),
    Operation("cancel", "POST", "/v1/refunds/{id}/cancel", RefundCancelParams, refunds.cancel,
              summary="Cancel a refund awaiting action"),
]
INVOICE_PAYMENTS.operations = [
    INVOICE_PAYMENTS.retrieve(),
    INVOICE_PAYMENTS.list(InvoicePaymentListParams, invoice_payments.narrow_list),
]
