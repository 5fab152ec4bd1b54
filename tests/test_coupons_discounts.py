"""Coupons, promotion codes and discounts through the SDK: their rules, and the reference's
worked examples D1-D9 (credit-notes-discounts.md §5.2) reproduced to the cent."""

import pytest
import stripe


async def _coupon(v1, **params):
    return await v1.coupons.create_async({"duration": "once", **params})


# Coupons ----------------------------------------------------------------------------------


async def test_coupon_create_retrieve_update_delete_list(v1):
    percent = await _coupon(v1, percent_off=25.5, name="Launch", duration="repeating",
                            duration_in_months=3, max_redemptions=50)
    assert percent.object == "coupon" and len(percent.id) == 8 and percent.id.isalnum()
    assert (percent.percent_off, percent.amount_off, percent.currency) == (25.5, None, None)
    assert (percent.duration, percent.duration_in_months, percent.times_redeemed) == (
        "repeating", 3, 0)
    assert percent.valid is True and percent.metadata.to_dict() == {}
    amount = await v1.coupons.create_async({"id": "FIVE-OFF", "amount_off": 500,
                                            "currency": "usd"})
    assert (amount.id, amount.duration, amount.currency) == ("FIVE-OFF", "once", "usd")
    renamed = await v1.coupons.update_async("FIVE-OFF", {"name": "Five off",
                                                         "metadata": {"k": "v"}})
    assert renamed.name == "Five off" and renamed.metadata.k == "v"
    assert [c.id for c in (await v1.coupons.list_async()).data] == ["FIVE-OFF", percent.id]
    gone = await v1.coupons.delete_async("FIVE-OFF")
    assert (gone.id, gone.object, gone.deleted) == ("FIVE-OFF", "coupon", True)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.coupons.retrieve_async("FIVE-OFF")
    assert exc.value.http_status == 404
    types = [e.type for e in (await v1.events.list_async()).data]
    assert types == ["coupon.deleted", "coupon.updated", "coupon.created", "coupon.created"]


@pytest.mark.parametrize("params, param", [
    ({}, None),
    ({"percent_off": 10, "amount_off": 100, "currency": "usd"}, "percent_off"),
    ({"percent_off": 0}, "percent_off"),
    ({"percent_off": 100.5}, "percent_off"),
    ({"amount_off": 100}, "currency"),
    ({"percent_off": 10, "duration": "repeating"}, "duration_in_months"),
    ({"percent_off": 10, "duration_in_months": 3}, "duration_in_months"),
    ({"percent_off": 10, "redeem_by": 1_000_000_000}, "redeem_by"),
    ({"percent_off": 10, "duration": "weekly"}, "duration"),
])
async def test_coupon_refusals(v1, params, param):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.coupons.create_async(params)
    assert exc.value.http_status == 400 and exc.value.param == param
    assert (await v1.coupons.list_async()).data == []


async def test_a_coupon_takes_only_name_metadata_and_currency_options_on_update(v1):
    coupon = await _coupon(v1, percent_off=10)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.coupons.update_async(coupon.id, {"percent_off": 20})
    assert exc.value.code == "parameter_unknown"
    await v1.coupons.create_async({"id": "DUP", "percent_off": 5})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.coupons.create_async({"id": "DUP", "percent_off": 5})
    assert exc.value.code == "resource_already_exists"


async def test_max_redemptions_makes_a_coupon_invalid(v1):
    coupon = await _coupon(v1, percent_off=10, max_redemptions=1)
    customer = await v1.customers.create_async()
    await v1.invoices.create_async({"customer": customer.id,
                                    "discounts": [{"coupon": coupon.id}]})
    used = await v1.coupons.retrieve_async(coupon.id)
    assert (used.times_redeemed, used.valid) == (1, False)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": customer.id,
                                        "discounts": [{"coupon": coupon.id}]})
    assert exc.value.param == "discounts[0][coupon]" and exc.value.code == "coupon_expired"
    assert len((await v1.invoices.list_async()).data) == 1


# Promotion codes --------------------------------------------------------------------------


