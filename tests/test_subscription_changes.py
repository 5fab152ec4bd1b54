"""Changing subscriptions through the SDK, on test clocks so every second is known: quantity
and price changes with Stripe's proration formula (the reference's worked example to the
cent), proration behaviours, items added and removed, a future billing cycle anchor, cycles
reset, cancellations scheduled and immediate, collection paused."""

import pytest
import stripe

from moments import APR_1, DAY, HOUR, JUL_1, JUN_1, MAY_1

APR_10 = 1_775_779_200
APR_16 = 1_776_297_600  # halfway through April (30 days)
# prorations showing their discounts apart (the default, `included`, shows them net)
ITEMIZED = {"billing_mode": {"type": "flexible", "flexible": {"proration_discounts": "itemized"}}}


async def _setup(v1, clocks, at=APR_1, amount=1000, card="pm_card_visa", **sub_params):
    clock = await clocks.create_async({"frozen_time": at})
    customer = await v1.customers.create_async({
        "test_clock": clock.id, "payment_method": card,
        "invoice_settings": {"default_payment_method": card}})
    product = await v1.products.create_async({"name": "Gold plan"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": amount,
                                          "product": product.id,
                                          "recurring": {"interval": "month"}})
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}], **sub_params})
    return clock, customer, price, sub


async def _price_like(v1, price, amount, interval="month"):
    """Another recurring usd price of `price`'s product."""
    return await v1.prices.create_async({"currency": "usd", "unit_amount": amount,
                                         "product": price.product,
                                         "recurring": {"interval": interval}})


async def _pending(v1, customer):
    items = await v1.invoice_items.list_async({"customer": customer.id, "pending": True})
    return sorted(items.data, key=lambda i: i.amount)


async def _invoices(v1, sub):
    found = await v1.invoices.list_async({"subscription": sub.id, "limit": 20})
    return list(reversed(found.data))


async def test_a_mid_period_quantity_upgrade_prorates_to_the_cent(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    item = sub["items"].data[0]
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": item.id, "quantity": 2}]})
    assert changed["items"].data[0].quantity == 2
    assert changed["items"].data[0].current_period_end == MAY_1  # the period stays
    credit, debit = await _pending(v1, customer)
    assert (credit.amount, debit.amount) == (-500, 1000)
    assert credit.description == "Unused time on Gold plan after 16 Apr 2026"
    assert debit.description == "Remaining time on 2 × Gold plan after 16 Apr 2026"  # noqa: RUF001
    for proration in (credit, debit):
        assert proration.proration is True and proration.discountable is False
        assert (proration.period.start, proration.period.end) == (APR_16, MAY_1)
        assert proration.parent.subscription_details.subscription == sub.id
        assert proration.parent.subscription_details.subscription_item == item.id
        assert proration.test_clock == clock.id
    # The credit names what it credits: the first invoice's line.
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    credited = credit.proration_details.credited_items.invoice_line_item_details
    assert credited.invoice == first.id and credited.invoice_line_items == [first.lines.data[0].id]
    events = (await v1.events.list_async({"type": "customer.subscription.updated"})).data
    assert events[0].data.previous_attributes["items"]["data"][0]["quantity"] == 1
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 3 * HOUR})
    renewal = (await _invoices(v1, sub))[-1]
    assert (renewal.billing_reason, renewal.status, renewal.total) == (
        "subscription_cycle", "paid", 2500)
    amounts = [(line.amount, line.parent.subscription_item_details.proration)
               for line in renewal.lines.data]
    assert sorted(amounts) == [(-500, True), (1000, True), (2000, False)]
    assert renewal.lines.data[-1].period.start == MAY_1  # prorations first, then the period
    assert await _pending(v1, customer) == []


async def test_always_invoice_bills_the_prorations_at_once(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "quantity": 2}],
        "proration_behavior": "always_invoice"})
    invoice = await v1.invoices.retrieve_async(changed.latest_invoice)
    assert (invoice.billing_reason, invoice.status, invoice.amount_paid) == (
        "subscription_update", "paid", 500)
    assert len(invoice.lines.data) == 2
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 3 * HOUR})
    assert (await _invoices(v1, sub))[-1].total == 2000


async def test_proration_behavior_none_bills_the_change_from_the_next_period(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "quantity": 2}], "proration_behavior": "none"})
    assert await _pending(v1, customer) == []
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 3 * HOUR})
    assert (await _invoices(v1, sub))[-1].total == 2000


async def test_the_sdk_docstring_example_a_price_switch_on_may_15(v1, clocks):
    # "signs up on May 1 for a 100 price … on May 15 they switch to a 200 price, then on
    # June 1 they'll be billed 250" (May has 31 days: half of it is not May 15 exactly, so
    # the change is at the middle second of the period).
    clock, customer, price, sub = await _setup(v1, clocks, at=MAY_1, amount=10000)
    bigger = await _price_like(v1, price, 20000)
    middle = (MAY_1 + JUN_1) // 2
    await clocks.advance_async(clock.id, {"frozen_time": middle})
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "price": bigger.id}]})
    assert (changed["items"].data[0].price.id, changed["items"].data[0].quantity) == (
        bigger.id, 1)
    assert [i.amount for i in await _pending(v1, customer)] == [-5000, 10000]
    await clocks.advance_async(clock.id, {"frozen_time": JUN_1 + 3 * HOUR})
    assert (await _invoices(v1, sub))[-1].total == 25000


async def test_proration_date_prices_the_change_as_of_then(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16 + 5 * DAY})
    await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "quantity": 2}], "proration_date": APR_16})
    assert [i.amount for i in await _pending(v1, customer)] == [-500, 1000]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.update_async(sub.id, {
            "items": [{"id": sub["items"].data[0].id, "quantity": 3}],
            "proration_date": APR_1 - DAY})
    assert exc.value.param == "proration_date"


async def test_subscription_item_endpoints_add_change_and_remove_items(v1, clocks):
    clock, customer, price, sub = await _setup(v1, clocks)
    extra_product = await v1.products.create_async({"name": "Seats"})
    extra = await v1.prices.create_async({"currency": "usd", "unit_amount": 300,
                                          "product": extra_product.id,
                                          "recurring": {"interval": "month"}})
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    added = await v1.subscription_items.create_async({"subscription": sub.id, "price": extra.id,
                                                      "quantity": 4})
    assert added.id.startswith("si_") and added.subscription == sub.id
    assert (added.current_period_start, added.current_period_end) == (APR_16, MAY_1)
    assert [i.amount for i in await _pending(v1, customer)] == [600]  # 4 seats at 300, half a month
    listed = await v1.subscription_items.list_async({"subscription": sub.id})
    assert {i.id for i in listed.data} == {sub["items"].data[0].id, added.id}
    changed = await v1.subscription_items.update_async(added.id, {
        "quantity": 2, "proration_behavior": "none"})
    assert changed.quantity == 2 and len(await _pending(v1, customer)) == 1
    gone = await v1.subscription_items.delete_async(added.id)
    assert gone.deleted is True
    # flexible billing credits what was debited (4 seats), not the current 2 ("these
    # prorations use the original debited amount instead of current subscription values")
    assert sorted(i.amount for i in await _pending(v1, customer)) == [-600, 600]
    current = await v1.subscriptions.retrieve_async(sub.id)
    assert [i.id for i in current["items"].data] == [sub["items"].data[0].id]
    with pytest.raises(stripe.InvalidRequestError) as exc:  # the last item stays
        await v1.subscription_items.delete_async(sub["items"].data[0].id)
    assert "cancel the subscription" in exc.value.user_message
    with pytest.raises(stripe.InvalidRequestError) as exc:  # a price at most once
        await v1.subscription_items.create_async({"subscription": sub.id, "price": price.id})
    assert "same Price" in exc.value.user_message


async def test_items_on_update_add_and_remove_with_their_prorations(v1, clocks):
    clock, customer, price, sub = await _setup(v1, clocks)
    other = await _price_like(v1, price, 2000)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    changed = await v1.subscriptions.update_async(sub.id, {"items": [
        {"id": sub["items"].data[0].id, "deleted": True}, {"price": other.id}]})
    assert [i.price.id for i in changed["items"].data] == [other.id]
    assert [i.amount for i in await _pending(v1, customer)] == [-500, 1000]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.update_async(sub.id, {"items": [{"id": "si_nope",
                                                                "quantity": 2}]})
    assert exc.value.param == "items[0][id]"
    assert len(await _pending(v1, customer)) == 2  # the refusal changed nothing


