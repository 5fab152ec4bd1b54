"""Typed keys for what the pipeline stores on requests and responses."""

from aiohttp import web

from ..store.memory import Account

REQUEST_ID = web.RequestKey("request_id", str)
ACCOUNT = web.RequestKey("account", Account)
# Set on an error response from before execution began: Stripe does not save it against an
# idempotency key.
BEFORE_EXECUTION = web.ResponseKey("before_execution", bool)