async def test_promotion_codes_at_this_version(v1):
    coupon = await _coupon(v1, percent_off=20, max_redemptions=10)
    code = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": coupon.id}, "code": "FALL20",
        "max_redemptions": 2, "restrictions": {"first_time_transaction": True}})
    assert code.id.startswith("promo_") and code.code == "FALL20" and code.active
    assert code.promotion.type == "coupon" and code.promotion.coupon == coupon.id
    assert "coupon" not in code  # gone from the top level at clover
    assert code.restrictions.first_time_transaction is True
    expanded = await v1.promotion_codes.retrieve_async(code.id,
                                                       {"expand": ["promotion.coupon"]})
    assert expanded.promotion.coupon.percent_off == 20
    with pytest.raises(stripe.InvalidRequestError) as exc:  # unique whatever the case
        await v1.promotion_codes.create_async({
            "promotion": {"type": "coupon", "coupon": coupon.id}, "code": "fall20"})
    assert exc.value.param == "code"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.promotion_codes.create_async({"coupon": coupon.id,
                                               "promotion": {"type": "coupon"}})
    assert exc.value.code == "parameter_unknown"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.promotion_codes.create_async({
            "promotion": {"type": "coupon", "coupon": coupon.id}, "max_redemptions": 11})
    assert exc.value.param == "max_redemptions"
    assert [c.id for c in (await v1.promotion_codes.list_async({"code": "fall20"})).data] == [
        code.id]
    archived = await v1.promotion_codes.update_async(code.id, {"active": False})
    assert archived.active is False
    reused = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": coupon.id}, "code": "FALL20"})
    assert reused.active and [c.id for c in (await v1.promotion_codes.list_async(
        {"active": True, "coupon": coupon.id})).data] == [reused.id]
    generated = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": coupon.id}})
    assert len(generated.code) == 8 and generated.code.isupper()


async def test_a_promotion_code_redeems_its_coupon_within_its_restrictions(v1):
    coupon = await _coupon(v1, percent_off=20, redeem_by=1_900_000_000)
    mine = await v1.customers.create_async()
    other = await v1.customers.create_async()
    code = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": coupon.id}, "customer": mine.id,
        "max_redemptions": 1})
    assert code.expires_at == 1_900_000_000  # the coupon's redeem_by
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": other.id,
                                        "discounts": [{"promotion_code": code.id}]})
    assert exc.value.param == "discounts[0][promotion_code]"
    invoice = await v1.invoices.create_async({
        "customer": mine.id, "discounts": [{"promotion_code": code.id}],
        "expand": ["discounts"]})
    [discount] = invoice.discounts
    assert discount.promotion_code == code.id and discount.source.coupon == coupon.id
    assert discount.invoice == invoice.id and discount.customer == mine.id
    assert discount.end is None and discount.start == invoice.created
    used = await v1.promotion_codes.retrieve_async(code.id)
    assert (used.times_redeemed, used.active) == (1, False)
    assert (await v1.coupons.retrieve_async(coupon.id)).times_redeemed == 1
    with pytest.raises(stripe.InvalidRequestError) as exc:  # used up: inactive for good
        await v1.promotion_codes.update_async(code.id, {"active": True})
    assert exc.value.param == "active"
    with pytest.raises(stripe.InvalidRequestError) as exc:  # a coupon and its own code
        await v1.invoices.create_async({"customer": mine.id, "discounts": [
            {"coupon": coupon.id}, {"coupon": coupon.id}]})
    assert exc.value.param == "discounts[1]"


async def test_a_code_with_a_minimum_is_not_for_invoice_items(v1):
    coupon = await _coupon(v1, percent_off=10)
    code = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": coupon.id},
        "restrictions": {"minimum_amount": 1000, "minimum_amount_currency": "usd"}})
    customer = await v1.customers.create_async()
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoice_items.create_async({"customer": customer.id, "amount": 5000,
                                             "currency": "usd",
                                             "discounts": [{"promotion_code": code.id}]})
    assert exc.value.param == "discounts[0][promotion_code]"
    assert (await v1.invoice_items.list_async()).data == []
    assert (await v1.promotion_codes.retrieve_async(code.id)).times_redeemed == 0


async def test_a_first_time_code_refuses_a_customer_who_has_paid(v1):
    coupon = await _coupon(v1, percent_off=10, duration="forever")
    code = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": coupon.id},
        "restrictions": {"first_time_transaction": True}})
    customer = await v1.customers.create_async()
    await v1.payment_intents.create_async({"amount": 1000, "currency": "usd",
                                           "customer": customer.id, "confirm": True,
                                           "payment_method": "pm_card_visa"})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": customer.id,
                                        "discounts": [{"promotion_code": code.id}]})
    assert exc.value.param == "discounts[0][promotion_code]"
    fresh = await v1.customers.create_async()
    invoice = await v1.invoices.create_async({"customer": fresh.id,
                                              "discounts": [{"promotion_code": code.id}]})
    assert len(invoice.discounts) == 1


