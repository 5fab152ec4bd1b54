"""What a subscription takes besides its prices: inline prices (`items[][price_data]`, an
item's `plan`), `payment_settings` (and the method a payment saves as the default),
`off_session`, `automatic_tax`, `billing_mode`, `currency`, an item's own discounts and a one-off
item's."""

import pytest
import stripe

from conftest import KEY
from moments import APR_1, DAY, JUL_1, JUN_1, MAY_1
from stripe_emulator.app import STORE


async def _plan(v1, amount=1500):
    product = await v1.products.create_async({"name": "Gold plan"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": amount,
                                          "product": product.id,
                                          "recurring": {"interval": "month"}})
    return product, price


async def _customer(v1, pm="pm_card_visa"):
    params = {"email": "jenny@example.com"}
    if pm:
        params |= {"payment_method": pm, "invoice_settings": {"default_payment_method": pm}}
    return await v1.customers.create_async(params)


async def _refused(call, *args):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        await call(*args)
    return caught.value


async def test_an_item_priced_inline_bills_its_own_price_which_prices_lists_never_show(v1):
    product, _ = await _plan(v1)
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({"customer": customer.id, "items": [{
        "price_data": {"currency": "usd", "product": product.id, "unit_amount": 2500,
                       "recurring": {"interval": "month", "interval_count": 3}},
        "quantity": 2}]})
    item = sub["items"].data[0]
    assert sub.status == "active"
    assert (item.price.unit_amount, item.price.product, item.price.recurring.interval_count) == (
        2500, product.id, 3)
    assert item.current_period_end > item.current_period_start
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (invoice.status, invoice.amount_paid) == ("paid", 5000)
    listed = await v1.prices.list_async({"product": product.id})
    assert item.price.id not in [p.id for p in listed.data]
    assert (await v1.prices.retrieve_async(item.price.id)).id == item.price.id


async def test_an_item_takes_a_price_or_price_data_and_nothing_is_left_of_a_refusal(v1):
    product, price = await _plan(v1)
    customer = await _customer(v1)
    data = {"currency": "usd", "product": product.id, "unit_amount": 100,
            "recurring": {"interval": "month"}}
    both = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price": price.id, "price_data": data}]})
    assert (both.code, both.param) == ("parameters_exclusive", "items[0][price_data]")
    neither = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"quantity": 2}]})
    assert (neither.code, neither.param) == ("parameter_missing", "items[0][price]")
    no_product = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price_data": {**data, "product": "prod_nope"}}]})
    assert no_product.param == "items[0][price_data][product]"
    no_amount = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price_data": {
            k: v for k, v in data.items() if k != "unit_amount"}}]})
    assert no_amount.param == "items[0][price_data][unit_amount]"
    # a later refusal (an unknown tax rate) undoes the inline price made before it
    late = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price_data": data, "tax_rates": ["txr_nope"]}]})
    assert "txr_nope" in late.user_message
    prices = await v1.prices.list_async({"product": product.id, "active": True})
    assert [p.id for p in prices.data] == [price.id]
    assert (await v1.subscriptions.list_async({"customer": customer.id})).data == []


async def test_price_data_on_update_and_on_a_subscription_item(v1):
    product, price = await _plan(v1)
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    data = {"currency": "usd", "product": product.id, "unit_amount": 700,
            "recurring": {"interval": "month"}}
    updated = await v1.subscriptions.update_async(sub.id, {
        "items": [{"price_data": data}], "proration_behavior": "none"})
    amounts = sorted(i.price.unit_amount for i in updated["items"].data)
    assert amounts == [700, 1500]
    added = await v1.subscription_items.create_async({
        "subscription": sub.id, "price_data": {**data, "unit_amount": 300},
        "proration_behavior": "none"})
    assert (added.price.unit_amount, added.subscription) == (300, sub.id)
    changed = await v1.subscription_items.update_async(added.id, {
        "price_data": {**data, "unit_amount": 350}, "proration_behavior": "none"})
    assert changed.price.unit_amount == 350 and changed.price.id != added.price.id
    wrong = await _refused(v1.subscription_items.create_async, {
        "subscription": sub.id, "price": price.id, "price_data": data})
    assert (wrong.code, wrong.param) == ("parameters_exclusive", "price_data")


