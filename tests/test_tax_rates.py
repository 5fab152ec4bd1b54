"""Tax rates through the SDK."""

import pytest
import stripe

SHAPE = {"id", "object", "active", "country", "created", "description", "display_name",
         "effective_percentage", "flat_amount", "inclusive", "jurisdiction",
         "jurisdiction_level", "livemode", "metadata", "percentage", "rate_type", "state",
         "tax_type"}


async def test_create_retrieve_update_list(client):
    rates = client.v1.tax_rates
    r = await rates.create_async({"display_name": "VAT", "inclusive": False, "percentage": 16,
                                  "jurisdiction": "DE", "description": "VAT Germany",
                                  "country": "DE", "tax_type": "vat", "metadata": {"k": "v"}})
    assert set(r.to_dict()) == SHAPE and r.id.startswith("txr_")
    assert (r.percentage, r.inclusive, r.active, r.display_name) == (16, False, True, "VAT")
    assert r.flat_amount is None and r.rate_type is None and r.tax_type == "vat"
    assert (await rates.retrieve_async(r.id)).to_dict() == r.to_dict()
    u = await rates.update_async(r.id, {"display_name": "MwSt", "active": False})
    assert (u.display_name, u.active, u.percentage) == ("MwSt", False, 16)
    inc = await rates.create_async({"display_name": "GST", "inclusive": True,
                                    "percentage": "8.875"})
    assert inc.percentage == 8.875
    assert [x.id for x in (await rates.list_async()).data] == [inc.id, r.id]
    assert [x.id for x in (await rates.list_async({"active": True})).data] == [inc.id]
    assert [x.id for x in (await rates.list_async({"inclusive": False})).data] == [r.id]


@pytest.mark.parametrize(("params", "param", "code"), [
    ({"inclusive": False, "percentage": 5}, "display_name", "parameter_missing"),
    ({"display_name": "T", "percentage": 5}, "inclusive", "parameter_missing"),
    ({"display_name": "T", "inclusive": False}, "percentage", "parameter_missing"),
    ({"display_name": "T", "inclusive": False, "percentage": 101}, "percentage", None),
    ({"display_name": "T", "inclusive": False, "percentage": "5.12345"}, "percentage", None),
    ({"display_name": "T", "inclusive": False, "percentage": "abc"}, "percentage", None),
    ({"display_name": "T", "inclusive": "yes", "percentage": 5}, "inclusive", None),
    ({"display_name": "T" * 51, "inclusive": False, "percentage": 5}, "display_name", None),
    ({"display_name": "T", "inclusive": False, "percentage": 5, "tax_type": "x"}, "tax_type",
     None),
])
async def test_create_refusals(client, params, param, code):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await client.v1.tax_rates.create_async(params)
    assert (exc.value.param, exc.value.code) == (param, code)
    assert (await client.v1.tax_rates.list_async()).data == []


async def test_percentage_and_inclusive_are_immutable(client):
    r = await client.v1.tax_rates.create_async({"display_name": "T", "inclusive": False,
                                                "percentage": 5})
    for field, value in (("percentage", 6), ("inclusive", True)):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await client.v1.tax_rates.update_async(r.id, {field: value})
        assert exc.value.code == "parameter_unknown" and exc.value.param == field
    got = await client.v1.tax_rates.retrieve_async(r.id)
    assert (got.percentage, got.inclusive) == (5, False)


async def test_unknown_tax_rate(client):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await client.v1.tax_rates.retrieve_async("txr_nope")
    assert exc.value.http_status == 404 and exc.value.user_message == "No such tax_rate: 'txr_nope'"
