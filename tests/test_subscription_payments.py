"""A subscription's payments over time: a renewal the card declines makes it past_due, the
retry schedule runs, and the account's settings decide the end (canceled, unpaid, or left
past due); an incomplete subscription expires after 23 hours."""

import pytest
import stripe

from moments import APR_1, DAY, HOUR, JUN_1, MAY_1


async def _world(v1, clocks, amounts=(1000,), **customer):
    """A clock at APR_1, a customer on it (with `customer`'s params), and monthly usd prices
    of one product at each of `amounts`."""
    clock = await clocks.create_async({"frozen_time": APR_1})
    customer = await v1.customers.create_async({"test_clock": clock.id, **customer})
    product = await v1.products.create_async({"name": "Gold plan"})
    prices = [await v1.prices.create_async({
        "currency": "usd", "unit_amount": amount, "product": product.id,
        "recurring": {"interval": "month"}}) for amount in amounts]
    return clock, customer, prices


async def _paid_subscription(v1, clocks):
    """A customer on a clock with a good default card, and a paid monthly subscription."""
    clock, customer, [price] = await _world(
        v1, clocks, payment_method="pm_card_visa",
        invoice_settings={"default_payment_method": "pm_card_visa"})
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    assert sub.status == "active"
    return clock, customer, sub


async def _declining_renewal(v1, clocks):
    """A paid first month, then the customer's default card switched to one that declines."""
    clock, customer, sub = await _paid_subscription(v1, clocks)
    bad = await v1.payment_methods.attach_async("pm_card_chargeCustomerFail",
                                                {"customer": customer.id})
    await v1.customers.update_async(customer.id, {
        "invoice_settings": {"default_payment_method": bad.id}})
    return clock, customer, sub


async def test_a_declined_renewal_goes_past_due_then_canceled_after_the_retries(v1, clocks):
    clock, _customer, sub = await _declining_renewal(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + DAY})
    past_due = await v1.subscriptions.retrieve_async(sub.id)
    assert past_due.status == "past_due"
    invoice = await v1.invoices.retrieve_async(past_due.latest_invoice)
    assert (invoice.status, invoice.attempted, invoice.amount_paid) == ("open", True, 0)
    first_attempt = MAY_1 + HOUR  # finalized and charged an hour after the renewal
    assert invoice.next_payment_attempt == first_attempt + 3 * DAY
    updates = (await v1.events.list_async({"type": "customer.subscription.updated"})).data
    assert updates[0].data.object.status == "past_due"
    assert updates[0].data.previous_attributes["status"] == "active"
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 10 * DAY})
    ended = await v1.subscriptions.retrieve_async(sub.id)
    assert ended.status == "canceled"
    assert ended.cancellation_details.reason == "payment_failed"
    invoice = await v1.invoices.retrieve_async(invoice.id)
    assert (invoice.status, invoice.attempt_count, invoice.next_payment_attempt) == (
        "open", 4, None)  # the invoice stays open, payable
    failures = await v1.events.list_async({"type": "invoice.payment_failed"})
    assert len(failures.data) == 4


async def test_settings_can_make_it_unpaid_and_paying_makes_it_active(v1, clocks, http):
    async with http.post("/_emulator/billing_settings",
                         data={"after_retries": "unpaid", "retry_days": "2"}) as resp:
        assert resp.status == 200
        assert (await resp.json())["retry_days"] == [2]
    clock, customer, sub = await _declining_renewal(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 5 * DAY})
    unpaid = await v1.subscriptions.retrieve_async(sub.id)
    assert unpaid.status == "unpaid"
    # "invoices will be created, but then immediately automatically closed"
    await clocks.advance_async(clock.id, {"frozen_time": JUN_1 + 5 * HOUR})
    later = await v1.subscriptions.retrieve_async(sub.id)
    june = await v1.invoices.retrieve_async(later.latest_invoice)
    assert (june.status, june.auto_advance) == ("draft", False)
    good = await v1.payment_methods.attach_async("pm_card_visa", {"customer": customer.id})
    may = (await v1.invoices.list_async({"subscription": sub.id, "status": "open"})).data[0]
    await v1.invoices.pay_async(may.id, {"payment_method": good.id})
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "active"


