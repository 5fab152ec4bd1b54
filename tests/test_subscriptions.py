"""Subscriptions through the SDK: create with its first invoice, payment behaviours, renewals
on a test clock, cancel, lists and items."""

import pytest
import stripe

T0 = 1_767_225_600  # 2026-01-01T00:00:00Z
DAY = 86_400
MONTH_ENDS = [1_769_904_000, 1_772_323_200, 1_775_001_600, 1_777_593_600]  # Feb 1 .. May 1


@pytest.fixture
def v1(client):
    return client.v1


async def _price(v1, amount=1500, interval="month", currency="usd"):
    product = await v1.products.create_async({"name": "Gold plan"})
    return await v1.prices.create_async({"currency": currency, "unit_amount": amount,
                                         "product": product.id,
                                         "recurring": {"interval": interval}})


async def _customer(v1, card="pm_card_visa", **params):
    customer = await v1.customers.create_async(params)
    if card:
        pm = await v1.payment_methods.attach_async(card, {"customer": customer.id})
        await v1.customers.update_async(customer.id, {
            "invoice_settings": {"default_payment_method": pm.id}})
    return customer


async def test_a_subscription_is_active_once_its_first_invoice_is_paid(v1):
    price = await _price(v1)
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id, "quantity": 2}]})
    assert sub.id.startswith("sub_") and sub.status == "active"
    assert (sub.currency, sub.collection_method, sub.cancel_at_period_end) == (
        "usd", "charge_automatically", False)
    assert sub.billing_mode.type == "flexible" and sub.start_date == sub.created
    item = sub["items"].data[0]
    assert item.id.startswith("si_") and (item.quantity, item.price.id) == (2, price.id)
    assert item.plan.id == price.id and item.plan.amount == 1500
    assert item.current_period_start == sub.created
    assert item.current_period_end > item.current_period_start + 27 * DAY
    assert "current_period_end" not in sub  # on the items at this version
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (invoice.status, invoice.billing_reason, invoice.amount_paid) == (
        "paid", "subscription_create", 3000)
    assert invoice.parent.subscription_details.subscription == sub.id
    line = invoice.lines.data[0]
    assert line.parent.type == "subscription_item_details"
    assert line.parent.subscription_item_details.subscription_item == item.id
    assert line.period.end == item.current_period_end
    assert line.description == "2 × Gold plan (at $15.00 / month)"  # noqa: RUF001
    # its payment says why (as recorded at 2025-10-29.clover)
    intent = await v1.payment_intents.retrieve_async(
        (await v1.invoice_payments.list_async({"invoice": invoice.id})).data[0]
        .payment.payment_intent)
    assert intent.description == "Subscription creation"
    assert (await v1.customers.retrieve_async(customer.id)).currency == "usd"
    types = [e.type for e in (await v1.events.list_async({"limit": 100})).data]
    assert "customer.subscription.created" in types and "invoice.paid" in types
    assert (await v1.subscriptions.retrieve_async(sub.id)).to_dict() == sub.to_dict()


async def test_allow_incomplete_leaves_it_incomplete_until_paid(v1):
    price = await _price(v1)
    customer = await _customer(v1, card="pm_card_chargeCustomerFail")
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    assert sub.status == "incomplete"
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (invoice.status, invoice.attempted, invoice.attempt_count) == ("open", True, 1)
    good = await v1.payment_methods.attach_async("pm_card_visa", {"customer": customer.id})
    await v1.invoices.pay_async(invoice.id, {"payment_method": good.id})
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "active"


async def test_error_if_incomplete_creates_nothing_on_a_decline(v1):
    price = await _price(v1)
    customer = await _customer(v1, card="pm_card_chargeCustomerFail")
    with pytest.raises(stripe.CardError) as exc:
        await v1.subscriptions.create_async({"customer": customer.id,
                                             "items": [{"price": price.id}],
                                             "payment_behavior": "error_if_incomplete"})
    assert exc.value.http_status == 402 and exc.value.code == "card_declined"
    assert (await v1.subscriptions.list_async({"status": "all"})).data == []
    assert (await v1.invoices.list_async()).data == []