async def test_a_future_billing_cycle_anchor_prorates_the_first_invoice(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks, at=APR_10,
                                               billing_cycle_anchor=MAY_1)
    assert sub.billing_cycle_anchor == MAY_1 and sub.status == "active"
    assert sub["items"].data[0].current_period_end == MAY_1
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (first.amount_paid, first.billing_reason) == (700, "subscription_create")  # 21/30
    details = first.lines.data[0].parent.subscription_item_details
    assert details.proration is True
    # a proration is an invoice item ("Remaining time on…"), the invoice took it
    item = await v1.invoice_items.retrieve_async(details.invoice_item)
    assert (item.proration, item.invoice, item.amount) == (True, first.id, 700)
    assert item.description.startswith("Remaining time on Gold plan")
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 3 * HOUR})
    renewal = (await _invoices(v1, sub))[-1]
    assert renewal.total == 1000 and renewal.lines.data[0].period.start == MAY_1
    _, _, _, free = await _setup(v1, clocks, at=APR_10, billing_cycle_anchor=MAY_1,
                                 proration_behavior="none")
    assert (await v1.invoices.retrieve_async(free.latest_invoice)).total == 0
    with pytest.raises(stripe.InvalidRequestError) as exc:  # past the natural billing date
        await _setup(v1, clocks, at=APR_10, billing_cycle_anchor=MAY_1 + 15 * DAY)
    assert exc.value.param == "billing_cycle_anchor"


async def test_billing_cycle_anchor_now_starts_a_new_period_billed_at_once(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    with pytest.raises(stripe.InvalidRequestError) as exc:  # the string form, before endive
        await v1.subscriptions.update_async(sub.id, {"billing_cycle_anchor": "now"})
    assert exc.value.param == "billing_cycle_anchor"
    # … which a client pinned to a version before the change still sends, and is understood
    basil = {"stripe_version": "2025-06-30.basil"}
    older = await v1.invoices.create_preview_async({
        "subscription": sub.id, "subscription_details": {"billing_cycle_anchor": "now"}},
        basil)
    assert older.total == 500
    kept = await v1.subscriptions.update_async(sub.id, {"billing_cycle_anchor": "unchanged"},
                                               basil)
    assert kept.billing_cycle_anchor == APR_1
    preview = await v1.invoices.create_preview_async({
        "subscription": sub.id,
        "subscription_details": {"billing_cycle_anchor": {"type": "now"}}})
    assert preview.total == 500
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_preview_async({
            "subscription": sub.id, "subscription_details": {
                "billing_cycle_anchor": {"type": "timestamp", "timestamp": MAY_1}}})
    assert exc.value.param == "subscription_details[billing_cycle_anchor][type]"
    changed = await v1.subscriptions.update_async(sub.id, {
        "billing_cycle_anchor": {"type": "now"}})
    assert changed.billing_cycle_anchor == APR_16
    assert changed["items"].data[0].current_period_start == APR_16
    invoice = await v1.invoices.retrieve_async(changed.latest_invoice)
    # the new period (1000) less the unused half of April (500)
    assert (invoice.billing_reason, invoice.status, invoice.total) == (
        "subscription_update", "paid", 500)


async def test_ending_a_trial_now_bills_the_first_period(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks, trial_period_days=14)
    assert sub.status == "trialing"
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 2 * DAY})
    ended = await v1.subscriptions.update_async(sub.id, {"trial_end": "now"})
    assert (ended.status, ended.trial_end) == ("active", APR_1 + 2 * DAY)
    invoice = await v1.invoices.retrieve_async(ended.latest_invoice)
    assert (invoice.status, invoice.total) == ("paid", 1000)


async def test_cancel_at_inside_the_period_credits_and_ends_then(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks)
    scheduled = await v1.subscriptions.update_async(sub.id, {"cancel_at": APR_16})
    assert (scheduled.cancel_at, scheduled.status) == (APR_16, "active")
    assert scheduled["items"].data[0].current_period_end == APR_16
    assert [i.amount for i in await _pending(v1, customer)] == [-500]
    await clocks.advance_async(clock.id, {"frozen_time": APR_16 + HOUR})
    ended = await v1.subscriptions.retrieve_async(sub.id)
    assert (ended.status, ended.ended_at) == ("canceled", APR_16)
    assert ended.cancellation_details.reason == "cancellation_requested"
    assert len(await _invoices(v1, sub)) == 1  # no renewal
    deleted = await v1.events.list_async({"type": "customer.subscription.deleted"})
    assert deleted.data[0].data.object.id == sub.id


async def test_moving_or_clearing_cancel_at_charges_back_the_time_it_credited(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks, amount=3000)  # 100 a day
    await v1.subscriptions.update_async(sub.id, {"cancel_at": APR_16})
    cleared = await v1.subscriptions.update_async(sub.id, {"cancel_at": ""})
    assert cleared.cancel_at is None and cleared["items"].data[0].current_period_end == MAY_1
    credit, debit = await _pending(v1, customer)
    assert (credit.amount, debit.amount) == (-1500, 1500)
    assert credit.description == "Unused time on Gold plan after 16 Apr 2026"
    assert debit.description == "Remaining time on Gold plan after 16 Apr 2026"
    for proration in (credit, debit):
        assert (proration.period.start, proration.period.end) == (APR_16, MAY_1)
    # moved later inside the period: only the days it gives back are charged
    await v1.subscriptions.update_async(sub.id, {"cancel_at": APR_16})
    later = await v1.subscriptions.update_async(sub.id, {"cancel_at": APR_16 + 5 * DAY})
    assert later["items"].data[0].current_period_end == APR_16 + 5 * DAY
    moved = (await _pending(v1, customer))
    assert sorted(i.amount for i in moved) == [-1500, -1500, 500, 1500]
    back = next(i for i in moved if i.amount == 500)
    assert (back.period.start, back.period.end) == (APR_16, APR_16 + 5 * DAY)
    # what was billed adds up to the 20 days the subscription now lasts
    assert 3000 + sum(i.amount for i in moved) == 2000
    await clocks.advance_async(clock.id, {"frozen_time": APR_16 + 5 * DAY + HOUR})
    ended = await v1.subscriptions.retrieve_async(sub.id)
    assert (ended.status, ended.ended_at) == ("canceled", APR_16 + 5 * DAY)


async def test_cancel_at_with_proration_behavior_none_credits_nothing(v1, clocks):
    _clock, customer, _price, sub = await _setup(v1, clocks)
    await v1.subscriptions.update_async(sub.id, {"cancel_at": APR_16,
                                                 "proration_behavior": "none"})
    await v1.subscriptions.update_async(sub.id, {"cancel_at": "",
                                                 "proration_behavior": "none"})
    assert await _pending(v1, customer) == []


async def test_a_quantity_change_with_cancel_at_keeps_both(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks, amount=3000)
    await clocks.advance_async(clock.id, {"frozen_time": APR_10})
    item = sub["items"].data[0]
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": item.id, "quantity": 2}], "cancel_at": APR_16})
    assert changed["items"].data[0].quantity == 2
    assert changed["items"].data[0].current_period_end == APR_16
    # 21 days credited at 1, then 21 charged at 2, less the 15 the cancellation cuts at 2
    assert sorted(i.amount for i in await _pending(v1, customer)) == [-3000, -2100, 4200]


async def test_a_cancel_at_in_a_later_period_bills_the_short_last_period_pro_rata(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks, amount=3100,
                                                 cancel_at=JUN_1 + 14 * DAY)
    assert sub["items"].data[0].current_period_end == MAY_1
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + HOUR})
    await clocks.advance_async(clock.id, {"frozen_time": JUN_1 + HOUR})
    renewed = await v1.subscriptions.retrieve_async(sub.id)
    assert renewed["items"].data[0].current_period_end == JUN_1 + 14 * DAY
    last = await v1.invoices.retrieve_async(renewed.latest_invoice)
    [line] = last.lines.data
    assert (line.period.start, line.period.end) == (JUN_1, JUN_1 + 14 * DAY)
    assert line.amount == 1447  # 14 of June's 30 days, of 3100
    assert (last.status, last.amount_paid) == ("paid", 1447)


@pytest.mark.parametrize(("behavior", "amount"), [("create_prorations", 500),
                                                  ("none", 1000)])
async def test_a_subscription_created_to_cancel_in_its_first_period(v1, clocks, behavior,
                                                                    amount):
    clock, _customer, _price, sub = await _setup(v1, clocks, cancel_at=APR_16,
                                                 proration_behavior=behavior)
    assert sub["items"].data[0].current_period_end == APR_16
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (first.total, first.lines.data[0].period.end) == (amount, APR_16)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16 + HOUR})
    ended = await v1.subscriptions.retrieve_async(sub.id)
    assert (ended.status, ended.ended_at) == ("canceled", APR_16)
    assert len(await _invoices(v1, sub)) == 1


async def test_cancel_now_with_prorate_and_invoice_now(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    canceled = await v1.subscriptions.cancel_async(sub.id, {"prorate": True,
                                                            "invoice_now": True})
    assert canceled.status == "canceled"
    final = await v1.invoices.retrieve_async(canceled.latest_invoice)
    assert final.total == -500 and final.status == "paid"
    assert (await v1.customers.retrieve_async(customer.id)).balance == -500  # credit kept


async def test_a_plain_cancel_drops_pending_prorations(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "quantity": 2}]})
    assert len(await _pending(v1, customer)) == 2
    await v1.subscriptions.cancel_async(sub.id)
    assert await _pending(v1, customer) == []


