"""Every path the SDK types as expandable expands, on every emulated object; a bad path is
refused alike on an empty list and a full one.

The paths come from the SDK itself (the same reading of its classes that generates the server's
table), so a path Stripe adds at a new version is tested the day the SDK is bumped.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import stripe

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("sdk_expandables", ROOT / "tools/sdk_expandables.py")
sdk_expandables = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sdk_expandables)

OBJECTS = ["customer", "invoice", "invoiceitem", "line_item", "tax_id",
           "customer_balance_transaction", "payment_method", "account", "product", "price",
           "subscription", "subscription_item"]


def sdk_paths(object_name: str) -> list[str]:
    import stripe._object_classes as oc

    module, cls = oc.OBJECT_CLASSES[object_name]
    return sorted(sdk_expandables.paths(module, cls))


def test_the_committed_table_is_the_installed_sdks():
    table = json.loads((ROOT / "server/stripe_emulator/api/sdk_expandables.json").read_text())
    assert table["stripe_python"] == stripe.VERSION
    for name in OBJECTS:
        assert sorted(table["objects"].get(name, {})) == sdk_paths(name), name


@pytest.fixture
async def world(client):
    """One of each object, with the references filled that the emulator can fill."""
    v1 = client.v1
    customer = await v1.customers.create_async({"payment_method": "pm_card_visa"})
    pm = (await v1.payment_methods.list_async({"customer": customer.id})).data[0]
    await v1.customers.update_async(customer.id, {
        "invoice_settings": {"default_payment_method": pm.id}})
    tax_id = await v1.customers.tax_ids.create_async(
        customer.id, {"type": "eu_vat", "value": "DE123456789"})
    item = await v1.invoice_items.create_async({"customer": customer.id, "amount": 500,
                                                "currency": "usd"})
    invoice = await v1.invoices.create_async({"customer": customer.id,
                                              "pending_invoice_items_behavior": "include"})
    txn = await v1.customers.balance_transactions.create_async(
        customer.id, {"amount": -100, "currency": "usd"})
    product = await v1.products.create_async({"name": "P", "default_price_data": {
        "currency": "usd", "unit_amount": 100}})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 100, "product":
                                          product.id, "recurring": {"interval": "month"}})
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    return {
        "subscription": f"/v1/subscriptions/{sub.id}",
        "subscription_item": f"/v1/subscription_items/{sub['items'].data[0].id}",
        "product": f"/v1/products/{product.id}",
        "price": f"/v1/prices/{product.default_price}",
        "customer": f"/v1/customers/{customer.id}",
        "invoice": f"/v1/invoices/{invoice.id}",
        "invoiceitem": f"/v1/invoiceitems/{item.id}",
        "line_item": f"/v1/invoices/{invoice.id}/lines",
        "tax_id": f"/v1/customers/{customer.id}/tax_ids/{tax_id.id}",
        "customer_balance_transaction":
            f"/v1/customers/{customer.id}/balance_transactions/{txn.id}",
        "payment_method": f"/v1/payment_methods/{pm.id}",
        "account": "/v1/account",
    }


@pytest.mark.parametrize("object_name", OBJECTS)
async def test_every_sdk_expandable_path_expands(http, world, object_name):
    url = world[object_name]
    listed = object_name == "line_item"  # reached as a list: paths take the `data.` prefix
    failures = []
    for path in sdk_paths(object_name):
        expand = f"data.{path}" if listed else path
        async with http.get(url, params={"expand[]": expand}) as r:
            if r.status != 200:
                failures.append(f"{expand}: {r.status} {(await r.json())['error']['message']}")
    assert not failures, "\n".join(failures)


async def test_expanded_references_become_their_objects(http, world):
    async with http.get(world["invoice"], params=[
            ("expand[]", "customer"), ("expand[]", "discounts"),
            ("expand[]", "lines.data.discounts"), ("expand[]", "default_payment_method"),
            ("expand[]", "total_discount_amounts.discount")]) as r:
        invoice = await r.json()
    assert r.status == 200
    assert invoice["customer"]["object"] == "customer"
    assert invoice["discounts"] == [] and invoice["lines"]["data"][0]["discounts"] == []
    async with http.get(world["tax_id"], params={"expand[]": "owner.customer"}) as r:
        assert (await r.json())["owner"]["customer"]["object"] == "customer"
    async with http.get(world["customer"], params=[
            ("expand[]", "invoice_settings.default_payment_method"),
            ("expand[]", "tax_ids.data.customer")]) as r:
        customer = await r.json()
    assert customer["invoice_settings"]["default_payment_method"]["object"] == "payment_method"
    assert customer["tax_ids"]["data"][0]["customer"]["id"] == customer["id"]


async def test_dj_stripes_invoice_expansions(client, world):
    """dj-stripe expands discounts on every invoice sync and webhook."""
    invoice_id = world["invoice"].rsplit("/", 1)[1]
    invoice = await client.v1.invoices.retrieve_async(
        invoice_id, {"expand": ["discounts", "lines.data.discounts", "total_discount_amounts"
                                ".discount"]})
    assert invoice.discounts == []
    items = await client.v1.invoice_items.list_async({"expand": ["data.discounts"]})
    assert items.data[0].discounts == []


@pytest.mark.parametrize("path", ["data.nope", "data.customer.nope", "data.discounts.nope",
                                  "nope"])
async def test_a_bad_path_is_refused_on_empty_and_full_lists(http, customers, path):
    async def answer() -> tuple[int, str]:
        async with http.get("/v1/invoiceitems", params={"expand[]": path}) as r:
            return r.status, (await r.json()).get("error", {}).get("message")

    empty = await answer()
    customer = await customers.create_async()
    async with http.post("/v1/invoiceitems", data={"customer": customer.id, "amount": "5",
                                                   "currency": "usd"}) as r:
        assert r.status == 200
    assert empty[0] == 400
    assert await answer() == empty


async def test_a_bad_path_inside_an_empty_included_list_is_refused(http, customers):
    customer = await customers.create_async()
    for path in ("tax_ids.data.nope", "subscriptions.data.nope", "sources.data.nope"):
        async with http.get(f"/v1/customers/{customer.id}", params={"expand[]": path}) as r:
            assert r.status == 400, path
    async with http.get(f"/v1/customers/{customer.id}",
                        params={"expand[]": "subscriptions.data.latest_invoice"}) as r:
        assert r.status == 200
        assert (await r.json())["subscriptions"]["data"] == []
