"""Test clocks through the SDK: a frozen time customers live on, advanced by hand."""

import asyncio

import pytest
import stripe

T0 = 1_767_225_600  # 2026-01-01T00:00:00Z
DAY = 86_400


@pytest.fixture
def clocks(client):
    return client.v1.test_helpers.test_clocks


async def test_create_retrieve_list_a_clock(clocks):
    clock = await clocks.create_async({"frozen_time": T0, "name": "Renewals"})
    assert clock.id.startswith("clock_") and clock.object == "test_helpers.test_clock"
    assert (clock.frozen_time, clock.name, clock.status) == (T0, "Renewals", "ready")
    assert clock.status_details.to_dict() == {} and clock.livemode is False
    assert clock.deletes_after > clock.created
    assert (await clocks.retrieve_async(clock.id)).to_dict() == clock.to_dict()
    assert [c.id for c in (await clocks.list_async()).data] == [clock.id]


async def test_a_customer_on_a_clock_lives_at_its_time(client, clocks):
    v1 = client.v1
    clock = await clocks.create_async({"frozen_time": T0})
    customer = await v1.customers.create_async({"test_clock": clock.id})
    assert customer.test_clock == clock.id and customer.created == T0
    item = await v1.invoice_items.create_async({"customer": customer.id, "amount": 500,
                                                "currency": "usd"})
    assert item.date == T0 and item.period.start == T0 and item.test_clock == clock.id
    invoice = await v1.invoices.create_async({
        "customer": customer.id, "pending_invoice_items_behavior": "include",
        "collection_method": "send_invoice", "days_until_due": 30})
    assert invoice.created == T0 and invoice.due_date == T0 + 30 * DAY
    assert invoice.test_clock == clock.id
    await clocks.advance_async(clock.id, {"frozen_time": T0 + 5 * DAY})
    finalized = await v1.invoices.finalize_invoice_async(invoice.id)
    assert finalized.status_transitions.finalized_at == T0 + 5 * DAY
    event = (await v1.events.list_async({"type": "invoice.finalized"})).data[0]
    assert event.created == T0 + 5 * DAY  # events of the customer's objects too
    expanded = await v1.customers.retrieve_async(customer.id, {"expand": ["test_clock"]})
    assert expanded.test_clock.id == clock.id


async def test_advancing_answers_advancing_then_is_ready(client, clocks):
    clock = await clocks.create_async({"frozen_time": T0})
    advanced = await clocks.advance_async(clock.id, {"frozen_time": T0 + DAY})
    assert advanced.status == "advancing"
    assert advanced.status_details.advancing.target_frozen_time == T0 + DAY
    now = await clocks.retrieve_async(clock.id)
    assert (now.status, now.frozen_time, now.status_details.to_dict()) == ("ready", T0 + DAY, {})
    types = [e.type for e in (await client.v1.events.list_async()).data]
    assert types == ["test_helpers.test_clock.ready", "test_helpers.test_clock.advancing",
                     "test_helpers.test_clock.created"]


async def test_advance_refusals(clocks):
    clock = await clocks.create_async({"frozen_time": T0})
    for target in (T0, T0 - 1, T0 + 3 * 365 * DAY):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await clocks.advance_async(clock.id, {"frozen_time": target})
        assert (exc.value.http_status, exc.value.param) == (400, "frozen_time"), target
    assert (await clocks.retrieve_async(clock.id)).frozen_time == T0


async def test_clock_customers_are_listed_only_by_their_clock(client, clocks):
    v1 = client.v1
    clock = await clocks.create_async({"frozen_time": T0})
    on = await v1.customers.create_async({"test_clock": clock.id, "email": "c@x.io"})
    off = await v1.customers.create_async({"email": "c@x.io"})
    assert [c.id for c in (await v1.customers.list_async()).data] == [off.id]
    assert [c.id for c in (await v1.customers.list_async({"email": "c@x.io"})).data] == [off.id]
    listed = await v1.customers.list_async({"test_clock": clock.id})
    assert [c.id for c in listed.data] == [on.id]


