"""Stripe's HTTP conventions: keys and accounts, headers, unknown routes, bodies, 500s."""

import base64
import re

import aiohttp
import pytest
import stripe

from conftest import KEY
from stripe_emulator import API_VERSION
from stripe_emulator.store.memory import Account


async def test_missing_key_is_a_401_that_the_sdk_raises_as_authentication_error(http):
    async with http.get("/v1/customers", headers={"Authorization": ""}) as r:
        body = await r.json()
    assert r.status == 401
    assert body["error"]["type"] == "invalid_request_error"
    assert body["error"]["message"].startswith("You did not provide an API key.")


@pytest.mark.parametrize("key", ["sk_test_", "not_a_key", "sk_prod_abc", "sk_test_a b"])
async def test_malformed_key_is_a_401(make_client, key):
    with pytest.raises(stripe.AuthenticationError) as exc:
        await make_client(key).v1.customers.list_async()
    assert exc.value.http_status == 401
    assert exc.value.user_message.startswith("Invalid API Key provided: ")


async def test_invalid_key_is_masked_in_the_message(make_client):
    with pytest.raises(stripe.AuthenticationError) as exc:
        await make_client("sk_test_abc-def-ghij").v1.customers.list_async()
    assert exc.value.user_message == "Invalid API Key provided: sk_test_********ghij"


async def test_publishable_key_is_refused(make_client):
    with pytest.raises(stripe.AuthenticationError) as exc:
        await make_client("pk_test_123").v1.customers.list_async()
    assert "publishable API key" in exc.value.user_message


async def test_basic_auth_with_the_key_as_user_name(http):
    token = base64.b64encode(b"sk_test_emulator_suite:").decode()
    async with http.post("/v1/customers", data={"email": "b@a.sic"},
                         headers={"Authorization": f"Basic {token}"}) as r:
        created = await r.json()
        assert r.status == 200
    # The same key as Bearer sees the same account.
    async with http.get(f"/v1/customers/{created['id']}") as r:
        assert r.status == 200


async def test_each_key_is_its_own_account(make_client):
    a, b = make_client("sk_test_team_a"), make_client("sk_test_team_b")
    made = await a.v1.customers.create_async({"email": "a@team.io"})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await b.v1.customers.retrieve_async(made.id)
    assert exc.value.http_status == 404
    assert (await b.v1.customers.list_async()).data == []
    assert [c.id for c in (await a.v1.customers.list_async()).data] == [made.id]


async def test_live_keys_make_livemode_objects(make_client):
    c = await make_client("sk_live_prod").v1.customers.create_async()
    assert c.livemode is True


async def test_every_response_carries_a_request_id(http, customers):
    c = await customers.create_async()
    assert re.fullmatch(r"req_[A-Za-z0-9]{14}", c.last_response.request_id)
    for path in ("/v1/customers", "/v1/nowhere"):
        async with http.get(path) as r:
            assert re.fullmatch(r"req_[A-Za-z0-9]{14}", r.headers["Request-Id"])


async def test_error_body_links_the_request_log(http):
    async with http.get("/v1/customers/cus_missing") as r:
        body = await r.json()
    rid = r.headers["Request-Id"]
    assert body["error"]["request_log_url"].startswith(
        f"https://dashboard.stripe.com/test/logs/{rid}?t=")
    assert body["error"]["doc_url"] == "https://stripe.com/docs/error-codes/resource-missing"


async def test_stripe_version_is_echoed_or_defaults_to_the_pinned_one(http):
    async with http.get("/v1/customers") as r:
        assert r.headers["Stripe-Version"] == API_VERSION
    async with http.get("/v1/customers", headers={"Stripe-Version": "2025-09-30.clover"}) as r:
        assert r.headers["Stripe-Version"] == "2025-09-30.clover"
    async with http.get("/v1/customers", headers={"Stripe-Version": "2019-2-19"}) as r:
        body = await r.json()
        assert r.status == 400
        assert body["error"]["message"] == "Invalid Stripe API version: 2019-2-19"


async def test_the_sdk_sends_the_pinned_version(customers):
    c = await customers.create_async()
    assert c.last_response.headers["Stripe-Version"] == "2026-10-28.endive"


