"""A customer's credit balance: one signed ledger per currency, moved only by transactions.

Signs follow `customer.balance`: negative is credit owed to the customer, positive an amount
the customer owes. `balance` shows the ledger of `customer.currency`; `invoice_credit_balance`
shows every ledger with the opposite sign (positive = credit), as the SDK documents it.
"""

from __future__ import annotations

from typing import Any

from .. import messages as M
from ..clocks import now_for
from ..errors import InvalidRequestError
from ..store.memory import Account
from .currencies import ACCOUNT_DEFAULT
from .money import AMOUNT_MAX

KIND = "customer_balance_transaction"
LEDGER = "_ledger"  # customer id -> {"balances": {currency: balance}}


def ledger(account: Account, customer_id: str) -> dict[str, int]:
    record = account.record(LEDGER, customer_id)
    return record["balances"] if record is not None else {}


def balance_in(account: Account, customer_id: str, currency: str) -> int:
    return ledger(account, customer_id).get(currency, 0)


def invoice_credit_balance(account: Account, customer: dict) -> dict[str, int]:
    return {currency: -amount for currency, amount in ledger(account, customer["id"]).items()}


def record(
    account: Account,
    customer: dict,
    amount: int,
    currency: str | None,
    kind: str = "adjustment",
    description: str | None = None,
    metadata: dict[str, str] | None = None,
    invoice: str | None = None,
    credit_note: str | None = None,
) -> tuple[dict, dict]:
    """Move `customer`'s balance in `currency` by `amount`.

    Returns the stored transaction and the customer as it must now read (its `currency` set by
    a first movement, its `balance` following the ledger of that currency); the caller stores
    the customer, so the change goes through the store's one update path.
    """
    currency = currency or customer["currency"] or ACCOUNT_DEFAULT
    balances = ledger(account, customer["id"])
    ending = balances.get(currency, 0) + amount
    if abs(ending) > AMOUNT_MAX:
        # Each movement is within Stripe's eight digits; the balance they add up to must be too.
        raise InvalidRequestError(M.BALANCE_TOO_LARGE.format(maximum=AMOUNT_MAX),
                                  code="amount_too_large", param="amount")
    account.put(LEDGER, {"id": customer["id"], "balances": {**balances, currency: ending}})
    txn: dict[str, Any] = {
        "id": account.new_id(KIND, "cbtxn"),
        "object": KIND,
        "amount": amount,
        "checkout_session": None,
        "created": now_for(account, customer["id"]),
        "credit_note": credit_note,
        "currency": currency,
        "customer": customer["id"],
        "customer_account": None,
        "description": description,
        "ending_balance": ending,
        "invoice": invoice,
        "livemode": account.livemode,
        "metadata": metadata if metadata is not None else {},
        "type": kind,
    }
    account.create(KIND, txn)
    updated = dict(customer)
    if updated["currency"] is None:
        updated["currency"] = currency  # the first movement sets the customer's currency
    if updated["currency"] == currency:
        updated["balance"] = ending
    return txn, updated