async def test_pause_collection_keeps_renewals_as_drafts_until_it_resumes(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks)
    paused = await v1.subscriptions.update_async(sub.id, {"pause_collection": {
        "behavior": "keep_as_draft", "resumes_at": MAY_1 + 10 * DAY}})
    assert paused.status == "active" and paused.pause_collection.behavior == "keep_as_draft"
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 5 * HOUR})
    renewal = (await _invoices(v1, sub))[-1]
    assert (renewal.status, renewal.auto_advance) == ("draft", False)
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 11 * DAY})
    assert (await v1.subscriptions.retrieve_async(sub.id)).pause_collection is None
    _, _, _, voiding = await _setup(v1, clocks, at=APR_1)
    await v1.subscriptions.update_async(voiding.id, {"pause_collection": {"behavior": "void"}})
    await clocks.advance_async((await v1.customers.retrieve_async(voiding.customer)).test_clock,
                               {"frozen_time": MAY_1 + 5 * HOUR})
    assert (await _invoices(v1, voiding))[-1].status == "void"


async def test_pause_and_resume(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    paused = await v1.subscriptions.pause_async(sub.id)
    assert paused.status == "paused"
    assert paused.status_details.paused.to_dict() == {
        "subscription": {"type": "pause_requested"}, "transitioned_at": APR_16,
        "type": "subscription"}
    assert [i.amount for i in await _pending(v1, customer)] == [-500]  # unused time credited
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 5 * DAY})
    assert len(await _invoices(v1, sub)) == 1  # no renewal while paused
    with pytest.raises(stripe.InvalidRequestError):
        await v1.subscriptions.pause_async(sub.id)
    with pytest.raises(stripe.InvalidRequestError) as exc:  # paused: no invoice comes
        await v1.invoices.create_preview_async({"subscription": sub.id})
    assert exc.value.code == "invoice_upcoming_none"
    resumed = await v1.subscriptions.resume_async(sub.id, {
        "payment_behavior": "resume_on_payment_success"})
    assert resumed.status == "active" and resumed.billing_cycle_anchor == MAY_1 + 5 * DAY
    assert "status_details" not in resumed
    invoice = await v1.invoices.retrieve_async(resumed.latest_invoice)
    assert (invoice.status, invoice.total) == ("paid", 500)  # 1000 less the credit
    types = [e.type for e in (await v1.events.list_async({"limit": 100})).data]
    assert "customer.subscription.paused" in types and "customer.subscription.resumed" in types
    with pytest.raises(stripe.InvalidRequestError):
        await v1.subscriptions.resume_async(sub.id)


async def test_a_trial_without_a_payment_method_can_end_paused(v1, clocks):
    clock = await clocks.create_async({"frozen_time": APR_1})
    customer = await v1.customers.create_async({"test_clock": clock.id})
    product = await v1.products.create_async({"name": "Gold plan"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 1000,
                                          "product": product.id,
                                          "recurring": {"interval": "month"}})
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 7,
        "trial_settings": {"end_behavior": {"missing_payment_method": "pause"}}})
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 8 * DAY})
    paused = await v1.subscriptions.retrieve_async(sub.id)
    assert paused.status == "paused"
    assert paused.status_details.paused.subscription.type == "trial_end_without_payment_method"
    assert paused.status_details.paused.transitioned_at == APR_1 + 7 * DAY


async def test_a_currency_mix_on_one_customer_is_refused(v1, clocks):
    _clock, customer, price, sub = await _setup(v1, clocks)
    euro = await v1.prices.create_async({"currency": "eur", "unit_amount": 900,
                                         "product": price.product,
                                         "recurring": {"interval": "month"}})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.create_async({"customer": customer.id,
                                             "items": [{"price": euro.id}]})
    assert exc.value.user_message.startswith("You cannot combine currencies on a single customer")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoice_items.create_async({"customer": customer.id, "amount": 100,
                                             "currency": "eur"})
    assert "combine currencies" in exc.value.user_message
    with pytest.raises(stripe.InvalidRequestError):
        await v1.subscription_items.create_async({"subscription": sub.id, "price": euro.id})
    await v1.subscriptions.cancel_async(sub.id)  # once it has ended, another currency is fine
    again = await v1.subscriptions.create_async({"customer": customer.id,
                                                 "items": [{"price": euro.id}]})
    assert again.currency == "eur"
    assert (await v1.customers.retrieve_async(customer.id)).currency == "eur"


async def test_a_clock_advances_at_most_two_intervals_of_its_shortest_subscription(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await clocks.advance_async(clock.id, {"frozen_time": JUN_1 + DAY})
    assert exc.value.param == "frozen_time"
    assert (await clocks.retrieve_async(clock.id)).frozen_time == APR_1
    await clocks.advance_async(clock.id, {"frozen_time": JUN_1})  # two months exactly
    assert len(await _invoices(v1, sub)) == 3


async def test_create_preview_shows_the_next_renewal_and_changes_nothing(v1, clocks):
    _clock, _customer, _price, sub = await _setup(v1, clocks)
    upcoming = await v1.invoices.create_preview_async({"subscription": sub.id})
    assert upcoming.id.startswith("upcoming_in_") and upcoming.billing_reason == "upcoming"
    assert upcoming.total == 1000 and upcoming.created == MAY_1
    line = upcoming.lines.data[0]
    assert (line.period.start, line.period.end) == (MAY_1, JUN_1)
    assert line.invoice == upcoming.id
    current = await v1.subscriptions.retrieve_async(sub.id)
    assert current.to_dict() == sub.to_dict()  # the preview left everything as it was
    assert len(await _invoices(v1, sub)) == 1


async def test_create_preview_of_a_change_matches_the_change_made(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16 + HOUR})
    change = {"items": [{"id": sub["items"].data[0].id, "quantity": 2}],
              "proration_date": APR_16}
    preview = await v1.invoices.create_preview_async({"subscription": sub.id,
                                                      "subscription_details": change})
    assert preview.total == 2500
    assert preview.parent.subscription_details.subscription_proration_date == APR_16
    assert sorted(line.amount for line in preview.lines.data) == [-500, 1000, 2000]
    assert await _pending(v1, customer) == []  # nothing was made
    at_once = await v1.invoices.create_preview_async({"subscription": sub.id,
                                                      "subscription_details": {
                                                          **change,
                                                          "proration_behavior":
                                                              "always_invoice"}})
    assert at_once.total == 500 and len(at_once.lines.data) == 2
    await v1.subscriptions.update_async(sub.id, change)
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 3 * HOUR})
    assert (await _invoices(v1, sub))[-1].total == preview.total


async def test_create_preview_of_a_new_subscription(v1, clocks):
    clock, _customer, price, _sub = await _setup(v1, clocks)
    other = await v1.customers.create_async({"test_clock": clock.id})
    preview = await v1.invoices.create_preview_async({
        "customer": other.id, "subscription_details": {"items": [{"price": price.id,
                                                                  "quantity": 3}]}})
    assert preview.total == 3000 and preview.lines.data[0].quantity == 3
    assert (await v1.subscriptions.list_async({"customer": other.id})).data == []
    anchored = await v1.invoices.create_preview_async({
        "customer": other.id, "subscription_details": {
            "items": [{"price": price.id}],
            "billing_cycle_anchor": {"type": "timestamp", "timestamp": MAY_1 - 15 * DAY}}})
    # 1-16 April, of the 31-day cycle (16 March - 16 April) the anchor ends
    assert anchored.total == 484
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_preview_async({"subscription": "sub_nope"})
    assert exc.value.param == "subscription"


async def test_invoice_upcoming_goes_out_a_week_before_each_renewal(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 - 8 * DAY})
    assert (await v1.events.list_async({"type": "invoice.upcoming"})).data == []
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 - 6 * DAY})
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 - 5 * DAY})
    upcoming = (await v1.events.list_async({"type": "invoice.upcoming"})).data
    assert len(upcoming) == 1  # once per renewal
    assert upcoming[0].created == MAY_1 - 7 * DAY
    invoice = upcoming[0].data.object
    assert invoice.total == 1000 and invoice.lines.data[0].period.start == MAY_1
    assert invoice.parent.subscription_details.subscription == sub.id
    assert len(await _invoices(v1, sub)) == 1  # announced, not made
    await clocks.advance_async(clock.id, {"frozen_time": JUN_1 - 6 * DAY})
    assert len((await v1.events.list_async({"type": "invoice.upcoming"})).data) == 2


async def test_a_subscription_invoice_is_created_whole(v1, clocks):
    _clock, _customer, _price, sub = await _setup(v1, clocks)
    events = list(reversed((await v1.events.list_async({"limit": 30})).data))
    created = next(e for e in events if e.type == "invoice.created")
    assert created.data.object.id == sub.latest_invoice
    assert created.data.object.total == 1000 and len(created.data.object.lines.data) == 1
    invoice_events = [e.type for e in events if e.type.startswith("invoice.")]
    assert invoice_events == ["invoice.created", "invoice.finalized", "invoice.updated",
                              "invoice.paid", "invoice.updated", "invoice.payment_succeeded"]


