"""The per-request context: what one request is, kept apart from the shared account.

The pipeline sets it for each API request; work no request caused (fixtures, restarts,
webhook deliveries) runs under `NO_REQUEST`, so its events carry Stripe's
`request: {"id": null, "idempotency_key": null}`.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from aiohttp import web

    from .store.journal import Transaction
    from .store.memory import Account

DEFAULT_BASE_URL = "http://127.0.0.1:12111"


class RequestContext(NamedTuple):
    request_id: str | None = None
    idempotency_key: str | None = None
    version: str | None = None  # the Stripe-Version header, if the client sent one
    public_url: str | None = None  # the base of links, when the server is told it (--public-url)
    transaction: Transaction | None = None  # every change the request makes, to undo or keep
    account: Account | None = None  # the account of the request's API key
    request: web.Request | None = None  # the HTTP request itself

    @property
    def base_url(self) -> str:
        """How the client reached this server, for the links the server writes: worked out
        when a link is written (few requests write one)."""
        if self.public_url:
            return self.public_url
        request = self.request
        if request is not None:
            return f"{request.scheme}://{request.host}"
        return DEFAULT_BASE_URL


NO_REQUEST = RequestContext()

CURRENT: ContextVar[RequestContext] = ContextVar("stripe_emulator_request", default=NO_REQUEST)


def current() -> RequestContext:
    return CURRENT.get()
