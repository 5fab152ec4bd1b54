"""`--data FILE`: every account kept in SQLite, restored exactly by a restart; a server killed
with SIGKILL under concurrent writes keeps every write it had answered."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import aiohttp
import pytest
import stripe
from aiohttp import web

from stripe_emulator.app import create_app
from stripe_emulator.config import Config
from test_cli import free_port

KEY = "sk_test_durable"


@pytest.fixture
def start(aiohttp_server, tmp_path):
    """Start a server over the test's data file (again: a restart)."""

    async def start(**config):
        config = {"log_level": "warning", "seed": 7, "data": str(tmp_path / "data.db"),
                  "webhook_retry_schedule": (60.0,), **config}
        return await aiohttp_server(create_app(Config(**config)))

    return start


def url_of(server) -> str:
    return str(server.make_url("")).rstrip("/")


async def snapshot(base: str, key: str = KEY) -> dict:
    async with aiohttp.ClientSession() as s, s.get(
            base + "/_emulator/snapshot", headers={"Authorization": f"Bearer {key}"}) as r:
        assert r.status == 200
        return await r.json()


@pytest.fixture
async def receiver(aiohttp_server):
    """A webhook receiver that holds every delivery until `open` is set."""
    received, gate = [], asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        await gate.wait()
        received.append((await request.text(), request.headers["Stripe-Signature"]))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    server = await aiohttp_server(app)
    return str(server.make_url("/hook")), received, gate


async def fill(v1, hook_url: str) -> dict:
    """An account with every kind of state: what a restart must bring back."""
    endpoint = await v1.webhook_endpoints.create_async({"url": hook_url,
                                                        "enabled_events": ["invoice.paid"]})
    c = await v1.customers.create_async(
        {"email": "Kept@x.io", "metadata": {"app_id": "42"}, "balance": 500,
         "invoice_prefix": "ACME", "payment_method": "pm_card_visa",
         "tax_id_data": [{"type": "eu_vat", "value": "DE123456789"}]},
        {"idempotency_key": "create-kept"})
    pm = (await v1.customers.payment_methods.list_async(c.id)).data[0]
    await v1.customers.update_async(c.id, {"invoice_settings": {"default_payment_method": pm.id}})
    await v1.customers.balance_transactions.create_async(c.id, {"amount": -300,
                                                               "currency": "eur"})
    spare = await v1.payment_methods.attach_async("pm_card_mastercard", {"customer": c.id})
    await v1.payment_methods.detach_async(spare.id)
    gone = await v1.customers.create_async({"email": "gone@x.io"})
    await v1.customers.delete_async(gone.id)
    rate = await v1.tax_rates.create_async({"display_name": "VAT", "percentage": 19,
                                            "inclusive": False})
    for amount in (1000, 2000):
        await v1.invoice_items.create_async({"customer": c.id, "amount": amount,
                                             "currency": "usd", "tax_rates": [rate.id]})
    paid = await v1.invoices.create_async({"customer": c.id,
                                           "pending_invoice_items_behavior": "include"})
    paid = await v1.invoices.pay_async(paid.id)
    await v1.invoice_items.create_async({"customer": c.id, "amount": 300, "currency": "usd"})
    draft = await v1.invoices.create_async({"customer": c.id, "footer": "Set on the invoice",
                                            "pending_invoice_items_behavior": "include"})
    await v1.invoices.add_lines_async(draft.id, {"lines": [{"amount": 50,
                                                            "description": "added"}]})
    return {"customer": c, "pm": pm, "spare": spare, "gone": gone, "draft": draft,
            "paid": paid, "endpoint": endpoint}