async def test_a_renewal_makes_its_invoice_then_one_subscription_update(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 3 * HOUR})
    events = list(reversed((await v1.events.list_async({"limit": 50})).data))
    start = max(i for i, e in enumerate(events)
                if e.type == "test_helpers.test_clock.advancing")
    renewal = [e.type for e in events[start:] if e.type.startswith(("invoice.", "customer.sub"))]
    assert renewal == ["invoice.upcoming", "invoice.created", "customer.subscription.updated",
                       "invoice.finalized", "invoice.updated", "invoice.paid", "invoice.updated",
                       "invoice.payment_succeeded"]
    updated = next(e for e in events[start:] if e.type == "customer.subscription.updated")
    assert updated.data.object.latest_invoice != sub.latest_invoice
    assert updated.data.object["items"].data[0].current_period_start == MAY_1
    assert updated.data.previous_attributes["latest_invoice"] == sub.latest_invoice


async def test_moving_a_trial_end_later_moves_the_first_period(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks, trial_period_days=7)
    later = APR_1 + 20 * DAY
    moved = await v1.subscriptions.update_async(sub.id, {"trial_end": later})
    assert (moved.trial_end, moved.billing_cycle_anchor, moved.status) == (later, later,
                                                                           "trialing")
    assert moved["items"].data[0].current_period_end == later
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 10 * DAY})
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "trialing"
    await clocks.advance_async(clock.id, {"frozen_time": later + 3 * HOUR})
    active = await v1.subscriptions.retrieve_async(sub.id)
    assert active.status == "active"
    assert (await v1.invoices.retrieve_async(active.latest_invoice)).total == 1000
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.update_async(sub.id, {"trial_end": APR_1 + DAY})
    assert exc.value.param == "trial_end"


async def test_a_send_invoice_subscription_is_past_due_once_its_invoice_is_overdue(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks, collection_method="send_invoice",
                                                 days_until_due=7)
    assert sub.status == "active"
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 2 * HOUR})
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert invoice.status == "open" and invoice.due_date is not None
    await clocks.advance_async(clock.id, {"frozen_time": invoice.due_date - HOUR})
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "active"
    await clocks.advance_async(clock.id, {"frozen_time": invoice.due_date + HOUR})
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "past_due"
    await v1.invoices.pay_async(invoice.id, {"paid_out_of_band": True})
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "active"


async def test_a_customer_on_a_clock_has_at_most_three_subscriptions(v1, clocks):
    _clock, customer, price, _sub = await _setup(v1, clocks)
    for amount in (2000, 3000):
        other = await _price_like(v1, price, amount)
        await v1.subscriptions.create_async({"customer": customer.id,
                                             "items": [{"price": other.id}]})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.create_async({"customer": customer.id,
                                             "items": [{"price": price.id}]})
    assert "at most 3 subscriptions" in exc.value.user_message


async def _tiered(v1, product, mode):
    return await v1.prices.create_async({
        "currency": "usd", "product": product, "billing_scheme": "tiered", "tiers_mode": mode,
        "recurring": {"interval": "month"},
        "tiers": [{"up_to": 5, "unit_amount": 1000},
                  {"up_to": 10, "unit_amount": 800, "flat_amount": 500},
                  {"up_to": "inf", "unit_amount": 500}]})


async def test_tiered_prices_bill_by_volume_or_graduated(v1, clocks):
    clock, customer, price, _sub = await _setup(v1, clocks)
    volume = await _tiered(v1, price.product, "volume")
    graduated = await _tiered(v1, price.product, "graduated")
    other = await v1.customers.create_async({
        "test_clock": clock.id, "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    by_volume = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": volume.id, "quantity": 7}]})
    invoice = await v1.invoices.retrieve_async(by_volume.latest_invoice)
    assert invoice.total == 7 * 800 + 500
    assert [line.description for line in invoice.lines.data] == [
        "7 × Gold plan (Tier 2 at $8.00 / month) + $5.00 flat fee"]  # noqa: RUF001
    by_tiers = await v1.subscriptions.create_async({
        "customer": other.id, "items": [{"price": graduated.id, "quantity": 12}]})
    invoice = await v1.invoices.retrieve_async(by_tiers.latest_invoice)
    assert invoice.total == 5 * 1000 + 5 * 800 + 500 + 2 * 500
    assert [line.quantity for line in invoice.lines.data] == [5, 5, 2]
    # A quantity change prorates what the tiers make of each quantity.
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    await v1.subscriptions.update_async(by_volume.id, {
        "items": [{"id": by_volume["items"].data[0].id, "quantity": 11}]})
    items = await v1.invoice_items.list_async({"customer": customer.id, "pending": True})
    assert sorted(i.amount for i in items.data) == [-(7 * 800 + 500) // 2, 11 * 500 // 2]


async def test_transform_quantity_bills_packages(v1, clocks):
    clock, _customer, price, _sub = await _setup(v1, clocks)
    packs = await v1.prices.create_async({
        "currency": "usd", "product": price.product, "unit_amount": 2000,
        "recurring": {"interval": "month"},
        "transform_quantity": {"divide_by": 5, "round": "up"}})
    other = await v1.customers.create_async({
        "test_clock": clock.id, "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    sub = await v1.subscriptions.create_async({"customer": other.id,
                                               "items": [{"price": packs.id, "quantity": 11}]})
    assert (await v1.invoices.retrieve_async(sub.latest_invoice)).total == 3 * 2000


async def test_add_invoice_items_go_on_the_first_invoice_only(v1, clocks):
    clock, _customer, price, _sub = await _setup(v1, clocks)
    setup_fee = await v1.prices.create_async({"currency": "usd", "unit_amount": 4900,
                                              "product": price.product})
    other = await v1.customers.create_async({
        "test_clock": clock.id, "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    sub = await v1.subscriptions.create_async({
        "customer": other.id, "items": [{"price": price.id}],
        "add_invoice_items": [{"price": setup_fee.id},
                              {"price_data": {"currency": "usd", "product": price.product,
                                              "unit_amount": 250}, "quantity": 2}]})
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert first.total == 1000 + 4900 + 500
    assert len(first.lines.data) == 3
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 3 * HOUR})
    assert (await _invoices(v1, sub))[-1].total == 1000
    with pytest.raises(stripe.InvalidRequestError) as exc:  # a recurring price is no one-off
        await v1.subscriptions.create_async({
            "customer": other.id, "items": [{"price": setup_fee.id}],
            "add_invoice_items": [{"price": price.id}]})
    assert exc.value.param.startswith("items[0]")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.create_async({
            "customer": other.id, "items": [{"price": price.id}],
            "add_invoice_items": [{"price": price.id}]})
    assert exc.value.param == "add_invoice_items[0][price]"


APR_1_2027 = 1_806_537_600


async def test_mixed_intervals_bill_each_item_on_its_own_period(v1, clocks):
    clock, _customer, price, _sub = await _setup(v1, clocks)
    yearly = await _price_like(v1, price, 12000, "year")
    other = await v1.customers.create_async({
        "test_clock": clock.id, "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    sub = await v1.subscriptions.create_async({"customer": other.id, "items": [
        {"price": price.id}, {"price": yearly.id}]})
    ends = {i.price.id: i.current_period_end for i in sub["items"].data}
    assert ends == {price.id: MAY_1, yearly.id: APR_1_2027}
    assert (await v1.invoices.retrieve_async(sub.latest_invoice)).total == 13000
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 3 * HOUR})
    renewal = (await _invoices(v1, sub))[-1]
    assert renewal.total == 1000 and len(renewal.lines.data) == 1  # the monthly item only
    current = await v1.subscriptions.retrieve_async(sub.id)
    ends = {i.price.id: i.current_period_end for i in current["items"].data}
    assert ends == {price.id: JUN_1, yearly.id: APR_1_2027}
    # An item of another interval added mid-period: prorated over its own (yearly) period.
    extra = await _price_like(v1, price, 36500, "year")
    added = await v1.subscription_items.create_async({"subscription": sub.id,
                                                      "price": extra.id})
    assert added.current_period_end == APR_1_2027
    days_left = (APR_1_2027 - (MAY_1 + 3 * HOUR)) / DAY
    pending = await _pending(v1, other)
    assert [i.amount for i in pending] == [round(36500 * days_left / 365)]


async def test_billing_cycle_anchor_config_bills_on_a_day_of_the_month(v1, clocks):
    jan_20, jan_31 = 1_768_867_200, 1_769_817_600  # 2026-01-20, 2026-01-31 (00:00Z)
    feb_28, mar_31 = 1_772_236_800, 1_774_915_200
    clock, _customer, price, _sub = await _setup(v1, clocks, at=jan_20)
    other = await v1.customers.create_async({
        "test_clock": clock.id, "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    sub = await v1.subscriptions.create_async({
        "customer": other.id, "items": [{"price": price.id}],
        "billing_cycle_anchor_config": {"day_of_month": 31, "hour": 0}})
    assert sub.billing_cycle_anchor == jan_31
    assert sub.billing_cycle_anchor_config.day_of_month == 31
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert first.total == 355  # 11 of January's 31 days: 354.8…
    await clocks.advance_async(clock.id, {"frozen_time": feb_28 + 3 * HOUR})
    current = await v1.subscriptions.retrieve_async(sub.id)
    assert current["items"].data[0].current_period_end == mar_31  # the 31st again
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.create_async({
            "customer": other.id, "items": [{"price": price.id}],
            "billing_cycle_anchor": jan_31, "billing_cycle_anchor_config": {"day_of_month": 5}})
    assert exc.value.code == "parameters_exclusive"


