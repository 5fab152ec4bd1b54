"""Snapshots (`/_emulator/snapshot`), reset, and what a failed request leaves: one account at a
time, exactly, and never another's."""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
import weakref

import pytest
import stripe

from conftest import KEY
from stripe_emulator.app import STORE


async def get_snapshot(http, key: str = KEY) -> dict:
    async with http.get("/_emulator/snapshot", headers={"Authorization": f"Bearer {key}"}) as r:
        assert r.status == 200
        return await r.json()


async def test_a_snapshot_round_trip_is_exact(http, client):
    v1 = client.v1
    c = await v1.customers.create_async({"email": "snap@x.io", "balance": -250,
                                         "payment_method": "pm_card_visa"})
    endpoint = await v1.webhook_endpoints.create_async({"url": "http://127.0.0.1:9/x",
                                                        "enabled_events": ["invoice.paid"]})
    await v1.invoice_items.create_async({"customer": c.id, "amount": 900, "currency": "usd"})
    inv = await v1.invoices.create_async({"customer": c.id,
                                          "pending_invoice_items_behavior": "include"})
    await v1.invoices.finalize_invoice_async(inv.id)
    doc = await get_snapshot(http)
    assert doc["format"] == 1 and doc["collections"]["customer"]["objects"][0][1]["id"] == c.id
    next_customer = await v1.customers.create_async({"email": "next@x.io"})  # then undone:

    async with http.post("/_emulator/reset") as r:
        assert r.status == 200
    assert (await v1.customers.list_async()).data == []
    async with http.post("/_emulator/snapshot", json=doc) as r:
        assert r.status == 200
        assert (await r.json())["objects"]["customer"] == 1
    assert await get_snapshot(http) == doc  # ids, created times, secrets, sequences
    again = await v1.customers.create_async({"email": "next@x.io"})
    assert again.id == next_customer.id  # the id stream was restored too
    inv2 = await v1.invoices.create_async({"customer": c.id})
    await v1.invoice_items.create_async({"customer": c.id, "amount": 1, "currency": "usd",
                                         "invoice": inv2.id})
    assert (await v1.invoices.finalize_invoice_async(inv2.id)).number.endswith("-0002")
    secret = doc["collections"]["_webhook_secret"]["objects"][0][1]
    assert secret == {"id": endpoint.id, "secret": endpoint.secret}


async def test_a_snapshot_goes_to_the_callers_account_only(http, make_client):
    mine, theirs = make_client(), make_client("sk_test_theirs")
    await mine.v1.customers.create_async({"email": "m@x.io"})
    await theirs.v1.customers.create_async({"email": "t@x.io"})
    doc = await get_snapshot(http)
    async with http.post("/_emulator/snapshot", json=doc,
                         headers={"Authorization": "Bearer sk_test_copy"}) as r:
        assert r.status == 200
    copy = make_client("sk_test_copy")
    assert [c.email for c in (await copy.v1.customers.list_async()).data] == ["m@x.io"]
    assert [c.email for c in (await theirs.v1.customers.list_async()).data] == ["t@x.io"]


@pytest.mark.parametrize(("body", "wording"), [
    (b"{not json", "Invalid snapshot"),
    (b'{"format": 99, "meta": {}, "collections": {}}', "format is 99"),
    (b'{"format": 1, "meta": {"livemode": false}, "collections": {}}', "Invalid snapshot"),
    (b'{"format": 1, "meta": {"livemode": false, "ids": {"seed": "s", "drawn": 0}},'
     b' "collections": {"customer": {"objects": [[0, {"no": "id"}]]}}}', "Invalid snapshot"),
])
async def test_a_bad_snapshot_is_refused_and_changes_nothing(http, client, body, wording):
    await client.v1.customers.create_async({"email": "stays@x.io"})
    before = await get_snapshot(http)
    async with http.post("/_emulator/snapshot", data=body,
                         headers={"Content-Type": "application/json"}) as r:
        error = (await r.json())["error"]
    assert r.status == 400 and error["type"] == "invalid_request_error"
    assert wording in error["message"]
    assert await get_snapshot(http) == before