async def test_deleting_a_coupon_archives_its_codes_but_keeps_its_discounts(v1):
    coupon = await _coupon(v1, percent_off=10)
    code = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": coupon.id}})
    customer = await v1.customers.create_async()
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 1000,
                                         "currency": "usd"})
    invoice = await v1.invoices.create_async({
        "customer": customer.id, "pending_invoice_items_behavior": "include",
        "discounts": [{"coupon": coupon.id}]})
    await v1.coupons.delete_async(coupon.id)
    assert (await v1.promotion_codes.retrieve_async(code.id)).active is False
    await v1.invoices.update_async(invoice.id, {"description": "still discounted"})
    assert (await v1.invoices.retrieve_async(invoice.id)).total == 900


# Discounts on invoices, items and customers -------------------------------------------------


async def test_invoice_discounts_change_on_drafts_only(v1):
    coupon = await _coupon(v1, percent_off=10)
    customer = await v1.customers.create_async()
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 2000,
                                         "currency": "usd"})
    invoice = await v1.invoices.create_async({
        "customer": customer.id, "pending_invoice_items_behavior": "include"})
    assert invoice.discounts == [] and invoice.total == 2000
    discounted = await v1.invoices.update_async(invoice.id,
                                                {"discounts": [{"coupon": coupon.id}]})
    assert discounted.total == 1800 and len(discounted.discounts) == 1
    kept = await v1.invoices.update_async(invoice.id, {
        "discounts": [{"discount": discounted.discounts[0]}]})
    assert kept.discounts == discounted.discounts
    cleared = await v1.invoices.update_async(invoice.id, {"discounts": ""})
    assert cleared.discounts == [] and cleared.total == 2000
    await v1.invoices.update_async(invoice.id, {"discounts": [{"coupon": coupon.id}]})
    final = await v1.invoices.finalize_invoice_async(invoice.id)
    assert final.total == 1800 and final.amount_due == 1800
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.update_async(invoice.id, {"discounts": ""})
    assert exc.value.param == "discounts"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": customer.id,
                                        "discounts": [{"coupon": "nope"}]})
    assert exc.value.param == "discounts[0][coupon]" and exc.value.code == "resource_missing"


async def test_an_amount_off_coupon_needs_the_invoices_currency(v1):
    coupon = await v1.coupons.create_async({"amount_off": 500, "currency": "eur",
                                            "currency_options": {"usd": {"amount_off": 550}}})
    customer = await v1.customers.create_async()
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 2000,
                                         "currency": "usd"})
    invoice = await v1.invoices.create_async({
        "customer": customer.id, "pending_invoice_items_behavior": "include",
        "discounts": [{"coupon": coupon.id}]})
    assert invoice.total == 1450  # the usd option
    gbp_only = await v1.coupons.create_async({"amount_off": 500, "currency": "gbp"})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.update_async(invoice.id, {"discounts": [{"coupon": gbp_only.id}]})
    assert exc.value.param == "discounts[0][coupon]"


async def test_the_customers_discount_is_inherited_and_deleted(v1, http):
    coupon = await _coupon(v1, percent_off=50, duration="forever")
    customer = await v1.customers.create_async()
    assert customer.discount is None
    async with http.post(f"/_emulator/customers/{customer.id}/discount",
                         data={"coupon": coupon.id}) as resp:
        assert resp.status == 200
        made = await resp.json()
    assert made["object"] == "discount" and made["customer"] == customer.id
    seen = await v1.customers.retrieve_async(customer.id)
    assert seen.discount.id == made["id"] and seen.discount.source.coupon == coupon.id
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 1000,
                                         "currency": "usd"})
    inherited = await v1.invoices.create_async({
        "customer": customer.id, "pending_invoice_items_behavior": "include"})
    assert inherited.discounts == [made["id"]] and inherited.total == 500
    bare = await v1.invoices.create_async({"customer": customer.id, "discounts": ""})
    assert bare.discounts == []
    deleted = await v1.customers.delete_discount_async(customer.id)
    assert (deleted.id, deleted.object, deleted.deleted) == (made["id"], "discount", True)
    assert (await v1.customers.retrieve_async(customer.id)).discount is None
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.customers.delete_discount_async(customer.id)
    assert exc.value.http_status == 404
    types = [e.type for e in (await v1.events.list_async({"limit": 100})).data]
    assert types.index("customer.discount.deleted") < types.index("customer.discount.created")
    event = next(e for e in (await v1.events.list_async({"limit": 100})).data
                 if e.type == "customer.discount.created")
    assert event.data.object.object == "discount"