async def test_settings_can_leave_it_past_due(v1, clocks, http):
    async with http.post("/_emulator/billing_settings",
                         data={"after_retries": "past_due"}) as resp:
        assert resp.status == 200
    clock, _customer, sub = await _declining_renewal(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 10 * DAY})
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "past_due"


async def test_billing_settings_refuse_bad_values_and_are_per_key(http, make_client):
    for data, param in (({"after_retries": "explode"}, "after_retries"),
                        ({"retry_days": "5,3"}, "retry_days"),
                        ({"retry_days": "x"}, "retry_days"),
                        ({"upcoming_days": "0"}, "upcoming_days"),
                        ({"nope": "1"}, "nope")):
        async with http.post("/_emulator/billing_settings", data=data) as resp:
            assert resp.status == 400
            assert (await resp.json())["error"]["param"] == param
    async with http.post("/_emulator/billing_settings", data={"after_retries": "unpaid"}):
        pass
    async with http.get("/_emulator/billing_settings",
                        headers={"Authorization": "Bearer sk_test_other"}) as resp:
        assert (await resp.json())["after_retries"] == "cancel"


async def test_an_unpaid_first_invoice_expires_the_subscription_after_23_hours(v1, clocks):
    clock, customer, [price] = await _world(v1, clocks)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}],
                                               "payment_behavior": "default_incomplete"})
    assert sub.status == "incomplete"
    with pytest.raises(stripe.InvalidRequestError):  # incomplete: metadata and little else
        await v1.subscriptions.update_async(sub.id, {"cancel_at_period_end": True})
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 22 * HOUR})
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "incomplete"
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 24 * HOUR})
    expired = await v1.subscriptions.retrieve_async(sub.id)
    assert (expired.status, expired.ended_at) == ("incomplete_expired", APR_1 + 23 * HOUR)
    assert (await v1.invoices.retrieve_async(sub.latest_invoice)).status == "void"
    listed = await v1.subscriptions.list_async({"customer": customer.id, "status": "ended"})
    assert [s.id for s in listed.data] == [sub.id]


async def test_pending_if_incomplete_applies_a_change_only_once_it_is_paid(v1, clocks):
    clock, customer, sub = await _declining_renewal(v1, clocks)  # its card declines
    item = sub["items"].data[0]
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 15 * DAY})
    held = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": item.id, "quantity": 3}], "proration_behavior": "always_invoice",
        "payment_behavior": "pending_if_incomplete"})
    assert held.status == "active" and held["items"].data[0].quantity == 1  # not yet
    assert held.pending_update.subscription_items[0].quantity == 3
    assert held.pending_update.expires_at == APR_1 + 15 * DAY + 23 * HOUR
    invoice = await v1.invoices.retrieve_async(held.latest_invoice)
    assert (invoice.status, invoice.billing_reason) == ("open", "subscription_update")
    good = await v1.payment_methods.attach_async("pm_card_visa", {"customer": customer.id})
    await v1.invoices.pay_async(invoice.id, {"payment_method": good.id})
    applied = await v1.subscriptions.retrieve_async(sub.id)
    assert applied.pending_update is None and applied["items"].data[0].quantity == 3
    types = [e.type for e in (await v1.events.list_async({"limit": 50})).data]
    assert "customer.subscription.pending_update_applied" in types


