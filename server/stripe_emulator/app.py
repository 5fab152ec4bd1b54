"""`create_app(config)`: the aiohttp application, wired from the resource declarations."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from . import fixtures
from .admin.routes import add_admin_routes
from .config import Config
from .dashboard.routes import add_dashboard_routes
from .documents.routes import add_document_routes
from .events.delivery import Dispatcher, deliver_to_endpoints
from .events.emitter import Emitter, flush
from .http import edge
from .http.access_log import AccessLog
from .http.pipeline import expect_continue, make_pipeline
from .http.router import Router
from .http.routes import MAX_BODY, add_resource_routes
from .ids import request_stream
from .resources import RESOURCES, setup_account
from .resources.invoices.automation import run_due_in_real_time
from .resources.webhook_endpoints import new_endpoint
from .store.memory import Account, Store
from .store.sqlite import SQLiteBackend

STORE = web.AppKey("store", Store)
CONFIG = web.AppKey("config", Config)
DISPATCHER = web.AppKey("dispatcher", Dispatcher)
ROUTER = web.AppKey("router", Router)


log = logging.getLogger("stripe_emulator")
DUE_WORK_EVERY = 1.0  # seconds between looks at what falls due in real time


def due_work(store: Store) -> Callable[[web.Application], AsyncIterator[None]]:
    """While the server runs, what falls due in real time (objects on no test clock) runs."""

    async def run(app: web.Application) -> AsyncIterator[None]:
        def run_all() -> None:
            # (a function, so that no account stays referenced while the loop sleeps: a reset
            # account must be freed at once)
            for account in list(store.accounts.values()):
                try:
                    run_due_in_real_time(account)
                except Exception:  # one account's failure must not stop the others
                    log.exception("due work failed for an account")

        async def loop() -> None:
            while True:
                await asyncio.sleep(DUE_WORK_EVERY)
                run_all()

        task = asyncio.create_task(loop())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return run


def create_app(config: Config | None = None) -> web.Application:
    """The server; with `config.data`, every account the file kept is back as it was (an
    incompatible file raises `store.base.IncompatibleData`)."""
    config = config or Config()
    dispatcher = Dispatcher(schedule=config.webhook_retry_schedule,
                            timeout=config.webhook_timeout)
    emitter = Emitter(lambda account, event: deliver_to_endpoints(dispatcher, account, event))

    def prepare(account: Account) -> None:
        account.listeners.append(emitter)  # first: an event before the changes it causes
        account.committers.append(emitter.commit)
        account.flushers.append(flush)
        setup_account(account)

    table = fixtures.operations(RESOURCES)
    docs = [fixtures.read(path) for path in config.fixtures]

    def populate(account: Account) -> None:
        """A new account's start: the --forward-to endpoint, then the start-up fixtures
        (each key its own copy)."""
        if config.forward_to:
            endpoint = new_endpoint(account, {"url": config.forward_to, "enabled_events": ["*"],
                                              "description": "--forward-to"}, None,
                                    secret=config.forward_secret)
            account.create("webhook_endpoint", endpoint)
        for doc in docs:
            fixtures.apply(account, doc, table)

    if docs:
        fixtures.check(docs, table,
                       lambda: Store(config.seed, None, prepare, None).account("sk_test_check"))
    backend = SQLiteBackend(config.data) if config.data else None
    store = Store(config.seed, backend, prepare, populate)
    store.load()
    access_log = AccessLog(fmt=config.log_format, debug=config.log_level == "debug") \
        if config.access_log else None
    router = Router()
    add_resource_routes(router, RESOURCES)
    app = web.Application(client_max_size=MAX_BODY)
    add_admin_routes(router, store, dispatcher, table)
    add_document_routes(router, store)
    add_dashboard_routes(router, store, config.dashboard_all_accounts)
    pipeline = make_pipeline(store, router, request_stream(config.seed), access_log,
                             config.public_url)
    app.router.add_route("*", "/{path:.*}", pipeline)
    # Every request goes to the pipeline, which routes it itself: aiohttp's own dispatch in
    # front of it (route resolution, match info, middleware checks) cost ~6% of a create.
    # `Application._make_handler` hands `self._handle` to the HTTP server when a runner
    # starts, so this instance attribute takes its place (the catch-all route above stays
    # for anything that reads the router).
    app._handle = expect_continue(pipeline)  # type: ignore[method-assign]
    edge.install(app)
    app[STORE] = store
    app[CONFIG] = config
    app[DISPATCHER] = dispatcher

    async def lifetime(app: web.Application) -> AsyncIterator[None]:
        for account in store.accounts.values():  # deliveries a restart interrupted
            dispatcher.resume(account)
        yield
        await dispatcher.stop()
        store.backend.close()

    app.cleanup_ctx.append(lifetime)
    app.cleanup_ctx.append(due_work(store))
    if access_log is not None:
        app.cleanup_ctx.append(access_log.run)
    app[ROUTER] = router
    return app
