"""Test clocks through the SDK: a frozen time customers live on, advanced by hand."""

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