async def test_a_trial_given_to_a_paying_subscription(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    until = APR_16 + 20 * DAY
    trialing = await v1.subscriptions.update_async(sub.id, {"trial_end": until})
    assert (trialing.status, trialing.trial_start, trialing.trial_end) == (
        "trialing", APR_16, until)
    item = trialing["items"].data[0]
    assert (item.current_period_start, item.current_period_end) == (APR_16, until)
    assert [i.amount for i in await _pending(v1, customer)] == [-500]  # the paid half back
    await clocks.advance_async(clock.id, {"frozen_time": until + 3 * HOUR})
    active = await v1.subscriptions.retrieve_async(sub.id)
    assert active.status == "active" and active.billing_cycle_anchor == until
    invoice = await v1.invoices.retrieve_async(active.latest_invoice)
    assert (invoice.status, invoice.total) == ("paid", 500)  # a month, less the credit


async def test_pause_bill_for_decides_the_credit(v1, clocks):
    clock, customer, price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    await v1.subscriptions.pause_async(sub.id, {"bill_for": {"unused_time_from": {
        "type": "item_current_period_start"}}})
    [credit] = await _pending(v1, customer)
    assert credit.amount == -1000  # the whole period, from its start
    assert (credit.period.start, credit.period.end) == (APR_1, MAY_1)
    assert credit.description == "Unused time on Gold plan after 01 Apr 2026"
    other = await v1.customers.create_async({
        "test_clock": clock.id, "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    second = await v1.subscriptions.create_async({"customer": other.id,
                                                  "items": [{"price": price.id}]})
    await v1.subscriptions.pause_async(second.id, {"bill_for": {"unused_time_from": {
        "type": "none"}}, "invoicing_behavior": "invoice"})
    assert await _pending(v1, other) == []
    assert len(await _invoices(v1, second)) == 1  # nothing to invoice


async def test_create_preview_of_canceling_now(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    final = await v1.invoices.create_preview_async({
        "subscription": sub.id, "subscription_details": {"cancel_now": True}})
    assert final.total == -500  # the unused half of April back
    none = await v1.invoices.create_preview_async({
        "subscription": sub.id,
        "subscription_details": {"cancel_now": True, "proration_behavior": "none"}})
    assert none.total == 0
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "active"
    assert await _pending(v1, customer) == []


async def test_add_invoice_items_belong_to_the_subscription_over_its_period(v1, clocks):
    _clock, customer, price, _sub = await _setup(v1, clocks)
    coupon = await v1.coupons.create_async({"percent_off": 50, "duration": "forever"})
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "discounts": [{"coupon": coupon.id}],
        "add_invoice_items": [
            {"price_data": {"currency": "usd", "product": price.product, "unit_amount": 300}},
            {"price_data": {"currency": "usd", "product": price.product, "unit_amount": 800},
             "discountable": False,
             "period": {"start": {"type": "now"},
                        "end": {"type": "timestamp", "timestamp": APR_10}}}]})
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert first.total == (1000 + 300) // 2 + 800  # the undiscountable one at full price
    by_amount = {line.amount: line for line in first.lines.data}
    default, dated = by_amount[300], by_amount[800]
    assert (default.period.start, default.period.end) == (APR_1, MAY_1)  # the items' period
    assert (dated.period.start, dated.period.end) == (APR_1, APR_10)
    assert default.parent.type == "invoice_item_details"
    assert default.parent.invoice_item_details.subscription == sub.id
    assert default.subscription == sub.id
    item = await v1.invoice_items.retrieve_async(default.parent.invoice_item_details.invoice_item)
    assert item.parent.subscription_details.subscription == sub.id
    assert item.invoice == first.id and dated.discount_amounts == []


async def test_add_invoice_items_on_update_wait_for_the_next_invoice(v1, clocks):
    clock, customer, price, sub = await _setup(v1, clocks)
    other = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": (await _price_like(v1, price, 700)).id}]})
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    updated = await v1.subscriptions.update_async(sub.id, {"add_invoice_items": [
        {"price_data": {"currency": "usd", "product": price.product, "unit_amount": 450},
         "quantity": 2, "metadata": {"kind": "overage"}}]})
    assert updated.latest_invoice == sub.latest_invoice  # nothing invoiced yet
    [pending] = await _pending(v1, customer)
    assert (pending.amount, pending.metadata["kind"]) == (900, "overage")
    assert pending.parent.subscription_details.subscription == sub.id
    assert (pending.period.start, pending.period.end) == (APR_1, MAY_1)
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 3 * HOUR})
    renewal = (await _invoices(v1, sub))[-1]
    assert (renewal.billing_reason, renewal.total, renewal.status) == (
        "subscription_cycle", 1000 + 900, "paid")
    assert (await _invoices(v1, other))[-1].total == 700  # the other subscription's own
    assert await _pending(v1, customer) == []
    # with a change invoiced at once, that invoice takes them
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "quantity": 2}],
        "proration_behavior": "always_invoice",
        "add_invoice_items": [{"price_data": {"currency": "usd", "product": price.product,
                                              "unit_amount": 125}}]})
    now_invoice = await v1.invoices.retrieve_async(changed.latest_invoice)
    assert now_invoice.billing_reason == "subscription_update"
    assert 125 in [line.amount for line in now_invoice.lines.data]


async def test_add_invoice_items_refused_change_nothing(v1, clocks):
    _clock, customer, price, sub = await _setup(v1, clocks)
    fee = {"price_data": {"currency": "usd", "product": price.product, "unit_amount": 300}}
    cases = [
        ({**fee, "period": {"start": {"type": "timestamp"},
                            "end": {"type": "min_item_period_end"}}},
         "add_invoice_items[0][period][start][timestamp]"),
        ({**fee, "period": {"start": {"type": "now"},
                            "end": {"type": "timestamp", "timestamp": APR_1 - DAY}}},
         "add_invoice_items[0][period][end]"),
        ({"price_data": {"currency": "eur", "product": price.product, "unit_amount": 300}},
         "add_invoice_items[0][price_data][currency]"),
    ]
    for spec, param in cases:
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.subscriptions.update_async(sub.id, {
                "metadata": {"changed": "yes"}, "add_invoice_items": [spec]})
        assert exc.value.param == param
    assert await _pending(v1, customer) == []
    assert (await v1.subscriptions.retrieve_async(sub.id)).metadata.to_dict() == {}


async def test_trial_from_plan_on_update_starts_the_new_prices_trial(v1, clocks):
    clock, _customer, price, sub = await _setup(v1, clocks)
    trial_price = await v1.prices.create_async({
        "currency": "usd", "unit_amount": 2000, "product": price.product,
        "recurring": {"interval": "month", "trial_period_days": 7}})
    await clocks.advance_async(clock.id, {"frozen_time": APR_10})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.subscriptions.update_async(sub.id, {"trial_from_plan": True,
                                                     "trial_end": APR_10 + DAY})
    assert "trial_from_plan=true" in exc.value.user_message
    unchanged = await v1.subscriptions.update_async(sub.id, {"trial_from_plan": True})
    assert (unchanged.status, unchanged.trial_end) == ("active", None)  # no trial days
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "price": trial_price.id}],
        "trial_from_plan": True, "proration_behavior": "none"})
    assert (changed.status, changed.trial_end) == ("trialing", APR_10 + 7 * DAY)
    assert changed["items"].data[0].current_period_end == APR_10 + 7 * DAY


async def _upgrade_halfway(v1, clocks, coupon, mode=ITEMIZED):
    clock, customer, price, sub = await _setup(v1, clocks, **mode,
                                               discounts=[{"coupon": coupon.id}])
    bigger = await _price_like(v1, price, 2000)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    changes = {"items": [{"id": sub["items"].data[0].id, "price": bigger.id}],
               "proration_behavior": "always_invoice"}
    preview = await v1.invoices.create_preview_async({
        "subscription": sub.id, "subscription_details": changes})
    changed = await v1.subscriptions.update_async(sub.id, changes)
    invoice = await v1.invoices.retrieve_async(changed.latest_invoice)
    return customer, sub, preview, invoice


def _by_sign(invoice):
    credit = next(line for line in invoice.lines.data if line.amount < 0)
    debit = next(line for line in invoice.lines.data if line.amount > 0)
    return credit, debit