@pytest.mark.parametrize("via", ["subscription", "item"])
async def test_a_pending_change_from_free_to_paid_starts_its_cycle_once_paid(v1, clocks, via):
    clock, customer, [free, paid] = await _world(
        v1, clocks, (0, 1000), payment_method="pm_card_chargeCustomerFail",
        invoice_settings={"default_payment_method": "pm_card_chargeCustomerFail"})
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": free.id}]})
    item = sub["items"].data[0]
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 15 * DAY})
    change = {"payment_behavior": "pending_if_incomplete"}
    if via == "item":
        await v1.subscription_items.update_async(item.id, {"price": paid.id, **change})
    else:
        await v1.subscriptions.update_async(sub.id, {
            "items": [{"id": item.id, "price": paid.id}], **change})
    held = await v1.subscriptions.retrieve_async(sub.id)  # its card declines: not yet
    assert held.status == "active" and held["items"].data[0].price.id == free.id
    assert held.pending_update.billing_cycle_anchor == APR_1 + 15 * DAY
    assert held.pending_update.subscription_items[0].price.id == paid.id
    invoice = await v1.invoices.retrieve_async(held.latest_invoice)
    assert (invoice.status, invoice.total) == ("open", 1000)  # the new cycle's first month
    good = await v1.payment_methods.attach_async("pm_card_visa", {"customer": customer.id})
    await v1.invoices.pay_async(invoice.id, {"payment_method": good.id})
    applied = await v1.subscriptions.retrieve_async(sub.id)
    assert applied.pending_update is None
    assert applied.billing_cycle_anchor == APR_1 + 15 * DAY
    [moved] = applied["items"].data
    assert (moved.price.id, moved.current_period_start, moved.current_period_end) == (
        paid.id, APR_1 + 15 * DAY, MAY_1 + 15 * DAY)
    if via == "item":  # what a pending update may not carry, named as the endpoint's
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.subscription_items.update_async(moved.id, {
                "price": free.id, "metadata": {"a": "b"}, **change})
        assert exc.value.param == "metadata"


async def test_a_paid_item_added_pending_to_a_free_subscription(v1, clocks):
    _clock, customer, [free, paid] = await _world(
        v1, clocks, (0, 1000), payment_method="pm_card_chargeCustomerFail",
        invoice_settings={"default_payment_method": "pm_card_chargeCustomerFail"})
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": free.id}]})
    added = await v1.subscription_items.create_async({
        "subscription": sub.id, "price": paid.id,
        "payment_behavior": "pending_if_incomplete"})
    assert added.price.id == paid.id  # shown as it will be
    held = await v1.subscriptions.retrieve_async(sub.id)
    assert [i.id for i in held["items"].data] == [sub["items"].data[0].id]
    assert added.id in [i.id for i in held.pending_update.subscription_items]


async def test_an_expired_pending_update_leaves_what_was_billed_as_it_was(v1, clocks):
    clock, _customer, sub = await _declining_renewal(v1, clocks)
    item = sub["items"].data[0]
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 10 * DAY})
    await v1.subscriptions.update_async(sub.id, {  # 1 -> 3 for 20 days: never paid
        "items": [{"id": item.id, "quantity": 3}], "proration_behavior": "always_invoice",
        "payment_behavior": "pending_if_incomplete"})
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 11 * DAY})
    assert (await v1.subscriptions.retrieve_async(sub.id)).pending_update is None
    # a later change credits what was paid: the 1000 of April, not the unpaid upgrade
    await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": item.id, "quantity": 2}], "proration_behavior": "create_prorations"})
    pending = await v1.invoice_items.list_async({"customer": sub.customer, "pending": True})
    credit = next(i for i in pending.data if i.amount < 0)
    assert credit.amount == -633  # 19 of April's 30 days, of 1000


async def test_a_pending_update_expires_and_its_invoice_is_voided(v1, clocks):
    clock, _customer, sub = await _declining_renewal(v1, clocks)  # its card declines
    item = sub["items"].data[0]
    held = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": item.id, "quantity": 2}], "proration_behavior": "always_invoice",
        "payment_behavior": "pending_if_incomplete"})
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + DAY})
    expired = await v1.subscriptions.retrieve_async(sub.id)
    assert expired.pending_update is None and expired["items"].data[0].quantity == 1
    assert expired.status == "active"
    assert (await v1.invoices.retrieve_async(held.latest_invoice)).status == "void"
    types = [e.type for e in (await v1.events.list_async({"limit": 50})).data]
    assert "customer.subscription.pending_update_expired" in types
    with pytest.raises(stripe.InvalidRequestError) as exc:  # only what a pending update carries
        await v1.subscriptions.update_async(sub.id, {
            "items": [{"id": item.id, "quantity": 2}], "metadata": {"a": "b"},
            "payment_behavior": "pending_if_incomplete"})
    assert exc.value.param == "metadata"


