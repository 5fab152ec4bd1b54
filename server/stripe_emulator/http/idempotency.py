"""Idempotent POSTs: the first result for a key is stored per account and replayed.

Stripe saves a result once execution has begun (successes and failures alike); a request
refused by parameter validation, or one that met a concurrent use of its key, is not saved
and may be retried with the same key. Records are the account's hidden objects (kind
`_idempotency`): journaled, saved with `--data`, restored within their 24 hours.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

import orjson
from aiohttp import web

from .. import messages as M
from ..context import CURRENT
from ..errors import ConflictError, IdempotencyError, InvalidRequestError
from ..store.memory import Account
from .keys import BEFORE_EXECUTION

KIND = "_idempotency"
TTL_SECONDS = 24 * 3600
MAX_KEYS = 20_000  # per account; the oldest are pruned first, as Stripe prunes after 24h


def fingerprint(request: web.Request, body: bytes) -> str:
    """Method, path and params, insensitive to the order params were sent in."""
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return orjson.dumps([request.method, request.path, sorted(pairs)]).decode()


def live_record(account: Account, key: str, now: int) -> dict | None:
    record = account.record(KIND, key)
    if record is not None and now - record["created"] > TTL_SECONDS:
        account.drop(KIND, key)
        return None
    return record


Respond = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def idempotent(request: web.Request, key: str, account: Account,
                     respond: Respond) -> web.StreamResponse:
    if len(key) > 255:
        raise InvalidRequestError(M.IDEMPOTENCY_KEY_TOO_LONG.format(key=key),
                                  param="Idempotency-Key")
    fp = fingerprint(request, await request.read())
    if key in account.idempotency_in_flight:
        raise ConflictError(M.IDEMPOTENCY_IN_USE.format(key=key), code="idempotency_key_in_use")
    now = account.now()
    record = live_record(account, key, now)
    if record is not None:
        if record["fingerprint"] != fp:
            raise IdempotencyError(M.IDEMPOTENCY_MISMATCH.format(key=key))
        return web.Response(
            body=record["body"].encode(),
            status=record["status"],
            headers={"Content-Type": "application/json", "Idempotent-Replayed": "true",
                     "Original-Request": record["request_id"], "Idempotency-Key": key},
        )
    account.idempotency_in_flight[key] = fp
    try:
        response = await respond(request)
    finally:
        del account.idempotency_in_flight[key]
    if response.get(BEFORE_EXECUTION) or response.status in (409, 429):
        return response
    request_id = CURRENT.get().request_id or ""
    # Saved in the request's own transaction: with its changes, or alone after an error
    # undid them.
    account.put(KIND, {"id": key, "fingerprint": fp, "created": now, "status": response.status,
                       "body": response.body.decode(), "request_id": request_id})
    if len(account.collections[KIND]) > MAX_KEYS:
        account.drop_oldest(KIND)
    response.headers["Idempotency-Key"] = key
    response.headers["Original-Request"] = request_id
    return response