async def test_payment_settings_are_kept_and_changed_part_by_part(v1):
    _, price = await _plan(v1)
    customer = await _customer(v1)
    default = await v1.subscriptions.create_async({"customer": customer.id,
                                                   "items": [{"price": price.id}]})
    assert default.payment_settings.save_default_payment_method == "off"
    assert default.payment_settings.payment_method_types is None
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "payment_settings": {"payment_method_types": ["card"],
                             "payment_method_options": {
                                 "card": {"request_three_d_secure": "automatic"}}}})
    settings = sub.payment_settings
    assert settings.payment_method_types == ["card"]
    assert settings.payment_method_options.card.request_three_d_secure == "automatic"
    assert settings.payment_method_options.sepa_debit is None
    assert settings.save_default_payment_method == "off"
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert invoice.payment_settings.payment_method_types == ["card"]
    changed = await v1.subscriptions.update_async(sub.id, {"payment_settings": {
        "save_default_payment_method": "on_subscription", "payment_method_types": ""}})
    assert changed.payment_settings.save_default_payment_method == "on_subscription"
    assert changed.payment_settings.payment_method_types is None
    assert changed.payment_settings.payment_method_options.card.request_three_d_secure == \
        "automatic"
    challenge = await _refused(v1.subscriptions.update_async, sub.id, {"payment_settings": {
        "payment_method_options": {"card": {"request_three_d_secure": "challenge"}}}})
    assert challenge.param == \
        "payment_settings[payment_method_options][card][request_three_d_secure]"
    assert challenge.code == "parameter_unsupported"  # Stripe takes it; not emulated
    bad = await _refused(v1.subscriptions.update_async, sub.id, {
        "payment_settings": {"save_default_payment_method": "always"}})
    assert bad.param == "payment_settings[save_default_payment_method]"
    unsupported = await _refused(v1.subscriptions.update_async, sub.id, {
        "payment_settings": {"payment_method_options": {"sepa_debit": ""}}})
    assert (unsupported.code, unsupported.param) == (
        "parameter_unsupported", "payment_settings[payment_method_options][sepa_debit]")


async def test_the_card_that_pays_becomes_the_default_when_the_subscription_saves_it(v1):
    """Stripe's subscription guide: default_incomplete, the client confirms the first
    invoice's PaymentIntent with a new card, which the subscription then keeps."""
    _, price = await _plan(v1)
    customer = await _customer(v1, pm=None)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "payment_behavior": "default_incomplete",
        "payment_settings": {"save_default_payment_method": "on_subscription"},
        "expand": ["latest_invoice.confirmation_secret"]})
    assert (sub.status, sub.default_payment_method) == ("incomplete", None)
    secret = sub.latest_invoice.confirmation_secret.client_secret
    intent_id = secret.split("_secret_")[0]
    intent = await v1.payment_intents.retrieve_async(intent_id)
    assert intent.setup_future_usage == "off_session"
    paid = await v1.payment_intents.confirm_async(intent_id, {"payment_method": "pm_card_visa"})
    assert paid.status == "succeeded"
    active = await v1.subscriptions.retrieve_async(sub.id)
    assert active.status == "active"
    assert active.default_payment_method == paid.payment_method
    pm = await v1.payment_methods.retrieve_async(paid.payment_method)
    assert pm.customer == customer.id
    updates = (await v1.events.list_async({"type": "customer.subscription.updated"})).data
    assert updates[0].data.object.default_payment_method == paid.payment_method
    assert updates[0].data.previous_attributes["default_payment_method"] is None

    # Paid at once with the card on file: that card becomes the subscription's default.
    other = await _customer(v1)
    at_once = await v1.subscriptions.create_async({
        "customer": other.id, "items": [{"price": price.id}],
        "payment_settings": {"save_default_payment_method": "on_subscription"}})
    on_file = (await v1.customers.retrieve_async(other.id)).invoice_settings
    assert at_once.status == "active"
    assert at_once.default_payment_method == on_file.default_payment_method
    # Without the setting nothing is saved on the subscription.
    plain = await v1.subscriptions.create_async({"customer": other.id,
                                                 "items": [{"price": price.id}]})
    assert plain.default_payment_method is None


