"""`create_app(config)`: the aiohttp application, wired from the resource declarations."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from .admin.routes import add_admin_routes
from .config import Config
from .events.delivery import Dispatcher, deliver_to_endpoints
from .events.emitter import Emitter
from .http.pipeline import flush_access_log, make_pipeline
from .http.routes import add_resource_routes
from .ids import IdGenerator
from .resources import RESOURCES, setup_account
from .resources.webhook_endpoints import new_endpoint
from .store.memory import Account, Store

STORE = web.AppKey("store", Store)
CONFIG = web.AppKey("config", Config)
DISPATCHER = web.AppKey("dispatcher", Dispatcher)


def create_app(config: Config | None = None) -> web.Application:
    config = config or Config()
    ids = IdGenerator(config.seed)
    dispatcher = Dispatcher(schedule=config.webhook_retry_schedule,
                            timeout=config.webhook_timeout)
    emitter = Emitter(lambda account, event: deliver_to_endpoints(dispatcher, account, event))

    def setup(account: Account) -> None:
        account.listeners.append(emitter)  # first: an event before the changes it causes
        setup_account(account)
        if config.forward_to:
            endpoint = new_endpoint(account, {"url": config.forward_to, "enabled_events": ["*"],
                                              "description": "--forward-to"}, None,
                                    secret=config.forward_secret)
            account.create("webhook_endpoint", endpoint)

    store = Store(ids, setup=setup)
    app = web.Application(middlewares=[make_pipeline(store, ids, config.access_log)],
                          client_max_size=4 * 1024 * 1024)
    app[STORE] = store
    app[CONFIG] = config
    app[DISPATCHER] = dispatcher

    async def deliveries(app: web.Application) -> AsyncIterator[None]:
        yield
        await dispatcher.stop()

    app.cleanup_ctx.append(deliveries)
    if config.access_log:
        app.cleanup_ctx.append(flush_access_log)
    add_resource_routes(app, RESOURCES)
    add_admin_routes(app, store, dispatcher)
    return app
