"""The `stripe-emulator` command: options from the command line or the environment (the
command line wins), a one-line message and exit status 2 for every start-up error, and the
port actually bound reported once listening."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import gc
import ipaddress
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any, NoReturn
from urllib.parse import urlsplit

from . import API_VERSION, __version__
from .config import DEFAULT_HOST, DEFAULT_PORT, Config
from .ids import IdGenerator

ENV_PREFIX = "STRIPE_EMULATOR_"
LOG_LEVELS = ("debug", "info", "warning", "error")


class StartError(Exception):
    """Why the server cannot start: printed as one line, exit status 2."""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise ValueError(f"a port is a number from 0 to 65535, not {text!r}") from None
    if not 0 <= port <= 65535:
        raise ValueError(f"a port is a number from 0 to 65535, not {port}")
    return port


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"expected a whole number, not {text!r}") from None


def _url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"expected an http:// or https:// URL, not {text!r}")
    return text


def _public_url(text: str) -> str:
    return _url(text).rstrip("/")


def _schedule(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(x) for x in text.split(",") if x.strip())
    except ValueError:
        values = (-1.0,)
    if any(v < 0 for v in values):
        raise ValueError(f"expected comma-separated seconds such as 5,60,600, not {text!r}")
    return values


def _choice(*choices: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text.lower() not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, not {text!r}")
        return text.lower()

    return parse


def _bool(text: str) -> bool:
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected true or false, not {text!r}")


def _paths(text: str) -> list[str]:
    return [p for p in text.split(os.pathsep) if p]


# (option, environment variable suffix, parse, default, help): one table for the parser, the
# environment and the README's list.
OPTIONS: tuple[tuple[str, str, Callable[[str], Any], Any, str], ...] = (
    ("--host", "HOST", str, DEFAULT_HOST, "the address to listen on"),
    ("--port", "PORT", _port, DEFAULT_PORT, "the port to listen on; 0 picks a free one"),
    ("--port-file", "PORT_FILE", str, None, "write the port bound to this file once listening"),
    ("--public-url", "PUBLIC_URL", _public_url, None,
     "the base URL of the links the server writes (hosted invoice pages, receipts), for a "
     "sidecar reached by another name than the one it was called by"),
    ("--data", "DATA", str, None, "keep every account in this SQLite file, restored on the "
     "next start (default: memory only, nothing touches the disk)"),
    ("--fixtures", "FIXTURES", str, None, "a Stripe CLI fixture file every new account starts "
     f"with (repeatable; the environment variable takes a {os.pathsep!r}-separated list)"),
    ("--seed", "SEED", _int, None, "seed the id generator so every run yields the same ids"),
    ("--forward-to", "FORWARD_TO", _url, None, "deliver every event to URL (like "
     "`stripe listen --forward-to`); the signing secret is printed at start"),
    ("--webhook-retry-schedule", "WEBHOOK_RETRY_SCHEDULE", _schedule, (5.0, 60.0, 600.0),
     "seconds before each retry of a failed webhook delivery, comma-separated"),
    ("--log-level", "LOG_LEVEL", _choice(*LOG_LEVELS), "info",
     "info logs one line per request; warning and above do not"),
    ("--log-format", "LOG_FORMAT", _choice("text", "json"), "text",
     "text, or json: one object per line"),
    ("--dashboard-all-accounts", "DASHBOARD_ALL_ACCOUNTS", _bool, False,
     "let the dashboard pick any account the server holds (by default it shows only the "
     "account of the key it is given)"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not the usage block
        self.exit(2, f"{self.prog}: error: {message}\n")


def _typed(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def run(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    run.__name__ = getattr(parse, "__name__", "value")
    return run


def parse_args(argv: list[str] | None = None,
               environ: dict[str, str] | None = None) -> Config:
    environ = os.environ if environ is None else environ  # type: ignore[assignment]
    parser = _Parser(prog="stripe-emulator", description="A stateful, Stripe-compatible API "
                     f"server for tests (API version {API_VERSION}). Every option can also be "
                     f"set as {ENV_PREFIX}<NAME> (e.g. {ENV_PREFIX}PORT); the command line "
                     "wins.")
    values: dict[str, Any] = {}
    for flag, env, parse, default, help_text in OPTIONS:
        dest = flag[2:].replace("-", "_")
        value = default
        raw = environ.get(ENV_PREFIX + env)
        if raw is not None and raw != "":
            try:
                value = _paths(raw) if flag == "--fixtures" else parse(raw)
            except ValueError as exc:
                parser.error(f"{ENV_PREFIX}{env}: {exc}")
        values[dest] = value
        shown = f" (env {ENV_PREFIX}{env})"
        if flag == "--fixtures":
            parser.add_argument(flag, action="append", metavar="FILE", default=None,
                                help=help_text + shown)
        elif isinstance(default, bool):  # a switch: `--flag` alone, or `--flag false`
            parser.add_argument(flag, nargs="?", const=True, type=_typed(parse),
                                default=None, help=help_text + shown)
        else:
            parser.add_argument(flag, type=_typed(parse), default=None,
                                help=help_text + shown)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = parser.parse_args(argv)
    for key, value in vars(args).items():
        if value is not None:
            values[key] = value
    secret = None
    if values["forward_to"]:
        secret = "whsec_" + IdGenerator(values["seed"]).token(32)
    return Config(host=values["host"], port=values["port"], log_level=values["log_level"],
                  seed=values["seed"], forward_to=values["forward_to"], forward_secret=secret,
                  webhook_retry_schedule=tuple(values["webhook_retry_schedule"]),
                  data=values["data"], fixtures=tuple(values["fixtures"] or ()),
                  public_url=values["public_url"], log_format=values["log_format"],
                  port_file=values["port_file"],
                  dashboard_all_accounts=values["dashboard_all_accounts"])


def url_of(host: str, port: int) -> str:
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return f"http://{host}:{port}"
    return f"http://[{host}]:{port}" if literal.version == 6 else f"http://{host}:{port}"


def banner(config: Config, port: int | None = None) -> str:
    url = url_of(config.host, config.port if port is None else port)
    text = f"stripe-emulator {__version__} (Stripe API {API_VERSION}) listening on {url}"
    if config.forward_to:
        text += (f"\nReady! Your webhook signing secret is {config.forward_secret} "
                 f"(every event is forwarded to {config.forward_to})")
    # for scripts: `eval "$(… | grep ^STRIPE_EMULATOR_URL=)"`
    return text + f"\n{ENV_PREFIX}URL={url}"


def _write_port(path: str, port: int) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"{port}\n")
    os.replace(tmp, path)  # a reader never sees a half-written file


def _bind_error(config: Config, exc: OSError) -> StartError:
    if isinstance(exc, socket.gaierror):
        return StartError(f"cannot listen on host {config.host!r}: {exc.strerror}")
    if exc.errno == errno.EADDRINUSE or "address already in use" in str(exc).lower():
        return StartError(f"port {config.port} is already in use on {config.host}")
    if exc.errno == errno.EADDRNOTAVAIL or "assign requested address" in str(exc).lower():
        return StartError(f"cannot listen on {config.host}: no such address on this machine")
    return StartError(f"cannot listen on {config.host}:{config.port}: "
                      f"{exc.strerror or exc}")


async def serve(config: Config, app: Any, ready: Callable[[int], None] | None = None,
                stop: asyncio.Event | None = None) -> None:
    """Listen, report the port, run until `stop` is set (or SIGINT/SIGTERM)."""
    from aiohttp import web

    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=5)
    await runner.setup()
    # 1,000 clients connecting at once (a parallel CI suite) must not wait on SYN retries.
    site = web.TCPSite(runner, config.host, config.port, backlog=1024)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise _bind_error(config, exc) from None
    port = runner.addresses[0][1]
    if config.port_file:
        try:
            _write_port(config.port_file, port)
        except OSError as exc:
            await runner.cleanup()
            raise StartError(f"cannot write the port file {config.port_file}: "
                             f"{exc.strerror}") from None
    if ready is not None:
        ready(port)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # (not in the main thread, as in the pytest plugin: `stop` only)
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    config = parse_args(argv)
    from .logs import configure

    configure(config)
    try:
        import uvloop  # ~40% more requests per core than the stock loop

        uvloop.install()
    except ImportError:
        pass
    from .app import create_app
    from .fixtures import FixtureError
    from .store.base import IncompatibleData

    def fail(message: str) -> NoReturn:
        sys.stderr.write(f"stripe-emulator: error: {message}\n")
        sys.exit(2)

    try:
        app = create_app(config)
    except (IncompatibleData, FixtureError) as exc:
        fail(str(exc))
    except OSError as exc:  # the data file's directory, its permissions…
        fail(f"cannot open {config.data}: {exc.strerror or exc}")
    # Stored objects are long-lived: keep start-up objects out of every collection, and let
    # the young generation grow before it is scanned (fewer passes over a large store).
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    try:
        asyncio.run(serve(config, app, ready=lambda port: print(banner(config, port),
                                                                 flush=True)))
    except StartError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        pass
    logging.shutdown()


if __name__ == "__main__":
    main()