async def test_off_session_decides_whether_an_on_session_card_is_challenged(v1):
    """Stripe: off_session "Defaults to false (on-session)"."""
    _, price = await _plan(v1)
    customer = await _customer(v1, pm="pm_card_authenticationRequiredSetupForOffSession")
    unsaid = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}]})
    assert unsaid.status == "incomplete"
    on = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "off_session": False})
    assert on.status == "incomplete"
    intent = (await v1.invoices.retrieve_async(on.latest_invoice, {
        "expand": ["payments.data.payment.payment_intent"]})).payments.data[0].payment
    assert intent.payment_intent.status == "requires_action"
    off = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "off_session": True})
    assert off.status == "active"


async def test_automatic_tax_can_only_be_off_and_currency_must_be_the_prices(v1):
    _, price = await _plan(v1)
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "automatic_tax": {"enabled": False}, "currency": "usd"})
    assert sub.automatic_tax.enabled is False and sub.currency == "usd"
    taxed = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price": price.id}],
        "automatic_tax": {"enabled": True}})
    assert (taxed.code, taxed.param) == ("parameter_unsupported", "automatic_tax[enabled]")
    euros = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price": price.id}], "currency": "eur"})
    assert euros.param == "currency" and price.id in euros.user_message
    off = await v1.subscriptions.update_async(sub.id, {"automatic_tax": {"enabled": False}})
    assert off.automatic_tax.enabled is False
    assert len((await v1.subscriptions.list_async({"customer": customer.id})).data) == 1


async def test_a_codes_minimum_is_measured_against_what_tiered_items_bill(v1):
    """A tiered price has no unit_amount: the minimum reads what its tiers make of the
    quantity (7 seats at 1000 each = 7000, past the 5000 minimum)."""
    product = await v1.products.create_async({"name": "Seats"})
    tiered = await v1.prices.create_async({
        "currency": "usd", "product": product.id, "recurring": {"interval": "month"},
        "billing_scheme": "tiered", "tiers_mode": "volume",
        "tiers": [{"up_to": 10, "unit_amount": 1000}, {"up_to": "inf", "unit_amount": 800}]})
    coupon = await v1.coupons.create_async({"percent_off": 10, "duration": "once"})
    code = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": coupon.id},
        "restrictions": {"minimum_amount": 5000, "minimum_amount_currency": "usd"}})
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": tiered.id, "quantity": 7}],
        "discounts": [{"promotion_code": code.id}]})
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (invoice.subtotal, invoice.total) == (7000, 6300)
    short = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price": tiered.id, "quantity": 4}],
        "discounts": [{"promotion_code": code.id}]})
    assert short.param == "discounts[0][promotion_code]"


