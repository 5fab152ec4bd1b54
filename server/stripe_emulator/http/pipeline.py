"""The request pipeline, as one aiohttp middleware (each extra middleware costs every request).

request id -> API version -> auth (key -> account) -> the request's context and transaction
-> idempotency (POST) -> handler -> commit, with every failure undone and mapped to Stripe's
error object here, and one access-log entry per request.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from time import perf_counter, time

from aiohttp import web

from .. import API_VERSION
from .. import messages as M
from ..context import CURRENT, RequestContext
from ..errors import APIError, InvalidRequestError, NotFoundError, StripeError, error_body
from ..ids import IdGenerator
from ..store.journal import Transaction
from ..store.memory import Account, Store
from .access_log import AccessLog
from .auth import api_key
from .idempotency import idempotent
from .keys import BEFORE_EXECUTION, ERROR_CODE
from .responses import json_response
from .router import Handler, Router

log = logging.getLogger("stripe_emulator")

ADMIN_PREFIX = "/_emulator/"
VERSION_RE = re.compile(r"\d{4}-\d{2}-\d{2}(\.[a-z]+)?")

Route = tuple[Handler, dict[str, str]] | None


def error_response(err: StripeError, request_id: str | None,
                   account: Account | None) -> web.Response:
    now = account.now() if account is not None else 0
    livemode = account.livemode if account is not None else False
    response = json_response(error_body(err, request_id or "", now, livemode), err.status)
    if err.before_execution:
        response[BEFORE_EXECUTION] = True
    if err.code:
        response[ERROR_CODE] = err.code
    if err.status >= 500:
        # The SDK retries 5xx unless told not to; a deliberate error should not be re-sent.
        response.headers["Stripe-Should-Retry"] = "false"
    return response


def unrecognized(request: web.Request) -> NotFoundError:
    template = M.UNRECOGNIZED_URL_SLASH if request.path.endswith("/") else M.UNRECOGNIZED_URL
    return NotFoundError(template.format(method=request.method, path=request.path),
                         log_url=False)


async def respond(request: web.Request, route: Route) -> web.StreamResponse:
    """The route's response, or the Stripe error it failed with: never an exception. A
    failure undoes every change the request had made."""
    try:
        if route is None:
            raise unrecognized(request)
        return await route[0](request, route[1])
    except StripeError as err:
        if err.keeps_changes:
            ctx = CURRENT.get()
            return error_response(err, ctx.request_id, ctx.account)
        failure = err
    except web.HTTPException as exc:  # e.g. a body over the size limit: still Stripe's shape
        failure = InvalidRequestError(M.HTTP_REFUSED.format(reason=exc.reason), status=exc.status)
    except Exception:
        log.exception("unexpected error in %s %s (%s)", request.method, request.path,
                      CURRENT.get().request_id)
        failure = APIError(M.INTERNAL)
    ctx = CURRENT.get()
    if ctx.transaction is not None:
        ctx.transaction.rollback()
    return error_response(failure, ctx.request_id, ctx.account)


# Health checks (a sidecar's, every few seconds) are not logged but at debug.
QUIET = frozenset({"/_emulator/health", "/health"})


def make_pipeline(store: Store, router: Router, request_ids: IdGenerator,
                  access_log: AccessLog | None, public_url: str | None = None) -> Callable:
    """The application's one handler: every request, routed by `router`. `public_url`: the
    base of the links the server writes, instead of the host each client called."""
    token = request_ids.token
    resolve = router.resolve
    note = access_log.note if access_log is not None else None
    debug = access_log is not None and access_log.debug
    by_header = store.by_header  # skips parsing a key seen before

    async def pipeline(request: web.Request) -> web.StreamResponse:
        start = perf_counter()
        request_id = "req_" + token(14)
        version = request.headers.get("Stripe-Version")
        method, path = request.method, request.path
        account = None
        reset = None
        try:
            if version is not None and not VERSION_RE.fullmatch(version):
                raise InvalidRequestError(M.INVALID_VERSION.format(version=version))
            route = resolve(method, path)
            if path.startswith(ADMIN_PREFIX) or path == "/health":  # keyless, or each
                # admin route finds its account
                reset = CURRENT.set(RequestContext(request_id, None, version))
                response = await respond(request, route)
            else:
                header = request.headers.get("Authorization")
                account = by_header.get(header)
                if account is None:
                    account = store.account(api_key(header))
                    if len(by_header) > 10_000:
                        by_header.clear()
                    by_header[header] = account
                # One request, one context and one transaction, committed before it is
                # answered.
                tx = Transaction(account)
                key = request.headers.get("Idempotency-Key") if method == "POST" else None
                # Links the server writes (invoice URLs) use the host the client called.
                reset = CURRENT.set(RequestContext(request_id, key, version, public_url, tx,
                                                   account, request))
                if key:
                    response = await idempotent(request, key, account,
                                                lambda r: respond(r, route))
                else:
                    response = await respond(request, route)
                try:
                    tx.commit(defer=True)
                    if account.durable:  # answered only once it is in the file
                        await store.backend.settle()
                except Exception:  # the backend could not keep it (see `settle`)
                    log.exception("could not commit %s %s (%s)", method, path, request_id)
                    response = error_response(APIError(M.INTERNAL), request_id, account)
        except StripeError as err:
            response = error_response(err, request_id, account)
        finally:
            if reset is not None:
                CURRENT.reset(reset)
        headers = response.headers
        headers["Request-Id"] = request_id
        headers["Stripe-Version"] = version or API_VERSION
        if note is not None and (path not in QUIET or debug):
            # (the path as sent: `path_qs` would build a URL object per request)
            status = response.status
            note((time(), method, request.raw_path, status, perf_counter() - start,
                  request_id, account.key[-4:] if account else None,
                  response.get(ERROR_CODE) if status >= 400 else None,
                  "Idempotent-Replayed" in headers))
        return response

    return pipeline


def expect_continue(pipeline: Callable) -> Callable:
    """The pipeline, answering `Expect: 100-continue` first as aiohttp's dispatch would (curl
    sends it with bodies over 1 KiB, and waits a second for the answer)."""

    async def handle(request: web.Request) -> web.StreamResponse:
        expect = request.headers.get("Expect")
        if expect is not None and request.version >= (1, 1):
            if expect.lower() != "100-continue":
                err = InvalidRequestError(M.UNKNOWN_EXPECT.format(expect=expect), status=417)
                return error_response(err, None, None)
            await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            request.writer.output_size = 0
        return await pipeline(request)

    return handle
