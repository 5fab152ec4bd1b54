"""Every emulated resource; importing this package declares them all."""

from ..api.resource import RESOURCES
from ..store.memory import Account
from . import (  # noqa: F401
    accounts,
    balance,
    balance_transactions,
    credit_notes,
    customers,
    discounts,
    events,
    invoices,
    payment_methods,
    payments,
    prices,
    products,
    sources,
    subscriptions,
    tax_ids,
    tax_rates,
    test_clocks,
    webhook_endpoints,
)

__all__ = ["RESOURCES", "setup_account"]


def setup_account(account: Account) -> None:
    """A new account: a collection per resource, and the listeners that keep objects in step."""
    for resource in RESOURCES:
        resource.setup(account)
    account.follow(invoices.rules.FOLLOWED, invoices.rules.follow_customer)
    account.follow(subscriptions.FOLLOWED, subscriptions.follow)
    subscriptions.due.setup(account)
