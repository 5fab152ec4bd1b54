"""Payment methods (cards): `/v1/payment_methods`, attach / detach, and a customer's methods."""

from __future__ import annotations

import time
from typing import Any

from .. import messages as M
from ..api.expand import Ref
from ..api.metadata import updated
from ..api.params import (
    Enum,
    Expand,
    Int,
    ListParams,
    Metadata,
    Nested,
    NotYet,
    Params,
    RetrieveParams,
    Str,
)
from ..api.resource import Operation, Resource, declare
from ..errors import CardError, InvalidRequestError, no_such
from ..events.names import FieldEvents
from ..store.memory import Account
from . import cards
from . import payment_method_rules as rules
from .customers import CUSTOMERS, AddressParams

# The other payment method types the SDK declares: refused until they are emulated.
OTHER_TYPES = (
    "acss_debit", "affirm", "afterpay_clearpay", "alipay", "alma", "amazon_pay",
    "au_becs_debit", "bacs_debit", "bancontact", "billie", "bizum", "blik", "boleto",
    "cashapp", "crypto", "custom", "customer_balance", "eps", "fpx", "giropay", "grabpay",
    "ideal", "interac_present", "kakao_pay", "klarna", "konbini", "kr_card", "link", "mb_way",
    "mobilepay", "multibanco", "naver_pay", "nz_bank_account", "oxxo", "p24", "pay_by_bank",
    "payco", "paynow", "paypal", "paypay", "payto", "pix", "promptpay", "radar_options",
    "revolut_pay", "samsung_pay", "satispay", "scalapay", "sepa_debit", "sequra", "sofort",
    "sunbit", "swish", "twint", "upi", "us_bank_account", "wechat_pay", "zip",
)


class BillingDetailsParams(Params):
    address = Nested(AddressParams, unsettable=True)
    email = Str(max_length=5000, unsettable=True)
    name = Str(max_length=5000, unsettable=True)
    phone = Str(max_length=5000, unsettable=True)
    tax_id = Str(max_length=5000)


class CardParams(Params):
    number = Str(max_length=30)
    exp_month = Int()
    exp_year = Int()
    cvc = Str(max_length=10)
    token = Str(max_length=5000)
    networks = NotYet()


REDISPLAY = ("always", "limited", "unspecified")

PaymentMethodCreateParams = type("PaymentMethodCreateParams", (Params,), {
    "type": Str(max_length=100, required=True),
    "card": Nested(CardParams),
    "billing_details": Nested(BillingDetailsParams),
    "metadata": Metadata(),
    "allow_redisplay": Enum(*REDISPLAY),
    "customer": NotYet(),  # cloning a platform's method onto a connected account: Connect
    "payment_method": NotYet(),
    "expand": Expand(),
    **{name: NotYet() for name in OTHER_TYPES},
})


class CardUpdateParams(Params):
    exp_month = Int()
    exp_year = Int()
    networks = NotYet()


class PaymentMethodUpdateParams(Params):
    allow_redisplay = Enum(*REDISPLAY)
    billing_details = Nested(BillingDetailsParams)
    card = Nested(CardUpdateParams)
    metadata = Metadata()
    us_bank_account = NotYet()
    expand = Expand()


class PaymentMethodListParams(ListParams):
    customer = Str()
    customer_account = NotYet()
    type = Str()
    allow_redisplay = Enum(*REDISPLAY)


class CustomerPaymentMethodListParams(ListParams):
    type = Str()
    allow_redisplay = Enum(*REDISPLAY)


class AttachParams(Params):
    customer = Str(required=True)
    customer_account = NotYet()
    expand = Expand()


def _expiry(account: Account, month: int | None, year: int | None, param: str) -> None:
    """Stripe's checks on an expiry date (402 card errors, like its card checks)."""
    if month is None or year is None:
        missing = f"{param}[exp_month]" if month is None else f"{param}[exp_year]"
        raise InvalidRequestError(M.MISSING_PARAM.format(param=missing),
                                  code="parameter_missing", param=missing)
    if not 1 <= month <= 12:
        raise CardError(M.CARD_INVALID_EXPIRY_MONTH, code="invalid_expiry_month",
                        param=f"{param}[exp_month]")
    now = time.gmtime(account.now())
    if year < 100:
        year += 2000
    if (year, month) < (now.tm_year, now.tm_mon) or year > now.tm_year + 50:
        raise CardError(M.CARD_INVALID_EXPIRY_YEAR, code="invalid_expiry_year",
                        param=f"{param}[exp_year]")