async def test_a_percent_coupon_discounts_both_prorations(v1, clocks):
    coupon = await v1.coupons.create_async({"percent_off": 50, "duration": "forever"})
    _customer, sub, preview, invoice = await _upgrade_halfway(v1, clocks, coupon)
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert first.total == 500
    discount_id = first.lines.data[0].discount_amounts[0].discount
    # half the month: the credit gives back what was paid for it (500 gross, 250 of it
    # discounted), the debit charges half of the new price less the same 50 %
    credit, debit = _by_sign(invoice)
    assert (credit.amount, [(d.discount, d.amount) for d in credit.discount_amounts]) == (
        -500, [(discount_id, -250)])
    assert (debit.amount, [(d.discount, d.amount) for d in debit.discount_amounts]) == (
        1000, [(discount_id, 500)])
    assert credit.discounts == [discount_id] == debit.discounts
    assert (invoice.subtotal, invoice.total, invoice.amount_due) == (500, 250, 250)
    assert [(t.discount, t.amount) for t in invoice.total_discount_amounts] == [
        (discount_id, 250)]
    assert invoice.status == "paid"
    assert (preview.total, preview.subtotal) == (250, 500)  # the preview said as much
    item = await v1.invoice_items.retrieve_async(
        credit.parent.subscription_item_details.invoice_item)
    assert (item.net_amount, item.proration_details.discount_amounts[0].amount) == (-250, -250)


async def test_by_default_prorations_show_their_discounts_included(v1, clocks):
    coupon = await v1.coupons.create_async({"percent_off": 50, "duration": "forever"})
    _customer, sub, preview, invoice = await _upgrade_halfway(v1, clocks, coupon, mode={})
    assert sub.billing_mode.flexible.proration_discounts == "included"
    discount_id = sub.discounts[0]
    # the same money as itemized: each amount net of its discount, which shows as 0
    credit, debit = _by_sign(invoice)
    assert (credit.amount, [(d.discount, d.amount) for d in credit.discount_amounts]) == (
        -250, [(discount_id, 0)])
    assert (debit.amount, [(d.discount, d.amount) for d in debit.discount_amounts]) == (
        500, [(discount_id, 0)])
    assert credit.discounts == [discount_id] == debit.discounts
    assert (invoice.subtotal, invoice.total, invoice.status) == (250, 250, "paid")
    assert (preview.subtotal, preview.total) == (250, 250)
    item = await v1.invoice_items.retrieve_async(
        debit.parent.subscription_item_details.invoice_item)
    assert (item.amount, item.net_amount) == (500, 500)
    assert [d.amount for d in item.proration_details.discount_amounts] == [0]


async def test_an_amount_off_coupon_is_prorated_as_the_time_is(v1, clocks):
    coupon = await v1.coupons.create_async({"amount_off": 200, "currency": "usd",
                                            "duration": "forever"})
    _customer, _sub, _preview, invoice = await _upgrade_halfway(v1, clocks, coupon)
    credit, debit = _by_sign(invoice)
    # paid 800 for the month: 400 back; the new half month is (2000 - 200) / 2
    assert [d.amount for d in credit.discount_amounts] == [-100]
    assert [d.amount for d in debit.discount_amounts] == [100]
    assert invoice.total == -400 + 900


async def test_a_prorated_cancellation_credits_what_was_paid(v1, clocks):
    coupon = await v1.coupons.create_async({"percent_off": 25, "duration": "forever"})
    clock, customer, _price, sub = await _setup(v1, clocks, **ITEMIZED,
                                                discounts=[{"coupon": coupon.id}])
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    await v1.subscriptions.cancel_async(sub.id, {"prorate": True})
    [credit] = await _pending(v1, customer)
    assert (credit.amount, credit.net_amount) == (-500, -375)
    assert [d.amount for d in credit.proration_details.discount_amounts] == [-125]
    kept = await v1.invoice_items.update_async(credit.id, {"metadata": {"note": "x"}})
    assert kept.net_amount == -375  # still what the discount took when it was made
    repriced = await v1.invoice_items.update_async(credit.id, {"amount": -400})
    assert repriced.proration_details.discount_amounts == [] and repriced.discounts == []
    assert repriced.net_amount == -400  # the subscription's discount no longer its own


async def test_a_subscription_preview_takes_invoice_items_and_keeps_none(v1, clocks):
    clock, customer, price, sub = await _setup(v1, clocks)
    held = await v1.invoice_items.create_async({"customer": customer.id, "amount": 500,
                                                "currency": "usd", "description": "Held"})
    preview = await v1.invoices.create_preview_async({
        "subscription": sub.id, "invoice_items": [
            {"amount": 250, "currency": "usd", "description": "Setup"},
            {"invoiceitem": held.id, "amount": 700}]})
    assert preview.total == 1000 + 250 + 700
    by_description = {line.description: line for line in preview.lines.data}
    assert by_description["Setup"].id.startswith("il_tmp_")
    assert by_description["Held"].amount == 700
    assert (await v1.invoice_items.retrieve_async(held.id)).amount == 500  # unchanged
    assert [i.id for i in await _pending(v1, customer)] == [held.id]  # nothing made
    other = await v1.customers.create_async({"test_clock": clock.id})
    new = await v1.invoices.create_preview_async({
        "customer": other.id, "subscription_details": {"items": [{"price": price.id}]},
        "invoice_items": [{"amount": 125, "currency": "usd"}]})
    assert new.total == 1000 + 125
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_preview_async({
            "subscription": sub.id, "invoice_items": [{"invoiceitem": "ii_nope"}]})
    assert exc.value.param == "invoice_items[0][invoiceitem]"


async def test_trial_from_plan_with_a_new_price_keeps_it_and_credits_the_paid_time_once(
        v1, clocks):
    clock, customer, price, sub = await _setup(v1, clocks)
    trial_price = await v1.prices.create_async({
        "currency": "usd", "unit_amount": 2000, "product": price.product,
        "recurring": {"interval": "month", "trial_period_days": 7}})
    await clocks.advance_async(clock.id, {"frozen_time": APR_10})
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "price": trial_price.id}],
        "trial_from_plan": True})
    [item] = changed["items"].data
    assert (changed.status, item.price.id) == ("trialing", trial_price.id)
    assert (item.current_period_start, item.current_period_end) == (APR_10, APR_10 + 7 * DAY)
    # the 21 paid days left of April credited, once; the trial itself is free
    assert [i.amount for i in await _pending(v1, customer)] == [-700]
    await clocks.advance_async(clock.id, {"frozen_time": APR_10 + 7 * DAY + 2 * HOUR})
    assert (await _invoices(v1, sub))[-1].total == 2000 - 700


async def test_a_credit_gives_back_what_was_paid_after_the_discount_is_gone(v1, clocks):
    coupon = await v1.coupons.create_async({"percent_off": 50, "duration": "forever"})
    clock, _customer, _price, sub = await _setup(v1, clocks, **ITEMIZED,
                                                discounts=[{"coupon": coupon.id}])
    discount_id = sub.discounts[0]
    await clocks.advance_async(clock.id, {"frozen_time": APR_10})
    await v1.subscriptions.update_async(sub.id, {"discounts": ""})
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "quantity": 2}],
        "proration_behavior": "always_invoice"})
    invoice = await v1.invoices.retrieve_async(changed.latest_invoice)
    credit, debit = _by_sign(invoice)
    assert [(d.discount, d.amount) for d in credit.discount_amounts] == [(discount_id, -250)]
    assert debit.discount_amounts == []  # no discount left for the new terms
    assert invoice.total == -250 + 1000


async def test_an_amount_off_is_shared_among_the_items_as_on_their_period_invoice(v1, clocks):
    coupon = await v1.coupons.create_async({"amount_off": 200, "currency": "usd",
                                            "duration": "forever"})
    clock, customer, price, _sub = await _setup(v1, clocks)
    second = await _price_like(v1, price, 1000)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}, {"price": second.id}],
        "discounts": [{"coupon": coupon.id}], **ITEMIZED})
    assert (await v1.invoices.retrieve_async(sub.latest_invoice)).total == 2000 - 200
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    first_item = next(i for i in sub["items"].data if i.price.id == price.id)
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": first_item.id, "quantity": 2}], "proration_behavior": "always_invoice"})
    credit, debit = _by_sign(await v1.invoices.retrieve_async(changed.latest_invoice))
    assert [d.amount for d in credit.discount_amounts] == [-50]  # half of the 100 it took
    # on a period invoice the 200 would split 2000:1000, 133 to this item; half of that
    assert [d.amount for d in debit.discount_amounts] == [67]


async def test_a_second_change_credits_the_pending_debit_it_replaces(v1, clocks):
    coupon = await v1.coupons.create_async({"amount_off": 200, "currency": "usd",
                                            "duration": "forever"})
    clock, customer, price, sub = await _setup(v1, clocks, **ITEMIZED,
                                                discounts=[{"coupon": coupon.id}])
    item_id = sub["items"].data[0].id
    twenty, thirty = [await _price_like(v1, price, amount) for amount in (2000, 3000)]
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    await v1.subscriptions.update_async(sub.id, {"items": [{"id": item_id,
                                                            "price": twenty.id}]})
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 24 * DAY})
    await v1.subscriptions.update_async(sub.id, {"items": [{"id": item_id,
                                                            "price": thirty.id}]})
    pending = await _pending(v1, customer)
    # the $20 terms were billed by the pending debit (1000 for half the month, 100 off):
    # their last 6 days are 400 of it, so 40 of its discount goes back
    second_credit = next(i for i in pending if i.amount == -400)
    assert [d.amount for d in second_credit.proration_details.discount_amounts] == [-40]
    assert second_credit.proration_details.credited_items.type == "invoice_item"