async def test_snapshot_and_reset_need_a_key(http):
    for method, path in (("GET", "/_emulator/snapshot"), ("POST", "/_emulator/snapshot"),
                         ("POST", "/_emulator/reset")):
        async with http.request(method, path, headers={"Authorization": ""}) as r:
            assert r.status == 401, path
            assert (await r.json())["error"]["type"] == "invalid_request_error"


async def test_a_webhook_aimed_at_reset_erases_nothing(server, base_url, client, make_client):
    """Deliveries carry no API key, so an endpoint pointed at the server's own reset route
    (by mistake or on purpose) is refused there, like any keyless call."""
    other = make_client("sk_test_bystander")
    await other.v1.customers.create_async({"email": "bystander@x.io"})
    await client.v1.webhook_endpoints.create_async({"url": base_url + "/_emulator/reset",
                                                    "enabled_events": ["*"]})
    await client.v1.customers.create_async({"email": "trigger@x.io"})
    account = server.app[STORE].accounts[KEY]
    for _ in range(200):
        attempts = account.collections.get("_delivery_attempt")
        if attempts:
            break
        await asyncio.sleep(0.02)
    [attempt] = attempts.objects.values()
    assert attempt["status"] == 401 and not attempt["delivered"]
    assert len((await other.v1.customers.list_async()).data) == 1
    assert len((await client.v1.customers.list_async()).data) == 1


async def test_a_failed_request_leaves_the_store_exactly_as_before(http, client):
    """A value that breaks the response after the customer (and its balance transaction) was
    stored: the request answers an error, and the account is as it was."""
    await client.v1.customers.create_async({"email": "before@x.io"})
    before = await get_snapshot(http)
    async with http.post("/v1/customers", data={"email": "half@x.io",
                                               "balance": str(2 ** 64)}) as r:
        assert r.status >= 400 and "error" in await r.json()
    after = await get_snapshot(http)
    assert after["collections"] == before["collections"]
    assert len((await client.v1.customers.list_async()).data) == 1
    found = await client.v1.customers.search_async({"query": "email:'half@x.io'"})
    assert found.data == []
    assert [e.type for e in (await client.v1.events.list_async()).data] == ["customer.created"]


async def test_a_declined_charge_keeps_what_stripe_keeps(client):
    """The one failure that is also an outcome: the invoice is finalized and the attempt
    counted, though the request answers 402."""
    v1 = client.v1
    c = await v1.customers.create_async({"payment_method": "pm_card_chargeCustomerFail"})
    pm = (await v1.customers.payment_methods.list_async(c.id)).data[0]
    await v1.invoice_items.create_async({"customer": c.id, "amount": 500, "currency": "usd"})
    inv = await v1.invoices.create_async({"customer": c.id,
                                          "pending_invoice_items_behavior": "include"})
    with pytest.raises(stripe.CardError):
        await v1.invoices.pay_async(inv.id, {"payment_method": pm.id})
    inv = await v1.invoices.retrieve_async(inv.id)
    assert inv.status == "open" and inv.attempt_count == 1
    types = [e.type for e in (await v1.events.list_async()).data]
    assert "invoice.payment_failed" in types and "invoice.finalized" in types


async def test_fill_and_reset_frees_the_account(server, http):
    store = server.app[STORE]

    async def fill() -> None:  # raw HTTP: the SDK costs far more under tracemalloc
        for i in range(100):
            async with http.post("/v1/customers", data={"email": f"f{i}@x.io",
                                                        "metadata[i]": str(i)}) as r:
                assert r.status == 200
        async with http.get("/v1/events") as r:
            assert r.status == 200

    async def reset() -> None:
        async with http.post("/_emulator/reset") as r:
            assert r.status == 200

    await fill()
    account = weakref.ref(store.accounts[KEY])
    await reset()
    # aiohttp keeps a connection's last request until its next one: serve one more.
    async with http.get("/v1/customers") as r:
        assert r.status == 200
    gc.collect()
    assert account() is None  # nothing else holds a reset account
    tracemalloc.start()
    try:
        sizes = []
        for _ in range(3):
            await fill()
            await reset()
            gc.collect()
            sizes.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    filled = 100 * 2_000  # well under what 100 customers and their events take
    assert sizes[2] - sizes[0] < filled // 4, sizes  # flat: each round gives back its memory