async def test_default_incomplete_waits_for_the_payment(v1):
    price = await _price(v1)
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}],
                                               "payment_behavior": "default_incomplete"})
    assert sub.status == "incomplete"
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (invoice.status, invoice.attempted, invoice.amount_due) == ("open", False, 1500)
    await v1.invoices.pay_async(invoice.id)
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "active"


async def test_send_invoice_subscriptions_are_active_with_a_draft(v1):
    price = await _price(v1)
    customer = await _customer(v1, card=None)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "collection_method": "send_invoice", "days_until_due": 14})
    assert sub.status == "active" and sub.days_until_due == 14
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (invoice.status, invoice.auto_advance) == ("draft", True)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.create_async({"customer": customer.id,
                                             "items": [{"price": price.id}],
                                             "collection_method": "send_invoice"})
    assert "days_until_due" in exc.value.user_message


async def test_create_refusals(v1):
    price = await _price(v1)
    customer = await _customer(v1)
    product = await v1.products.create_async({"name": "One-off"})
    once = await v1.prices.create_async({"currency": "usd", "unit_amount": 5,
                                         "product": product.id})
    euro = await _price(v1, currency="eur")
    cases = [
        ({"items": [{"price": price.id}, {"price": price.id}]}, "plan",
         "multiple Subscription Items with the same Price"),
        ({"items": [{"price": once.id}]}, "items[0][price]", "type=recurring"),
        ({"items": [{"price": "price_nope"}]}, "items[0][price]", "No such price"),
        ({"items": [{"price": price.id}, {"price": euro.id}]}, "items[1][price]", "currency"),
        ({"items": [{"price": price.id}], "payment_behavior": "pending_if_incomplete"},
         "payment_behavior", "has no effect when creating"),
        ({"items": [{"price": price.id}], "billing_cycle_anchor": "1000"},
         "billing_cycle_anchor", "in the past"),
        ({"items": [{"price": price.id}], "trial_end": "1000"}, "trial_end", "in the past"),
        ({"items": [{"price": price.id}], "trial_period_days": 731}, "trial_period_days",
         "less than or equal to 730"),
    ]
    for params, param, wording in cases:
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.subscriptions.create_async({"customer": customer.id, **params})
        assert exc.value.param == param, params
        assert wording in exc.value.user_message, (params, exc.value.user_message)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.create_async({"customer": customer.id})
    assert (exc.value.code, exc.value.param) == ("parameter_missing", "items")
    assert (await v1.subscriptions.list_async({"status": "all"})).data == []


async def test_a_monthly_subscription_renews_on_its_clock(v1):
    clock = await v1.test_helpers.test_clocks.create_async({"frozen_time": T0})
    price = await _price(v1)
    customer = await _customer(v1, test_clock=clock.id)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    assert sub.created == T0 and sub.test_clock == clock.id
    for months in range(3):  # a little past each boundary: renewals finalize an hour later
        await v1.test_helpers.test_clocks.advance_async(
            clock.id, {"frozen_time": MONTH_ENDS[months] + 2 * 3600 + 60})
    invoices = (await v1.invoices.list_async({"customer": customer.id})).data
    assert len(invoices) == 4
    assert [i.status for i in invoices] == ["paid"] * 4
    assert [i.billing_reason for i in invoices] == ["subscription_cycle"] * 3 + [
        "subscription_create"]
    periods = [(i.lines.data[0].period.start, i.lines.data[0].period.end) for i in invoices]
    assert periods == [(MONTH_ENDS[2], MONTH_ENDS[3]), (MONTH_ENDS[1], MONTH_ENDS[2]),
                       (MONTH_ENDS[0], MONTH_ENDS[1]), (T0, MONTH_ENDS[0])]
    assert [i.amount_paid for i in invoices] == [1500] * 4
    assert [i.created for i in invoices] == [MONTH_ENDS[2], MONTH_ENDS[1], MONTH_ENDS[0], T0]
    now = await v1.subscriptions.retrieve_async(sub.id)
    assert now.status == "active" and now.latest_invoice == invoices[0].id
    assert now["items"].data[0].current_period_start == MONTH_ENDS[2]
    # The events of one renewal, in Stripe's order.
    events = (await v1.events.list_async({"limit": 100})).data
    renewal = [e.type for e in reversed(events)
               if MONTH_ENDS[0] <= e.created <= MONTH_ENDS[0] + 3 * 3600
               and e.type.startswith(("invoice.", "customer.subscription."))]
    assert renewal.index("invoice.created") < renewal.index("invoice.finalized") \
        < renewal.index("invoice.paid")