async def test_a_restart_restores_every_kind_of_state(start, make_client, receiver):
    hook_url, received, gate = receiver
    first = await start()
    v1 = make_client(KEY, base=url_of(first)).v1
    made = await fill(v1, hook_url)
    before = await snapshot(url_of(first))
    assert before["collections"]["_delivery"]["objects"]  # invoice.paid is still on its way
    await first.close()

    again = await start()
    assert await snapshot(url_of(again)) == before  # objects, records, positions, id stream
    v1 = make_client(KEY, base=url_of(again)).v1
    c = made["customer"]

    # Reads: objects and their stubs, indexes rebuilt, ledgers per currency.
    kept = await v1.customers.retrieve_async(c.id, {"expand": ["invoice_credit_balance"]})
    # 500 owed went onto the paid invoice; the eur credit waits for a eur invoice
    assert kept.balance == 0 and kept.invoice_credit_balance.to_dict() == {"usd": 0, "eur": 300}
    assert (await v1.customers.retrieve_async(made["gone"].id)).deleted is True
    found = await v1.customers.search_async({"query": "metadata['app_id']:'42'"})
    assert [x.id for x in found.data] == [c.id]
    assert [x.id for x in (await v1.customers.list_async({"email": "Kept@x.io"})).data] == [c.id]
    events = await v1.events.list_async({"limit": 100})
    assert [e.type for e in events.data][-1] == "customer.created"

    # Rules that hang on kept state: idempotency, reserved prefixes, used payment methods.
    replay = await v1.customers.create_async(
        {"email": "Kept@x.io", "metadata": {"app_id": "42"}, "balance": 500,
         "invoice_prefix": "ACME", "payment_method": "pm_card_visa",
         "tax_id_data": [{"type": "eu_vat", "value": "DE123456789"}]},
        {"idempotency_key": "create-kept"})
    assert replay.id == c.id
    assert replay.last_response.headers["Idempotent-Replayed"] == "true"
    with pytest.raises(stripe.InvalidRequestError) as err:
        await v1.customers.create_async({"invoice_prefix": "ACME"})
    assert err.value.param == "invoice_prefix"
    with pytest.raises(stripe.InvalidRequestError) as err:
        await v1.payment_methods.attach_async(made["spare"].id, {"customer": c.id})
    assert "may not be used again" in err.value.user_message

    # A draft's lines in their order and its own footer; the paid invoice paid by the card.
    draft = await v1.invoices.finalize_invoice_async(made["draft"].id)
    assert [line.amount for line in draft.lines.data] == [300, 50]
    assert draft.footer == "Set on the invoice" and draft.number == "ACME-0002"
    assert (await v1.invoices.retrieve_async(made["paid"].id)).status == "paid"

    # The pending delivery resumes, signed with the secret the endpoint was created with.
    gate.set()
    for _ in range(200):
        if received:
            break
        await asyncio.sleep(0.02)
    payload, signature = received[0]
    event = stripe.Webhook.construct_event(payload, signature, made["endpoint"].secret)
    assert event.type == "invoice.paid" and event.data.object.id == made["paid"].id
    for _ in range(100):
        paid_events = await v1.events.list_async({"type": "invoice.paid"})
        if paid_events.data[0].pending_webhooks == 0:
            break
        await asyncio.sleep(0.02)
    assert paid_events.data[0].pending_webhooks == 0


async def test_each_account_is_kept_apart_and_reset_erases_from_the_file(start, make_client):
    first = await start()
    mine, theirs = make_client(KEY, base=url_of(first)), make_client("sk_test_theirs",
                                                                      base=url_of(first))
    await mine.v1.customers.create_async({"email": "m@x.io"})
    await theirs.v1.customers.create_async({"email": "t@x.io"})
    async with aiohttp.ClientSession() as s, s.post(
            url_of(first) + "/_emulator/reset", headers={"Authorization": f"Bearer {KEY}"}) as r:
        assert r.status == 200
    await first.close()
    again = await start()
    mine, theirs = make_client(KEY, base=url_of(again)), make_client("sk_test_theirs",
                                                                      base=url_of(again))
    assert (await mine.v1.customers.list_async()).data == []
    assert [c.email for c in (await theirs.v1.customers.list_async()).data] == ["t@x.io"]


async def test_a_failed_request_leaves_nothing_in_the_file(start, make_client, monkeypatch):
    from stripe_emulator.resources import payment_method_rules

    first = await start()
    v1 = make_client(KEY, base=url_of(first)).v1
    await v1.customers.create_async({"email": "before@x.io"})
    before = await snapshot(url_of(first))

    def broken(*args, **kwargs):
        raise RuntimeError("fails after the customer and its tax ID were written")

    monkeypatch.setattr(payment_method_rules, "attach_new", broken)
    with pytest.raises(stripe.APIError):
        await v1.customers.create_async(
            {"email": "half@x.io", "payment_method": "pm_card_visa",
             "tax_id_data": [{"type": "us_ein", "value": "12-3456789"}]},
            {"max_network_retries": 0})
    await first.close()
    after = await snapshot(url_of(await start()))

    def kept(doc):  # the idempotency layer saves the failure's result, as Stripe does
        return {k: v for k, v in doc["collections"].items() if k != "_idempotency"}

    assert kept(after) == kept(before)
    saved = after["collections"]["_idempotency"]["objects"]
    assert [record["status"] for _, record in saved] == [200, 500]


