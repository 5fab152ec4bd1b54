"""`GET /v1/balance`: the account's test-mode balance.

Nothing in the emulator moves funds yet (payments arrive with charges, issue 12's work), so the
balance is that of a test account with no charges: zero available and pending, in the
account's default currency, as Stripe shows a new account.
"""

from __future__ import annotations

from ..api.params import RetrieveParams
from ..api.resource import Operation, Resource, declare
from ..billing.currencies import ACCOUNT_DEFAULT
from ..store.memory import Account


def _funds() -> list[dict]:
    return [{"amount": 0, "currency": ACCOUNT_DEFAULT, "source_types": {"card": 0}}]


def balance(account: Account) -> dict:
    return {"object": "balance", "available": _funds(), "livemode": account.livemode,
            "pending": _funds()}


BALANCE = declare(Resource(object_name="balance", kind="balance", path="/v1/balance",
                           prefix="bal"))
BALANCE.operations = [
    Operation("retrieve", "GET", "/v1/balance", RetrieveParams,
              lambda account, p, args: balance(account), summary="Retrieve the balance"),
]
