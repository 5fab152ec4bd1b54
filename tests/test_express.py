"""The express lane (http/express.py): whole API requests answered as they are read, the rest
the usual aiohttp way; on one connection, answers come in the order the requests were sent,
whichever lane each took, and say the same thing either way."""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from conftest import KEY
from stripe_emulator.app import create_app
from stripe_emulator.config import Config
from stripe_emulator.http import express

AUTH = f"Authorization: Bearer {KEY}\r\n".encode()


def post(path: str, body: bytes, extra: bytes = b"") -> bytes:
    return (b"POST %s HTTP/1.1\r\nHost: x\r\n" % path.encode() + AUTH + extra
            + b"Content-Type: application/x-www-form-urlencoded\r\n"
            + b"Content-Length: %d\r\n\r\n" % len(body) + body)


def get(path: str, extra: bytes = b"") -> bytes:
    return b"GET %s HTTP/1.1\r\nHost: x\r\n" % path.encode() + AUTH + extra + b"\r\n"


async def read_answer(reader: asyncio.StreamReader) -> tuple[int, list[tuple[str, str]], bytes]:
    """One answer off a keep-alive connection: status, headers in order, body."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 15)
    lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
    headers = [tuple(line.split(": ", 1)) for line in lines[1:]]
    length = int(dict(headers)["Content-Length"])
    body = await asyncio.wait_for(reader.readexactly(length), 15)
    return int(lines[0].split(" ")[1]), headers, body


async def connect(server):
    return await asyncio.open_connection(server.host, server.port)


async def warm(reader, writer) -> None:
    """A first request: the connection's handler is then idle, waiting, as the lane needs."""
    writer.write(get("/v1/customers?limit=1"))
    assert (await read_answer(reader))[0] == 200
    await asyncio.sleep(0.05)


def counting(monkeypatch) -> list[str]:
    """The paths the express lane answers, as it answers them ("waited" for each answer that
    went on in a task)."""
    answered: list[str] = []
    original, finish = express.ExpressRequestHandler._answer, express.ExpressRequestHandler._finish

    def answer(self, message, payload):
        answered.append(message.path)
        return original(self, message, payload)

    def finished(self, coro, waiting):
        answered.append("waited")
        return finish(self, coro, waiting)

    monkeypatch.setattr(express.ExpressRequestHandler, "_answer", answer)
    monkeypatch.setattr(express.ExpressRequestHandler, "_finish", finished)
    return answered


async def idle_connection(server, monkeypatch):
    """A warmed connection, and the paths the lane answers from now on."""
    answered = counting(monkeypatch)
    reader, writer = await connect(server)
    await warm(reader, writer)
    answered.clear()
    return answered, reader, writer


async def test_pipelined_requests_are_answered_in_order_across_both_lanes(server, monkeypatch):
    answered = counting(monkeypatch)
    reader, writer = await connect(server)
    await warm(reader, writer)
    writer.write(post("/v1/customers", b"email=first%40example.com")  # express
                 + b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n"  # not /v1/: queued
                 + post("/v1/customers", b"email=third%40example.com")  # queued behind it
                 + get("/v1/customers"))
    answers = [await read_answer(reader) for _ in range(4)]
    writer.close()
    assert [status for status, _, _ in answers] == [200, 200, 200, 200]
    first, health, third, listed = (json.loads(body) for _, _, body in answers)
    assert first["email"] == "first@example.com"
    assert health["status"] == "ok"
    assert third["email"] == "third@example.com"
    assert [c["email"] for c in listed["data"]] == ["third@example.com", "first@example.com"]
    assert "/v1/customers" in answered and "/_emulator/health" not in answered


async def test_a_body_still_coming_takes_the_usual_lane_and_order_holds(server, monkeypatch):
    answered, reader, writer = await idle_connection(server, monkeypatch)
    whole = post("/v1/customers", b"email=slow%40example.com")
    writer.write(whole[:-5])  # the body's last bytes come later
    await writer.drain()
    await asyncio.sleep(0.1)
    writer.write(whole[-5:] + post("/v1/customers", b"email=next%40example.com"))
    slow, nxt = await read_answer(reader), await read_answer(reader)
    writer.close()
    assert json.loads(slow[2])["email"] == "slow@example.com"
    assert json.loads(nxt[2])["email"] == "next@example.com"
    assert answered == []  # the request behind a usual one waits its turn in the usual lane


async def test_both_lanes_answer_with_the_same_headers(server, monkeypatch):
    answered, reader, writer = await idle_connection(server, monkeypatch)
    whole = post("/v1/customers/cus_missing", b"name=Someone")
    writer.write(whole)
    express_answer = await read_answer(reader)
    assert answered == ["/v1/customers/cus_missing"]
    answered.clear()
    writer.write(whole[:-4])  # the body's end comes later: aiohttp's lane
    await writer.drain()
    await asyncio.sleep(0.05)
    writer.write(whole[-4:])
    usual_answer = await read_answer(reader)
    writer.close()
    assert answered == []

    def shape(answer):
        status, headers, body = answer
        error = json.loads(body)["error"]
        return status, [name for name, _ in headers], error["code"], error["message"]

    assert shape(express_answer) == shape(usual_answer)
    assert shape(express_answer)[0] == 404
    names = shape(express_answer)[1]
    assert names == ["Content-Type", "Request-Id", "Stripe-Version", "Content-Length", "Date",
                     "Server"]


