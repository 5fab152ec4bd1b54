"""The emulator's own routes, under a prefix Stripe never uses: health and reset."""

from __future__ import annotations

from aiohttp import web

from ..http.auth import api_key
from ..http.responses import json_response
from ..store.memory import Store

PREFIX = "/_emulator"


def add_admin_routes(app: web.Application, store: Store) -> None:
    async def health(request: web.Request) -> web.Response:
        return json_response({"status": "ok", "accounts": len(store.accounts)})

    async def reset(request: web.Request) -> web.Response:
        """Forget one account's objects (with its key), or every account's (without one)."""
        header = request.headers.get("Authorization")
        key = api_key(header) if header else None
        store.reset(key)
        return json_response({"reset": "account" if key else "all"})

    app.router.add_get(PREFIX + "/health", health)
    app.router.add_post(PREFIX + "/reset", reset)