async def test_sigkill_under_concurrent_writes_loses_no_answered_write(tmp_path):
    data, port = str(tmp_path / "killed.db"), free_port()
    base = f"http://127.0.0.1:{port}"

    async def serve():
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "stripe_emulator", "--port", str(port), "--data", data,
            "--log-level", "warning", stdout=asyncio.subprocess.PIPE)
        await asyncio.wait_for(proc.stdout.readline(), 20)  # its start-up line
        return proc

    proc = await serve()
    answered: dict[str, dict] = {}
    headers = {"Authorization": f"Bearer {KEY}"}

    async def writer(n: int, session: aiohttp.ClientSession) -> None:
        i = 0
        while True:
            i += 1
            try:
                async with session.post(base + "/v1/customers", headers=headers,
                                        data={"email": f"w{n}-{i}@x.io",
                                              "metadata[writer]": str(n)}) as r:
                    if r.status == 200:
                        body = await r.json()
                        answered[body["id"]] = body
            except (TimeoutError, aiohttp.ClientError):
                return

    async with aiohttp.ClientSession() as session:
        writers = [asyncio.create_task(writer(n, session)) for n in range(16)]
        while len(answered) < 300:
            await asyncio.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        await asyncio.wait_for(asyncio.gather(*writers), 20)
    await proc.wait()
    assert len(answered) >= 300

    proc = await serve()
    try:
        async with aiohttp.ClientSession() as session:
            for customer_id, body in answered.items():
                async with session.get(f"{base}/v1/customers/{customer_id}",
                                       headers=headers) as r:
                    assert r.status == 200, customer_id
                    assert await r.json() == body
    finally:
        proc.send_signal(signal.SIGINT)
        await asyncio.wait_for(proc.wait(), 20)


async def test_the_command_refuses_a_file_it_cannot_read(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a data file\n" * 50)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "stripe_emulator", "--port", str(free_port()), "--data", str(bad),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 2
    assert err.decode().count("\n") == 1 and "is not a stripe-emulator data file" in err.decode()
    assert bad.read_text().startswith("these are my notes")  # never touched


async def test_a_request_that_outlives_a_reset_leaves_nothing_behind(start, make_client):
    """A create whose body arrives after its account was reset changes nothing that lasts:
    neither the account that replaced it nor the file."""
    first = await start()
    reader, writer = await asyncio.open_connection(first.host, first.port)
    body = b"email=late%40x.io"
    writer.write(b"POST /v1/customers HTTP/1.1\r\nHost: localhost\r\n"
                 b"Authorization: Bearer " + KEY.encode() + b"\r\n"
                 b"Content-Type: application/x-www-form-urlencoded\r\n"
                 b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
    await writer.drain()
    v1 = make_client(KEY, base=url_of(first)).v1
    await v1.customers.create_async({"email": "before-reset@x.io"})  # the account exists
    async with aiohttp.ClientSession() as s, s.post(
            url_of(first) + "/_emulator/reset", headers={"Authorization": f"Bearer {KEY}"}) as r:
        assert r.status == 200
    await v1.customers.create_async({"email": "after@x.io"})
    writer.write(body)
    await writer.drain()
    await reader.readuntil(b"\r\n\r\n")
    writer.close()
    assert [c.email for c in (await v1.customers.list_async()).data] == ["after@x.io"]
    await first.close()
    v1 = make_client(KEY, base=url_of(await start())).v1
    assert [c.email for c in (await v1.customers.list_async()).data] == ["after@x.io"]


async def test_requests_committing_together_share_one_write(start, make_client, monkeypatch):
    """Group commit: concurrent creates land in fewer SQLite transactions than requests, and
    each answer waits for its own write."""
    from stripe_emulator.store.sqlite import SQLiteBackend

    server = await start()
    v1 = make_client(KEY, base=url_of(server)).v1
    await v1.customers.create_async({"email": "first@x.io"})
    flushes = []
    flush = SQLiteBackend.flush

    def counted(self):
        flushes.append(len(self._pending))
        flush(self)

    monkeypatch.setattr(SQLiteBackend, "flush", counted)
    made = await asyncio.gather(*(v1.customers.create_async({"email": f"c{i}@x.io"})
                                  for i in range(40)))
    writes = [n for n in flushes if n]
    assert sum(writes) >= 80  # a customer and its event each, at least
    assert len(writes) < 40
    await server.close()
    v1 = make_client(KEY, base=url_of(await start())).v1
    kept = {c.id for c in (await v1.customers.list_async({"limit": 100})).data}
    assert {c.id for c in made} <= kept


async def test_a_subscription_on_no_clock_renews_after_a_restart(start, make_client,
                                                                 monkeypatch):
    from stripe_emulator.store.memory import Account

    first = await start()
    v1 = make_client(KEY, base=url_of(first)).v1
    product = await v1.products.create_async({"name": "Daily"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 100,
                                          "product": product.id,
                                          "recurring": {"interval": "day"}})
    customer = await v1.customers.create_async({
        "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}]})
    await first.close()
    end = sub["items"].data[0].current_period_end
    monkeypatch.setattr(Account, "now", lambda self: end + 5)  # the day passed while down
    again = await start()
    v1 = make_client(KEY, base=url_of(again)).v1
    for _ in range(100):  # the restarted server looks once a second
        renewed = await v1.subscriptions.retrieve_async(sub.id)
        if renewed["items"].data[0].current_period_start == end:
            break
        await asyncio.sleep(0.05)
    assert renewed["items"].data[0].current_period_start == end
    renewal = await v1.invoices.retrieve_async(renewed.latest_invoice)
    assert (renewal.billing_reason, renewal.lines.data[0].period.start) == (
        "subscription_cycle", end)