async def test_a_failed_renewal_makes_it_past_due(v1):
    clock = await v1.test_helpers.test_clocks.create_async({"frozen_time": T0})
    price = await _price(v1)
    customer = await _customer(v1, test_clock=clock.id)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    failing = await v1.payment_methods.attach_async("pm_card_chargeCustomerFail",
                                                    {"customer": customer.id})
    await v1.customers.update_async(customer.id, {
        "invoice_settings": {"default_payment_method": failing.id}})
    await v1.test_helpers.test_clocks.advance_async(
        clock.id, {"frozen_time": MONTH_ENDS[0] + 3 * 3600})
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "past_due"
    renewal = (await v1.invoices.list_async({"customer": customer.id})).data[0]
    assert (renewal.status, renewal.attempt_count) == ("open", 1)


async def test_cancel_and_lists(v1):
    price = await _price(v1)
    customer = await _customer(v1)
    keep = await v1.subscriptions.create_async({"customer": customer.id,
                                                "items": [{"price": price.id}]})
    other = await _price(v1, amount=900)
    gone = await v1.subscriptions.create_async({"customer": customer.id,
                                                "items": [{"price": other.id}],
                                                "metadata": {"plan": "b"}})
    canceled = await v1.subscriptions.cancel_async(gone.id, {
        "cancellation_details": {"comment": "too pricey"}})
    assert canceled.status == "canceled" and canceled.ended_at == canceled.canceled_at
    assert canceled.cancellation_details.reason == "cancellation_requested"
    assert canceled.cancellation_details.comment == "too pricey"
    with pytest.raises(stripe.InvalidRequestError) as exc:  # canceled: not there to cancel
        await v1.subscriptions.cancel_async(gone.id)
    assert (exc.value.http_status, exc.value.code) == (404, "resource_missing")

    async def ids(**params):
        return [s.id for s in (await v1.subscriptions.list_async(params)).data]

    assert await ids() == [keep.id]
    assert await ids(status="all") == [gone.id, keep.id]
    assert await ids(status="canceled") == [gone.id]
    assert await ids(price=price.id) == [keep.id]
    assert await ids(customer=customer.id) == [keep.id]
    found = await v1.subscriptions.search_async({"query": "metadata['plan']:'b'"})
    assert [s.id for s in found.data] == [gone.id]
    deleted = (await v1.events.list_async({"type": "customer.subscription.deleted"})).data
    assert [e.data.object.id for e in deleted] == [gone.id]
    assert deleted[0].data.object.status == "canceled"


async def test_lists_by_current_period_and_automatic_tax(v1, clocks):
    clock = await clocks.create_async({"frozen_time": T0})
    customer = await _customer(v1, test_clock=clock.id)
    monthly = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": (await _price(v1)).id}]})
    yearly = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": (await _price(v1, 9000, "year")).id}]})

    async def ids(**params):
        found = await v1.subscriptions.list_async({"customer": customer.id, **params})
        return sorted(s.id for s in found.data)

    assert await ids(current_period_end={"lte": MONTH_ENDS[0]}) == [monthly.id]
    assert await ids(current_period_end={"gt": MONTH_ENDS[0]}) == [yearly.id]
    assert await ids(current_period_end=MONTH_ENDS[0]) == [monthly.id]
    assert await ids(current_period_start=T0) == sorted([monthly.id, yearly.id])
    await clocks.advance_async(clock.id, {"frozen_time": MONTH_ENDS[0] + 7200})
    assert await ids(current_period_start={"gte": MONTH_ENDS[0]}) == [monthly.id]
    assert await ids(automatic_tax={"enabled": False}) == sorted([monthly.id, yearly.id])
    assert await ids(automatic_tax={"enabled": True}) == []
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.list_async({"current_period_end": {"after": 1}})
    assert exc.value.param == "current_period_end[after]"