async def test_a_clock_holds_three_customers_and_attaches_an_existing_one(client, clocks):
    v1 = client.v1
    existing = await v1.customers.create_async()
    clock = await clocks.create_async({"frozen_time": T0, "customer": existing.id})
    assert (await v1.customers.retrieve_async(existing.id)).test_clock == clock.id
    for _ in range(2):
        await v1.customers.create_async({"test_clock": clock.id})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.customers.create_async({"test_clock": clock.id})
    assert exc.value.param == "test_clock"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await clocks.create_async({"frozen_time": T0, "customer": existing.id})
    assert exc.value.param == "customer"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.customers.create_async({"test_clock": "clock_nope"})
    assert (exc.value.code, exc.value.param) == ("resource_missing", "test_clock")


async def test_deleting_a_clock_deletes_its_customers(client, clocks):
    v1 = client.v1
    clock = await clocks.create_async({"frozen_time": T0})
    customer = await v1.customers.create_async({"test_clock": clock.id})
    gone = await clocks.delete_async(clock.id)
    assert gone.to_dict() == {"id": clock.id, "object": "test_helpers.test_clock",
                              "deleted": True}
    assert (await v1.customers.retrieve_async(customer.id)).deleted is True
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await clocks.retrieve_async(clock.id)
    assert exc.value.http_status == 404
    types = [e.type for e in (await v1.events.list_async({"limit": 2})).data]
    assert types == ["test_helpers.test_clock.deleted", "customer.deleted"]


async def test_created_filters_hold_when_clock_objects_are_out_of_time_order(client, clocks):
    v1 = client.v1
    now_customer = await v1.customers.create_async()
    clock = await clocks.create_async({"frozen_time": T0 - 100 * DAY})  # in the past
    past = await v1.customers.create_async({"test_clock": clock.id})
    later = await v1.customers.create_async()

    async def ids(**created):
        params = {"created": created, "test_clock": clock.id}
        on_clock = [c.id for c in (await v1.customers.list_async(params)).data]
        rest = [c.id for c in (await v1.customers.list_async({"created": created})).data]
        return on_clock, rest

    assert await ids(lt=T0) == ([past.id], [])
    assert await ids(gte=now_customer.created) == ([], [later.id, now_customer.id])
    assert await ids(gte=T0 - 100 * DAY, lte=T0 - 100 * DAY) == ([past.id], [])


async def test_lists_of_everything_leave_out_clock_invoices(client, clocks):
    v1 = client.v1
    clock = await clocks.create_async({"frozen_time": T0})
    on = await v1.customers.create_async({"test_clock": clock.id})
    off = await v1.customers.create_async()
    for customer in (on, off):
        await v1.invoice_items.create_async({"customer": customer.id, "amount": 1,
                                             "currency": "usd"})
        await v1.invoices.create_async({"customer": customer.id})
    assert [i.customer for i in (await v1.invoices.list_async()).data] == [off.id]
    assert [i.customer for i in (await v1.invoice_items.list_async()).data] == [off.id]
    assert len((await v1.invoices.list_async({"customer": on.id})).data) == 1
    assert len((await v1.invoice_items.list_async({"customer": on.id})).data) == 1


HOUR = 3_600


async def _auto_invoice(v1, customer, **params):
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 2000,
                                         "currency": "usd"})
    return await v1.invoices.create_async({
        "customer": customer.id, "auto_advance": True,
        "pending_invoice_items_behavior": "include", **params})