def create_payment_method(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    kind = p["type"]
    if kind != "card":
        raise InvalidRequestError(M.PAYMENT_METHOD_TYPE_UNSUPPORTED.format(type=kind),
                                  code="parameter_unsupported", param="type")
    card = p.get("card")
    if not card:
        raise InvalidRequestError(M.MISSING_PARAM.format(param="card"),
                                  code="parameter_missing", param="card")
    if "token" in card:
        if len(card) > 1:
            raise InvalidRequestError(M.CARD_TOKEN_WITH_DETAILS, param="card[token]")
        number = cards.number_for_name(card["token"])
        if number is None or not card["token"].startswith("tok_"):
            raise no_such("token", card["token"], "card[token]", 400)
        year = time.gmtime(account.now()).tm_year + 1
        return _keep_number(account, rules.new_card_method(account, number, 12, year, True, p),
                            number)
    if "number" not in card:
        raise InvalidRequestError(M.MISSING_PARAM.format(param="card[number]"),
                                  code="parameter_missing", param="card[number]")
    number = card["number"].replace(" ", "").replace("-", "")
    cards.card_for(number)  # an impossible number is a card error before anything else
    _expiry(account, card.get("exp_month"), card.get("exp_year"), "card")
    cvc = card.get("cvc")
    if cvc is not None and not (cvc.isdigit() and 3 <= len(cvc) <= 4):
        raise CardError(M.CARD_INVALID_CVC, code="invalid_cvc", param="card[cvc]")
    year = card["exp_year"] + (2000 if card["exp_year"] < 100 else 0)
    pm = rules.new_card_method(account, number, card["exp_month"], year, cvc is not None, p)
    return _keep_number(account, pm, number)


def _keep_number(account: Account, pm: dict, number: str) -> dict:
    """The card number is kept aside (the API never shows it); nothing fails after this."""
    rules.keep_number(account, pm["id"], number)
    return pm


def update_payment_method(account: Account, old: dict, p: dict[str, Any]) -> dict:
    new = updated(old, p, ("allow_redisplay",))
    if "billing_details" in p:
        new["billing_details"] = rules.billing_details(p["billing_details"],
                                                       old["billing_details"])
    if "card" in p:
        card = dict(old["card"])
        month = p["card"].get("exp_month", card["exp_month"])
        year = p["card"].get("exp_year", card["exp_year"])
        _expiry(account, month, year, "card")
        card["exp_month"], card["exp_year"] = month, year + (2000 if year < 100 else 0)
        new["card"] = card
    return new


def _filters(p: dict) -> Any:
    kind, redisplay = p.get("type"), p.get("allow_redisplay")
    if kind is None and redisplay is None:
        return None
    return lambda pm: ((kind is None or pm["type"] == kind)
                       and (redisplay is None or pm["allow_redisplay"] == redisplay))


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    customer_id = p.get("customer")
    candidates = None
    if customer_id is not None:
        CUSTOMERS.get(account, customer_id, "customer")
        candidates = account.collections[rules.KIND].indexes["parent"].ids(customer_id)
    return candidates, _filters(p)


EXPANDABLE = {"customer": Ref("customer")}

CUSTOMER_PAYMENT_METHODS = declare(Resource(
    object_name="payment_method",
    kind=rules.KIND,
    label=rules.LABEL,
    path="/v1/customers/{customer}/payment_methods",
    prefix="pm",
    parent=CUSTOMERS,
    expandable=EXPANDABLE,
    # Stripe has no payment_method.created; its owner's change is attached or detached.
    events={"updated": "payment_method.updated"},
    field_events=FieldEvents("customer", lambda old, new: (
        "payment_method.attached" if new else "payment_method.detached",)),
))
CUSTOMER_PAYMENT_METHODS.operations = [
    CUSTOMER_PAYMENT_METHODS.retrieve(),
    CUSTOMER_PAYMENT_METHODS.list(CustomerPaymentMethodListParams,
                                  lambda account, p: (None, _filters(p))),
]

PAYMENT_METHODS = declare(CUSTOMER_PAYMENT_METHODS.view(
    "/v1/payment_methods", example={"type": "card", "card": {"token": "tok_visa"}}))


def _retrieve(account: Account, p: dict, args: dict) -> dict:
    return rules.resolve(account, args["id"], "id")


def _attach(account: Account, p: dict, args: dict) -> dict:
    pm = rules.resolve(account, args["id"], "id")
    customer = CUSTOMERS.get(account, p["customer"], "customer")
    rules.check_attachable(account, pm)
    return rules.attach(account, pm, customer["id"])


def _detach(account: Account, p: dict, args: dict) -> dict:
    pm = rules.resolve(account, args["id"], "id")
    if pm["customer"] is None:
        raise InvalidRequestError(M.PAYMENT_METHOD_NOT_ATTACHED)
    return rules.detach(account, pm)


PAYMENT_METHODS.operations = [
    PAYMENT_METHODS.create(PaymentMethodCreateParams, create_payment_method),
    Operation("retrieve", "GET", "/v1/payment_methods/{id}", RetrieveParams, _retrieve,
              summary="Retrieve a PaymentMethod (a test name such as pm_card_visa makes one)"),
    PAYMENT_METHODS.update(PaymentMethodUpdateParams, update_payment_method),
    PAYMENT_METHODS.list(PaymentMethodListParams, narrow_list),
    Operation("attach", "POST", "/v1/payment_methods/{id}/attach", AttachParams, _attach,
              summary="Attach a PaymentMethod to a customer"),
    Operation("detach", "POST", "/v1/payment_methods/{id}/detach", RetrieveParams, _detach,
              summary="Detach a PaymentMethod from its customer"),
]