async def test_a_deleted_customer_takes_its_subscriptions_with_it(v1):
    price = await _price(v1)
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    await v1.customers.delete_async(customer.id)
    ended = await v1.subscriptions.retrieve_async(sub.id)
    assert ended.status == "canceled" and ended.ended_at is not None
    types = [e.type for e in (await v1.events.list_async({"limit": 2})).data]
    assert sorted(types) == ["customer.deleted", "customer.subscription.deleted"]


async def test_subscription_items_by_subscription(v1):
    price = await _price(v1)
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    items = await v1.subscription_items.list_async({"subscription": sub.id})
    assert [i.id for i in items.data] == [sub["items"].data[0].id]
    one = await v1.subscription_items.retrieve_async(items.data[0].id)
    assert one.subscription == sub.id and "livemode" not in one
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscription_items.list_async({})
    assert (exc.value.code, exc.value.param) == ("parameter_missing", "subscription")


async def test_a_subscription_on_no_clock_renews_in_real_time(v1, monkeypatch):
    import asyncio

    from stripe_emulator.store.memory import Account

    price = await _price(v1, interval="day")
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    end = sub["items"].data[0].current_period_end
    monkeypatch.setattr(Account, "now", lambda self: end + 5)  # the day has passed

    async def invoices() -> list:
        return (await v1.invoices.list_async({"customer": customer.id})).data

    for _ in range(100):  # the server looks once a second
        if len(await invoices()) == 2:
            break
        await asyncio.sleep(0.05)
    renewal = (await invoices())[0]
    # Made when the server saw the period end; it finalizes itself an hour after that.
    assert (renewal.billing_reason, renewal.status) == ("subscription_cycle", "draft")
    assert renewal.automatically_finalizes_at == renewal.created + 3600
    assert renewal.lines.data[0].period.start == end
    renewed = await v1.subscriptions.retrieve_async(sub.id)
    assert renewed["items"].data[0].current_period_start == end


async def test_cancel_at_period_end_ends_it_when_the_period_does(v1):
    clock = await v1.test_helpers.test_clocks.create_async({"frozen_time": T0})
    price = await _price(v1)
    customer = await _customer(v1, test_clock=clock.id)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    await v1.test_helpers.test_clocks.advance_async(clock.id, {"frozen_time": T0 + 10 * DAY})
    ending = await v1.subscriptions.update_async(sub.id, {"cancel_at_period_end": True})
    assert (ending.status, ending.cancel_at_period_end) == ("active", True)
    assert ending.cancel_at == MONTH_ENDS[0] and ending.canceled_at == T0 + 10 * DAY
    assert ending.cancellation_details.reason == "cancellation_requested"
    kept = await v1.subscriptions.update_async(sub.id, {"cancel_at_period_end": False})
    assert (kept.cancel_at, kept.canceled_at) == (None, None)
    await v1.subscriptions.update_async(sub.id, {"cancel_at_period_end": True})
    await v1.test_helpers.test_clocks.advance_async(clock.id,
                                                    {"frozen_time": MONTH_ENDS[0] + DAY})
    ended = await v1.subscriptions.retrieve_async(sub.id)
    assert (ended.status, ended.ended_at) == ("canceled", MONTH_ENDS[0])
    assert len((await v1.invoices.list_async({"customer": customer.id})).data) == 1
    deleted = (await v1.events.list_async({"type": "customer.subscription.deleted"})).data
    assert [e.data.object.id for e in deleted] == [sub.id]
    with pytest.raises(stripe.InvalidRequestError):
        await v1.subscriptions.update_async(sub.id, {"description": "too late"})
    assert (await v1.subscriptions.update_async(sub.id, {"metadata": {"k": "v"}})
            ).metadata.k == "v"
    # canceled now while it was to cancel at the period's end: that is no longer to come
    other = await v1.subscriptions.create_async({"customer": customer.id,
                                                 "items": [{"price": price.id}]})
    await v1.subscriptions.update_async(other.id, {"cancel_at_period_end": True})
    await v1.test_helpers.test_clocks.advance_async(clock.id,
                                                    {"frozen_time": MONTH_ENDS[0] + 2 * DAY})
    now = await v1.subscriptions.cancel_async(other.id)
    assert (now.status, now.cancel_at, now.cancel_at_period_end) == ("canceled", None, False)
    assert (now.canceled_at, now.ended_at) == (MONTH_ENDS[0] + DAY, MONTH_ENDS[0] + 2 * DAY)



