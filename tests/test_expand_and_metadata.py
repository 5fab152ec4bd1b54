"""expand[] (objects, lists, nested, errors) and metadata rules, through the SDK."""

import pytest
import stripe


async def test_expand_includable_properties(customers):
    c = await customers.create_async({"email": "a@b.co", "address": {"country": "DE"}},
                                     )
    got = await customers.retrieve_async(c.id, {"expand": [
        "tax_ids", "subscriptions", "sources", "invoice_credit_balance", "cash_balance", "tax"]})
    assert got.tax_ids.to_dict() == {"object": "list", "data": [], "has_more": False,
                                     "url": f"/v1/customers/{c.id}/tax_ids"}
    assert got.subscriptions.url == f"/v1/customers/{c.id}/subscriptions"
    assert got.sources.data == []
    assert got.invoice_credit_balance.to_dict() == {}
    assert got.cash_balance.object == "cash_balance" and got.cash_balance.customer == c.id
    assert got.tax.location.country == "DE" and got.tax.location.source == "billing_address"
    plain = await customers.retrieve_async(c.id)
    assert "tax_ids" not in plain.to_dict()


async def test_expand_on_create_and_update(customers):
    c = await customers.create_async({"expand": ["tax"]})
    assert c.tax.automatic_tax == "unrecognized_location"
    u = await customers.update_async(c.id, {"name": "x", "expand": ["tax_ids"]})
    assert u.tax_ids.data == []


async def test_expanding_a_null_reference_keeps_null(customers):
    c = await customers.create_async()
    got = await customers.retrieve_async(c.id, {"expand": [
        "test_clock", "default_source", "invoice_settings.default_payment_method"]})
    assert got.test_clock is None and got.default_source is None
    assert got.invoice_settings.default_payment_method is None


async def test_list_expansion_needs_the_data_prefix(customers):
    c = await customers.create_async()
    page = await customers.list_async({"expand": ["data.tax_ids"]})
    assert page.data[0].id == c.id and page.data[0].tax_ids.data == []
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.list_async({"expand": ["tax_ids"]})
    assert exc.value.user_message == (
        "This property cannot be expanded (tax_ids). You may want to try expanding "
        "'data.tax_ids' instead.")


async def test_nested_paths_through_lists(customers):
    c = await customers.create_async()
    got = await customers.retrieve_async(c.id, {"expand": ["tax_ids.data.customer"]})
    assert got.tax_ids.data == []
    page = await customers.list_async({"expand": ["data.tax_ids.data.customer"]})
    assert page.data[0].tax_ids.data == []


async def test_unexpandable_and_unknown_paths(customers):
    c = await customers.create_async()
    for path, field in (("metadata", "metadata"), ("invalid.deep.path", "invalid"),
                        ("data", "data"), ("invoice_settings.footer", "footer")):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await customers.retrieve_async(c.id, {"expand": [path]})
        assert exc.value.http_status == 400
        assert exc.value.user_message == f"This property cannot be expanded ({field})."


async def test_expansion_deeper_than_four_levels_is_refused(customers):
    c = await customers.create_async()
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.retrieve_async(c.id, {"expand": ["a.b.c.d.e"]})
    assert "more than 4 levels" in exc.value.user_message


async def test_expanding_never_changes_the_stored_object(customers):
    c = await customers.create_async()
    await customers.retrieve_async(c.id, {"expand": ["tax_ids", "tax"]})
    assert "tax" not in (await customers.retrieve_async(c.id)).to_dict()


async def test_metadata_merges_and_unsets(customers):
    c = await customers.create_async({"metadata": {"a": "1", "b": "2"}})
    u = await customers.update_async(c.id, {"metadata": {"b": "3", "c": "4"}})
    assert u.metadata.to_dict() == {"a": "1", "b": "3", "c": "4"}
    u = await customers.update_async(c.id, {"metadata": {"a": ""}})
    assert u.metadata.to_dict() == {"b": "3", "c": "4"}
    u = await customers.update_async(c.id, {"metadata": ""})
    assert u.metadata.to_dict() == {}


async def test_metadata_limits(customers):
    too_many = {f"k{i}": "v" for i in range(51)}
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.create_async({"metadata": too_many})
    assert exc.value.param == "metadata" and "you've set 51" in exc.value.user_message
    c = await customers.create_async({"metadata": {f"k{i}": "v" for i in range(50)}})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.update_async(c.id, {"metadata": {"one_more": "v"}})
    assert "you've set 51" in exc.value.user_message
    assert len((await customers.retrieve_async(c.id)).metadata.to_dict()) == 50
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.create_async({"metadata": {"k" * 41: "v"}})
    assert exc.value.param == "metadata" and "40 characters" in exc.value.user_message
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.create_async({"metadata": {"k": "v" * 501}})
    assert exc.value.param == "metadata" and "500 characters" in exc.value.user_message
    await customers.create_async({"metadata": {"k" * 40: "v" * 500}})  # at the limits: fine


async def test_metadata_keys_cannot_hold_brackets(http):
    async with http.post("/v1/customers", data={"metadata[a[b]]": "v"}) as r:
        assert r.status == 400
