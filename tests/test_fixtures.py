"""Fixture documents (the Stripe CLI's format): references, loading at start (each key its
own copy), `POST /_emulator/fixtures`, a bad fixture's message, the shipped data sets."""

import json
from pathlib import Path

import pytest

from stripe_emulator import fixtures
from stripe_emulator.app import create_app
from stripe_emulator.config import Config

SHIPPED = sorted((Path(__file__).parent.parent / "fixtures").glob("*.json"))
DOC = {"_meta": {"template_version": 0}, "fixtures": [
    {"name": "cus", "path": "/v1/customers", "method": "post",
     "params": {"email": "f@example.com", "balance": -500, "metadata": {"n": 1},
                "address": {"country": "DE", "line1": "${.env:FIXTURE_STREET|Hauptstr. 1}"}}},
    {"name": "tax", "path": "/v1/customers/${cus:id}/tax_ids", "method": "post",
     "params": {"type": "eu_vat", "value": "DE123456789"}},
    {"name": "again", "path": "/v1/customers/${cus:id}", "method": "post",
     "params": {"description": "country ${cus:address.country}", "metadata": {"n": 2}}},
    {"name": "listed", "path": "/v1/customers/${cus:id}/tax_ids", "method": "get",
     "params": {"limit": 1}},
    {"name": "copy", "path": "/v1/customers", "method": "post",
     "params": {"email": "copy@example.com", "metadata": {"of": "${listed:data.0.value}"}}},
]}


def test_parse_refuses_what_is_not_a_fixture_document():
    for text, words in (("nope", "not JSON"), ("[]", "`fixtures` list"),
                        ('{"fixtures": [{"path": "v1/x"}]}', "`path` must be an API path"),
                        ('{"fixtures": [{"path": "/v1/x", "method": "put"}]}', "method")):
        with pytest.raises(fixtures.FixtureError) as exc:
            fixtures.parse(text, "f.json")
        assert exc.value.args[0].startswith("f.json: ") and words in exc.value.args[0]


@pytest.fixture
async def seeded(aiohttp_server, tmp_path, monkeypatch):
    monkeypatch.delenv("FIXTURE_STREET", raising=False)
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(DOC))
    server = await aiohttp_server(create_app(Config(log_level="warning", seed=3,
                                                    fixtures=(str(path),))))
    return str(server.make_url("")).rstrip("/")


async def test_fixtures_at_start_give_each_key_its_own_copy(seeded, make_client):
    one, two = make_client("sk_test_one", base=seeded), make_client("sk_test_two", base=seeded)
    [copy, first] = (await one.v1.customers.list_async()).data
    assert (first.email, first.balance, first.description) == ("f@example.com", -500,
                                                               "country DE")
    assert first.address.line1 == "Hauptstr. 1" and first.metadata.to_dict() == {"n": "2"}
    assert copy.metadata["of"] == "DE123456789"
    assert (await one.v1.customers.tax_ids.list_async(first.id)).data[0].value == "DE123456789"
    # the other key has the same data, its own objects
    [_, theirs] = (await two.v1.customers.list_async()).data
    assert theirs.email == "f@example.com" and theirs.id != first.id
    await one.v1.customers.delete_async(first.id)
    assert len((await two.v1.customers.list_async()).data) == 2
    events = (await one.v1.events.list_async({"limit": 100})).data
    created = next(e for e in events if e.type == "customer.created")
    assert created.request.id is None and created.request.idempotency_key is None


async def test_loading_a_document_at_run_time(http, v1):
    async with http.post("/_emulator/fixtures", data=json.dumps(DOC),
                         headers={"Content-Type": "application/json"}) as resp:
        assert resp.status == 200
        body = await resp.json()
    assert body["object"] == "emulator.fixtures_loaded"
    assert body["fixtures"]["cus"]["object"] == "customer"
    assert (await v1.customers.retrieve_async(body["fixtures"]["cus"]["id"])).balance == -500


async def test_a_bad_fixture_names_its_step_and_param_and_keeps_nothing(http, v1):
    bad = {"fixtures": [
        {"name": "ok", "path": "/v1/customers", "method": "post", "params": {"email": "a@b.co"}},
        {"name": "broken", "path": "/v1/invoiceitems", "method": "post",
         "params": {"customer": "${ok:id}", "amount": "lots", "currency": "usd"}}]}
    async with http.post("/_emulator/fixtures", data=json.dumps(bad)) as resp:
        assert resp.status == 400
        message = (await resp.json())["error"]["message"]
    assert message.startswith("request: fixture 'broken': ") and "(param amount)" in message
    assert (await v1.customers.list_async()).data == []
    for doc, words in (
            ({"fixtures": [{"path": "/v1/nothing", "method": "post"}]}, "no POST /v1/nothing"),
            ({"fixtures": [{"name": "x", "path": "/v1/customers/${y:id}"}]},
             "no earlier fixture is named 'y'"),
            ({"fixtures": [{"name": "x", "path": "/v1/customers", "params": {
                "email": "${.env:SURELY_NOT_SET_ANYWHERE}"}}]}, "the environment has no")):
        async with http.post("/_emulator/fixtures", data=json.dumps(doc)) as resp:
            assert resp.status == 400 and words in (await resp.json())["error"]["message"]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
async def test_the_shipped_data_sets_load(http, v1, path):
    async with http.post("/_emulator/fixtures", data=path.read_bytes()) as resp:
        assert resp.status == 200, await resp.text()
        made = (await resp.json())["fixtures"]
    assert made
    name = path.stem
    if name == "customers":
        found = await v1.customers.search_async({"query": "metadata['fixture']:'customers'"})
        countries = {c.address.country for c in found.data}
        assert countries == {"US", "DE", "FR", "GB", "JP", "BR", "AU"}
    elif name == "invoices":
        statuses = sorted(i.status for i in (await v1.invoices.list_async()).data)
        assert statuses == ["draft", "open", "paid"]
    elif name == "subscriptions":
        subs = (await v1.subscriptions.list_async()).data
        assert sorted(s.status for s in subs) == ["active", "trialing"]
        active = next(s for s in subs if s.status == "active")
        assert len(active.discounts) == 1


def test_every_shipped_file_is_in_the_readme():
    readme = (Path(__file__).parent.parent / "fixtures" / "README.md").read_text()
    assert SHIPPED and all(f"`{p.name}`" in readme for p in SHIPPED)


async def test_a_bad_start_up_fixture_stops_the_app(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"fixtures": [
        {"name": "c", "path": "/v1/customers", "params": {"balance": "x"}}]}))
    with pytest.raises(fixtures.FixtureError) as exc:
        create_app(Config(fixtures=(str(path),)))
    assert str(exc.value) == (f"{path}: fixture 'c': Invalid integer: x (param balance)")