async def test_advancing_finalizes_and_charges_auto_advance_invoices_in_time(client, clocks):
    v1 = client.v1
    clock = await clocks.create_async({"frozen_time": T0})
    customer = await v1.customers.create_async({"test_clock": clock.id,
                                                "payment_method": "pm_card_visa"})
    pm = (await v1.payment_methods.list_async({"customer": customer.id})).data[0]
    await v1.customers.update_async(customer.id, {
        "invoice_settings": {"default_payment_method": pm.id}})
    invoice = await _auto_invoice(v1, customer)
    assert invoice.automatically_finalizes_at == T0 + HOUR
    await clocks.advance_async(clock.id, {"frozen_time": T0 + HOUR - 1})
    assert (await v1.invoices.retrieve_async(invoice.id)).status == "draft"
    await clocks.advance_async(clock.id, {"frozen_time": T0 + 3 * HOUR})
    paid = await v1.invoices.retrieve_async(invoice.id)
    assert paid.status == "paid" and paid.amount_paid == 2000
    # "finalized and paid automatically" an hour after it was made (the test clocks guide)
    assert paid.status_transitions.finalized_at == T0 + HOUR
    assert paid.status_transitions.paid_at == T0 + HOUR
    events = [(e.type, e.created) for e in (await v1.events.list_async({"limit": 20})).data]
    assert events[0] == ("test_helpers.test_clock.ready", events[0][1])
    assert ("invoice.finalized", T0 + HOUR) in events
    assert ("invoice.payment_succeeded", T0 + HOUR) in events
    assert (await clocks.retrieve_async(clock.id)).frozen_time == T0 + 3 * HOUR


async def test_a_failed_automatic_charge_is_retried_on_the_schedule_then_left_open(
        client, clocks):
    v1 = client.v1
    clock = await clocks.create_async({"frozen_time": T0})
    customer = await v1.customers.create_async({"test_clock": clock.id})
    invoice = await _auto_invoice(v1, customer)
    first_attempt = T0 + HOUR  # finalized after an hour, and charged then
    await clocks.advance_async(clock.id, {"frozen_time": T0 + 3 * HOUR})
    failed = await v1.invoices.retrieve_async(invoice.id)
    assert (failed.status, failed.attempted, failed.attempt_count) == ("open", True, 1)
    # Retries 3, 5 and 7 days after the first failed attempt (the default schedule).
    assert failed.next_payment_attempt == first_attempt + 3 * DAY
    await clocks.advance_async(clock.id, {"frozen_time": T0 + 6 * DAY})
    failed = await v1.invoices.retrieve_async(invoice.id)
    assert failed.attempt_count == 3 and failed.next_payment_attempt == first_attempt + 7 * DAY
    await clocks.advance_async(clock.id, {"frozen_time": T0 + 8 * DAY})
    failed = await v1.invoices.retrieve_async(invoice.id)
    assert (failed.status, failed.attempt_count, failed.next_payment_attempt) == ("open", 4, None)
    failures = (await v1.events.list_async({"type": "invoice.payment_failed"})).data
    assert len(failures) == 4


async def test_a_send_invoice_draft_is_finalized_not_charged(client, clocks):
    v1 = client.v1
    clock = await clocks.create_async({"frozen_time": T0})
    customer = await v1.customers.create_async({"test_clock": clock.id})
    invoice = await _auto_invoice(v1, customer, collection_method="send_invoice",
                                  days_until_due=7)
    await clocks.advance_async(clock.id, {"frozen_time": T0 + 5 * HOUR})
    opened = await v1.invoices.retrieve_async(invoice.id)
    assert (opened.status, opened.attempt_count) == ("open", 0)
    assert opened.status_transitions.finalized_at == T0 + HOUR


async def test_auto_advance_runs_in_real_time_for_customers_on_no_clock(client, monkeypatch):
    from stripe_emulator.store.memory import Account

    v1 = client.v1
    customer = await v1.customers.create_async()
    invoice = await _auto_invoice(v1, customer, collection_method="send_invoice",
                                  days_until_due=7)
    later = invoice.created + HOUR + 1
    monkeypatch.setattr(Account, "now", lambda self: later)  # an hour has passed

    async def finalized() -> bool:
        return (await v1.invoices.retrieve_async(invoice.id)).status == "open"

    for _ in range(100):  # the server looks once a second
        if await finalized():
            break
        await asyncio.sleep(0.05)
    opened = await v1.invoices.retrieve_async(invoice.id)
    assert opened.status == "open"
    assert opened.status_transitions.finalized_at == later
