"""Events: `/v1/events` list and retrieve (events are made by changes, never by a request)."""

from __future__ import annotations

from typing import Any

from .. import messages as M
from ..api.params import Bool, Created, List, ListParams, Str
from ..api.resource import Operation, Resource, declare
from ..errors import InvalidRequestError
from ..events.emitter import KIND, flush
from ..store.memory import Account


class EventListParams(ListParams):
    created = Created()
    delivery_success = Bool()
    type = Str(max_length=5000)
    types = List(Str(max_length=5000), max_items=20)


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    if "type" in p and "types" in p:
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(params="type, types"),
                                  code="parameters_exclusive", param="types")
    tests = []
    if "type" in p:
        wanted = p["type"]
        if "*" in wanted:  # `invoice.*`: a group of types
            prefix = wanted.split("*", 1)[0]
            tests.append(lambda e: e["type"].startswith(prefix))
        else:
            tests.append(lambda e: e["type"] == wanted)
    if "types" in p:
        types = frozenset(p["types"])
        tests.append(lambda e: e["type"] in types)
    if "delivery_success" in p:
        success = p["delivery_success"]
        tests.append(lambda e: (e["pending_webhooks"] == 0) is success)
    if not tests:
        return None, None
    return None, lambda event: all(test(event) for test in tests)


EVENTS = declare(Resource(
    object_name="event",
    kind=KIND,
    path="/v1/events",
    prefix="evt",
))


def _after_flush(op: Operation) -> Operation:
    """Events noted but not yet made are made before they are read."""
    run = op.run

    def flushed(account: Account, p: dict, args: dict) -> dict:
        flush(account)
        return run(account, p, args)

    return op._replace(run=flushed)


EVENTS.operations = [
    _after_flush(EVENTS.retrieve()),
    _after_flush(EVENTS.list(EventListParams, narrow_list)),
]