async def test_pending_if_incomplete_with_a_good_card_applies_at_once(v1, clocks):
    _clock, _customer, sub = await _paid_subscription(v1, clocks)
    done = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "quantity": 2}],
        "proration_behavior": "always_invoice", "payment_behavior": "pending_if_incomplete"})
    assert done.pending_update is None and done["items"].data[0].quantity == 2
    assert (await v1.invoices.retrieve_async(done.latest_invoice)).status == "paid"


async def test_changing_upcoming_days_moves_the_next_notice(v1, clocks, http):
    clock, _customer, sub = await _paid_subscription(v1, clocks)
    async with http.post("/_emulator/billing_settings", data={"upcoming_days": "3"}) as resp:
        assert resp.status == 200
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 - 5 * DAY})
    assert (await v1.events.list_async({"type": "invoice.upcoming"})).data == []
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 - 2 * DAY})
    (upcoming,) = (await v1.events.list_async({"type": "invoice.upcoming"})).data
    assert upcoming.created == MAY_1 - 3 * DAY
    assert upcoming.data.object.parent.subscription_details.subscription == sub.id


async def test_error_if_incomplete_on_a_change_changes_nothing(v1, clocks):
    _clock, _customer, sub = await _declining_renewal(v1, clocks)
    with pytest.raises(stripe.CardError) as exc:
        await v1.subscriptions.update_async(sub.id, {
            "items": [{"id": sub["items"].data[0].id, "quantity": 3}],
            "proration_behavior": "always_invoice", "payment_behavior": "error_if_incomplete"})
    assert (exc.value.http_status, exc.value.code) == (402, "card_declined")
    after = await v1.subscriptions.retrieve_async(sub.id)
    assert after.to_dict() == sub.to_dict()
    assert len((await v1.invoices.list_async({"subscription": sub.id})).data) == 1


async def test_default_incomplete_with_a_card_on_file_waits_only_for_confirmation(v1, clocks):
    """What Laravel Cashier relies on: the first invoice's PaymentIntent carries the card on
    file (`requires_confirmation`), so confirming it as is activates the subscription."""
    _clock, customer, [price] = await _world(
        v1, clocks, payment_method="pm_card_visa",
        invoice_settings={"default_payment_method": "pm_card_visa"})
    card = customer.invoice_settings.default_payment_method
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "payment_behavior": "default_incomplete", "off_session": True,
        "expand": ["latest_invoice.payments"]})
    assert sub.status == "incomplete"
    intent_id = sub.latest_invoice.payments.data[0].payment.payment_intent
    intent = await v1.payment_intents.retrieve_async(intent_id)
    assert (intent.status, intent.payment_method) == ("requires_confirmation", card)
    confirmed = await v1.payment_intents.confirm_async(intent_id)
    assert confirmed.status == "succeeded"
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "active"


async def test_a_trial_made_default_incomplete_collects_its_method_with_a_setup_intent(v1,
                                                                                      clocks):
    clock, customer, [price] = await _world(v1, clocks)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 7,
        "payment_behavior": "default_incomplete",
        "payment_settings": {"save_default_payment_method": "on_subscription"},
        "expand": ["pending_setup_intent"]})
    setup = sub.pending_setup_intent
    assert (sub.status, setup.object, setup.status) == (
        "trialing", "setup_intent", "requires_payment_method")
    assert (setup.customer, setup.usage) == (customer.id, "off_session")
    assert setup.client_secret.startswith(setup.id + "_secret_")
    confirmed = await v1.setup_intents.confirm_async(setup.id,
                                                     {"payment_method": "pm_card_visa"})
    assert confirmed.status == "succeeded"
    saved = await v1.subscriptions.retrieve_async(sub.id)
    assert (saved.pending_setup_intent, saved.default_payment_method) == (
        None, confirmed.payment_method)
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 7 * DAY + HOUR})
    converted = await v1.subscriptions.retrieve_async(sub.id, {"expand": ["latest_invoice"]})
    assert (converted.status, converted.latest_invoice.status) == ("active", "paid")
    # with a payment asked at once (or another payment behaviour) there is none
    paid = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "payment_behavior": "default_incomplete"})
    trial = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 7})
    assert paid.pending_setup_intent is None and trial.pending_setup_intent is None
