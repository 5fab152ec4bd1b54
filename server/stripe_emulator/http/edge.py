"""The HTTP edge: what aiohttp's parser refuses before any handler runs is answered in
Stripe's error shape too, with a fitting status and one log line (aiohttp's default is plain
text and a traceback per refusal).

Bad request lines and headers (over the parser's limits, CR/LF/NUL in a value, a second
Content-Length, Content-Length beside Transfer-Encoding) never reach the pipeline, so this
hooks the application's HTTP server: `install(app)` makes every connection's protocol a
`StripeRequestHandler`.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

import orjson
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError, LineTooLong

from .. import messages as M
from ..errors import InvalidRequestError, error_body
from .express import ExpressRequestHandler

log = logging.getLogger("stripe_emulator.http")


def _status_of(exc: BaseException | None, status: int) -> int:
    if isinstance(exc, LineTooLong):
        # The request line or a header past the parser's 8 KiB: the parser quotes the line,
        # and only a request target starts with a slash.
        return 414 if re.search(r"b['\"]/", str(exc)) else 431
    if 400 <= status < 500:
        return status
    return 400


def _detail(exc: BaseException | None, message: str | None) -> str:
    if isinstance(exc, HttpProcessingError):
        text = exc.message
    else:
        text = message or (str(exc) if exc is not None else "")
    # The parser quotes the offending bytes (over several lines): keep its own words only.
    first = text.strip().splitlines()[0] if text.strip() else "malformed request"
    return first.split(": b", 1)[0].split(": bytearray", 1)[0].rstrip(":")[:120]


def refusal(status: int, exc: BaseException | None, message: str | None) -> web.Response:
    code = _status_of(exc, status)
    err = InvalidRequestError(M.MALFORMED_HTTP.format(detail=_detail(exc, message)),
                              status=code, log_url=False)
    response = web.Response(body=orjson.dumps(error_body(err, "", int(time.time()))),
                            status=code, content_type="application/json")
    response.force_close()
    return response


class StripeRequestHandler(ExpressRequestHandler):
    def handle_error(self, request: Any, status: int = 500, exc: BaseException | None = None,
                     message: str | None = None) -> web.StreamResponse:
        if request.writer.output_size > 0:  # an answer is under way: nothing can follow
            raise ConnectionError("a response was already being sent")
        log.warning("refused a malformed request from %s: %s", request.remote,
                    _detail(exc, message))
        return refusal(status, exc, message)


class StripeServer(web.Server):
    def __call__(self) -> StripeRequestHandler:
        return StripeRequestHandler(self, loop=self._loop, **self._kwargs)


def install(app: web.Application) -> None:
    """Every server a runner makes for `app` speaks Stripe's errors from the first byte."""
    make = app._make_handler

    def make_handler(**kwargs: Any) -> web.Server:
        server = make(**kwargs)
        server.__class__ = StripeServer  # same state, the protocol factory overridden
        return server

    app._make_handler = make_handler  # type: ignore[method-assign]
