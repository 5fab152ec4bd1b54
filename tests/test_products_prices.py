"""Products and prices through the SDK: the catalogue a subscription is made from."""

import pytest
import stripe


@pytest.fixture
def v1(client):
    return client.v1


async def test_create_a_product_at_stripes_shape(v1):
    product = await v1.products.create_async({"name": "Gold plan"})
    assert product.id.startswith("prod_") and product.object == "product"
    assert (product.active, product.type, product.default_price) == (True, "service", None)
    assert product.images == [] and product.marketing_features == []
    assert product.metadata.to_dict() == {}
    assert product.created == product.updated
    for field in ("description", "package_dimensions", "shippable", "statement_descriptor",
                  "tax_code", "unit_label", "url"):
        assert getattr(product, field) is None, field
    assert (await v1.products.retrieve_async(product.id)).to_dict() == product.to_dict()


async def test_a_product_with_every_field_and_an_update(v1):
    product = await v1.products.create_async({
        "id": "prod_gold", "name": "Gold", "description": "The best", "type": "good",
        "images": ["https://example.com/a.png"], "marketing_features": [{"name": "Fast"}],
        "metadata": {"tier": "1"}, "package_dimensions": {"height": 1.5, "length": 2,
                                                          "weight": 3, "width": 4},
        "shippable": True, "statement_descriptor": "GOLD", "tax_code": "txcd_10000000",
        "url": "https://example.com"})
    assert product.id == "prod_gold" and product.type == "good"
    assert product.package_dimensions.height == 1.5
    assert [f.name for f in product.marketing_features] == ["Fast"]
    updated = await v1.products.update_async(product.id, {
        "description": "", "active": False, "unit_label": "seat", "images": ""})
    assert updated.description is None and updated.active is False
    assert updated.unit_label == "seat" and updated.images == []
    assert updated.updated >= product.updated
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.products.create_async({"id": "prod_gold", "name": "Again"})
    assert (exc.value.code, exc.value.param) == ("resource_already_exists", "id")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.products.update_async(product.id, {"type": "service"})
    assert (exc.value.code, exc.value.param) == ("parameter_unknown", "type")


async def test_default_price_data_makes_the_first_price(v1):
    product = await v1.products.create_async({"name": "Pro", "default_price_data": {
        "currency": "usd", "unit_amount": 1500, "recurring": {"interval": "month"}}})
    price = await v1.prices.retrieve_async(product.default_price)
    assert (price.product, price.unit_amount, price.currency) == (product.id, 1500, "usd")
    assert price.recurring.interval == "month" and price.type == "recurring"
    expanded = await v1.products.retrieve_async(product.id, {"expand": ["default_price"]})
    assert expanded.default_price.id == price.id
    events = [e.type for e in (await v1.events.list_async()).data]
    assert events[:3] == ["product.updated", "price.created", "product.created"]


async def test_a_refused_default_price_makes_no_product(v1):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.products.create_async({"name": "X", "default_price_data": {"currency": "usd"}})
    assert exc.value.param == "default_price_data[unit_amount]"
    assert (await v1.products.list_async()).data == []


async def test_a_one_off_and_a_recurring_price(v1):
    product = await v1.products.create_async({"name": "Seat"})
    once = await v1.prices.create_async({"currency": "usd", "unit_amount": 1000,
                                         "product": product.id})
    assert once.id.startswith("price_") and once.type == "one_time"
    assert (once.billing_scheme, once.tax_behavior, once.recurring) == (
        "per_unit", "unspecified", None)
    assert (once.unit_amount, str(once.unit_amount_decimal)) == (1000, "1000")
    assert once.lookup_key is None and "tiers" not in once and "currency_options" not in once
    yearly = await v1.prices.create_async({
        "currency": "eur", "unit_amount_decimal": "123.45", "product": product.id,
        "recurring": {"interval": "year", "interval_count": 2}, "tax_behavior": "inclusive",
        "nickname": "Biennial"})
    assert yearly.unit_amount is None and str(yearly.unit_amount_decimal) == "123.45"
    assert yearly.recurring.to_dict() == {"interval": "year", "interval_count": 2,
                                          "meter": None, "trial_period_days": None,
                                          "usage_type": "licensed"}


async def test_price_refusals(v1):
    product = await v1.products.create_async({"name": "Seat"})
    cases = [
        ({"currency": "usd", "unit_amount": 1}, None, "You must specify either"),
        ({"currency": "usd", "unit_amount": 1, "product": product.id,
          "product_data": {"name": "x"}}, "product", "You may only specify one of"),
        ({"currency": "usd", "unit_amount": 1, "product": "prod_nope"}, "product", "No such"),
        ({"currency": "usd", "product": product.id}, "unit_amount", "Prices require"),
        ({"currency": "usd", "unit_amount": 1, "product": product.id,
          "recurring": {"interval": "month", "usage_type": "metered"}},
         "recurring[usage_type]", "metered prices must be backed by meters"),
        ({"currency": "usd", "unit_amount": 1, "product": product.id,
          "recurring": {"interval": "month", "interval_count": 37}},
         "recurring[interval_count]", "three years"),
        ({"currency": "usd", "product": product.id, "billing_scheme": "tiered",
          "tiers_mode": "volume", "tiers": [{"up_to": "inf", "unit_amount": 1}]},
         "interval", "not supported with tiered billing"),
        ({"currency": "usd", "unit_amount": 1, "product": product.id,
          "recurring": {"interval": "fortnight"}}, "recurring[interval]", "Invalid"),
    ]
    for params, param, wording in cases:
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.prices.create_async(params)
        assert exc.value.http_status == 400, params
        assert exc.value.param == param, params
        assert wording in exc.value.user_message, (params, exc.value.user_message)
    assert (await v1.prices.list_async()).data == []