async def test_item_discounts_and_net_amount(v1):
    coupon = await _coupon(v1, amount_off=300, currency="usd")
    customer = await v1.customers.create_async()
    item = await v1.invoice_items.create_async({
        "customer": customer.id, "amount": 1000, "currency": "usd",
        "discounts": [{"coupon": coupon.id}], "expand": ["discounts"]})
    assert item.discounts[0].invoice_item == item.id and item.net_amount == 700
    cleared = await v1.invoice_items.update_async(item.id, {"discounts": ""})
    assert cleared.discounts == [] and cleared.net_amount == 1000


# The worked examples -----------------------------------------------------------------------


async def _world(v1, tax=None):
    customer = await v1.customers.create_async()
    rate = None
    if tax is not None:
        rate = await v1.tax_rates.create_async({"display_name": "VAT", "percentage": 20,
                                                "inclusive": tax == "inclusive"})
    return customer, rate


async def _item(v1, customer, unit, quantity=1, rate=None, **more):
    params = {"customer": customer.id, "currency": "usd", "unit_amount_decimal": str(unit),
              "quantity": quantity, **more}
    if rate is not None:
        params["tax_rates"] = [rate.id]
    return await v1.invoice_items.create_async(params)


async def _invoice(v1, customer, discounts):
    return await v1.invoices.create_async({
        "customer": customer.id, "pending_invoice_items_behavior": "include",
        "discounts": [{"coupon": c.id} for c in discounts] or ""})


def _summary(invoice):
    tax = sum(t.amount for t in invoice.total_taxes)
    lines = sorted(invoice.lines.data, key=lambda line: -line.amount)  # A (3000), then B
    return ([[d.amount for d in line.discount_amounts] for line in lines],
            invoice.subtotal, [d.amount for d in invoice.total_discount_amounts], tax,
            invoice.total_excluding_tax, invoice.total)


async def _base(v1, tax=None, b_discountable=True):
    customer, rate = await _world(v1, tax)
    await _item(v1, customer, 1500, 2, rate)
    await _item(v1, customer, 2000, 1, rate, discountable=b_discountable)
    return customer, rate


async def test_d1_invoice_percent_no_tax(v1):
    customer, _ = await _base(v1)
    invoice = await _invoice(v1, customer, [await _coupon(v1, percent_off=10)])
    assert _summary(invoice) == ([[300], [200]], 5000, [500], 0, 4500, 4500)


async def test_d2_invoice_percent_with_exclusive_tax(v1):
    customer, _ = await _base(v1, "exclusive")
    invoice = await _invoice(v1, customer, [await _coupon(v1, percent_off=10)])
    assert _summary(invoice) == ([[300], [200]], 5000, [500], 900, 4500, 5400)
    assert invoice.total_taxes[0].taxable_amount == 4500
    assert sorted(line.taxes[0].amount for line in invoice.lines.data) == [360, 540]


async def test_d3_invoice_amount_off_with_exclusive_tax(v1):
    customer, _ = await _base(v1, "exclusive")
    coupon = await _coupon(v1, amount_off=1000, currency="usd")
    invoice = await _invoice(v1, customer, [coupon])
    assert _summary(invoice) == ([[600], [400]], 5000, [1000], 800, 4000, 4800)


async def test_d4_an_item_discount_is_inside_the_subtotal(v1):
    customer, _ = await _world(v1)
    coupon = await _coupon(v1, percent_off=10)
    await _item(v1, customer, 1500, 2, discounts=[{"coupon": coupon.id}])
    await _item(v1, customer, 2000)
    invoice = await _invoice(v1, customer, [])
    assert _summary(invoice) == ([[300], []], 4700, [300], 0, 4700, 4700)
    a, b = sorted(invoice.lines.data, key=lambda line: -line.amount)
    assert len(a.discounts) == 1 and b.discounts == []


