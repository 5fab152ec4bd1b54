"""Unit tests of webhook delivery: the signature, the lean HTTP client, the bounded queue."""

import asyncio

import pytest
import stripe
from aiohttp import web

from stripe_emulator.events.delivery import Dispatcher, signature_header
from stripe_emulator.events.http_client import Client, HTTPError, _parse
from stripe_emulator.ids import IdGenerator
from stripe_emulator.store.memory import Account


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
    account = Account("sk_test_q", False, IdGenerator(1))
    endpoint = {"id": "we_1", "url": str(server.make_url("/hook"))}
    events = [{"id": f"evt_{i}", "type": "customer.created", "pending_webhooks": 1}
              for i in range(3)]
    assert dispatcher.enqueue(account, endpoint, "whsec_x", events[0])
    await asyncio.sleep(0.05)  # the worker takes the first and waits on the receiver
    assert dispatcher.enqueue(account, endpoint, "whsec_x", events[1])  # queued
    assert not dispatcher.enqueue(account, endpoint, "whsec_x", events[2])  # full: dropped
    [dropped] = account.delivery_attempts
    assert dropped["event"] == "evt_2" and "queue is full" in dropped["error"]
    gate.set()

    async def delivered():
        while events[0]["pending_webhooks"] or events[1]["pending_webhooks"]:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(delivered(), 5)
    assert events[2]["pending_webhooks"] == 1  # never delivered: still pending
    await dispatcher.stop()