async def test_money_fields_are_immutable(v1):
    product = await v1.products.create_async({"name": "Seat"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 1000,
                                          "product": product.id})
    for field, value in (("unit_amount", 5), ("currency", "eur"), ("product", product.id),
                         ("recurring", {"interval": "month"})):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.prices.update_async(price.id, {field: value})
        assert (exc.value.code, exc.value.param) == ("parameter_unknown", field)
    updated = await v1.prices.update_async(price.id, {"nickname": "Std", "active": False,
                                                      "tax_behavior": "exclusive"})
    assert (updated.nickname, updated.active, updated.tax_behavior) == ("Std", False,
                                                                        "exclusive")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.prices.update_async(price.id, {"tax_behavior": "inclusive"})
    assert exc.value.param == "tax_behavior"


async def test_lookup_keys_are_unique_and_transfer(v1):
    product = await v1.products.create_async({"name": "Seat"})
    first = await v1.prices.create_async({"currency": "usd", "unit_amount": 1000,
                                          "product": product.id, "lookup_key": "std"})
    await v1.prices.update_async(first.id, {"active": False})  # archived still holds it
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.prices.create_async({"currency": "usd", "unit_amount": 1200,
                                      "product": product.id, "lookup_key": "std"})
    assert exc.value.param == "lookup_key"
    assert exc.value.user_message == f"A price (`{first.id}`) already uses that lookup key."
    second = await v1.prices.create_async({"currency": "usd", "unit_amount": 1200,
                                           "product": product.id, "lookup_key": "std",
                                           "transfer_lookup_key": True})
    assert second.lookup_key == "std"
    assert (await v1.prices.retrieve_async(first.id)).lookup_key is None
    found = await v1.prices.list_async({"lookup_keys": ["std", "nope"]})
    assert [p.id for p in found.data] == [second.id]
    moved = (await v1.events.list_async({"type": "price.updated"})).data[0]
    assert moved.data.object.id == first.id
    assert moved.data.previous_attributes.to_dict() == {"lookup_key": "std"}
    assert (await v1.prices.update_async(second.id, {"lookup_key": "std"})).lookup_key == "std"


async def test_tiered_prices_keep_their_tiers_includable(v1):
    product = await v1.products.create_async({"name": "API calls"})
    price = await v1.prices.create_async({
        "currency": "usd", "product": product.id, "billing_scheme": "tiered",
        "tiers_mode": "graduated", "recurring": {"interval": "month"},
        "tiers": [{"up_to": 10, "unit_amount": 100}, {"up_to": "inf", "unit_amount": 80,
                                                      "flat_amount": 500}]})
    assert price.unit_amount is None and price.tiers_mode == "graduated"
    assert "tiers" not in price
    expanded = await v1.prices.retrieve_async(price.id, {"expand": ["tiers"]})
    assert [(t.up_to, t.unit_amount, t.flat_amount) for t in expanded.tiers] == [
        (10, 100, None), (None, 80, 500)]
    with pytest.raises(stripe.InvalidRequestError):
        await v1.prices.create_async({
            "currency": "usd", "product": product.id, "billing_scheme": "tiered",
            "tiers_mode": "volume", "recurring": {"interval": "month"},
            "tiers": [{"up_to": "inf", "unit_amount": 1}, {"up_to": 5, "unit_amount": 1}]})


async def test_list_filters_and_active_by_default(v1):
    a = await v1.products.create_async({"name": "A"})
    b = await v1.products.create_async({"name": "B"})
    monthly = await v1.prices.create_async({"currency": "usd", "unit_amount": 1, "product":
                                            a.id, "recurring": {"interval": "month"}})
    once = await v1.prices.create_async({"currency": "eur", "unit_amount": 2, "product": b.id})
    archived = await v1.prices.create_async({"currency": "usd", "unit_amount": 3,
                                             "product": a.id, "active": False})

    async def ids(**params):
        return [p.id for p in (await v1.prices.list_async(params)).data]

    assert await ids() == [once.id, monthly.id]  # active ones only
    assert await ids(active=False) == [archived.id]
    assert await ids(product=a.id) == [monthly.id]
    assert await ids(type="one_time") == [once.id]
    assert await ids(currency="usd") == [monthly.id]
    assert await ids(recurring={"interval": "month"}) == [monthly.id]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await ids(product="prod_nope")
    assert exc.value.http_status == 400
    products = await v1.products.list_async({"ids": [b.id, "prod_nope"]})
    assert [p.id for p in products.data] == [b.id]


