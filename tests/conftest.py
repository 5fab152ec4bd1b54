"""Fixtures: a real server per test (pytest-aiohttp) driven through the official SDK."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest
import stripe

from stripe_emulator.app import create_app
from stripe_emulator.config import Config

KEY = "sk_test_emulator_suite"


@pytest.fixture
async def server(aiohttp_server):
    return await aiohttp_server(create_app(Config(log_level="warning", seed=7)))


@pytest.fixture
def base_url(server) -> str:
    return str(server.make_url("")).rstrip("/")


@pytest.fixture
async def make_client(base_url) -> AsyncIterator[Callable[..., stripe.StripeClient]]:
    """StripeClient factory: each key is its own account on the emulator."""
    http_clients: list[stripe.AIOHTTPClient] = []

    def make(key: str = KEY, base: str | None = None, **kwargs) -> stripe.StripeClient:
        """A client of the suite's server, or of the server at `base`."""
        http_client = stripe.AIOHTTPClient()
        http_clients.append(http_client)
        return stripe.StripeClient(key, base_addresses={"api": base or base_url},
                                   http_client=http_client, **kwargs)

    yield make
    for http_client in http_clients:
        await http_client.close_async()


@pytest.fixture
def client(make_client) -> stripe.StripeClient:
    return make_client()


@pytest.fixture
def v1(client):
    return client.v1


@pytest.fixture
def clocks(client):
    return client.v1.test_helpers.test_clocks


@pytest.fixture
def customers(client):
    return client.v1.customers


@pytest.fixture
async def http(base_url) -> AsyncIterator[aiohttp.ClientSession]:
    """A bare HTTP session, for what the SDK never sends (Basic auth, `a[]=`, bad bodies)."""
    async with aiohttp.ClientSession(base_url, headers={"Authorization": f"Bearer {KEY}"}) as s:
        yield s
