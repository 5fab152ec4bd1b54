"""Time, per customer: an object of a customer on a test clock lives at the clock's frozen time;
everything else at the account's (real) time.

Every timestamp a customer's objects get (their `created`, periods, invoice dates, events)
comes from `now_for`, so attaching a customer to a clock moves its whole world.
"""

from __future__ import annotations

from .store.memory import Account

KIND = "test_clock"
MAX_CUSTOMERS = 3  # "Stripe limits the complexity of each simulation to: Three customers"


def clock_for(account: Account, customer_id: str | None) -> dict | None:
    """The test clock the customer is on, if any."""
    if customer_id is None:
        return None
    customer = account.record("customer", customer_id)
    if customer is None or customer.get("test_clock") is None:
        return None
    return account.record(KIND, customer["test_clock"])


def now_for(account: Account, customer_id: str | None) -> int:
    # Called for nearly every timestamp and event: an account without test clocks (the usual
    # case) answers at once.
    clocks = account.collections.get(KIND)
    clock = None if clocks is None or not clocks.objects else clock_for(account, customer_id)
    return account.now() if clock is None else clock["frozen_time"]


def now_of(account: Account, obj: dict) -> int:
    """The time for a change of `obj`: its customer's clock's, or real time (a clock's own
    changes happen in real time)."""
    clocks = account.collections.get(KIND)
    if clocks is None or not clocks.objects:
        return account.now()
    customer = obj.get("customer")
    if isinstance(customer, str):
        return now_for(account, customer)
    if obj.get("object") == "customer":  # the customer itself says which clock it is on
        clock_id = obj.get("test_clock")
        clock = None if clock_id is None else clocks.objects.get(clock_id)
        return account.now() if clock is None else clock["frozen_time"]
    if customer is None:  # an object of a customer's through its invoice or charge
        for key in ("invoice", "charge"):
            owner = obj.get(key)
            if isinstance(owner, str) and key in account.collections:
                found = account.collections[key].get(owner)
                if found is not None:
                    customer = found.get("customer")
                    break
    return now_for(account, customer if isinstance(customer, str) else None)
