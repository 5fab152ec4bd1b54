"""Idempotent POSTs: the first result for a key is stored per account and replayed.

Stripe saves a result once execution has begun (successes and failures alike); a request
refused by parameter validation, or one that met a concurrent use of its key, is not saved
and may be retried with the same key.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from aiohttp import web

from .. import messages as M
from ..errors import ConflictError, IdempotencyError, InvalidRequestError
from .keys import BEFORE_EXECUTION, REQUEST_ID

TTL_SECONDS = 24 * 3600
MAX_KEYS = 20_000  # per account; the oldest are pruned first, as Stripe prunes after 24h


@dataclass
class Record:
    fingerprint: tuple
    created: int
    status: int = 0
    body: bytes = b""
    request_id: str = ""
    done: bool = False


class IdempotencyStore:
    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self.records: OrderedDict[str, Record] = OrderedDict()
        self.max_keys = max_keys

    def get(self, key: str, now: int) -> Record | None:
        record = self.records.get(key)
        if record is not None and now - record.created > TTL_SECONDS:
            del self.records[key]
            return None
        return record

    def begin(self, key: str, fingerprint: tuple, now: int) -> None:
        self.records[key] = Record(fingerprint, now)
        while len(self.records) > self.max_keys:
            self.records.popitem(last=False)


def fingerprint(request: web.Request, body: bytes) -> tuple:
    """Method, path and params, insensitive to the order params were sent in."""
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return request.method, request.path, tuple(sorted(pairs))


Respond = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def idempotent(
    request: web.Request, key: str, store: IdempotencyStore, now: int, respond: Respond
) -> web.StreamResponse:
    if len(key) > 255:
        raise InvalidRequestError(M.IDEMPOTENCY_KEY_TOO_LONG.format(key=key),
                                  param="Idempotency-Key")
    fp = fingerprint(request, await request.read())
    record = store.get(key, now)
    if record is not None:
        if not record.done:
            raise ConflictError(M.IDEMPOTENCY_IN_USE.format(key=key),
                                code="idempotency_key_in_use")
        if record.fingerprint != fp:
            raise IdempotencyError(M.IDEMPOTENCY_MISMATCH.format(key=key))
        return web.Response(
            body=record.body,
            status=record.status,
            headers={"Content-Type": "application/json", "Idempotent-Replayed": "true",
                     "Original-Request": record.request_id, "Idempotency-Key": key},
        )
    store.begin(key, fp, now)
    try:
        response = await respond(request)
    except BaseException:
        store.records.pop(key, None)
        raise
    if response.get(BEFORE_EXECUTION) or response.status in (409, 429):
        store.records.pop(key, None)
        return response
    record = store.records.get(key)
    if record is not None:
        record.status = response.status
        record.body = response.body
        record.request_id = request[REQUEST_ID]
        record.done = True
    response.headers["Idempotency-Key"] = key
    response.headers["Original-Request"] = request[REQUEST_ID]
    return response
