"""One request, one context: events name their own request; seeded ids do not depend on
what else the server serves."""

from __future__ import annotations

import asyncio

import aiohttp

from conftest import KEY
from stripe_emulator.app import STORE, create_app
from stripe_emulator.config import Config


async def test_overlapping_requests_each_record_their_own_request(server, base_url, client):
    """Request A's headers arrive, its body is held back while B runs whole; then A's body."""
    reader, writer = await asyncio.open_connection(server.host, server.port)
    body = b"email=held%40x.io"
    writer.write(b"POST /v1/customers HTTP/1.1\r\nHost: localhost\r\n"
                 b"Authorization: Bearer " + KEY.encode() + b"\r\n"
                 b"Idempotency-Key: key-a\r\nStripe-Version: 2025-03-31.basil\r\n"
                 b"Content-Type: application/x-www-form-urlencoded\r\n"
                 b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
    await writer.drain()
    await asyncio.sleep(0.05)  # A is being served: its context is set, its body not read
    b = await client.v1.customers.create_async({"email": "b@x.io"},
                                               {"idempotency_key": "key-b"})
    b_request = b.last_response.request_id
    writer.write(body)
    await writer.drain()
    head = (await reader.readuntil(b"\r\n\r\n")).decode()
    writer.close()
    a_request = next(line.split(": ", 1)[1] for line in head.split("\r\n")
                     if line.lower().startswith("request-id:"))
    assert a_request != b_request

    events = (await client.v1.events.list_async({"type": "customer.created"})).data
    by_email = {e.data.object.email: e for e in events}
    assert by_email["held@x.io"].request.id == a_request
    assert by_email["held@x.io"].request.idempotency_key == "key-a"
    assert by_email["held@x.io"].api_version == "2025-03-31.basil"
    assert by_email["b@x.io"].request.id == b_request
    assert by_email["b@x.io"].request.idempotency_key == "key-b"
    assert by_email["b@x.io"].api_version == "2026-10-28.endive"


async def test_a_change_no_request_caused_has_a_null_request(server, client):
    await client.v1.customers.create_async({"email": "first@x.io"})  # the account exists
    account = server.app[STORE].accounts[KEY]
    [stored] = account.collections["customer"].objects.values()
    with account.transaction():  # as fixtures loading or a clock advance will
        account.create("customer", {**stored, "id": "cus_byserver", "email": "server@x.io"})
    [event] = [e for e in (await client.v1.events.list_async()).data
               if e.data.object.id == "cus_byserver"]
    assert event.request.id is None and event.request.idempotency_key is None


async def sequence(client, between) -> list[str]:
    """Calls whose ids must repeat (objects of several kinds, an update, a finalize), with
    `between()` after each."""
    v1, ids = client.v1, []
    c = await v1.customers.create_async({"email": "s@x.io", "balance": 100})
    await between()
    await v1.customers.update_async(c.id, {"name": "S"})
    await between()
    tax_id = await v1.customers.tax_ids.create_async(c.id, {"type": "us_ein",
                                                            "value": "12-3456789"})
    await between()
    pm = await v1.payment_methods.attach_async("pm_card_visa", {"customer": c.id})
    await between()
    item = await v1.invoice_items.create_async({"customer": c.id, "amount": 700,
                                                "currency": "usd"})
    await between()
    inv = await v1.invoices.create_async({"customer": c.id,
                                          "pending_invoice_items_behavior": "include"})
    await between()
    inv = await v1.invoices.finalize_invoice_async(inv.id)
    ids += [c.id, tax_id.id, pm.id, item.id, inv.id, inv.number, c.invoice_prefix]
    return ids


async def test_seeded_ids_do_not_depend_on_what_else_is_served(aiohttp_server, make_client):
    async def run(interleave: bool) -> tuple[list[str], list[str]]:
        server = await aiohttp_server(create_app(Config(log_level="warning", seed=42)))
        base = str(server.make_url("")).rstrip("/")
        me, other = make_client(base=base), make_client("sk_test_someone_else", base=base)

        async def nothing() -> None:
            pass

        async def others() -> None:  # health checks, another key's traffic, my own reads
            async with aiohttp.ClientSession() as session, \
                    session.get(base + "/_emulator/health") as r:
                assert r.status == 200
            await other.v1.customers.create_async({"email": "o@x.io"})
            await me.v1.events.list_async()
            await me.v1.customers.list_async()
            await me.v1.accounts.retrieve_current_async()
            await me.v1.balance.retrieve_async()

        if interleave:
            await others()
        ids = await sequence(me, others if interleave else nothing)
        events = [e.id for e in (await me.v1.events.list_async({"limit": 100})).data]
        await server.close()
        return ids, events

    plain, interleaved = await run(False), await run(True)
    assert plain == interleaved
    assert len(plain[1]) >= 8  # events too: their ids are drawn when the change happens
