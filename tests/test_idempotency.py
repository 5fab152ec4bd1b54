"""Idempotency-Key: executed once per account, replayed, refused with other params."""

import asyncio

import pytest
import stripe


async def test_a_retry_with_the_same_key_replays_the_first_result(customers):
    first = await customers.create_async({"email": "once@x.io"}, {"idempotency_key": "k-1"})
    again = await customers.create_async({"email": "once@x.io"}, {"idempotency_key": "k-1"})
    assert again.id == first.id
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert again.last_response.headers["Original-Request"] == first.last_response.request_id
    assert "Idempotent-Replayed" not in first.last_response.headers
    assert len((await customers.list_async()).data) == 1


async def test_same_key_with_other_params_is_an_idempotency_error(customers):
    await customers.create_async({"email": "a@x.io"}, {"idempotency_key": "k-2"})
    with pytest.raises(stripe.IdempotencyError) as exc:
        await customers.create_async({"email": "b@x.io"}, {"idempotency_key": "k-2"})
    assert exc.value.http_status == 400
    assert exc.value.error.type == "idempotency_error"
    assert "k-2" in exc.value.user_message
    assert len((await customers.list_async()).data) == 1


async def test_same_key_on_another_endpoint_is_an_idempotency_error(customers):
    c = await customers.create_async({}, {"idempotency_key": "k-3"})
    with pytest.raises(stripe.IdempotencyError):
        await customers.update_async(c.id, {}, {"idempotency_key": "k-3"})


async def test_param_order_does_not_matter(http):
    headers = {"Idempotency-Key": "k-order"}
    async with http.post("/v1/customers", data="name=a&email=a%40x.io", headers={
            **headers, "Content-Type": "application/x-www-form-urlencoded"}) as r:
        first = await r.json()
    async with http.post("/v1/customers", data="email=a%40x.io&name=a", headers={
            **headers, "Content-Type": "application/x-www-form-urlencoded"}) as r:
        assert (await r.json())["id"] == first["id"]
        assert r.headers["Idempotent-Replayed"] == "true"


async def test_keys_are_scoped_per_account(make_client):
    a, b = make_client("sk_test_a"), make_client("sk_test_b")
    ca = await a.v1.customers.create_async({}, {"idempotency_key": "shared"})
    cb = await b.v1.customers.create_async({}, {"idempotency_key": "shared"})
    assert ca.id != cb.id


async def test_concurrent_retries_of_one_key_execute_once(customers):
    results = await asyncio.gather(*(
        customers.create_async({"email": "race@x.io"}, {"idempotency_key": "k-race"})
        for _ in range(20)
    ))
    assert len({c.id for c in results}) == 1
    assert len((await customers.list_async()).data) == 1


async def test_a_validation_failure_is_not_saved(customers):
    with pytest.raises(stripe.InvalidRequestError):
        await customers.create_async({"email": "bad"}, {"idempotency_key": "k-4"})
    c = await customers.create_async({"email": "good@x.io"}, {"idempotency_key": "k-4"})
    assert c.email == "good@x.io"


async def test_a_failure_during_execution_is_saved_and_replayed(customers):
    await customers.create_async({"invoice_prefix": "TAKEN"})
    for attempt in range(2):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await customers.create_async({"invoice_prefix": "TAKEN"}, {"idempotency_key": "k-5"})
        assert exc.value.param == "invoice_prefix"
        replayed = exc.value.headers.get("Idempotent-Replayed")
        assert replayed == ("true" if attempt else None)


async def test_overlong_key_is_refused(customers):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.create_async({}, {"idempotency_key": "k" * 256})
    assert exc.value.http_status == 400
    assert (await customers.list_async()).data == []


async def test_get_ignores_the_key(http):
    async with http.get("/v1/customers", headers={"Idempotency-Key": "k-get"}) as r:
        assert r.status == 200 and "Idempotent-Replayed" not in r.headers
    async with http.get("/v1/customers", headers={"Idempotency-Key": "k-get"}) as r:
        assert r.status == 200 and "Idempotent-Replayed" not in r.headers


async def test_a_key_still_in_progress_is_a_409():
    """Two requests interleaved inside the server: the second meets the first in progress."""
    from aiohttp import web
    from aiohttp.test_utils import make_mocked_request

    from stripe_emulator.context import CURRENT, RequestContext
    from stripe_emulator.errors import ConflictError
    from stripe_emulator.http.idempotency import idempotent
    from stripe_emulator.store.memory import Store

    account, gate = Store(seed=0).account("sk_test_k"), asyncio.Event()

    async def call():
        CURRENT.set(RequestContext("req_test", "k", account=account))  # as the pipeline does
        with account.transaction():
            return await idempotent(request(), "k", account, slow)

    async def slow(request):
        await gate.wait()
        return web.json_response({"ok": True})

    def request():
        req = make_mocked_request("POST", "/v1/customers", payload=None)

        async def read():
            return b"a=1"

        req.read = read
        return req

    first = asyncio.create_task(call())
    await asyncio.sleep(0)
    with pytest.raises(ConflictError) as exc:
        await call()
    assert exc.value.status == 409 and exc.value.code == "idempotency_key_in_use"
    gate.set()
    assert (await first).status == 200
    replay = await call()
    assert replay.headers["Idempotent-Replayed"] == "true"