async def test_unknown_route_is_stripes_unrecognized_url_404(http, client):
    async with http.get("/v1/nonsense") as r:
        body = await r.json()
    assert r.status == 404
    assert body["error"]["message"].startswith("Unrecognized request URL (GET: /v1/nonsense).")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await client.raw_request_async("get", "/v1/widgets")
    assert exc.value.http_status == 404


async def test_wrong_method_on_a_known_route_is_unrecognized_too(http):
    async with http.put("/v1/customers") as r:
        body = await r.json()
    assert r.status == 404
    assert body["error"]["message"].startswith("Unrecognized request URL (PUT: /v1/customers).")
    async with http.delete("/v1/customers") as r:
        assert r.status == 404


async def test_trailing_slash_gets_the_hint(http):
    async with http.get("/v1/customers/") as r:
        body = await r.json()
    assert r.status == 404
    assert "remove the trailing slash" in body["error"]["message"]


async def test_a_body_that_is_not_form_encoded_is_a_400(http, customers):
    async with http.post("/v1/customers", json={"email": "j@son.io"}) as r:
        body = await r.json()
    assert r.status == 400
    assert "application/x-www-form-urlencoded" in body["error"]["message"]
    assert body["error"]["type"] == "invalid_request_error"
    async with http.post("/v1/customers", data=b"email=\xff\xfe",
                         headers={"Content-Type": "application/x-www-form-urlencoded"}) as r:
        assert r.status == 400
    assert (await customers.list_async()).data == []


async def test_an_unexpected_exception_is_an_api_error_without_a_traceback(
    http, monkeypatch, caplog
):
    def explode(self, kind, obj):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Account, "create", explode)
    async with http.post("/v1/customers", data={"email": "x@y.io"}) as r:
        body = await r.json()
    assert r.status == 500
    assert body["error"]["type"] == "api_error"
    assert "secret internals" not in body["error"]["message"]
    assert "Traceback" not in str(body)
    assert r.headers["Stripe-Should-Retry"] == "false"
    assert "secret internals" in caplog.text  # logged, with the request id
    assert r.headers["Request-Id"] in caplog.text


async def test_admin_health_and_reset(http, make_client, base_url):
    c = make_client()
    await c.v1.customers.create_async()
    async with http.get("/_emulator/health") as r:
        assert (await r.json())["status"] == "ok"
    other = make_client("sk_test_other")
    await other.v1.customers.create_async()
    async with http.post("/_emulator/reset") as r:  # with the key: that account only
        assert (await r.json()) == {"reset": "account"}
    assert (await c.v1.customers.list_async()).data == []
    assert len((await other.v1.customers.list_async()).data) == 1
    async with http.post("/_emulator/reset", headers={"Authorization": ""}) as r:
        body = await r.json()  # no key, no reset: nothing over HTTP erases another account
    assert r.status == 401 and body["error"]["type"] == "invalid_request_error"
    assert "API key" in body["error"]["message"]
    assert len((await other.v1.customers.list_async()).data) == 1


async def test_an_oversized_body_gets_stripes_error_shape(http):
    body = "description=" + "x" * (5 * 1024 * 1024)
    async with http.post("/v1/customers", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded"}) as r:
        payload = await r.json()
    assert r.status == 413
    assert payload["error"]["type"] == "invalid_request_error"
    assert "Request-Id" in r.headers


async def test_expect_100_continue_is_answered(base_url):
    """curl sends `Expect: 100-continue` with bodies over 1 KiB and waits for the go-ahead."""
    async with aiohttp.ClientSession(base_url, headers={"Authorization": f"Bearer {KEY}"}) as s:
        async with s.post("/v1/customers", data={"description": "x" * 2000},
                          expect100=True) as r:
            assert r.status == 200 and (await r.json())["description"] == "x" * 2000
        async with s.post("/v1/customers", data={"email": "e@x.io"},
                          headers={"Expect": "something-else"}) as r:
            assert r.status == 417
            assert (await r.json())["error"]["type"] == "invalid_request_error"
