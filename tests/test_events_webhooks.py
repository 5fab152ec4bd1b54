"""Events and signed webhooks through the SDK, against a real local receiver."""

import asyncio
import json

import pytest
import stripe
from aiohttp import web

from stripe_emulator.app import create_app
from stripe_emulator.config import Config

FAST = (0.05, 0.1, 0.2)  # retry schedule for tests


class Receiver:
    """A webhook receiver: records what it gets; can fail, or hold requests until released."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        self.failures_left = 0
        self.gate: asyncio.Event | None = None

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.text()
        if self.gate is not None:
            await self.gate.wait()
        self.received.append((body, request.headers["Stripe-Signature"]))
        if self.failures_left:
            self.failures_left -= 1
            return web.Response(status=500)
        return web.Response(text="ok")

    def types(self) -> list[str]:
        return [json.loads(body)["type"] for body, _ in self.received]


async def until(condition, limit: float = 5.0) -> None:
    """Wait for something asynchronous (a delivery) to have happened."""
    async def poll():
        while not condition():
            await asyncio.sleep(0.01)
    await asyncio.wait_for(poll(), limit)


@pytest.fixture
async def receiver(aiohttp_server):
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/hook", rec.handle)
    server = await aiohttp_server(app)
    rec.url = str(server.make_url("/hook"))
    return rec


@pytest.fixture
async def api_base(aiohttp_server) -> str:
    server = await aiohttp_server(create_app(Config(log_level="warning",
                                                    webhook_retry_schedule=FAST)))
    return str(server.make_url("")).rstrip("/")


@pytest.fixture
async def v1(api_base):
    http_client = stripe.AIOHTTPClient()
    client = stripe.StripeClient("sk_test_hooks", http_client=http_client,
                                 base_addresses={"api": api_base})
    yield client.v1
    await http_client.close_async()


async def settled(v1, event_id: str) -> None:
    """Wait until the event has no delivery pending."""
    async def poll():
        while (await v1.events.retrieve_async(event_id)).pending_webhooks:
            await asyncio.sleep(0.01)
    await asyncio.wait_for(poll(), 5)


async def types_of(v1) -> list[str]:
    return [e.type async for e in (await v1.events.list_async({"limit": 100}))
            .auto_paging_iter()][::-1]


async def test_every_change_becomes_an_event(v1):
    c = await v1.customers.create_async({"email": "e@x.io"})
    await v1.customers.update_async(c.id, {"name": "E"})
    tax_id = await v1.customers.tax_ids.create_async(c.id, {"type": "us_ein",
                                                            "value": "12-3456789"})
    await v1.customers.tax_ids.delete_async(c.id, tax_id.id)
    pm = await v1.payment_methods.attach_async("pm_card_visa", {"customer": c.id})
    await v1.payment_methods.update_async(pm.id, {"metadata": {"k": "v"}})
    rate = await v1.tax_rates.create_async({"display_name": "T", "percentage": 5,
                                            "inclusive": False})
    await v1.tax_rates.update_async(rate.id, {"active": False})
    item = await v1.invoice_items.create_async({"customer": c.id, "amount": 100,
                                                "currency": "usd"})
    await v1.invoice_items.delete_async(item.id)
    await v1.invoice_items.create_async({"customer": c.id, "amount": 100, "currency": "usd"})
    draft = await v1.invoices.create_async({"customer": c.id})
    await v1.invoices.delete_async(draft.id)
    inv = await v1.invoices.create_async({"customer": c.id,
                                          "pending_invoice_items_behavior": "include"})
    await v1.invoices.send_invoice_async(inv.id)
    await v1.customers.update_async(c.id, {"invoice_settings": {"default_payment_method":
                                                                pm.id}})
    await v1.invoices.pay_async(inv.id)
    bad = await v1.customers.create_async({"payment_method": "pm_card_chargeCustomerFail"})
    bad_pm = (await v1.customers.payment_methods.list_async(bad.id)).data[0]
    await v1.invoice_items.create_async({"customer": bad.id, "amount": 100, "currency": "usd"})
    unpaid = await v1.invoices.create_async({"customer": bad.id,
                                             "pending_invoice_items_behavior": "include"})
    with pytest.raises(stripe.CardError):
        await v1.invoices.pay_async(unpaid.id, {"payment_method": bad_pm.id})
    await v1.invoices.mark_uncollectible_async(unpaid.id)
    await v1.invoices.void_invoice_async(unpaid.id)
    await v1.payment_methods.detach_async(pm.id)
    await v1.customers.delete_async(c.id)
    seen = set(await types_of(v1))
    assert {"customer.created", "customer.updated", "customer.deleted",
            "customer.tax_id.created", "customer.tax_id.deleted", "payment_method.attached",
            "payment_method.detached", "payment_method.updated", "tax_rate.created",
            "tax_rate.updated", "invoiceitem.created", "invoiceitem.deleted", "invoice.created",
            "invoice.updated", "invoice.deleted", "invoice.finalized", "invoice.sent",
            "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed",
            "invoice.marked_uncollectible", "invoice.voided"} <= seen
    assert not any(t.startswith("customer_balance_transaction") for t in seen)


async def test_event_shape_and_request(v1):
    c = await v1.customers.create_async({"email": "e@x.io"}, {"idempotency_key": "idem-1"})
    [event] = (await v1.events.list_async()).data
    assert event.id.startswith("evt_") and event.object == "event"
    assert event.type == "customer.created" and event.api_version == "2026-10-28.endive"
    assert event.data.object.id == c.id and "previous_attributes" not in event.data.to_dict()
    assert event.request.id == c.last_response.request_id
    assert event.request.idempotency_key == "idem-1"
    assert event.pending_webhooks == 0 and event.livemode is False
    assert (await v1.events.retrieve_async(event.id)).to_dict() == event.to_dict()


async def test_previous_attributes_are_exactly_the_changed_fields(v1):
    c = await v1.customers.create_async({"email": "e@x.io", "metadata": {"a": "1"}})
    pm = await v1.payment_methods.attach_async("pm_card_visa", {"customer": c.id})
    await v1.customers.update_async(c.id, {"name": "New", "metadata": {"b": "2"},
                                           "invoice_settings": {"default_payment_method": pm.id}})
    event = (await v1.events.list_async({"type": "customer.updated"})).data[0]
    assert event.data.previous_attributes.to_dict() == {
        "name": None, "metadata": {"b": None}, "invoice_settings": {"default_payment_method": None}}
    assert event.data.object.name == "New"
    await v1.customers.balance_transactions.create_async(c.id, {"amount": -100,
                                                                "currency": "usd"})
    event = (await v1.events.list_async({"type": "customer.updated"})).data[0]
    assert event.data.previous_attributes.to_dict() == {"balance": 0, "currency": None}
    await v1.customers.update_async(c.id, {"preferred_locales": ["fr", "en"]})
    event = (await v1.events.list_async({"type": "customer.updated"})).data[0]
    assert event.data.previous_attributes.to_dict() == {"preferred_locales": []}  # arrays whole


async def test_a_refused_request_emits_nothing(v1):
    c = await v1.customers.create_async()
    before = len((await v1.events.list_async({"limit": 100})).data)
    for call in (v1.customers.update_async(c.id, {"email": "bad"}),
                 v1.invoices.finalize_invoice_async("in_nope"),
                 v1.customers.create_async({"tax_id_data": [{"type": "eu_vat", "value": "x"}]})):
        with pytest.raises(stripe.InvalidRequestError):
            await call
    assert len((await v1.events.list_async({"limit": 100})).data) == before


async def test_event_list_filters(v1):
    c = await v1.customers.create_async()
    await v1.customers.update_async(c.id, {"name": "x"})
    await v1.invoices.create_async({"customer": c.id})
    assert [e.type for e in (await v1.events.list_async({"type": "customer.*"})).data] == [
        "customer.updated", "customer.updated", "customer.created"]
    got = await v1.events.list_async({"types": ["invoice.created", "customer.created"]})
    assert [e.type for e in got.data] == ["invoice.created", "customer.created"]
    first = (await v1.events.list_async({"type": "customer.created"})).data[0]
    later = await v1.events.list_async({"created": {"gt": first.created - 1}})
    assert len(later.data) == 4
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.events.list_async({"type": "a", "types": ["b"]})
    assert exc.value.param == "types"


async def test_webhook_endpoints(v1):
    we = await v1.webhook_endpoints.create_async({
        "url": "https://example.com/hook", "enabled_events": ["invoice.paid"],
        "description": "mine", "metadata": {"k": "v"}})
    assert we.id.startswith("we_") and we.secret.startswith("whsec_")
    assert (we.status, we.enabled_events, we.url) == ("enabled", ["invoice.paid"],
                                                       "https://example.com/hook")
    got = await v1.webhook_endpoints.retrieve_async(we.id)
    assert "secret" not in got.to_dict()
    u = await v1.webhook_endpoints.update_async(we.id, {"disabled": True,
                                                        "enabled_events": ["*"]})
    assert u.status == "disabled" and u.enabled_events == ["*"]
    assert [x.id for x in (await v1.webhook_endpoints.list_async()).data] == [we.id]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.webhook_endpoints.create_async({"url": "https://example.com",
                                                 "enabled_events": ["invoice.exploded"]})
    assert exc.value.param == "enabled_events[0]"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.webhook_endpoints.create_async({"url": "not a url", "enabled_events": ["*"]})
    assert exc.value.param == "url"
    assert (await v1.webhook_endpoints.delete_async(we.id)).deleted is True


async def test_delivery_is_signed_for_the_sdk(v1, receiver):
    we = await v1.webhook_endpoints.create_async({"url": receiver.url, "enabled_events": ["*"]})
    c = await v1.customers.create_async({"email": "w@x.io"})
    await until(lambda: receiver.received)
    body, header = receiver.received[0]
    event = stripe.Webhook.construct_event(body, header, we.secret)
    assert event.type == "customer.created" and event.data.object.id == c.id
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body, header, "whsec_wrong")
    await settled(v1, event.id)  # a delivered event has nothing pending


async def test_retries_until_the_receiver_succeeds(v1, receiver):
    receiver.failures_left = 2
    await v1.webhook_endpoints.create_async({"url": receiver.url, "enabled_events": ["*"]})
    await v1.customers.create_async()
    await until(lambda: len(receiver.received) == 3)
    event = (await v1.events.list_async()).data[0]
    await settled(v1, event.id)
    assert len({body for body, _ in receiver.received}) == 1  # the same event, three times
    assert (await v1.events.list_async({"delivery_success": True})).data[0].id == event.id


async def test_undelivered_events_stay_pending(v1):
    await v1.webhook_endpoints.create_async({"url": "http://127.0.0.1:9/nothing-here",
                                             "enabled_events": ["*"]})
    await v1.customers.create_async()
    event = (await v1.events.list_async()).data[0]
    assert event.pending_webhooks == 1
    assert [e.id for e in (await v1.events.list_async({"delivery_success": False})).data] == [
        event.id]


async def test_an_endpoint_gets_only_the_types_it_subscribes_to(v1, receiver):
    await v1.webhook_endpoints.create_async({"url": receiver.url,
                                             "enabled_events": ["invoice.created"]})
    c = await v1.customers.create_async()
    await v1.invoices.create_async({"customer": c.id})
    await until(lambda: receiver.received)
    await asyncio.sleep(0.1)  # room for anything else that might (wrongly) arrive
    assert receiver.types() == ["invoice.created"]


async def test_disabled_endpoints_get_nothing(v1, receiver):
    we = await v1.webhook_endpoints.create_async({"url": receiver.url, "enabled_events": ["*"]})
    await v1.webhook_endpoints.update_async(we.id, {"disabled": True})
    await v1.customers.create_async()
    assert (await v1.events.list_async()).data[0].pending_webhooks == 0


async def test_a_stuck_receiver_does_not_hold_up_api_calls(v1, receiver):
    receiver.gate = asyncio.Event()  # the receiver answers nothing until released
    await v1.webhook_endpoints.create_async({"url": receiver.url, "enabled_events": ["*"]})
    made = [await v1.customers.create_async() for _ in range(5)]  # would hang if delivery blocked
    assert len((await v1.customers.list_async()).data) == len(made)
    receiver.gate.set()
    await until(lambda: len(receiver.received) == 5)


async def test_admin_attempts_and_resend(v1, receiver, api_base):
    import aiohttp

    await v1.webhook_endpoints.create_async({"url": receiver.url, "enabled_events": ["*"]})
    await v1.customers.create_async()
    await until(lambda: len(receiver.received) == 1)
    event = (await v1.events.list_async()).data[0]
    headers = {"Authorization": "Bearer sk_test_hooks"}
    async with aiohttp.ClientSession(headers=headers) as http:
        url = api_base
        async with http.post(f"{url}/_emulator/events/{event.id}/resend") as r:
            assert (await r.json())["queued"] == 1
        await until(lambda: len(receiver.received) == 2)
        async with http.get(f"{url}/_emulator/webhooks/attempts") as r:
            attempts = (await r.json())["data"]
    assert [a["event"] for a in attempts] == [event.id, event.id]
    assert all(a["delivered"] and a["status"] == 200 for a in attempts)


async def test_forward_to_registers_an_all_events_endpoint(aiohttp_server, receiver):
    secret = "whsec_forwardsecret"
    server = await aiohttp_server(create_app(Config(log_level="warning",
                                                    forward_to=receiver.url,
                                                    forward_secret=secret)))
    http_client = stripe.AIOHTTPClient()
    client = stripe.StripeClient("sk_test_any", http_client=http_client,
                                 base_addresses={"api": str(server.make_url("")).rstrip("/")})
    await client.v1.customers.create_async()
    await until(lambda: receiver.received)
    body, header = receiver.received[0]
    assert stripe.Webhook.construct_event(body, header, secret).type == "customer.created"
    await http_client.close_async()


async def test_an_account_keeps_its_most_recent_events(v1, monkeypatch):
    from stripe_emulator.events import emitter
    from stripe_emulator.store import memory

    monkeypatch.setattr(memory, "EVENT_LIMIT", 3)  # the account is made on the first call
    monkeypatch.setattr(emitter, "MAX_EVENTS", 3)
    made = [await v1.customers.create_async() for _ in range(5)]
    events = (await v1.events.list_async()).data
    assert [e.data.object.id for e in events] == [c.id for c in reversed(made)][:3]
    for c in made[:2]:
        await v1.customers.update_async(c.id, {"name": "n"})
    events = (await v1.events.list_async()).data
    assert [e.type for e in events] == ["customer.updated", "customer.updated",
                                        "customer.created"]
