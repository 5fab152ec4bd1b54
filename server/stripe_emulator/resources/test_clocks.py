"""Test clocks: `/v1/test_helpers/test_clocks`, a frozen time that customers live on.

A customer made with `test_clock` (or named by a clock's `customer`) stays on it: everything
of that customer takes the clock's time (`clocks.now_for`). Advancing moves the clock forward
(`advancing`, then `ready`, with their events); deleting it deletes its customers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import messages as M
from ..api.params import Expand, ListParams, Params, Str, Timestamp
from ..api.resource import Operation, Resource, declare
from ..clocks import KIND
from ..errors import InvalidRequestError
from ..store.memory import Account
from .customers import CUSTOMERS, before_delete
from .invoices import automation as invoice_automation

# "Test clocks are deleted automatically" a week after they are made (the API reference's
# example: created + 604800).
LIFETIME = 7 * 24 * 3600
# With no subscription on it, a clock "cannot be more than two years in the future".
MAX_ADVANCE = 2 * 365 * 24 * 3600


class TestClockCreateParams(Params):
    frozen_time = Timestamp(required=True)
    name = Str(max_length=300)
    customer = Str(max_length=5000)
    expand = Expand()


class TestClockAdvanceParams(Params):
    frozen_time = Timestamp(required=True)
    expand = Expand()


def customers_on(account: Account, clock_id: str) -> list[dict]:
    coll = account.collections["customer"]
    return [coll.objects[i] for i in coll.indexes["test_clock"].ids(clock_id)]


def new_clock(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    if "customer" in p:
        customer = CUSTOMERS.get(account, p["customer"], "customer")
        if customer.get("test_clock") is not None:
            raise InvalidRequestError(M.CUSTOMER_ON_A_CLOCK.format(
                id=customer["id"], clock=customer["test_clock"]), param="customer")
    now = account.now()
    return {
        "id": TEST_CLOCKS.new_id(account),
        "object": "test_helpers.test_clock",
        "created": now,
        "deletes_after": now + LIFETIME,
        "frozen_time": p["frozen_time"],
        "livemode": account.livemode,
        "name": p.get("name"),
        "status": "ready",
        "status_details": {},
    }


def after_create(account: Account, clock: dict, p: dict[str, Any]) -> dict:
    if "customer" in p:  # attached for good: "customers can't be removed from a test clock"
        customer = account.collections["customer"].objects[p["customer"]]
        account.update("customer", customer, {**customer, "test_clock": clock["id"]})
    return clock


# Limits others set on an advance (subscriptions: two intervals of the shortest), each
# given (account, the clock's customer ids, frozen time, target) and raising if it is too far.
ADVANCE_LIMITS: list[Callable[[Account, list[str], int, int], None]] = []


def _advance(account: Account, p: dict, args: dict) -> dict:
    clock = TEST_CLOCKS.find(account, args)
    target = p["frozen_time"]
    if clock["status"] != "ready":
        raise InvalidRequestError(M.CLOCK_NOT_READY.format(status=clock["status"]))
    if target <= clock["frozen_time"]:
        raise InvalidRequestError(M.CLOCK_BACKWARDS.format(now=clock["frozen_time"]),
                                  param="frozen_time")
    ids = [c["id"] for c in customers_on(account, clock["id"])]
    for limit in ADVANCE_LIMITS:
        limit(account, ids, clock["frozen_time"], target)
    if target - clock["frozen_time"] > MAX_ADVANCE:
        raise InvalidRequestError(M.CLOCK_TOO_FAR, param="frozen_time")
    advancing = account.update(KIND, clock, {
        **clock, "status": "advancing",
        "status_details": {"advancing": {"target_frozen_time": target}}})
    account.announce("test_helpers.test_clock.advancing", advancing)
    # Everything due on the clock's customers in between runs now, in time order, each at
    # its own instant; then the clock stands at the target, ready.
    ran = invoice_automation.run_on_clock(account, advancing, ids, target)
    ready = account.update(KIND, ran, {**ran, "frozen_time": target,
                                             "status": "ready", "status_details": {}})
    account.announce("test_helpers.test_clock.ready", ready)
    return advancing  # as Stripe answers: advancing, ready once a client looks again


def before_delete_clock(account: Account, clock: dict) -> None:
    """The clock's customers go with it (and, through them, what hangs off them)."""
    for customer in customers_on(account, clock["id"]):
        CUSTOMERS.remove(account, customer, before_delete)


TEST_CLOCKS = declare(Resource(
    object_name="test_helpers.test_clock",
    kind=KIND,
    path="/v1/test_helpers/test_clocks",
    prefix="clock",
    label="test clock",
    example={"frozen_time": "1767225600"},
    events={"created": "test_helpers.test_clock.created",
            "deleted": "test_helpers.test_clock.deleted"},
))
TEST_CLOCKS.operations = [
    TEST_CLOCKS.create(TestClockCreateParams, new_clock, after_create),
    TEST_CLOCKS.retrieve(),
    TEST_CLOCKS.list(ListParams),
    TEST_CLOCKS.delete(before_delete_clock),
    Operation("advance", "POST", "/v1/test_helpers/test_clocks/{id}/advance",
              TestClockAdvanceParams, _advance, summary="Advance a test clock"),
]