async def test_billing_mode_is_flexible_and_plan_is_a_price_by_its_old_name(v1):
    _, price = await _plan(v1)
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"plan": price.id}],
        "billing_mode": {"type": "flexible", "flexible": {"proration_discounts": "itemized"}}})
    assert sub["items"].data[0].price.id == price.id
    assert sub["items"].data[0].plan.id == price.id
    assert (sub.billing_mode.type, sub.billing_mode.flexible.proration_discounts) == (
        "flexible", "itemized")
    plain = await v1.subscriptions.create_async({"customer": customer.id,
                                                 "items": [{"price": price.id}]})
    assert plain.billing_mode.flexible.proration_discounts == "included"  # as recorded
    classic = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price": price.id}],
        "billing_mode": {"type": "classic"}})
    assert (classic.code, classic.param) == ("parameter_unsupported", "billing_mode[type]")
    both = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"plan": price.id, "price": price.id}]})
    assert (both.code, both.param) == ("parameters_exclusive", "items[0][plan]")
    _, other = await _plan(v1, amount=900)
    item = await v1.subscription_items.create_async({
        "subscription": sub.id, "plan": other.id, "proration_behavior": "none"})
    assert item.price.id == other.id
    # migrating to flexible billing: it is there already, answered as it is; from included
    # discounts to itemized ones, but not back
    migrated = await v1.subscriptions.migrate_async(sub.id, {
        "billing_mode": {"type": "flexible"}})
    assert (migrated.id, migrated.billing_mode.type) == (sub.id, "flexible")
    assert migrated.billing_mode.updated_at == sub.billing_mode.updated_at
    itemized = await v1.subscriptions.migrate_async(plain.id, {"billing_mode": {
        "type": "flexible", "flexible": {"proration_discounts": "itemized"}}})
    assert itemized.billing_mode.flexible.proration_discounts == "itemized"
    back = await _refused(v1.subscriptions.migrate_async, plain.id, {"billing_mode": {
        "type": "flexible", "flexible": {"proration_discounts": "included"}}})
    assert back.param == "billing_mode[flexible][proration_discounts]"
    refused = await _refused(v1.subscriptions.migrate_async, sub.id, {
        "billing_mode": {"type": "classic"}})
    assert refused.param == "billing_mode[type]"
    missing = await _refused(v1.subscriptions.migrate_async, sub.id, {})
    assert missing.param == "billing_mode"


async def test_a_one_off_item_on_the_first_invoice_takes_its_own_discounts(v1):
    product, price = await _plan(v1)
    customer = await _customer(v1)
    half = await v1.coupons.create_async({"percent_off": 50, "duration": "once"})
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "add_invoice_items": [{"price_data": {"currency": "usd", "product": product.id,
                                              "unit_amount": 4000},
                               "discounts": [{"coupon": half.id}]}]})
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    # an item's own discounts are in the subtotal already (Stripe: "item discounts are
    # already incorporated")
    assert (invoice.subtotal, invoice.total, invoice.amount_paid) == (3500, 3500, 3500)
    setup_line = next(li for li in invoice.lines.data if li.amount == 4000)
    assert [d.amount for d in setup_line.discount_amounts] == [2000]
    plan_line = next(li for li in invoice.lines.data if li.amount == 1500)
    assert plan_line.discount_amounts == []
    missing = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price": price.id}],
        "add_invoice_items": [{"price_data": {"currency": "usd", "product": product.id,
                                              "unit_amount": 4000},
                               "discounts": [{"coupon": "nope"}]}]})
    assert missing.param == "add_invoice_items[0][discounts][0][coupon]"


async def _on_clock(v1, clocks):
    clock = await clocks.create_async({"frozen_time": APR_1})
    customer = await v1.customers.create_async({
        "test_clock": clock.id, "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    return clock, customer


async def _invoices(v1, sub_id):
    listed = await v1.invoices.list_async({"subscription": sub_id})
    return sorted(listed.data, key=lambda i: i.period_end)


async def test_an_items_own_discount_applies_to_its_lines_and_a_once_one_is_used_up(
        v1, clocks):
    clock, customer = await _on_clock(v1, clocks)
    _, gold = await _plan(v1, 2000)
    _, seats = await _plan(v1, 500)
    fifth = await v1.coupons.create_async({"percent_off": 20, "duration": "once"})
    sub = await v1.subscriptions.create_async({"customer": customer.id, "items": [
        {"price": gold.id, "discounts": [{"coupon": fifth.id}]}, {"price": seats.id}]})
    gold_item = next(i for i in sub["items"].data if i.price.id == gold.id)
    assert sub.discounts == []
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    by_price = {li.pricing.price_details.price: li for li in first.lines.data}
    assert [d.amount for d in by_price[gold.id].discount_amounts] == [400]
    assert by_price[gold.id].discounts and by_price[seats.id].discounts == []
    assert (first.subtotal, first.total, first.amount_paid) == (2100, 2100, 2100)
    discount = await v1.invoices.retrieve_async(first.id, {"expand": ["lines.data.discounts"]})
    made = next(li for li in discount.lines.data if li.amount == 2000).discounts[0]
    assert (made.subscription, made.subscription_item) == (sub.id, gold_item.id)
    # used up by the first invoice: gone from the item, the renewal is at full price
    assert (await v1.subscription_items.retrieve_async(gold_item.id)).discounts == []
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + DAY})
    renewal = (await _invoices(v1, sub.id))[-1]
    assert (renewal.billing_reason, renewal.total) == ("subscription_cycle", 2500)