async def test_a_trial_converts_to_active_with_a_paid_invoice(v1):
    clock = await v1.test_helpers.test_clocks.create_async({"frozen_time": T0})
    price = await _price(v1)
    customer = await _customer(v1, test_clock=clock.id)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}],
                                               "trial_period_days": 14})
    trial_end = T0 + 14 * DAY
    assert (sub.status, sub.trial_start, sub.trial_end) == ("trialing", T0, trial_end)
    assert sub.billing_cycle_anchor == trial_end
    assert sub["items"].data[0].current_period_end == trial_end
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (first.status, first.total, first.billing_reason) == (
        "paid", 0, "subscription_create")
    assert first.lines.data[0].description == "Trial period for Gold plan"
    await v1.test_helpers.test_clocks.advance_async(clock.id,
                                                    {"frozen_time": trial_end - 2 * DAY})
    notice = (await v1.events.list_async({"type": "customer.subscription.trial_will_end"})).data
    assert [e.created for e in notice] == [trial_end - 3 * DAY]
    await v1.test_helpers.test_clocks.advance_async(clock.id,
                                                    {"frozen_time": trial_end + 3 * 3600})
    now = await v1.subscriptions.retrieve_async(sub.id)
    assert now.status == "active"
    renewal = (await v1.invoices.list_async({"customer": customer.id})).data[0]
    assert (renewal.billing_reason, renewal.status, renewal.amount_paid) == (
        "subscription_cycle", "paid", 1500)
    assert renewal.lines.data[0].period.start == trial_end
    assert len((await v1.events.list_async(
        {"type": "customer.subscription.trial_will_end"})).data) == 1  # sent once


async def test_a_products_unit_label_names_the_quantity_on_its_lines(v1):
    product = await v1.products.create_async({"name": "Team plan", "unit_label": "user"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 1000,
                                          "product": product.id,
                                          "recurring": {"interval": "month"}})
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id, "quantity": 10}],
        "expand": ["latest_invoice"]})
    [line] = sub.latest_invoice.lines.data
    assert line.description == "10 user × Team plan (at $10.00 / month)"  # noqa: RUF001


async def test_a_customer_with_no_payment_method_is_refused_a_subscription_to_pay_now(v1):
    price = await _price(v1)
    customer = await _customer(v1, card=None)
    for behavior in ("allow_incomplete", "error_if_incomplete"):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.subscriptions.create_async({
                "customer": customer.id, "items": [{"price": price.id}],
                "payment_behavior": behavior})
        assert (exc.value.http_status, exc.value.code) == (400, "resource_missing")
        assert exc.value.user_message.startswith(
            "This customer has no attached payment source or default payment method.")
    # nothing was made of either
    assert (await v1.subscriptions.list_async({"customer": customer.id})).data == []
    assert (await v1.invoices.list_async({"customer": customer.id})).data == []
    # what asks no payment now is made: an incomplete one to pay later, a trial
    later = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "payment_behavior": "default_incomplete"})
    trial = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 3})
    assert (later.status, trial.status) == ("incomplete", "trialing")


async def test_a_trial_without_a_payment_method_can_cancel_at_its_end(v1):
    clock = await v1.test_helpers.test_clocks.create_async({"frozen_time": T0})
    price = await _price(v1)
    customer = await _customer(v1, card=None, test_clock=clock.id)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 7,
        "trial_settings": {"end_behavior": {"missing_payment_method": "cancel"}}})
    assert sub.status == "trialing"  # no payment method needed to start a trial
    await v1.test_helpers.test_clocks.advance_async(clock.id, {"frozen_time": T0 + 8 * DAY})
    ended = await v1.subscriptions.retrieve_async(sub.id)
    assert (ended.status, ended.ended_at) == ("canceled", T0 + 7 * DAY)
    assert len((await v1.invoices.list_async({"customer": customer.id})).data) == 1


