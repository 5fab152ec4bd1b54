"""The emulator's own routes, under a prefix Stripe never uses: health, the OpenAPI document,
reset, snapshots and webhook tools. Each acts on the account of the key in `Authorization`, and
on no other (health and the document need no key)."""

from __future__ import annotations

import dataclasses
from typing import Any

import orjson
from aiohttp import web

from .. import fixtures
from .. import messages as M
from ..billing import settings
from ..errors import InvalidRequestError, no_such
from ..events.delivery import ATTEMPTS, Dispatcher, deliver_to_endpoints
from ..events.emitter import flush
from ..http.auth import api_key
from ..http.responses import json_response
from ..http.router import Router
from ..resources.customers import CUSTOMERS
from ..resources.discounts import customer_discount
from ..resources.payments import PAYMENT_INTENTS, SETUP_INTENTS, intents, setup
from ..store.base import FORMAT
from ..store.memory import Account, Store, StoreError

PREFIX = "/_emulator"


def add_admin_routes(router: Router, store: Store, dispatcher: Dispatcher,
                     operations: Router) -> None:
    def caller(request: web.Request) -> Account:
        """The caller's account: a key is required (401 without, as the API answers)."""
        return store.account(api_key(request.headers.get("Authorization")))

    def let_go(account: Account | None) -> None:
        if account is not None:
            endpoints = account.collections.get("webhook_endpoint")
            dispatcher.forget(list(endpoints.objects) if endpoints else [])

    async def health(request: web.Request, args: dict[str, str]) -> web.Response:
        return json_response({"status": "ok", "accounts": len(store.accounts)})

    document: list[dict[str, Any]] = []  # built on the first request for it, not at start

    async def openapi(request: web.Request, args: dict[str, str]) -> web.Response:
        """The OpenAPI document of the API served here (`openapi/openapi.json`), its `servers`
        naming this server as the caller reached it."""
        if not document:
            from ..openapi import build

            document.append(build())
        return json_response({**document[0],
                              "servers": [{"url": f"{request.scheme}://{request.host}"}]})

    async def reset(request: web.Request, args: dict[str, str]) -> web.Response:
        """Erase the caller's account: its objects, events, records, and its file rows."""
        key = api_key(request.headers.get("Authorization"))
        let_go(store.accounts.get(key))
        store.reset(key)
        return json_response({"reset": "account"})

    async def attempts(request: web.Request, args: dict[str, str]) -> web.Response:
        """The account's recent webhook delivery attempts, newest first."""
        log = caller(request).collections.get(ATTEMPTS)
        data = [obj for _, obj in log.rows()][::-1] if log is not None else []
        return json_response({"object": "list", "data": data})

    async def resend(request: web.Request, args: dict[str, str]) -> web.Response:
        """Deliver an event again to every enabled endpoint subscribed to its type."""
        account = caller(request)
        with account.transaction():
            flush(account)
            event = account.collections["event"].get(args["id"])
            if event is None:
                raise no_such("event", args["id"])
            queued = deliver_to_endpoints(dispatcher, account, event)
        return json_response({"event": event["id"], "queued": queued})

    async def snapshot(request: web.Request, args: dict[str, str]) -> web.Response:
        """The caller's account as one JSON document, restorable exactly."""
        return json_response({"object": "emulator.snapshot", "format": FORMAT,
                              **caller(request).dump()})

    async def restore(request: web.Request, args: dict[str, str]) -> web.Response:
        """Replace the caller's account with a document `GET /_emulator/snapshot` made."""
        key = api_key(request.headers.get("Authorization"))
        doc = _snapshot_document(await request.read())
        old = store.accounts.get(key)
        try:
            account = store.restore(key, doc)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError, StoreError) as exc:
            raise InvalidRequestError(M.SNAPSHOT_INVALID.format(detail=exc)) from None
        let_go(old)
        dispatcher.resume(account)
        counts = {kind: len(coll) for kind, coll in account.collections.items()
                  if not kind.startswith("_") and len(coll)}
        return json_response({"object": "emulator.snapshot_restored", "objects": counts})

    async def billing_settings(request: web.Request, args: dict[str, str]) -> web.Response:
        """The caller's Billing settings (`GET`), or changed (`POST` with `retry_days=3,5,7`,
        `after_retries=cancel|unpaid|past_due`, `upcoming_days=7`): what Stripe's Dashboard
        decides about failed renewals and upcoming-invoice notices."""
        account = caller(request)
        if request.method == "POST":
            form = await request.post()
            with account.transaction():
                settings.save(account, _billing_settings(settings.settings_of(account), form))
        return json_response(settings.settings_of(account).public())

    async def customer_discount_route(request: web.Request, args: dict[str, str],
                                      ) -> web.Response:
        """Give a customer a discount from `coupon` or `promotion_code` (what the Dashboard
        does; the API has no parameter for it at this version)."""
        account = caller(request)
        form = await request.post()
        unknown = sorted(set(form) - {"coupon", "promotion_code"})
        if unknown:
            raise InvalidRequestError(M.UNKNOWN_PARAM.format(param=unknown[0]),
                                      code="parameter_unknown", param=unknown[0])
        entry = customer_discount.check_entry({k: str(v) for k, v in form.items()})
        with account.transaction():
            customer = CUSTOMERS.find(account, {"id": args["id"]})
            discount = customer_discount.apply(account, customer, entry)
        return json_response(discount)

    async def load_fixtures(request: web.Request, args: dict[str, str]) -> web.Response:
        """Apply a fixture document (the Stripe CLI's format, as JSON in the body) to the
        caller's account: all of it, or nothing."""
        account = caller(request)
        try:
            doc = fixtures.parse((await request.read()).decode("utf-8", "replace"), "request")
            results = fixtures.apply(account, doc, operations)
        except fixtures.FixtureError as exc:
            raise InvalidRequestError(str(exc)) from None
        return json_response({"object": "emulator.fixtures_loaded", "fixtures": {
            name: {"id": obj.get("id"), "object": obj.get("object")}
            for name, obj in results.items() if isinstance(obj, dict)}})

    def authenticator(resource: Any, act: Any) -> Any:
        async def authenticate(request: web.Request, args: dict[str, str]) -> web.Response:
            """Complete (`outcome=succeed`, the default) or fail (`outcome=fail`) the 3D Secure
            challenge of an intent in requires_action: what the customer does on Stripe's
            test authentication page."""
            account = caller(request)
            form = await request.post()
            outcome = str(form.get("outcome", "succeed"))
            if outcome not in ("succeed", "fail"):
                raise InvalidRequestError(M.INVALID_ENUM.format(param="outcome",
                                                                choices="succeed, fail"),
                                          param="outcome")
            with account.transaction():
                found = resource.find(account, {"id": args["id"]})
                result = act(account, found, outcome == "succeed")
            return json_response(result)

        return authenticate

    for method, path, handler in (("GET", "/webhooks/attempts", attempts),
                                  ("POST", "/payment_intents/{id}/authenticate",
                                   authenticator(PAYMENT_INTENTS, intents.authenticate)),
                                  ("POST", "/setup_intents/{id}/authenticate",
                                   authenticator(SETUP_INTENTS, setup.authenticate)),
                                  ("POST", "/fixtures", load_fixtures),
                                  ("POST", "/customers/{id}/discount", customer_discount_route),
                                  ("GET", "/billing_settings", billing_settings),
                                  ("POST", "/billing_settings", billing_settings),
                                  ("POST", "/events/{id}/resend", resend),
                                  ("GET", "/health", health), ("HEAD", "/health", health),
                                  ("GET", "/openapi.json", openapi),
                                  ("POST", "/reset", reset),
                                  ("GET", "/snapshot", snapshot), ("POST", "/snapshot", restore)):
        router.add(method, PREFIX + path, handler)
    # PaperTiger's path (Stripe has none), for health checks that expect it: no key needed.
    router.add("GET", "/health", health)
    router.add("HEAD", "/health", health)


