"""Webhook endpoints: `/v1/webhook_endpoints`. The signing secret shows on create only."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .. import messages as M
from ..api.metadata import merge_metadata, updated
from ..api.params import Bool, Expand, List, Metadata, Params, Str
from ..api.resource import Resource, declare
from ..errors import InvalidRequestError
from ..events.delivery import SECRETS, secret_of
from ..events.types import ENABLED_EVENTS
from ..store.memory import Account

MAX_ENDPOINTS = 16  # per account, as on Stripe


class EndpointUpdateParams(Params):
    url = Str(max_length=5000)
    enabled_events = List(Str(max_length=5000))
    description = Str(max_length=5000, unsettable=True)
    disabled = Bool()
    metadata = Metadata()
    expand = Expand()


class EndpointCreateParams(Params):
    url = Str(max_length=5000, required=True)
    enabled_events = List(Str(max_length=5000), required=True)
    api_version = Str(max_length=5000)
    connect = Bool()
    description = Str(max_length=5000, unsettable=True)
    metadata = Metadata()
    expand = Expand()


def _check(p: dict[str, Any]) -> None:
    if "url" in p:
        parts = urlsplit(p["url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            # Stripe wants public https URLs; local http ones are what tests need.
            raise InvalidRequestError(M.WEBHOOK_URL_INVALID.format(url=p["url"]),
                                      code="url_invalid", param="url")
    for i, name in enumerate(p.get("enabled_events") or ()):
        if name not in ENABLED_EVENTS:
            raise InvalidRequestError(M.WEBHOOK_EVENT_INVALID.format(index=i, event=name),
                                      param=f"enabled_events[{i}]")
    if "enabled_events" in p and not p["enabled_events"]:
        raise InvalidRequestError(M.MISSING_PARAM.format(param="enabled_events"),
                                  code="parameter_missing", param="enabled_events")


def new_endpoint(account: Account, p: dict[str, Any], _: dict | None,
                 secret: str | None = None) -> dict:
    _check(p)
    if p.get("connect"):
        raise InvalidRequestError(M.WEBHOOK_CONNECT, code="parameter_unsupported",
                                  param="connect")
    if len(WEBHOOK_ENDPOINTS.collection(account)) >= MAX_ENDPOINTS:
        raise InvalidRequestError(M.WEBHOOK_ENDPOINTS_LIMIT.format(maximum=MAX_ENDPOINTS))
    endpoint_id = WEBHOOK_ENDPOINTS.new_id(account)
    account.put(SECRETS, {"id": endpoint_id, "secret": secret or "whsec_" + account.ids.token(32)})
    return {
        "id": endpoint_id,
        "object": "webhook_endpoint",
        "api_version": p.get("api_version"),
        "application": None,
        "created": account.now(),
        "description": p.get("description"),
        "enabled_events": list(p["enabled_events"]),
        "livemode": account.livemode,
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "status": "enabled",
        "url": p["url"],
    }


def with_secret(account: Account, endpoint: dict, p: dict) -> dict:
    """The create response alone carries the secret; the stored endpoint never does."""
    return {**endpoint, "secret": secret_of(account, endpoint["id"])}


def update_endpoint(account: Account, old: dict, p: dict[str, Any]) -> dict:
    _check(p)
    new = updated(old, p, ("url", "description", "enabled_events"))
    if "disabled" in p:
        new["status"] = "disabled" if p["disabled"] else "enabled"
    return new


WEBHOOK_ENDPOINTS = declare(Resource(
    object_name="webhook_endpoint",
    kind="webhook_endpoint",
    path="/v1/webhook_endpoints",
    prefix="we",
    example={"url": "https://example.com/hooks", "enabled_events": ["*"]},
))
WEBHOOK_ENDPOINTS.operations = [
    WEBHOOK_ENDPOINTS.create(EndpointCreateParams, new_endpoint, with_secret),
    WEBHOOK_ENDPOINTS.retrieve(),
    WEBHOOK_ENDPOINTS.update(EndpointUpdateParams, update_endpoint),
    WEBHOOK_ENDPOINTS.delete(after=lambda account, endpoint: account.drop(SECRETS,
                                                                         endpoint["id"])),
    WEBHOOK_ENDPOINTS.list(),
]