async def test_a_trials_end_behaviour_can_be_changed_while_it_runs(v1):
    clock = await v1.test_helpers.test_clocks.create_async({"frozen_time": T0})
    price = await _price(v1)
    customer = await _customer(v1, card=None, test_clock=clock.id)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 7})
    assert sub.trial_settings.end_behavior.missing_payment_method == "create_invoice"
    changed = await v1.subscriptions.update_async(sub.id, {
        "trial_settings": {"end_behavior": {"missing_payment_method": "pause"}}})
    assert changed.trial_settings.end_behavior.missing_payment_method == "pause"
    await v1.test_helpers.test_clocks.advance_async(clock.id, {"frozen_time": T0 + 8 * DAY})
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "paused"


async def test_trial_from_plan_and_trial_end(v1):
    product = await v1.products.create_async({"name": "Trial plan"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 900,
                                          "product": product.id, "recurring": {
                                              "interval": "month", "trial_period_days": 5}})
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}],
                                               "trial_from_plan": True})
    assert sub.status == "trialing" and sub.trial_end == sub.trial_start + 5 * DAY
    end = sub.created + 10 * DAY
    other = await v1.subscriptions.create_async({"customer": customer.id,
                                                 "items": [{"price": (await _price(v1)).id}],
                                                 "trial_end": end})
    assert (other.status, other.trial_end) == ("trialing", end)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.create_async({"customer": customer.id,
                                             "items": [{"price": price.id}],
                                             "trial_from_plan": True, "trial_period_days": 3})
    assert "trial_from_plan=true" in exc.value.user_message


async def test_expanding_through_embedded_objects(v1):
    price = await _price(v1)
    customer = await _customer(v1)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "expand": ["items.data.price.product", "latest_invoice"]})
    assert sub["items"].data[0].price.product.name == "Gold plan"  # through the embedded price
    assert sub.latest_invoice.object == "invoice"
    listed = await v1.subscriptions.list_async({"customer": customer.id,
                                                "expand": ["data.items.data.plan.product"]})
    assert listed.data[0]["items"].data[0].plan.product.object == "product"
    with pytest.raises(stripe.InvalidRequestError) as exc:  # an embedded object is no target
        await v1.subscriptions.retrieve_async(sub.id, {"expand": ["items.data.tax_rates"]})
    assert "tax_rates" in exc.value.user_message


async def test_a_customer_expands_its_subscriptions(v1):
    price = await _price(v1)
    customer = await _customer(v1)
    live = await v1.subscriptions.create_async({"customer": customer.id,
                                                "items": [{"price": price.id}]})
    other = await _price(v1, amount=700)
    ended = await v1.subscriptions.create_async({"customer": customer.id,
                                                 "items": [{"price": other.id}]})
    await v1.subscriptions.cancel_async(ended.id)
    got = await v1.customers.retrieve_async(customer.id, {"expand": ["subscriptions"]})
    assert [s.id for s in got.subscriptions.data] == [live.id]  # not the canceled one
    assert got.subscriptions.url == f"/v1/customers/{customer.id}/subscriptions"


async def test_the_trial_notice_comes_at_once_when_under_three_days_are_left(v1):
    clocks = v1.test_helpers.test_clocks
    clock = await clocks.create_async({"frozen_time": T0})
    price = await _price(v1)
    customer = await _customer(v1, test_clock=clock.id)

    async def notices(sub):
        events = await v1.events.list_async({"type": "customer.subscription.trial_will_end"})
        return [e.created for e in events.data if e.data.object.id == sub.id]

    short = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 2})
    assert await notices(short) == [T0]  # a two-day trial: at once
    long = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 14})
    assert await notices(long) == []
    await v1.subscriptions.update_async(long.id, {"trial_end": T0 + 2 * DAY})  # shortened
    assert await notices(long) == [T0]
    ended = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 14})
    await v1.subscriptions.update_async(ended.id, {"trial_end": "now"})  # ended early
    assert await notices(ended) == [T0]