def _billing_settings(current: settings.BillingSettings, form: Any) -> settings.BillingSettings:
    unknown = set(form) - {"retry_days", "after_retries", "upcoming_days"}
    if unknown:
        raise InvalidRequestError(M.UNKNOWN_PARAM.format(param=sorted(unknown)[0]),
                                  code="parameter_unknown", param=sorted(unknown)[0])
    changes: dict[str, Any] = {}
    if "retry_days" in form:
        text = str(form["retry_days"]).strip()
        try:
            days = tuple(int(x) for x in text.split(",")) if text else ()
        except ValueError:
            days = (-1,)
        if len(days) > settings.MAX_RETRIES or any(
                not 0 < d <= settings.MAX_RETRY_DAYS for d in days) or list(days) != sorted(
                set(days)):
            raise InvalidRequestError(M.SETTINGS_RETRY_DAYS.format(
                most=settings.MAX_RETRIES, days=settings.MAX_RETRY_DAYS), param="retry_days")
        changes["retry_days"] = days
    if "after_retries" in form:
        if form["after_retries"] not in settings.AFTER_RETRIES:
            raise InvalidRequestError(M.INVALID_ENUM.format(
                param="after_retries", choices=", ".join(settings.AFTER_RETRIES)),
                param="after_retries")
        changes["after_retries"] = str(form["after_retries"])
    if "upcoming_days" in form:
        value = str(form["upcoming_days"])
        if not value.isdigit() or not 1 <= int(value) <= 45:
            raise InvalidRequestError(M.SETTINGS_UPCOMING_DAYS, param="upcoming_days")
        changes["upcoming_days"] = int(value)
    return dataclasses.replace(current, **changes)


def _snapshot_document(body: bytes) -> dict[str, Any]:
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidRequestError(M.SNAPSHOT_INVALID.format(detail=exc)) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else None
        raise InvalidRequestError(M.SNAPSHOT_FORMAT.format(found=found, format=FORMAT))
    if not isinstance(doc.get("meta"), dict) or not isinstance(doc.get("collections"), dict):
        raise InvalidRequestError(M.SNAPSHOT_INVALID.format(
            detail="it needs 'meta' and 'collections' objects"))
    return doc
