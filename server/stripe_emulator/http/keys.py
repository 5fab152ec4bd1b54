"""Typed keys for what the pipeline marks on responses (what a request is lives in its
context: `context.py`)."""

from aiohttp import web

# Set on an error response from before execution began: Stripe does not save it against an
# idempotency key.
BEFORE_EXECUTION = web.ResponseKey("before_execution", bool)
ERROR_CODE = web.ResponseKey("error_code", str)  # Stripe's `code` of an error answered