async def test_d5_a_non_discountable_line_gets_no_invoice_discount(v1):
    customer, _ = await _base(v1, b_discountable=False)
    invoice = await _invoice(v1, customer, [await _coupon(v1, percent_off=10)])
    assert _summary(invoice) == ([[300], []], 5000, [300], 0, 4700, 4700)


async def test_d6_an_amount_off_beyond_the_subtotal_floors_at_zero(v1):
    customer, _ = await _base(v1)
    coupon = await _coupon(v1, amount_off=7000, currency="usd")
    invoice = await _invoice(v1, customer, [coupon])
    assert _summary(invoice) == ([[3000], [2000]], 5000, [5000], 0, 0, 0)
    assert invoice.amount_due == 0


async def test_d7_inclusive_tax_after_a_discount(v1):
    customer, rate = await _world(v1, "inclusive")
    await _item(v1, customer, 1200, 1, rate)
    invoice = await _invoice(v1, customer, [await _coupon(v1, percent_off=25)])
    assert _summary(invoice) == ([[300]], 1200, [300], 150, 750, 900)


async def test_d8_d9_stacked_discounts_apply_in_order(v1):
    customer, _ = await _world(v1)
    await _item(v1, customer, 10000)
    twenty = await _coupon(v1, percent_off=20, duration="forever")
    five = await _coupon(v1, amount_off=500, currency="usd", duration="forever")
    d8 = await _invoice(v1, customer, [twenty, five])
    assert _summary(d8) == ([[2000, 500]], 10000, [2000, 500], 0, 7500, 7500)
    d9 = await v1.invoices.update_async(d8.id, {"discounts": [{"coupon": five.id},
                                                              {"coupon": twenty.id}]})
    assert _summary(d9) == ([[500, 1900]], 10000, [500, 1900], 0, 7600, 7600)


# Subscriptions ------------------------------------------------------------------------------


async def _sub_world(v1, clocks):
    clock = await clocks.create_async({"frozen_time": 1_775_001_600})  # 2026-04-01
    customer = await v1.customers.create_async({
        "test_clock": clock.id, "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    product = await v1.products.create_async({"name": "Gold"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 1000,
                                          "product": product.id,
                                          "recurring": {"interval": "month"}})
    return clock, customer, price


async def _renew(v1, clocks, clock, sub, until):
    await clocks.advance_async(clock.id, {"frozen_time": until})
    invoices = (await v1.invoices.list_async({"subscription": sub.id})).data
    return sorted(invoices, key=lambda i: i.created)


async def test_a_once_coupon_discounts_the_first_invoice_only(v1, clocks):
    clock, customer, price = await _sub_world(v1, clocks)
    coupon = await _coupon(v1, percent_off=50)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "discounts": [{"coupon": coupon.id}], "expand": ["latest_invoice"]})
    assert sub.latest_invoice.total == 500 and sub.latest_invoice.amount_paid == 500
    assert len(sub.latest_invoice.discounts) == 1
    assert sub.discounts == []  # used up
    invoices = await _renew(v1, clocks, clock, sub, 1_777_593_600 + 7200)
    assert [i.total for i in invoices] == [500, 1000]


async def test_a_repeating_coupon_lasts_its_months(v1, clocks):
    clock, customer, price = await _sub_world(v1, clocks)
    coupon = await _coupon(v1, amount_off=300, currency="usd", duration="repeating",
                           duration_in_months=2)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "discounts": [{"coupon": coupon.id}], "expand": ["discounts"]})
    [discount] = sub.discounts
    assert discount.subscription == sub.id and discount.end == 1_780_272_000  # +2 months
    for until in (1_777_593_600, 1_780_272_000, 1_782_864_000):  # May, June, July 1st
        await clocks.advance_async(clock.id, {"frozen_time": until + 7200})
    invoices = sorted((await v1.invoices.list_async({"subscription": sub.id})).data,
                      key=lambda i: i.created)
    assert [i.total for i in invoices] == [700, 700, 1000, 1000]
    assert (await v1.subscriptions.retrieve_async(sub.id)).discounts == []


