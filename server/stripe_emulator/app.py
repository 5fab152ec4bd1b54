"""`create_app(config)`: the aiohttp application, wired from the resource declarations."""

from __future__ import annotations

from aiohttp import web

from .admin.routes import add_admin_routes
from .config import Config
from .http.pipeline import flush_access_log, make_pipeline
from .http.routes import add_resource_routes
from .ids import IdGenerator
from .resources import RESOURCES, setup_account
from .store.memory import Store

STORE = web.AppKey("store", Store)
CONFIG = web.AppKey("config", Config)


def create_app(config: Config | None = None) -> web.Application:
    config = config or Config()
    ids = IdGenerator(config.seed)
    store = Store(ids, setup=setup_account)
    app = web.Application(middlewares=[make_pipeline(store, ids, config.access_log)],
                          client_max_size=4 * 1024 * 1024)
    app[STORE] = store
    app[CONFIG] = config
    if config.access_log:
        app.cleanup_ctx.append(flush_access_log)
    add_resource_routes(app, RESOURCES)
    add_admin_routes(app, store)
    return app
