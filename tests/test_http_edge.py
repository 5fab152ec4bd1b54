"""The HTTP edge speaks Stripe too: what the parser refuses, a body that never finishes, the
listen backlog and shutdown, and webhook receivers that misbehave."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from aiohttp import web

from conftest import KEY
from stripe_emulator import cli
from stripe_emulator.app import create_app
from stripe_emulator.config import Config
from stripe_emulator.http import routes
from test_events_webhooks import FAST, until

AUTH = f"Authorization: Bearer {KEY}\r\n".encode()


async def exchange(server, raw: bytes) -> tuple[int, dict, bytes]:
    """Send raw bytes; the status, headers and body of the answer."""
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(raw)
    await writer.drain()
    data = await asyncio.wait_for(reader.read(), 15)  # each refusal closes the connection
    writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split(" ")[1]), headers, body


MALFORMED = [
    ("url over the limit", b"GET /v1/customers?" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n"
     + AUTH + b"\r\n", 414),
    ("header over the limit", b"GET /v1/customers HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000
     + b"\r\n" + AUTH + b"\r\n", 431),
    ("NUL in a header", b"GET /v1/customers HTTP/1.1\r\nHost: x\r\nX-Bad: a\x00b\r\n" + AUTH
     + b"\r\n", 400),
    ("bare CR in a header", b"GET /v1/customers HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n" + AUTH
     + b"\r\n", 400),
    ("Content-Length with Transfer-Encoding", b"POST /v1/customers HTTP/1.1\r\nHost: x\r\n"
     b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n" + AUTH + b"\r\n0\r\n\r\n", 400),
    ("two Content-Lengths", b"POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
     b"Content-Length: 4\r\n" + AUTH + b"\r\nabcd", 400),
    ("not HTTP at all", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", 400),
]


@pytest.mark.parametrize(("raw", "status"), [m[1:] for m in MALFORMED],
                         ids=[m[0] for m in MALFORMED])
async def test_what_the_parser_refuses_is_a_stripe_error(server, client, raw, status, caplog):
    status_got, headers, body = await exchange(server, raw)
    assert status_got == status
    assert headers["Content-Type"].startswith("application/json")
    error = json.loads(body)["error"]
    assert error["type"] == "invalid_request_error"
    assert error["message"].startswith("Invalid request: the HTTP request could not be read (")
    assert "Traceback" not in caplog.text  # one line in the log, no stack
    assert (await client.v1.customers.list_async()).data == []  # and nothing was stored


async def test_a_body_over_the_size_limit_is_a_413_in_stripes_shape(server):
    body = b"a=" + b"b" * (5 * 1024 * 1024)
    status, _, answer = await exchange(
        server, b"POST /v1/customers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n" + AUTH
        + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    assert status == 413
    assert json.loads(answer)["error"]["type"] == "invalid_request_error"


async def test_a_dribbled_body_is_timed_out_with_a_408(server, client, monkeypatch):
    monkeypatch.setattr(routes, "BODY_TIMEOUT", 0.3)
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(b"POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n"
                 b"Content-Type: application/x-www-form-urlencoded\r\n" + AUTH + b"\r\nemail=")
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    assert head.startswith(b"HTTP/1.1 408 ")
    writer.close()
    assert (await client.v1.customers.list_async()).data == []


def test_the_command_listens_with_a_deep_backlog_and_a_short_shutdown(monkeypatch):
    seen = {}
    real_runner = web.AppRunner

    class Stop(Exception):
        pass

    def runner(app, **kw):
        seen.update(kw)
        return real_runner(app, **kw)

    def site(runner_, host, port, **kw):
        seen.update(kw)
        raise Stop

    monkeypatch.setattr(web, "AppRunner", runner)
    monkeypatch.setattr(web, "TCPSite", site)
    with pytest.raises(Stop):
        cli.main(["--port", "0", "--log-level", "warning"])
    assert seen["backlog"] >= 1000
    assert seen["shutdown_timeout"] <= 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sigterm_is_not_held_up_by_a_dribbling_client():
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "stripe_emulator", "--port", str(port),
                             "--log-level", "warning"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        proc.stdout.readline()  # the banner: listening
        dribbler = socket.create_connection(("127.0.0.1", port))
        dribbler.sendall(b"POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                         + AUTH + b"\r\nema")
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        # aiohttp's default would wait 60 s for the handler; the emulator stops within its
        # shutdown timeout (the bound here leaves room for a loaded machine).
        assert proc.wait(timeout=20) is not None
        dribbler.close()
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
async def hooks_client(aiohttp_server, make_client):
    server = await aiohttp_server(create_app(Config(log_level="warning",
                                                    webhook_retry_schedule=FAST)))
    return make_client(base=str(server.make_url("")).rstrip("/"))


async def test_a_receiver_streaming_an_endless_body_is_read_no_further(hooks_client):
    sent = 0
    stop = asyncio.Event()

    async def endless(reader, writer):
        nonlocal sent
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"10000\r\n" + b"x" * 65536 + b"\r\n"
        try:
            while not stop.is_set() and sent < 256 * 1024 * 1024:
                writer.write(chunk)
                await writer.drain()
                sent += len(chunk)
        except (ConnectionError, OSError):
            pass
        writer.close()

    receiver = await asyncio.start_server(endless, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{receiver.sockets[0].getsockname()[1]}/hook"
    try:
        v1 = hooks_client.v1
        await v1.webhook_endpoints.create_async({"url": url, "enabled_events": ["*"]})
        await v1.customers.create_async()
        event = (await v1.events.list_async()).data[0]

        async def delivered() -> bool:
            return (await v1.events.retrieve_async(event.id)).pending_webhooks == 0

        deadline = time.monotonic() + 10
        while not await delivered():
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
        # The status was taken and the connection dropped after a bounded read.
        await asyncio.sleep(0.2)
        assert sent < 32 * 1024 * 1024
    finally:
        stop.set()
        receiver.close()


async def test_retries_stop_once_the_endpoint_is_deleted_or_disabled(hooks_client,
                                                                     aiohttp_server):
    hits: list[str] = []

    async def failing(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.Response(status=500)

    app = web.Application()
    app.router.add_post("/{name}", failing)
    receiver = await aiohttp_server(app)
    v1 = hooks_client.v1
    gone = await v1.webhook_endpoints.create_async(
        {"url": str(receiver.make_url("/deleted")), "enabled_events": ["*"]})
    off = await v1.webhook_endpoints.create_async(
        {"url": str(receiver.make_url("/disabled")), "enabled_events": ["*"]})
    await v1.customers.create_async()
    await until(lambda: {"/deleted", "/disabled"} <= set(hits))
    await v1.webhook_endpoints.delete_async(gone.id)
    await v1.webhook_endpoints.update_async(off.id, {"disabled": True})
    await asyncio.sleep(0.03)  # an attempt already on the wire may still land
    seen = len(hits)
    await asyncio.sleep(sum(FAST) + 0.3)  # every retry the schedule had left would be due
    assert len(hits) == seen  # no attempt was made after the change
