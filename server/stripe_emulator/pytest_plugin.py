"""The pytest plugin (registered by the package's `pytest11` entry point): a server for the
test session and a Stripe client per test, in plain synchronous tests.

    def test_checkout(stripe_client):
        customer = stripe_client.v1.customers.create({"email": "jenny@example.com"})
        assert customer.id.startswith("cus_")

Fixtures: `stripe_emulator` (session-scoped: the server, on a free port in a background
thread; `.url`, `.client()`), `stripe_client` (a `stripe.StripeClient` on a fresh API key, so
a test sees only its own objects). Options: `--stripe-emulator-fixtures FILE` (repeatable) or
the ini `stripe_emulator_fixtures` (lines) preload Stripe CLI fixture files into every key;
`--stripe-emulator-url URL` uses a server already running (a Docker sidecar) instead.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


class EmulatorServer:
    """A running server the tests talk to."""

    def __init__(self, url: str) -> None:
        self.url = url

    @staticmethod
    def new_key() -> str:
        """A key no test has used: an account of its own."""
        return f"sk_test_{uuid.uuid4().hex}"

    def client(self, key: str | None = None, **kwargs: Any) -> Any:
        import stripe

        return stripe.StripeClient(key or self.new_key(), base_addresses={"api": self.url},
                                   **kwargs)


class _Thread:
    """The server's own event loop, in a daemon thread."""

    def __init__(self, fixture_files: tuple[str, ...]) -> None:
        from .cli import serve
        from .config import Config

        self.config = Config(host="127.0.0.1", port=0, log_level="warning",
                             fixtures=fixture_files)
        self.ready = threading.Event()
        self.port: int | None = None
        self.error: BaseException | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stop: asyncio.Event | None = None
        self._serve = serve
        self.thread = threading.Thread(target=self._run, name="stripe-emulator", daemon=True)

    def _run(self) -> None:
        from .app import create_app

        loop = self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)

        def ready(port: int) -> None:
            self.port = port
            self.ready.set()

        async def main() -> None:
            self.stop = asyncio.Event()
            await self._serve(self.config, create_app(self.config), ready, self.stop)

        try:
            loop.run_until_complete(main())
        except BaseException as exc:  # reported to the test session, not lost in a thread
            self.error = exc
            self.ready.set()
        finally:
            loop.close()

    def start(self) -> str:
        self.thread.start()
        if not self.ready.wait(60):
            raise RuntimeError("stripe-emulator did not start within 60 seconds")
        if self.error is not None:
            raise RuntimeError(f"stripe-emulator could not start: {self.error}") from self.error
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        if self.loop is not None and self.stop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(10)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("stripe-emulator")
    group.addoption("--stripe-emulator-fixtures", action="append", default=[],
                    metavar="FILE", help="a Stripe CLI fixture file every test's key starts "
                    "with (repeatable)")
    group.addoption("--stripe-emulator-url", default=None, metavar="URL",
                    help="use this running stripe-emulator instead of starting one")
    parser.addini("stripe_emulator_fixtures", type="linelist", default=[],
                  help="Stripe CLI fixture files every test's key starts with")


@pytest.fixture(scope="session")
def stripe_emulator(pytestconfig: pytest.Config) -> Iterator[EmulatorServer]:
    """A stripe-emulator for the session: started on a free port, stopped at the end."""
    url = pytestconfig.getoption("stripe_emulator_url")
    if url:
        yield EmulatorServer(url.rstrip("/"))
        return
    root = Path(str(pytestconfig.rootpath))
    files = [*pytestconfig.getini("stripe_emulator_fixtures"),
             *pytestconfig.getoption("stripe_emulator_fixtures")]
    server = _Thread(tuple(str(root / f) if not Path(f).is_absolute() else f for f in files))
    try:
        yield EmulatorServer(server.start())
    finally:
        server.close()


@pytest.fixture
def stripe_client(stripe_emulator: EmulatorServer) -> Any:
    """A `stripe.StripeClient` on a key of its own: the test sees only what it makes (and the
    preloaded fixtures)."""
    return stripe_emulator.client()
