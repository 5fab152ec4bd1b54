"""Routes from resource declarations: one generic handler per declared operation."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from .. import messages as M
from ..api import expand as expansion
from ..api.params import load
from ..api.resource import Operation, Resource
from ..context import CURRENT
from ..errors import InvalidRequestError
from .forms import decode_form
from .responses import json_response
from .router import Router

FORM = "application/x-www-form-urlencoded"
# A body still arriving after this long is refused (408): a client dribbling bytes must not
# hold a handler, or a shutdown, for as long as it likes.
BODY_TIMEOUT = 10.0


MAX_BODY = 4 * 1024 * 1024  # the application's client_max_size


async def read_body(request: web.Request) -> bytes:
    content = request.content
    if content.is_eof():  # the whole body came with the headers: the usual case
        if content.at_eof():  # read already (the idempotency check): aiohttp kept it
            return await request.read()
        body = content.read_nowait()  # (a third of what `read` costs, on every create)
        if len(body) >= MAX_BODY:  # as `request.read` refuses it
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY, actual_size=len(body))
        return body
    try:
        async with asyncio.timeout(BODY_TIMEOUT):
            return await request.read()
    except TimeoutError:
        raise InvalidRequestError(M.BODY_TIMEOUT.format(seconds=int(BODY_TIMEOUT)),
                                  status=408) from None


def body_params(request: web.Request, body: bytes) -> dict[str, Any]:
    """A POST's params, from its form-encoded body (a plain function: no coroutine to await
    on every request)."""
    if not body:
        return {}
    raw_type = request.headers.get("Content-Type")
    if raw_type is not None and not raw_type.startswith(FORM):  # the SDK's header passes as is
        ctype = request.content_type
        if ctype != FORM:
            raise InvalidRequestError(M.BAD_CONTENT_TYPE.format(content_type=ctype))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidRequestError(M.BAD_ENCODING.format(detail=exc.reason)) from None
    return decode_form(text)


def handler_for(resource: Resource, op: Operation) -> Any:
    schema, run, returns = op.params, op.run, op.returns
    object_name = op.holds or resource.object_name

    async def handle(request: web.Request, args: dict[str, str]) -> web.Response:
        try:
            if request.method == "POST":
                raw = body_params(request, await read_body(request))
            else:
                raw = decode_form(request.query_string)
        except InvalidRequestError as err:
            err.before_execution = True  # never saved against an idempotency key
            raise
        params = load(schema, raw)
        account = CURRENT.get().account
        result = run(account, params, args)
        paths = params.get("expand")
        if paths:
            if returns == "object":
                result = expansion.expand(account, result, object_name, paths)
            else:
                result = expansion.expand_list(account, result, object_name, paths)
        return json_response(result)

    return handle


def add_resource_routes(router: Router, resources: list[Resource]) -> None:
    for resource in resources:
        for op in resource.operations:
            router.add(op.method, op.path, handler_for(resource, op))
