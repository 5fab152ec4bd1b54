"""The request pipeline, as one aiohttp middleware (each extra middleware costs every request).

request id -> API version -> auth (key -> account) -> idempotency (POST) -> handler, with
every failure mapped to Stripe's error object here, and one access-log line per request.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from collections.abc import AsyncIterator, Callable
from time import perf_counter

from aiohttp import web

from .. import API_VERSION
from .. import messages as M
from ..errors import APIError, InvalidRequestError, NotFoundError, StripeError, error_body
from ..ids import IdGenerator
from ..store.memory import Account, Store
from .auth import api_key
from .idempotency import IdempotencyStore, idempotent
from .keys import ACCOUNT, BEFORE_EXECUTION, REQUEST_ID
from .responses import json_response

log = logging.getLogger("stripe_emulator")

ADMIN_PREFIX = "/_emulator/"
VERSION_RE = re.compile(r"\d{4}-\d{2}-\d{2}(\.[a-z]+)?")

Handler = Callable[[web.Request], "web.StreamResponse"]


def error_response(err: StripeError, request: web.Request, account: Account | None) -> web.Response:
    now = account.now() if account is not None else 0
    livemode = account.livemode if account is not None else False
    response = json_response(error_body(err, request[REQUEST_ID], now, livemode), err.status)
    if err.before_execution:
        response[BEFORE_EXECUTION] = True
    if err.status >= 500:
        # The SDK retries 5xx unless told not to; a deliberate error should not be re-sent.
        response.headers["Stripe-Should-Retry"] = "false"
    return response


def unrecognized(request: web.Request) -> NotFoundError:
    template = M.UNRECOGNIZED_URL_SLASH if request.path.endswith("/") else M.UNRECOGNIZED_URL
    return NotFoundError(template.format(method=request.method, path=request.path),
                         log_url=False)


async def respond(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The handler's response, or the Stripe error it failed with: never an exception."""
    account = request.get(ACCOUNT)
    try:
        return await handler(request)
    except StripeError as err:
        return error_response(err, request, account)
    except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
        return error_response(unrecognized(request), request, account)
    except web.HTTPException as exc:  # e.g. a body over the size limit: still Stripe's shape
        err = InvalidRequestError(f"Invalid request: {exc.reason}.", status=exc.status)
        return error_response(err, request, account)
    except Exception:
        log.exception("unexpected error in %s %s (%s)", request.method, request.path,
                      request[REQUEST_ID])
        return error_response(APIError(M.INTERNAL), request, account)


async def flush_access_log(app: web.Application) -> AsyncIterator[None]:
    """Flush the access log twice a second: a line per request costs a buffered write, not a
    write system call, and still shows up promptly in a terminal or `docker logs`."""

    async def loop() -> None:
        while True:
            await asyncio.sleep(0.5)
            sys.stdout.flush()

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    sys.stdout.flush()


def make_pipeline(store: Store, ids: IdGenerator, access_log: bool) -> Callable:
    token = ids.token
    write = sys.stdout.write  # buffered; `flush_access_log` flushes it twice a second
    by_header: dict[str | None, Account] = {}  # skips parsing a key seen before

    @web.middleware
    async def pipeline(request: web.Request, handler: Handler) -> web.StreamResponse:
        start = perf_counter()
        request_id = request[REQUEST_ID] = "req_" + token(14)
        version = request.headers.get("Stripe-Version")
        account = None
        try:
            if version is not None and not VERSION_RE.fullmatch(version):
                raise InvalidRequestError(M.INVALID_VERSION.format(version=version))
            if request.path.startswith(ADMIN_PREFIX):
                response = await respond(request, handler)
            else:
                header = request.headers.get("Authorization")
                account = by_header.get(header)
                if account is None or account is not store.accounts.get(account.key):
                    account = store.account(api_key(header))
                    if len(by_header) > 10_000:
                        by_header.clear()
                    by_header[header] = account
                request[ACCOUNT] = account
                key = request.headers.get("Idempotency-Key") if request.method == "POST" else None
                account.request = (request_id, key, version)  # what its events record
                if key:
                    if account.idempotency is None:
                        account.idempotency = IdempotencyStore()
                    response = await idempotent(request, key, account.idempotency,
                                                account.now(), lambda r: respond(r, handler))
                else:
                    response = await respond(request, handler)
        except StripeError as err:
            response = error_response(err, request, account)
        headers = response.headers
        headers["Request-Id"] = request_id
        headers["Stripe-Version"] = version or API_VERSION
        if access_log:
            ms = (perf_counter() - start) * 1000
            write(f"{request.method} {request.path} {response.status} {ms:.1f}ms {request_id}\n")
        return response

    return pipeline