async def test_a_repeating_item_discount_ends_after_its_months_and_updates_set_it(
        v1, clocks, server):
    clock, customer = await _on_clock(v1, clocks)
    _, gold = await _plan(v1, 2000)
    off = await v1.coupons.create_async({"amount_off": 500, "currency": "usd",
                                         "duration": "repeating", "duration_in_months": 2})
    sub = await v1.subscriptions.create_async({"customer": customer.id, "items": [
        {"price": gold.id}]})
    item = sub["items"].data[0]
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": item.id, "discounts": [{"coupon": off.id}]}]})
    assert len(changed["items"].data[0].discounts) == 1
    for moment in (MAY_1 + DAY, JUN_1 + DAY, JUL_1 + DAY):
        await clocks.advance_async(clock.id, {"frozen_time": moment})
    totals = [i.total for i in await _invoices(v1, sub.id)]
    # April billed before the discount; it lasts two months from April 1 (as a
    # subscription's own does): May's invoice 500 off, June's and July's at full price
    assert totals == [2000, 1500, 2000, 2000]
    cleared = await v1.subscription_items.update_async(item.id, {"discounts": ""})
    assert cleared.discounts == []
    # an item removed takes the discounts made for it along
    _, seats = await _plan(v1, 300)
    extra = await v1.subscription_items.create_async({
        "subscription": sub.id, "price": seats.id, "proration_behavior": "none",
        "discounts": [{"coupon": off.id}]})
    made = extra.discounts[0]
    discounts = server.app[STORE].accounts[KEY].collections["discount"].objects
    assert discounts[made]["subscription_item"] == extra.id
    await v1.subscription_items.delete_async(extra.id, {"proration_behavior": "none"})
    assert made not in discounts  # (no API reads a discount: the store is asked)
    bad = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price": gold.id, "discounts": [{"coupon": "no"}]}]})
    assert bad.param == "items[0][discounts][0][coupon]"


async def test_a_payment_method_of_a_type_the_invoice_does_not_take_is_refused(v1):
    _, price = await _plan(v1)
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "payment_behavior": "default_incomplete",
        "payment_settings": {"payment_method_types": ["us_bank_account"]}})
    refused = await _refused(v1.invoices.pay_async, sub.latest_invoice)
    assert (refused.code, refused.param) == ("payment_intent_incompatible_payment_method",
                                             "payment_method")
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (invoice.status, invoice.attempt_count) == ("open", 0)


async def test_a_preview_of_a_new_subscription_takes_what_a_create_takes(v1):
    product, price = await _plan(v1, 2000)
    customer = await _customer(v1)
    half = await v1.coupons.create_async({"percent_off": 50, "duration": "once"})
    by_plan = await v1.invoices.create_preview_async({
        "customer": customer.id, "subscription_details": {"items": [{"plan": price.id}]}})
    assert by_plan.total == 2000
    inline = await v1.invoices.create_preview_async({
        "customer": customer.id, "subscription_details": {"items": [{"price_data": {
            "currency": "usd", "product": product.id, "unit_amount": 700,
            "recurring": {"interval": "month"}}}]}})
    assert inline.total == 700
    discounted = await v1.invoices.create_preview_async({
        "customer": customer.id, "subscription_details": {"items": [{
            "price": price.id, "discounts": [{"coupon": half.id}]}]}})
    assert discounted.total == 1000
    assert (await v1.coupons.retrieve_async(half.id)).times_redeemed == 0  # a preview only
    assert [p.id for p in (await v1.prices.list_async({"product": product.id})).data] == [
        price.id]


