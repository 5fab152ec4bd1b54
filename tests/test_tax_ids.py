"""Tax IDs through the SDK: formats, countries, verification, limits, both routes."""

import re

import pytest
import stripe

from stripe_emulator.resources import tax_id_formats, tax_id_rules

SHAPE = {"id", "object", "country", "created", "customer", "customer_account", "livemode",
         "owner", "type", "value", "verification"}


@pytest.fixture
def tax_ids(client):
    return client.v1.customers.tax_ids


async def test_create_a_customer_tax_id(customers, tax_ids):
    c = await customers.create_async()
    t = await tax_ids.create_async(c.id, {"type": "eu_vat", "value": "DE123456789"})
    assert set(t.to_dict()) == SHAPE
    assert re.fullmatch(r"txi_[A-Za-z0-9]{24}", t.id)
    assert (t.type, t.value, t.country, t.customer) == ("eu_vat", "DE123456789", "DE", c.id)
    assert t.owner.to_dict() == {"customer": c.id, "customer_account": None,
                                 "type": "customer"}
    assert t.verification.to_dict() == {"status": "pending", "verified_address": None,
                                        "verified_name": None}
    assert (await tax_ids.retrieve_async(c.id, t.id)).to_dict() == t.to_dict()


@pytest.mark.parametrize(("tax_type", "value", "country"), [
    ("eu_vat", "ATU12345678", "AT"), ("eu_vat", "EL123456789", "GR"),
    ("eu_vat", "XI123456789", "GB"), ("eu_vat", "NL123456789B12", "NL"),
    ("eu_vat", "FRAB123456789", "FR"), ("gb_vat", "GB123456789", "GB"),
    ("us_ein", "12-3456789", "US"), ("ca_bn", "123456789", "CA"),
    ("au_abn", "12345678912", "AU"), ("ca_gst_hst", "123456789RT0002", "CA"),
    ("ch_vat", "CHE-123.456.789 MWST", "CH"), ("in_gst", "12ABCDE3456FGZH", "IN"),
    ("br_cnpj", "01.234.456/5432-10", "BR"), ("cl_tin", "12.345.678-K", "CL"),
])
async def test_documented_formats_are_accepted_with_their_country(
        customers, tax_ids, tax_type, value, country):
    c = await customers.create_async()
    t = await tax_ids.create_async(c.id, {"type": tax_type, "value": value})
    assert t.country == country and t.value == value


@pytest.mark.parametrize(("tax_type", "value"), [
    ("eu_vat", "DE123"), ("eu_vat", "ZZ123456789"), ("gb_vat", "123456789"),
    ("us_ein", "123456789"), ("au_abn", "1234"), ("ca_gst_hst", "123456789XX0002"),
])
async def test_malformed_values_are_refused_and_nothing_is_stored(
        customers, tax_ids, tax_type, value):
    c = await customers.create_async()
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await tax_ids.create_async(c.id, {"type": tax_type, "value": value})
    assert exc.value.http_status == 400
    assert exc.value.code == "tax_id_invalid" and exc.value.param == "value"
    assert exc.value.user_message == f"Invalid value for {tax_type}."
    assert (await tax_ids.list_async(c.id)).data == []


def test_every_documented_example_is_accepted_and_has_a_country():
    for tax_type in tax_id_rules.TYPES:
        example = tax_id_rules.example_of(tax_type)
        if example is None:  # no example documented: an identifier-like value passes
            assert tax_type in tax_id_formats.UNDOCUMENTED
            assert tax_id_rules.is_valid(tax_type, "123456789")
            assert not tax_id_rules.is_valid(tax_type, "x")
            continue
        assert tax_id_rules.is_valid(tax_type, example), tax_type
        assert tax_id_rules.is_valid(tax_type, example.lower()), tax_type
        assert not tax_id_rules.is_valid(tax_type, example + "9"), tax_type
        assert re.fullmatch(r"[A-Z]{2}", tax_id_rules.country_of(tax_type, example)), tax_type


def test_every_eu_member_states_example_is_accepted():
    for prefix, example in tax_id_formats.EU_VAT_EXAMPLES.items():
        assert tax_id_rules.is_valid("eu_vat", example), prefix
        assert not tax_id_rules.is_valid("eu_vat", prefix + "1"), prefix


def test_types_match_the_sdk():
    from typing import get_args

    from stripe.params._tax_id_create_params import TaxIdCreateParams

    declared = get_args(get_args(TaxIdCreateParams.__annotations__["type"])[0])
    assert set(tax_id_rules.TYPES) == set(declared)


async def test_unknown_type_is_refused(customers, tax_ids):
    c = await customers.create_async()
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await tax_ids.create_async(c.id, {"type": "xx_vat", "value": "1"})
    assert exc.value.param == "type" and exc.value.user_message.startswith("Invalid type:")


async def test_test_mode_verification_outcomes(customers, tax_ids):
    c = await customers.create_async()
    outcomes = {}
    for value in ("DE000000000", "DE111111111", "DE222222222", "GB000000000"):
        t = await tax_ids.create_async(c.id, {"type": "gb_vat" if value[:2] == "GB"
                                              else "eu_vat", "value": value})
        outcomes[value] = t.verification.status
    assert outcomes == {"DE000000000": "verified", "DE111111111": "unverified",
                        "DE222222222": "pending", "GB000000000": "verified"}
    other = await tax_ids.create_async(c.id, {"type": "us_ein", "value": "12-3456789"})
    assert other.verification is None  # Stripe verifies eu_vat, gb_vat and au_abn only


