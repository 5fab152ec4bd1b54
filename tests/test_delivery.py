"""Unit tests of webhook delivery: the signature, the lean HTTP client, the bounded queue."""

import asyncio

import pytest
import stripe
from aiohttp import web

from stripe_emulator.events.delivery import (
    ATTEMPTS,
    SECRETS,
    Dispatcher,
    deliver_to_endpoints,
    signature_header,
)
from stripe_emulator.events.http_client import Client, HTTPError, _parse
from stripe_emulator.resources import setup_account
from stripe_emulator.store.memory import Store


def test_signature_is_what_the_sdk_verifies():
    payload = '{"id": "evt_1", "object": "event"}'
    header = signature_header(payload, "whsec_test")
    assert stripe.WebhookSignature.verify_header(payload, header, "whsec_test")
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.WebhookSignature.verify_header(payload, header, "whsec_other")
    old = signature_header(payload, "whsec_test", timestamp=1)
    with pytest.raises(stripe.SignatureVerificationError):  # outside the SDK's tolerance
        stripe.WebhookSignature.verify_header(payload, old, "whsec_test", tolerance=300)


def test_parse_responses():
    assert _parse(bytearray(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) == (200, 40, True)
    assert _parse(bytearray(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\no")) is None
    assert _parse(bytearray(b"HTTP/1.1 500 X\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))\
        == (500, 56, False)
    chunked = b"HTTP/1.1 202 A\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
    assert _parse(bytearray(chunked)) == (202, len(chunked), True)
    assert _parse(bytearray(b"HTTP/1.1 200 OK\r\n")) is None
    with pytest.raises(HTTPError):
        _parse(bytearray(b"garbage\r\n\r\n"))


async def test_client_keeps_its_connection_and_reads_statuses(aiohttp_server):
    peers = set()

    async def handle(request):
        peers.add(request.transport.get_extra_info("peername"))
        body = await request.read()
        return web.Response(status=int(request.query.get("status", "200")), body=body[:5])

    app = web.Application()
    app.router.add_post("/hook", handle)
    server = await aiohttp_server(app)
    client = Client(str(server.make_url("/hook")))
    assert [await client.post(b"hello world", {}, 5) for _ in range(3)] == [200, 200, 200]
    assert len(peers) == 1  # one kept-alive connection
    failing = Client(str(server.make_url("/hook?status=503")))
    assert await failing.post(b"x", {}, 5) == 503
    client.close()
    failing.close()


async def test_unreachable_endpoint_raises():
    with pytest.raises(OSError):
        await Client("http://127.0.0.1:9/nothing").post(b"x", {}, 5)


async def test_a_full_queue_drops_rather_than_grows(aiohttp_server):
    gate = asyncio.Event()

    async def handle(request):
        await gate.wait()
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", handle)
    server = await aiohttp_server(app)
    dispatcher = Dispatcher(concurrency=1, max_queue=1)
    account = Store(seed=1, prepare=setup_account).account("sk_test_q")
    with account.transaction():
        account.create("webhook_endpoint", {"id": "we_1", "url": str(server.make_url("/hook")),
                                            "status": "enabled", "enabled_events": ["*"],
                                            "created": 0})
        account.put(SECRETS, {"id": "we_1", "secret": "whsec_x"})
        for i in range(3):
            account.put("event", {"id": f"evt_{i}", "type": "customer.created",
                                  "pending_webhooks": 0, "created": 0})

    def deliver(i):
        with account.transaction():
            deliver_to_endpoints(dispatcher, account, account.collections["event"].get(f"evt_{i}"))

    def pending(i):
        return account.collections["event"].get(f"evt_{i}")["pending_webhooks"]

    deliver(0)
    await asyncio.sleep(0.05)  # the worker takes the first and waits on the receiver
    deliver(1)  # queued
    deliver(2)  # the queue is full: dropped
    [dropped] = account.collections[ATTEMPTS].objects.values()
    assert dropped["event"] == "evt_2" and "queue is full" in dropped["error"]
    gate.set()

    async def delivered():
        while pending(0) or pending(1):
            await asyncio.sleep(0.01)

    await asyncio.wait_for(delivered(), 5)
    assert pending(2) == 1  # never delivered: still pending
    await dispatcher.stop()
