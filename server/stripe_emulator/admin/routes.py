"""The emulator's own routes, under a prefix Stripe never uses: health and reset."""

from __future__ import annotations

from aiohttp import web

from ..errors import no_such
from ..events.delivery import Dispatcher, deliver_to_endpoints
from ..events.emitter import flush
from ..http.auth import api_key
from ..http.responses import json_response
from ..store.memory import Store

PREFIX = "/_emulator"


def add_admin_routes(app: web.Application, store: Store, dispatcher: Dispatcher) -> None:
    async def health(request: web.Request) -> web.Response:
        return json_response({"status": "ok", "accounts": len(store.accounts)})

    async def reset(request: web.Request) -> web.Response:
        """Forget one account's objects (with its key), or every account's (without one)."""
        header = request.headers.get("Authorization")
        key = api_key(header) if header else None
        store.reset(key)
        return json_response({"reset": "account" if key else "all"})

    async def attempts(request: web.Request) -> web.Response:
        """The account's recent webhook delivery attempts, newest first."""
        account = store.account(api_key(request.headers.get("Authorization")))
        log = list(account.delivery_attempts or ())
        return json_response({"object": "list", "data": log[::-1]})

    async def resend(request: web.Request) -> web.Response:
        """Deliver an event again to every enabled endpoint subscribed to its type."""
        account = store.account(api_key(request.headers.get("Authorization")))
        flush(account)
        event = account.collections["event"].get(request.match_info["id"])
        if event is None:
            raise no_such("event", request.match_info["id"])
        before = event["pending_webhooks"]
        deliver_to_endpoints(dispatcher, account, event)
        return json_response({"event": event["id"], "queued": event["pending_webhooks"] - before})

    app.router.add_get(PREFIX + "/webhooks/attempts", attempts)
    app.router.add_post(PREFIX + "/events/{id}/resend", resend)
    app.router.add_get(PREFIX + "/health", health)
    app.router.add_post(PREFIX + "/reset", reset)
