"""No input answers 5xx: wrong shapes, out-of-range numbers and odd text are refused with 400.

Two layers: every declared param of every operation is fed values of the wrong shape directly
(a whole class of defect, not a list of cases), and the cases users hit are sent over HTTP,
checking the answer and that nothing was stored.
"""

from __future__ import annotations

from typing import Any

import pytest
import stripe
from marshmallow import Schema

from stripe_emulator.api import params as P
from stripe_emulator.errors import StripeError
from stripe_emulator.resources import RESOURCES


def _deep(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = {"a": value}
    return value


WRONG_SHAPES = [
    {"a": "b"},
    ["x", "y"],
    [{"a": "b"}],
    _deep(1000),
    "9" * 30,
    "1e400",
    "-99999999999999999999",
    "{param}{value}",
    "\x00",
]


def _fields(schema: type[Schema], path: str = "") -> list[tuple[str, type[Schema], str]]:
    """(bracketed path, schema holding it, field name) for every field, nested ones too."""
    out = []
    for name, field in schema._declared_fields.items():
        out.append((f"{path}[{name}]" if path else name, schema, name))
        inner = field.inner if isinstance(field, P.List) else field
        if isinstance(inner, P.Nested):
            out += _fields(inner.schema, f"{path}[{name}]" if path else name)
    return out


PARAMS = sorted({
    (f"{op.method} {op.path} {dotted}", schema, name)
    for resource in RESOURCES for op in resource.operations
    for dotted, schema, name in _fields(op.params)
}, key=lambda t: t[0])


@pytest.mark.parametrize(("where", "schema", "name"), PARAMS, ids=[p[0] for p in PARAMS])
def test_every_param_refuses_wrong_shapes_with_a_stripe_error(where, schema, name):
    for value in WRONG_SHAPES:
        try:
            P.load(schema, {name: value})
        except StripeError as err:
            assert err.status == 400, (where, value)
            if err.code != "parameter_missing":  # else another param the schema requires
                assert err.param and err.param.startswith(name), (where, value, err.param)
            # The value is echoed as sent: no template placeholder survives or gets filled.
            if value == "{param}{value}" and "{" in err.message:
                assert "{param}{value}" in err.message, err.message
        # Accepted is fine too (a string where a string belongs); anything else raised fails.


def test_a_value_with_braces_is_echoed_as_sent():
    with pytest.raises(StripeError) as exc:
        P.load(P.ListParams, {"limit": "{param}"})
    assert exc.value.message == "Invalid integer: {param}"
    assert exc.value.param == "limit"


async def _stored(client) -> tuple[int, int]:
    customers = await client.v1.customers.list_async({"limit": 100})
    events = await client.v1.events.list_async({"limit": 100})
    return len(customers.data), len(events.data)


@pytest.mark.parametrize(("body", "param", "code"), [
    ({"balance": "18446744073709551616"}, "balance", "parameter_invalid_integer"),
    ({"balance": "9223372036854775808"}, "balance", "parameter_invalid_integer"),
    ({"balance": "100000000"}, "balance", "amount_too_large"),
    ({"balance": "-100000000"}, "balance", "amount_too_large"),
    ({"tax_exempt[a]": "b"}, "tax_exempt", None),
    ({"tax_exempt[]": "none"}, "tax_exempt", None),
    ({"name" + "[a]" * 1000: "x"}, "name", None),
    ({"description" + "[a]" * 50: "x"}, "description", None),
    ({"email": "{param}"}, "email", "email_invalid"),
])
async def test_bad_customer_create_is_a_400_and_stores_nothing(http, client, body, param, code):
    before = await _stored(client)
    async with http.post("/v1/customers", data=body) as r:
        error = (await r.json())["error"]
    assert r.status == 400
    assert error["type"] == "invalid_request_error"
    assert error["param"] == param
    assert error.get("code") == code
    assert await _stored(client) == before


async def test_braces_in_a_value_are_echoed_in_the_message(http):
    async with http.post("/v1/customers", data={"email": "{param}"}) as r:
        assert (await r.json())["error"]["message"] == "Invalid email address: {param}"


async def test_amounts_past_eight_digits_are_refused(client, customers):
    customer = await customers.create_async()
    txns = client.v1.customers.balance_transactions
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await txns.create_async(customer.id, {"amount": 100_000_000, "currency": "usd"})
    assert (exc.value.code, exc.value.param) == ("amount_too_large", "amount")
    # Each movement within the limit, the running sum past it: refused, balance unchanged.
    await txns.create_async(customer.id, {"amount": 99_999_999, "currency": "usd"})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await txns.create_async(customer.id, {"amount": 1, "currency": "usd"})
    assert (exc.value.code, exc.value.param) == ("amount_too_large", "amount")
    assert (await customers.retrieve_async(customer.id)).balance == 99_999_999
    assert len((await txns.list_async(customer.id)).data) == 1


@pytest.mark.parametrize(("body", "param"), [
    ({"amount": "99999999999999999999"}, "amount"),
    ({"amount": "100000000"}, "amount"),
    ({"unit_amount_decimal": "1e400"}, "unit_amount_decimal"),
    ({"unit_amount_decimal": "99999999", "quantity": "2"}, "unit_amount_decimal"),
    ({"amount": "100", "period[start]": "99999999999999", "period[end]": "1"}, "period[start]"),
    ({"amount": "100", "period[start]": "-1", "period[end]": "1"}, "period[start]"),
])
async def test_bad_invoice_item_is_a_400_and_stores_nothing(http, customers, client, body, param):
    customer = await customers.create_async()
    async with http.post("/v1/invoiceitems",
                         data={"customer": customer.id, "currency": "usd", **body}) as r:
        error = (await r.json())["error"]
    assert r.status == 400
    assert error["param"] == param
    assert (await client.v1.invoice_items.list_async()).data == []


@pytest.mark.parametrize(("body", "param"), [
    ({"due_date": "99999999999999999"}, "due_date"),
    ({"days_until_due": "99999999999999999"}, "days_until_due"),
])
async def test_bad_invoice_dates_are_a_400(http, customers, client, body, param):
    customer = await customers.create_async()
    async with http.post("/v1/invoices", data={
            "customer": customer.id, "collection_method": "send_invoice", **body}) as r:
        error = (await r.json())["error"]
    assert r.status == 400
    assert error["param"] == param
    assert (await client.v1.invoices.list_async()).data == []


async def test_an_array_where_a_list_filter_enum_belongs(http):
    async with http.get("/v1/invoices", params={"status[]": "open"}) as r:
        error = (await r.json())["error"]
    assert r.status == 400
    assert error["param"] == "status"
    assert error["message"].startswith("Invalid status: must be one of")


async def test_a_forged_search_page_is_refused(customers, http):
    await customers.create_async({"email": "a@b.co"})
    for page in ("page_ffffffff", "page_zz", "nope"):
        async with http.get("/v1/customers/search",
                            params={"query": "email:'a@b.co'", "page": page}) as r:
            error = (await r.json())["error"]
        assert r.status == 400, page
        assert error["param"] == "page"