async def test_a_product_with_prices_cannot_be_deleted(v1):
    product = await v1.products.create_async({"name": "Seat"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 1,
                                          "product": product.id})
    await v1.prices.update_async(price.id, {"active": False})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.products.delete_async(product.id)
    assert exc.value.user_message == (
        "This product cannot be deleted because it has one or more user-created prices.")
    empty = await v1.products.create_async({"name": "Empty"})
    gone = await v1.products.delete_async(empty.id)
    assert gone.to_dict() == {"id": empty.id, "object": "product", "deleted": True}
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.products.retrieve_async(empty.id)
    assert exc.value.http_status == 404
    assert [e.type for e in (await v1.events.list_async({"limit": 1})).data] == [
        "product.deleted"]


async def test_default_price_must_be_the_products_own(v1):
    a = await v1.products.create_async({"name": "A"})
    b = await v1.products.create_async({"name": "B"})
    price_b = await v1.prices.create_async({"currency": "usd", "unit_amount": 1,
                                            "product": b.id})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.products.update_async(a.id, {"default_price": price_b.id})
    assert exc.value.param == "default_price"
    assert (await v1.products.update_async(b.id, {"default_price": price_b.id})
            ).default_price == price_b.id


async def test_product_data_makes_an_inline_product(v1):
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 700,
                                          "product_data": {"name": "Inline"}})
    product = await v1.products.retrieve_async(price.product)
    assert product.name == "Inline"


async def test_search_products_and_prices(v1):
    gold = await v1.products.create_async({"name": "Gold plan", "metadata": {"sku": "g1"}})
    await v1.products.create_async({"name": "Silver plan", "active": False})
    found = await v1.products.search_async({"query": "active:'true' AND name~'plan'"})
    assert [p.id for p in found.data] == [gold.id]
    found = await v1.products.search_async({"query": "metadata['sku']:'g1'"})
    assert [p.id for p in found.data] == [gold.id]
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 1,
                                          "product": gold.id, "lookup_key": "gold_m"})
    found = await v1.prices.search_async({"query": "lookup_key:'gold_m'"})
    assert [p.id for p in found.data] == [price.id]
    found = await v1.prices.search_async({"query": f"product:'{gold.id}' AND type:'one_time'"})
    assert [p.id for p in found.data] == [price.id]


async def test_an_invoice_item_billed_at_a_price(v1):
    customer = await v1.customers.create_async()
    product = await v1.products.create_async({"name": "Setup fee"})
    price = await v1.prices.create_async({"currency": "eur", "unit_amount": 2500,
                                          "product": product.id})
    item = await v1.invoice_items.create_async({"customer": customer.id, "quantity": 2,
                                                "pricing": {"price": price.id}})
    assert (item.amount, item.currency, item.quantity) == (5000, "eur", 2)
    assert item.pricing.price_details.to_dict() == {"price": price.id, "product": product.id}
    assert str(item.pricing.unit_amount_decimal) == "2500"
    invoice = await v1.invoices.create_async({"customer": customer.id,
                                              "pending_invoice_items_behavior": "include"})
    line = invoice.lines.data[0]
    assert line.pricing.price_details.price == price.id and line.amount == 5000
    assert invoice.total == 5000


async def test_price_data_makes_an_inline_price_never_listed(v1):
    customer = await v1.customers.create_async()
    product = await v1.products.create_async({"name": "Consulting"})
    item = await v1.invoice_items.create_async({"customer": customer.id, "price_data": {
        "currency": "usd", "product": product.id, "unit_amount_decimal": "1250.5"}})
    assert item.amount == 1251  # rounded half up to the cent
    inline = await v1.prices.retrieve_async(item.pricing.price_details.price)
    assert inline.product == product.id and inline.type == "one_time"
    assert (await v1.prices.list_async()).data == []


async def test_item_price_refusals(v1):
    customer = await v1.customers.create_async()
    product = await v1.products.create_async({"name": "Seat"})
    monthly = await v1.prices.create_async({"currency": "usd", "unit_amount": 1, "product":
                                            product.id, "recurring": {"interval": "month"}})
    once = await v1.prices.create_async({"currency": "usd", "unit_amount": 1,
                                         "product": product.id})
    cases = [
        ({"pricing": {"price": monthly.id}}, "pricing[price]", "type=one_time"),
        ({"pricing": {"price": "price_nope"}}, "pricing[price]", "No such price"),
        ({"pricing": {"price": once.id}, "amount": 5}, "pricing", "only specify one"),
        ({"pricing": {"price": once.id}, "currency": "eur"}, "currency", "must match"),
        ({"price_data": {"currency": "usd", "product": "prod_nope", "unit_amount": 1}},
         "price_data[product]", "No such product"),
    ]
    for params, param, wording in cases:
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.invoice_items.create_async({"customer": customer.id, **params})
        assert exc.value.param == param, params
        assert wording in exc.value.user_message, (params, exc.value.user_message)
    assert (await v1.invoice_items.list_async()).data == []