async def test_pending_if_incomplete_takes_add_invoice_items(v1, clocks):
    clock, _customer, price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "quantity": 2}],
        "proration_behavior": "always_invoice", "payment_behavior": "pending_if_incomplete",
        "add_invoice_items": [{"price_data": {"currency": "usd", "product": price.product,
                                              "unit_amount": 300}}]})
    invoice = await v1.invoices.retrieve_async(changed.latest_invoice)
    assert invoice.status == "paid" and 300 in [line.amount for line in invoice.lines.data]
    with pytest.raises(stripe.InvalidRequestError) as exc:  # not a pending update's
        await v1.subscriptions.update_async(sub.id, {
            "items": [{"id": sub["items"].data[0].id, "quantity": 3}],
            "payment_behavior": "pending_if_incomplete", "trial_from_plan": True})
    assert "trial_end" not in exc.value.user_message


async def test_an_items_once_coupon_spent_on_a_proration_is_spent(v1, clocks):
    coupon = await v1.coupons.create_async({"percent_off": 50, "duration": "once"})
    clock, _customer, price, sub = await _setup(v1, clocks)
    twenty = await _price_like(v1, price, 2000)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"price": twenty.id, "discounts": [{"coupon": coupon.id}]}],
        "proration_behavior": "always_invoice"})
    invoice = await v1.invoices.retrieve_async(changed.latest_invoice)
    assert invoice.total == 1000 - 500  # half the month of $20, half off
    await clocks.advance_async(clock.id, {"frozen_time": MAY_1 + 3 * HOUR})
    assert (await _invoices(v1, sub))[-1].total == 1000 + 2000  # used up


async def test_an_invoice_made_for_a_subscription_takes_only_its_pending_items(v1, clocks):
    clock, customer, price, sub = await _setup(v1, clocks)
    other = await v1.subscriptions.create_async({"customer": customer.id, "items": [
        {"price": (await _price_like(v1, price, 700)).id}]})
    loose = await v1.invoice_items.create_async({"customer": customer.id, "amount": 99,
                                                 "currency": "usd"})
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    await v1.subscriptions.update_async(sub.id, {  # prorations of sub, pending
        "items": [{"id": sub["items"].data[0].id, "quantity": 2}]})
    await v1.subscriptions.update_async(other.id, {
        "items": [{"id": other["items"].data[0].id, "quantity": 2}]})
    invoice = await v1.invoices.create_async({  # its pending items, unless told not to
        "customer": customer.id, "subscription": sub.id})
    assert invoice.parent.subscription_details.subscription == sub.id
    assert invoice.billing_reason == "manual"
    assert sorted(line.amount for line in invoice.lines.data) == [-500, 1000]
    paid = await v1.invoices.pay_async(invoice.id)
    assert (paid.status, paid.total) == ("paid", 500)
    listed = await v1.invoices.list_async({"subscription": sub.id})
    assert invoice.id in [i.id for i in listed.data]
    left = {i.id for i in await _pending(v1, customer)}
    assert loose.id in left and len(left) == 3  # the loose one and the other's two
    after = await v1.subscriptions.retrieve_async(sub.id)
    assert (after.status, after.latest_invoice) == ("active", sub.latest_invoice)
    # nothing of it pending any more: an empty draft of the subscription's, as Stripe makes
    # (a recording of 2025-10-29.clover)
    empty = await v1.invoices.create_async({"customer": customer.id, "subscription": sub.id})
    assert (empty.status, empty.total, empty.lines.data) == ("draft", 0, [])
    assert empty.parent.subscription_details.subscription == sub.id
    assert (await v1.invoices.pay_async(empty.id)).status == "paid"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": customer.id, "subscription": other.id,
                                        "currency": "eur"})
    assert exc.value.param == "currency"
    stranger = await v1.customers.create_async()
    for customer_id, sub_id in [(customer.id, "sub_nope"), (stranger.id, sub.id)]:
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.invoices.create_async({"customer": customer_id, "subscription": sub_id})
        assert exc.value.param == "subscription"


async def _backdated(v1, clocks, back, **params):
    clock, customer, price, _sub = await _setup(v1, clocks, at=APR_16)
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "backdate_start_date": back, **params})
    return clock, sub, await v1.invoices.retrieve_async(sub.latest_invoice)


async def test_a_backdated_subscription_bills_the_time_since_its_start(v1, clocks):
    _clock, sub, first = await _backdated(v1, clocks, APR_1)
    assert (sub.start_date, sub.created, sub.billing_cycle_anchor) == (APR_1, APR_16, APR_16)
    assert (sub.status, first.status) == ("active", "paid")
    # the backdated half month, prorated over its cycle (16 March - 16 April, 31 days),
    # then the first period as usual
    back, period = first.lines.data
    assert (back.period.start, back.period.end, back.amount) == (APR_1, APR_16, 484)
    assert back.parent.subscription_item_details.proration is True
    assert (period.period.start, period.amount) == (APR_16, 1000)
    assert first.total == 1484


async def test_backdating_over_whole_cycles_bills_each(v1, clocks):
    mar_1 = APR_1 - 31 * DAY
    _clock, _sub, first = await _backdated(v1, clocks, mar_1)
    # 1-16 March of the cycle 16 Feb - 16 Mar (28 days), 16 Mar - 16 Apr whole, then April
    assert [(line.period.start, line.amount) for line in first.lines.data] == [
        (mar_1, 536), (APR_16 - 31 * DAY, 1000), (APR_16, 1000)]


async def test_backdating_with_an_anchor_or_without_charging(v1, clocks):
    _clock, sub, first = await _backdated(v1, clocks, APR_1, billing_cycle_anchor=MAY_1)
    # 1-16 April and 16 April - 1 May: the whole of April, in two lines
    assert [line.amount for line in first.lines.data] == [500, 500]
    assert sub.billing_cycle_anchor == MAY_1 and sub.start_date == APR_1
    _clock, free, first_free = await _backdated(v1, clocks, APR_1,
                                                proration_behavior="none")
    assert free.start_date == APR_1 and first_free.total == 1000  # the backdate not billed
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await _backdated(v1, clocks, APR_16 + DAY)
    assert exc.value.param == "backdate_start_date"


async def test_a_first_invoices_prorations_take_its_coupon_once(v1, clocks):
    five_off = await v1.coupons.create_async({"amount_off": 500, "currency": "usd",
                                              "duration": "once"})
    _clock, _customer, _price, sub = await _setup(
        v1, clocks, at=APR_10, billing_cycle_anchor=MAY_1,
        discounts=[{"coupon": five_off.id}])
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert (first.subtotal, first.total) == (700, 200)  # 21 days of 30, less the 500
    _clock, _sub, first_back = await _backdated(v1, clocks, APR_1 - 31 * DAY,
                                                discounts=[{"coupon": five_off.id}])
    assert first_back.subtotal == 536 + 1000 + 1000
    assert [(t.amount) for t in first_back.total_discount_amounts] == [500]


async def test_credits_give_back_what_the_short_first_period_cost(v1, clocks):
    clock, customer, _price, sub = await _setup(v1, clocks, at=APR_16,
                                               billing_cycle_anchor=MAY_1)
    assert (await v1.invoices.retrieve_async(sub.latest_invoice)).total == 500
    await clocks.advance_async(clock.id, {"frozen_time": APR_16 + 5 * DAY})
    await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "quantity": 2}]})
    # paid 500 for 16 April - 1 May: a third of it back; two seats for the last 10 days
    # of the 30-day cycle the anchor ends
    assert sorted(i.amount for i in await _pending(v1, customer)) == [-333, 667]
    credit = next(i for i in await _pending(v1, customer) if i.amount < 0)
    assert credit.proration_details.credited_items.type == "invoice_line_items"


async def test_backdating_bills_tiers_and_a_trial_spares_none_of_it(v1, clocks):
    clock, customer, price, _sub = await _setup(v1, clocks, at=APR_16)
    tiered = await v1.prices.create_async({
        "currency": "usd", "product": price.product, "recurring": {"interval": "month"},
        "billing_scheme": "tiered", "tiers_mode": "graduated", "tiers": [
            {"up_to": 5, "unit_amount": 100}, {"up_to": "inf", "unit_amount": 50}]})
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": tiered.id, "quantity": 8}],
        "backdate_start_date": APR_16 - 31 * DAY})  # one whole cycle back
    first = await v1.invoices.retrieve_async(sub.latest_invoice)
    assert first.total == 2 * (5 * 100 + 3 * 50)  # the past cycle's tiers, then April's
    trial = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 7,
        "backdate_start_date": APR_1})
    assert trial.status == "trialing"
    first_trial = await v1.invoices.retrieve_async(trial.latest_invoice)
    assert first_trial.total > 0  # the backdated half month, billed all the same
    another = await v1.customers.create_async({"test_clock": clock.id})  # (3 a clock's)
    with pytest.raises(stripe.InvalidRequestError) as exc:  # 2 items x 130 months
        await v1.subscriptions.create_async({
            "customer": another.id, "backdate_start_date": APR_1 - 130 * 31 * DAY,
            "items": [{"price": price.id}, {"price": tiered.id}]})
    assert exc.value.param == "backdate_start_date"