async def test_a_request_that_waits_holds_the_ones_behind_it(aiohttp_server, tmp_path,
                                                              monkeypatch):
    # With --data every change waits for its commit to the file: each answer waits.
    server = await aiohttp_server(create_app(Config(log_level="warning",
                                                    data=str(tmp_path / "data.db"))))
    answered, reader, writer = await idle_connection(server, monkeypatch)
    writer.write(post("/v1/customers", b"email=a%40example.com")
                 + post("/v1/customers", b"email=b%40example.com")
                 + get("/v1/customers"))
    answers = [await read_answer(reader) for _ in range(3)]
    writer.close()
    assert answered.count("/v1/customers") == 3  # all in the express lane
    assert answered.count("waited") >= 2  # each create waited for its commit, in a task
    a, b, listed = (json.loads(body) for _, _, body in answers)
    assert (a["email"], b["email"]) == ("a@example.com", "b@example.com")
    assert [c["id"] for c in listed["data"]] == [b["id"], a["id"]]


async def test_a_malformed_request_on_a_busy_connection_is_a_stripe_error(server):
    reader, writer = await connect(server)
    await warm(reader, writer)
    # (as aiohttp's own lane does, the bad read is answered alone, and the connection closed)
    writer.write(get("/v1/customers") + b"GET /v1/customers HTTP/1.1\r\nX-Bad: a\x00b\r\n\r\n")
    data = await asyncio.wait_for(reader.read(), 15)
    writer.close()
    assert data.startswith(b"HTTP/1.0 400 Bad Request\r\n") and data.count(b"HTTP/1.") == 1
    error = json.loads(data.partition(b"\r\n\r\n")[2])["error"]
    assert error["type"] == "invalid_request_error"
    assert "could not be read" in error["message"]


async def test_connection_close_and_http_1_0_are_answered_then_closed(server):
    for raw in (get("/v1/customers", b"Connection: close\r\n"),
                b"GET /v1/customers HTTP/1.0\r\nHost: x\r\n" + AUTH + b"\r\n"):
        reader, writer = await connect(server)
        writer.write(raw)
        data = await asyncio.wait_for(reader.read(), 15)  # to the end: the server closed
        writer.close()
        assert data.startswith((b"HTTP/1.1 200 OK", b"HTTP/1.0 200 OK"))
        assert json.loads(data.partition(b"\r\n\r\n")[2])["object"] == "list"


async def test_an_idle_connection_is_closed_after_the_keep_alive_timeout(aiohttp_server):
    server = await aiohttp_server(create_app(Config(log_level="warning")),
                                  keepalive_timeout=0.3)
    reader, writer = await connect(server)
    await warm(reader, writer)
    writer.write(get("/v1/customers"))  # answered in the express lane
    assert (await read_answer(reader))[0] == 200
    assert await asyncio.wait_for(reader.read(), 5) == b""  # closed once idle for 0.3 s
    writer.close()


async def test_a_request_waiting_when_the_client_leaves_harms_no_other(aiohttp_server,
                                                                       tmp_path):
    server = await aiohttp_server(create_app(Config(log_level="warning",
                                                    data=str(tmp_path / "data.db"))))
    reader, writer = await connect(server)
    await warm(reader, writer)
    writer.write(post("/v1/customers", b"email=gone%40example.com")
                 + post("/v1/customers", b"email=held%40example.com"))
    writer.close()  # gone before any answer
    await asyncio.sleep(0.3)
    reader, writer = await connect(server)
    writer.write(get("/v1/customers", b"Connection: close\r\n"))
    data = await asyncio.wait_for(reader.read(), 15)
    writer.close()
    assert data.startswith(b"HTTP/1.1 200 OK")


def test_resuming_a_waiting_coroutine_passes_values_and_cancellation_on():
    async def waits(fut):
        try:
            return await fut
        except asyncio.CancelledError:
            return "cancelled"

    async def main():
        loop = asyncio.get_running_loop()
        for cancel in (False, True):
            fut = loop.create_future()
            coro = waits(fut)
            waiting = coro.send(None)  # it waits on `fut`
            assert waiting is fut
            task = loop.create_task(_await(express._resumed(coro, waiting)))
            await asyncio.sleep(0)
            if cancel:
                task.cancel()
            else:
                fut.set_result("value")
            assert await task == ("cancelled" if cancel else "value")

    async def _await(awaitable):
        return await awaitable

    asyncio.run(main())


def test_only_a_plain_answer_is_written_by_the_lane_itself():
    assert express._plain(web.Response(body=b"{}", content_type="application/json"))
    for status in (204, 304):  # no body: aiohttp's writer knows what to leave out
        assert not express._plain(web.Response(status=status))
    closing = web.Response(body=b"{}")
    closing.force_close()
    assert not express._plain(closing)
    assert not express._plain(web.StreamResponse())


async def test_the_sdks_requests_take_the_express_lane(server, client, monkeypatch):
    answered = counting(monkeypatch)
    for n in range(3):
        await client.v1.customers.create_async({"email": f"sdk{n}@example.com"})
    customers = await client.v1.customers.list_async()
    assert [c.email for c in customers.data] == ["sdk2@example.com", "sdk1@example.com",
                                                 "sdk0@example.com"]
    # (the first request of a connection may come before aiohttp's loop waits for one)
    assert answered.count("/v1/customers") >= 3 and "waited" not in answered