async def test_list_delete_and_the_customers_tax_ids(customers, tax_ids):
    c = await customers.create_async()
    a = await tax_ids.create_async(c.id, {"type": "us_ein", "value": "12-3456789"})
    b = await tax_ids.create_async(c.id, {"type": "eu_vat", "value": "DE123456789"})
    listed = await tax_ids.list_async(c.id)
    assert [t.id for t in listed.data] == [b.id, a.id]
    assert listed.url == f"/v1/customers/{c.id}/tax_ids"
    got = await customers.retrieve_async(c.id, {"expand": ["tax_ids"]})
    assert [t.id for t in got.tax_ids.data] == [b.id, a.id]
    deleted = await tax_ids.delete_async(c.id, a.id)
    assert deleted.to_dict() == {"id": a.id, "object": "tax_id", "deleted": True}
    assert [t.id for t in (await tax_ids.list_async(c.id)).data] == [b.id]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await tax_ids.retrieve_async(c.id, a.id)
    assert exc.value.http_status == 404 and "No such tax_id" in exc.value.user_message


async def test_a_tax_id_belongs_to_its_customer(customers, tax_ids):
    a, b = await customers.create_async(), await customers.create_async()
    t = await tax_ids.create_async(a.id, {"type": "us_ein", "value": "12-3456789"})
    for call in (tax_ids.retrieve_async(b.id, t.id), tax_ids.delete_async(b.id, t.id)):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await call
        assert exc.value.http_status == 404
    assert (await tax_ids.retrieve_async(a.id, t.id)).id == t.id


async def test_limit_per_customer(customers, tax_ids):
    c = await customers.create_async()
    for _ in range(tax_id_rules.MAX_PER_CUSTOMER):
        await tax_ids.create_async(c.id, {"type": "us_ein", "value": "12-3456789"})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await tax_ids.create_async(c.id, {"type": "us_ein", "value": "12-3456789"})
    assert exc.value.http_status == 400
    assert len([t async for t in (await tax_ids.list_async(c.id)).auto_paging_iter()]) == 25


async def test_tax_id_data_on_customer_create(customers, tax_ids):
    c = await customers.create_async({"tax_id_data": [
        {"type": "eu_vat", "value": "DE123456789"}, {"type": "gb_vat", "value": "GB123456789"}],
        "expand": ["tax_ids"]})
    assert [(t.type, t.value) for t in reversed(c.tax_ids.data)] == [
        ("eu_vat", "DE123456789"), ("gb_vat", "GB123456789")]


async def test_bad_tax_id_data_refuses_the_whole_customer(customers):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.create_async({"email": "t@x.io", "tax_id_data": [
            {"type": "eu_vat", "value": "DE123456789"}, {"type": "eu_vat", "value": "DE1"}]})
    assert exc.value.param == "tax_id_data[1][value]" and exc.value.code == "tax_id_invalid"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.create_async({"tax_id_data": [{"type": "eu_vat"}]})
    assert exc.value.param == "tax_id_data[0][value]" and exc.value.code == "parameter_missing"
    assert (await customers.list_async()).data == []


async def test_deleting_the_customer_deletes_its_tax_ids(customers, client):
    c = await customers.create_async({"tax_id_data": [{"type": "us_ein", "value": "12-3456789"}]})
    t = (await client.v1.customers.tax_ids.list_async(c.id)).data[0]
    await customers.delete_async(c.id)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await client.v1.tax_ids.retrieve_async(t.id)
    assert exc.value.http_status == 404


async def test_top_level_tax_ids_for_the_account_and_for_a_customer(customers, client):
    top = client.v1.tax_ids
    own = await top.create_async({"type": "us_ein", "value": "12-3456789"})
    assert own.owner.type == "self" and own.customer is None
    c = await customers.create_async()
    theirs = await top.create_async({"type": "eu_vat", "value": "DE123456789",
                                     "owner": {"type": "customer", "customer": c.id}})
    assert theirs.customer == c.id and theirs.owner.customer == c.id
    assert [t.id for t in (await top.list_async()).data] == [own.id]  # owner defaults to self
    listed = await top.list_async({"owner": {"type": "customer", "customer": c.id}})
    assert [t.id for t in listed.data] == [theirs.id]
    assert (await top.retrieve_async(theirs.id)).id == theirs.id
    assert [t.id for t in (await client.v1.customers.tax_ids.list_async(c.id)).data] == [
        theirs.id]
    await top.delete_async(own.id)
    assert (await top.list_async()).data == []


async def test_top_level_owner_refusals(customers, client):
    top = client.v1.tax_ids
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await top.create_async({"type": "us_ein", "value": "12-3456789",
                                "owner": {"type": "customer"}})
    assert exc.value.param == "owner[customer]" and exc.value.code == "parameter_missing"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await top.create_async({"type": "us_ein", "value": "12-3456789",
                                "owner": {"type": "customer", "customer": "cus_nope"}})
    assert exc.value.param == "owner[customer]" and exc.value.code == "resource_missing"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await top.create_async({"type": "us_ein", "value": "12-3456789",
                                "owner": {"type": "account"}})
    assert exc.value.code == "parameter_unsupported"
    assert (await top.list_async()).data == []