async def test_preview_anchor_refusals_name_the_timestamp(v1, clocks):
    clock, _customer, price, _sub = await _setup(v1, clocks)
    other = await v1.customers.create_async({"test_clock": clock.id})
    for anchor in ({"type": "timestamp", "timestamp": APR_1 - DAY},  # past
                   {"type": "now", "timestamp": MAY_1}):  # a timestamp for no timestamp
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.invoices.create_preview_async({
                "customer": other.id, "subscription_details": {
                    "items": [{"price": price.id}], "billing_cycle_anchor": anchor}})
        assert exc.value.param == "subscription_details[billing_cycle_anchor][timestamp]"


async def test_a_new_cycle_on_a_trial_ends_the_trial(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks, trial_period_days=14)
    await clocks.advance_async(clock.id, {"frozen_time": APR_1 + 4 * DAY})
    changed = await v1.subscriptions.update_async(sub.id, {
        "billing_cycle_anchor": {"type": "now"}})
    assert (changed.status, changed.trial_end) == ("active", APR_1 + 4 * DAY)
    assert changed.billing_cycle_anchor == APR_1 + 4 * DAY


async def test_pausing_with_an_invoice_stays_paused(v1, clocks):
    clock, _customer, _price, sub = await _setup(v1, clocks)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    paused = await v1.subscriptions.pause_async(sub.id, {"invoicing_behavior": "invoice"})
    assert paused.status == "paused"
    credit = await v1.invoices.retrieve_async(paused.latest_invoice)
    assert (credit.total, credit.status) == (-500, "paid")
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "paused"
    resumed = await v1.subscriptions.resume_async(sub.id)
    assert resumed.status == "active"


async def test_no_upcoming_invoice_for_a_subscription_ending_before_it_renews(v1, clocks):
    _clock, _customer, _price, sub = await _setup(v1, clocks)
    await v1.subscriptions.update_async(sub.id, {"cancel_at_period_end": True})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_preview_async({"subscription": sub.id})
    assert exc.value.code == "invoice_upcoming_none"
    await v1.subscriptions.update_async(sub.id, {"cancel_at_period_end": False})
    assert (await v1.invoices.create_preview_async({"subscription": sub.id})).total == 1000


async def test_an_invoice_item_for_a_subscription_waits_for_its_next_invoice(v1, clocks):
    _clock, customer, _price, sub = await _setup(v1, clocks)
    item = await v1.invoice_items.create_async({"customer": customer.id, "amount": 300,
                                                "subscription": sub.id})
    assert (item.currency, item.parent.subscription_details.subscription) == ("usd", sub.id)
    final = await v1.subscriptions.cancel_async(sub.id, {"invoice_now": True})
    invoice = await v1.invoices.retrieve_async(final.latest_invoice)
    assert [line.amount for line in invoice.lines.data] == [300]
    assert invoice.lines.data[0].parent.invoice_item_details.subscription == sub.id
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoice_items.create_async({"customer": customer.id, "amount": 300,
                                             "subscription": "sub_nope"})
    assert exc.value.param == "subscription"


async def test_a_new_billing_frequency_prorates_and_keeps_the_anchor(v1, clocks):
    # flexible billing (a recording of 2025-10-29.clover): the item takes its new interval's
    # period counted from the anchor, and the change is prorated as any other
    clock, _customer, price, sub = await _setup(v1, clocks)
    yearly = await _price_like(v1, price, 36500, "year")
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "price": yearly.id}],
        "proration_behavior": "always_invoice"})
    assert changed.billing_cycle_anchor == APR_1
    [item] = changed["items"].data
    assert (item.current_period_start, item.current_period_end) == (APR_1, APR_1 + 365 * DAY)
    invoice = await v1.invoices.retrieve_async(changed.latest_invoice)
    debit, credit = sorted(invoice.lines.data, key=lambda line: -line.amount)
    assert (credit.amount, debit.amount) == (-500, 36500 - 1500)  # 350 of the year's days
    assert debit.description == "Remaining time on Gold plan after 16 Apr 2026"
    assert (debit.period.start, debit.period.end) == (APR_16, APR_1 + 365 * DAY)
    assert (invoice.billing_reason, invoice.status) == ("subscription_update", "paid")


async def test_a_first_paid_price_starts_a_cycle_now(v1, clocks):
    clock, _customer, free, free_sub = await _setup(v1, clocks, amount=0)
    paid_price = await _price_like(v1, free, 1000)
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    upgraded = await v1.subscriptions.update_async(free_sub.id, {
        "items": [{"id": free_sub["items"].data[0].id, "price": paid_price.id}]})
    assert upgraded.billing_cycle_anchor == APR_16
    assert upgraded["items"].data[0].current_period_end == MAY_1 + 15 * DAY
    first_paid = await v1.invoices.retrieve_async(upgraded.latest_invoice)
    assert (first_paid.billing_reason, first_paid.total) == ("subscription_update", 1000)


async def test_item_endpoint_changes_of_frequency_and_from_free(v1, clocks):
    clock, _customer, price, sub = await _setup(v1, clocks)
    yearly = await _price_like(v1, price, 36500, "year")
    await clocks.advance_async(clock.id, {"frozen_time": APR_16})
    item = await v1.subscription_items.update_async(sub["items"].data[0].id,
                                                    {"price": yearly.id})
    assert (item.price.id, item.current_period_start, item.current_period_end) == (
        yearly.id, APR_1, APR_1 + 365 * DAY)
    assert (await v1.subscriptions.retrieve_async(sub.id)).billing_cycle_anchor == APR_1
    assert sorted(i.amount for i in await _pending(v1, _customer)) == [-500, 35000]
    # a paid item added beside free ones starts a cycle, through the create endpoint too
    _clock, _customer, free, free_sub = await _setup(v1, clocks, amount=0)
    paid_price = await _price_like(v1, free, 1000)
    added = await v1.subscription_items.create_async({"subscription": free_sub.id,
                                                      "price": paid_price.id})
    assert added.price.id == paid_price.id and added.subscription == free_sub.id
    upgraded = await v1.subscriptions.retrieve_async(free_sub.id)
    assert {i.id for i in upgraded["items"].data} == {free_sub["items"].data[0].id, added.id}
    first_paid = await v1.invoices.retrieve_async(upgraded.latest_invoice)
    assert (first_paid.billing_reason, first_paid.total) == ("subscription_update", 1000)

async def test_cancel_at_min_and_max_period_end(v1, clocks):
    _clock, _customer, price, sub = await _setup(v1, clocks)
    yearly = await _price_like(v1, price, 12000, "year")
    both = await v1.subscriptions.create_async({
        "customer": sub.customer, "items": [{"price": price.id}, {"price": yearly.id}],
        "cancel_at": "max_period_end"})
    assert both.cancel_at == APR_1 + 365 * DAY
    shortest = await v1.subscriptions.update_async(both.id, {"cancel_at": "min_period_end"})
    assert shortest.cancel_at == MAY_1
    # a cancellation inside the period cut it short; the period's end is still its own
    await v1.subscriptions.update_async(sub.id, {"cancel_at": APR_16})
    restored = await v1.subscriptions.update_async(sub.id, {"cancel_at": "min_period_end"})
    assert restored.cancel_at == MAY_1
    assert restored["items"].data[0].current_period_end == MAY_1
    at_end = await v1.subscriptions.update_async(sub.id, {"cancel_at_period_end": True})
    assert (at_end.cancel_at, at_end.cancel_at_period_end) == (MAY_1, True)


async def test_a_shorter_interval_takes_its_own_current_period(v1, clocks):
    clock, customer, price, monthly_sub = await _setup(v1, clocks)
    await v1.subscriptions.cancel_async(monthly_sub.id)  # (its clock: a yearly one alone)
    yearly = await _price_like(v1, price, 12000, "year")
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": yearly.id}]})
    await clocks.advance_async(clock.id, {"frozen_time": JUN_1 + 5 * DAY})
    monthly = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": sub["items"].data[0].id, "price": price.id}]})
    [item] = monthly["items"].data
    assert (item.current_period_start, item.current_period_end) == (JUN_1, JUL_1)
    ending = await v1.subscriptions.update_async(sub.id, {"cancel_at_period_end": True})
    assert ending.cancel_at == JUL_1


async def test_a_new_cycle_drops_the_day_of_month_it_was_anchored_on(v1, clocks):
    clock, _customer, _price, sub = await _setup(
        v1, clocks, billing_cycle_anchor_config={"day_of_month": 15})
    assert sub.billing_cycle_anchor_config.day_of_month == 15
    await clocks.advance_async(clock.id, {"frozen_time": APR_10})
    reset = await v1.subscriptions.update_async(sub.id, {
        "billing_cycle_anchor": {"type": "now"}})
    assert (reset.billing_cycle_anchor, reset.billing_cycle_anchor_config) == (APR_10, None)
    assert reset["items"].data[0].current_period_end == APR_10 + 30 * DAY