async def test_the_method_paying_a_pending_updates_invoice_is_saved_too(v1, clocks):
    clock, customer = await _on_clock(v1, clocks)
    _, price = await _plan(v1, 1000)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    bad = await v1.payment_methods.attach_async("pm_card_chargeCustomerFail",
                                                {"customer": customer.id})
    await v1.customers.update_async(customer.id, {
        "invoice_settings": {"default_payment_method": bad.id}})
    await v1.subscriptions.update_async(sub.id, {
        "payment_settings": {"save_default_payment_method": "on_subscription"}})
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 15 * DAY})
    held = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "quantity": 3}],
        "proration_behavior": "always_invoice", "payment_behavior": "pending_if_incomplete"})
    assert held.pending_update is not None and held.default_payment_method is None
    good = await v1.payment_methods.attach_async("pm_card_visa", {"customer": customer.id})
    await v1.invoices.pay_async(held.latest_invoice, {"payment_method": good.id})
    applied = await v1.subscriptions.retrieve_async(sub.id)
    assert applied.pending_update is None and applied["items"].data[0].quantity == 3
    assert applied.default_payment_method == good.id


async def test_a_preview_takes_discounts_in_place_of_the_subscriptions(v1):
    _, price = await _plan(v1, 2000)
    customer = await _customer(v1)
    quarter = await v1.coupons.create_async({"percent_off": 25, "duration": "forever"})
    half = await v1.coupons.create_async({"percent_off": 50, "duration": "forever"})
    plain = await v1.subscriptions.create_async({"customer": customer.id,
                                                 "items": [{"price": price.id}]})
    with_quarter = await v1.invoices.create_preview_async({
        "subscription": plain.id, "discounts": [{"coupon": quarter.id}]})
    assert with_quarter.total == 1500
    assert (await v1.subscriptions.retrieve_async(plain.id)).discounts == []
    assert (await v1.coupons.retrieve_async(quarter.id)).times_redeemed == 0
    halved = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "discounts": [{"coupon": half.id}]})
    assert (await v1.invoices.create_preview_async({"subscription": halved.id})).total == 1000
    none = await v1.invoices.create_preview_async({"subscription": halved.id, "discounts": ""})
    assert none.total == 2000
    new = await v1.invoices.create_preview_async({
        "customer": customer.id, "subscription_details": {"items": [{"price": price.id}]},
        "discounts": [{"coupon": quarter.id}]})
    assert new.total == 1500
    wrong = await _refused(v1.invoices.create_preview_async, {
        "subscription": plain.id, "discounts": [{"coupon": "nope"}]})
    assert wrong.param == "discounts[0][coupon]"


async def test_trial_end_behavior_and_listing_by_plan(v1):
    _product, price = await _plan(v1)
    customer = await v1.customers.create_async()
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 5,
        "trial_settings": {"end_behavior": {"billing_cycle_anchor": "now"}}})
    behavior = sub.trial_settings.end_behavior
    assert (behavior.billing_cycle_anchor, behavior.missing_payment_method) == (
        "now", "create_invoice")
    unchanged = await _refused(v1.subscriptions.create_async, {
        "customer": customer.id, "items": [{"price": price.id}],
        "trial_settings": {"end_behavior": {"billing_cycle_anchor": "unchanged"}}})
    assert unchanged.code == "parameter_unsupported"
    listed = await v1.subscriptions.list_async({"plan": price.id})
    assert [s.id for s in listed.data] == [sub.id]
    assert (await v1.subscriptions.list_async({"plan": "price_other"})).data == []