async def test_a_forever_discount_set_by_update_applies_from_the_next_invoice(v1, clocks):
    clock, customer, price = await _sub_world(v1, clocks)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    coupon = await _coupon(v1, percent_off=10, duration="forever")
    updated = await v1.subscriptions.update_async(sub.id,
                                                  {"discounts": [{"coupon": coupon.id}]})
    assert len(updated.discounts) == 1
    invoices = await _renew(v1, clocks, clock, sub, 1_777_593_600 + 7200)
    assert [i.total for i in invoices] == [1000, 900]
    removed = await v1.subscriptions.update_async(sub.id, {"discounts": ""})
    assert removed.discounts == []


async def test_delete_discount_removes_a_subscriptions_discounts(v1, clocks):
    clock, customer, price = await _sub_world(v1, clocks)
    coupon = await _coupon(v1, percent_off=10, duration="forever")
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "discounts": [{"coupon": coupon.id}]})
    [discount_id] = sub.discounts
    deleted = await v1.subscriptions.delete_discount_async(sub.id)
    assert (deleted.id, deleted.object, deleted.deleted) == (discount_id, "discount", True)
    assert (deleted.subscription, deleted.source.coupon) == (sub.id, coupon.id)
    assert "end" not in deleted
    assert (await v1.subscriptions.retrieve_async(sub.id)).discounts == []
    invoices = await _renew(v1, clocks, clock, sub, 1_777_593_600 + 7200)
    assert [i.total for i in invoices] == [900, 1000]  # the renewal is not discounted
    with pytest.raises(stripe.InvalidRequestError) as err:
        await v1.subscriptions.delete_discount_async(sub.id)
    assert (err.value.http_status, err.value.code) == (404, "resource_missing")
    assert err.value.user_message == f"No such discount: '{sub.id} discount'"


async def test_a_preview_shows_discounts_and_redeems_nothing(v1):
    coupon = await _coupon(v1, percent_off=25, max_redemptions=2)
    customer = await v1.customers.create_async()
    preview = await v1.invoices.create_preview_async({
        "customer": customer.id, "currency": "usd",
        "invoice_items": [{"amount": 2000, "currency": "usd",
                           "discounts": [{"coupon": coupon.id}]}],
        "discounts": [{"coupon": coupon.id}]})
    assert preview.total == 2000 - 500 - 375
    seen = await v1.coupons.retrieve_async(coupon.id)
    assert (seen.times_redeemed, seen.valid) == (0, True)


async def test_valid_and_active_follow_the_clock(v1, monkeypatch):
    """Time alone ends a coupon and its codes: past `redeem_by`, `valid` and `active` read
    false and a redemption is refused."""
    import time as real_time

    from stripe_emulator.store.memory import Account

    now = int(real_time.time())
    coupon = await _coupon(v1, percent_off=10, redeem_by=now + 3600)
    code = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": coupon.id}})
    assert coupon.valid and code.active
    monkeypatch.setattr(Account, "now", lambda self: now + 7200)
    assert (await v1.coupons.retrieve_async(coupon.id)).valid is False
    assert [c.valid for c in (await v1.coupons.list_async()).data] == [False]
    assert (await v1.promotion_codes.retrieve_async(code.id)).active is False
    expanded = await v1.promotion_codes.retrieve_async(code.id,
                                                       {"expand": ["promotion.coupon"]})
    assert expanded.promotion.coupon.valid is False
    customer = await v1.customers.create_async()
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": customer.id,
                                        "discounts": [{"coupon": coupon.id}]})
    assert exc.value.code == "coupon_expired"


async def test_a_codes_minimum_is_measured_against_the_invoice(v1):
    coupon = await _coupon(v1, percent_off=10)
    code = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": coupon.id},
        "restrictions": {"minimum_amount": 5000, "minimum_amount_currency": "usd"}})
    customer = await v1.customers.create_async()
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 3000,
                                         "currency": "usd"})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": customer.id,
                                        "pending_invoice_items_behavior": "include",
                                        "discounts": [{"promotion_code": code.id}]})
    assert exc.value.param == "discounts[0][promotion_code]"
    draft = await v1.invoices.create_async({"customer": customer.id,
                                            "pending_invoice_items_behavior": "include"})
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 2500,
                                         "currency": "usd", "invoice": draft.id})
    enough = await v1.invoices.update_async(draft.id,
                                            {"discounts": [{"promotion_code": code.id}]})
    assert enough.total == 5500 - 550
