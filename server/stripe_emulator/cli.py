"""The `stripe-emulator` command."""

from __future__ import annotations

import argparse
import gc
import logging
import sys

from . import API_VERSION, __version__
from .config import DEFAULT_HOST, DEFAULT_PORT, Config
from .ids import IdGenerator


def parse_args(argv: list[str] | None = None) -> Config:
    parser = argparse.ArgumentParser(
        prog="stripe-emulator",
        description="A stateful, Stripe-compatible API server for tests "
        f"(API version {API_VERSION}).",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"default {DEFAULT_HOST}")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    parser.add_argument("--log-level", default="info",
                        choices=["debug", "info", "warning", "error"],
                        help="info logs one line per request; warning and above do not")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed the id generator so every run yields the same ids")
    parser.add_argument("--forward-to", metavar="URL", default=None,
                        help="deliver every event to URL (like `stripe listen --forward-to`); "
                        "the signing secret is printed at start")
    parser.add_argument("--webhook-retry-schedule", metavar="SECONDS", default="5,60,600",
                        help="seconds before each retry of a failed webhook delivery, "
                        "comma-separated (default 5,60,600)")
    parser.add_argument("--data", metavar="FILE", default=None,
                        help="keep every account in this SQLite file, restored on the next "
                        "start (default: memory only, nothing touches the disk)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = parser.parse_args(argv)
    secret = None
    if args.forward_to:
        secret = "whsec_" + IdGenerator(args.seed).token(32)
    try:
        schedule = tuple(float(x) for x in args.webhook_retry_schedule.split(",") if x.strip())
    except ValueError:
        parser.error("--webhook-retry-schedule takes comma-separated seconds, e.g. 1,5,30")
    return Config(host=args.host, port=args.port, log_level=args.log_level, seed=args.seed,
                  forward_to=args.forward_to, forward_secret=secret,
                  webhook_retry_schedule=schedule, data=args.data)


def banner(config: Config) -> str:
    text = (f"stripe-emulator {__version__} (Stripe API {API_VERSION}) listening on "
            f"http://{config.host}:{config.port}")
    if config.forward_to:
        text += (f"\nReady! Your webhook signing secret is {config.forward_secret} "
                 f"(every event is forwarded to {config.forward_to})")
    return text


def main(argv: list[str] | None = None) -> None:
    config = parse_args(argv)
    logging.basicConfig(level=config.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        import uvloop  # ~40% more requests per core than the stock loop

        uvloop.install()
    except ImportError:
        pass
    from aiohttp import web

    from .app import create_app
    from .store.base import IncompatibleData

    try:
        app = create_app(config)
    except IncompatibleData as exc:
        sys.exit(f"stripe-emulator: {exc}")
    # Stored objects are long-lived: keep start-up objects out of every collection, and let
    # the young generation grow before it is scanned (fewer passes over a large store).
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    web.run_app(
        app,
        host=config.host,
        port=config.port,
        access_log=None,
        # 1,000 clients connecting at once (a parallel CI suite) must not wait on SYN retries.
        backlog=1024,
        # In-flight requests finish in milliseconds; a stuck one must not hold a SIGTERM.
        shutdown_timeout=5,
        print=lambda *_: print(banner(config), flush=True),
    )


if __name__ == "__main__":
    main()
