"""Customer balance transactions: `/v1/customers/{customer}/balance_transactions`."""

from __future__ import annotations

from typing import Any

from .. import messages as M
from ..api.expand import Ref
from ..api.metadata import merge_metadata, updated
from ..api.params import (
    Amount,
    Created,
    Currency,
    Expand,
    ListParams,
    Metadata,
    NotYet,
    Params,
    Str,
)
from ..api.resource import Operation, Resource, declare
from ..billing import credit_balance
from ..errors import InvalidRequestError
from ..store.memory import Account
from .customers import CUSTOMERS


class BalanceTransactionCreateParams(Params):
    amount = Amount(required=True)
    currency = Currency(required=True)
    description = Str(max_length=350)
    expand = Expand()
    metadata = Metadata()


class BalanceTransactionUpdateParams(Params):
    description = Str(max_length=350, unsettable=True)
    expand = Expand()
    metadata = Metadata()


class BalanceTransactionListParams(ListParams):
    created = Created()
    invoice = NotYet()  # arrives with invoices


def create_transaction(account: Account, p: dict[str, Any], args: dict[str, str]) -> dict:
    """Not the generic create: the ledger stores the transaction as it moves the balance."""
    customer = BALANCE_TRANSACTIONS.scope(account, args)
    assert customer is not None  # the route is nested under a customer
    if p["amount"] == 0:
        # Stripe does not document zero; a transaction that moves nothing is refused here.
        raise InvalidRequestError(M.BALANCE_TRANSACTION_ZERO, param="amount")
    metadata = merge_metadata({}, p["metadata"]) if "metadata" in p else {}
    txn, updated = credit_balance.record(
        account, customer, p["amount"], p["currency"], "adjustment",
        p.get("description"), metadata,
    )
    account.update("customer", customer, updated)
    return txn


def update_transaction(account: Account, old: dict, p: dict[str, Any]) -> dict:
    return updated(old, p, ("description",))


BALANCE_TRANSACTIONS = declare(Resource(
    object_name="customer_balance_transaction",
    kind=credit_balance.KIND,
    label="customer balance transaction",
    path="/v1/customers/{customer}/balance_transactions",
    prefix="cbtxn",
    parent=CUSTOMERS,
    example={"amount": "-500", "currency": "usd"},
    expandable={"customer": Ref("customer"), "invoice": Ref("invoice"),
                "credit_note": Ref("credit_note"), "checkout_session": Ref("checkout_session")},
))

BALANCE_TRANSACTIONS.operations = [
    Operation("create", "POST", BALANCE_TRANSACTIONS.path, BalanceTransactionCreateParams,
              create_transaction, summary="Create a customer balance transaction"),
    BALANCE_TRANSACTIONS.retrieve(),
    BALANCE_TRANSACTIONS.update(BalanceTransactionUpdateParams, update_transaction),
    BALANCE_TRANSACTIONS.list(BalanceTransactionListParams),
]
