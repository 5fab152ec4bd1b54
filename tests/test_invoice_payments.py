"""Invoices paid through PaymentIntents, as at endive: finalizing makes the default
`invoice_payment` and its PaymentIntent, `/pay` confirms it, a 3D Secure card leaves it
waiting for the customer, voiding cancels it, `attach_payment` adds payments of the caller's,
and `/v1/invoice_payments` lists them."""

import pytest
import stripe


async def _customer(v1, **params):
    return await v1.customers.create_async({"email": "payer@example.com", **params})


async def _open_invoice(v1, card="pm_card_visa", amount=2000, **customer_params):
    params = {"payment_method": card, "invoice_settings": {"default_payment_method": card}} \
        if card else {}
    customer = await _customer(v1, **params, **customer_params)
    await v1.invoice_items.create_async({"customer": customer.id, "amount": amount,
                                         "currency": "usd", "description": "Consulting"})
    draft = await v1.invoices.create_async({"customer": customer.id,
                                            "pending_invoice_items_behavior": "include"})
    return customer, draft


async def _types(v1, limit=30):
    return [e.type for e in (await v1.events.list_async({"limit": limit})).data][::-1]


async def test_finalizing_makes_the_default_payment_and_its_payment_intent(v1):
    customer, draft = await _open_invoice(v1)
    seen = await v1.invoices.retrieve_async(draft.id, {"expand": ["payments",
                                                                  "confirmation_secret"]})
    assert seen.payments.data == [] and seen.confirmation_secret is None
    assert "payments" not in await v1.invoices.retrieve_async(draft.id)
    invoice = await v1.invoices.finalize_invoice_async(draft.id, {
        "expand": ["payments", "confirmation_secret"]})
    assert (invoice.status, invoice.amount_due, invoice.attempted) == ("open", 2000, False)
    [payment] = invoice.payments.data
    assert (payment.object, payment.is_default, payment.status) == ("invoice_payment", True,
                                                                    "open")
    assert (payment.amount_requested, payment.amount_paid) == (2000, None)
    assert payment.id.startswith("inpay_") and payment.invoice == invoice.id
    assert payment.payment.type == "payment_intent"
    intent = await v1.payment_intents.retrieve_async(payment.payment.payment_intent)
    assert (intent.amount, intent.currency, intent.customer) == (2000, "usd", customer.id)
    # it carries the method the invoice would be charged with: a client confirms it as is
    default = (await v1.customers.retrieve_async(customer.id)).invoice_settings
    assert (intent.status, intent.payment_method) == ("requires_confirmation",
                                                      default.default_payment_method)
    assert intent.description == "Payment for Invoice"
    assert invoice.confirmation_secret.type == "payment_intent"
    assert invoice.confirmation_secret.client_secret == intent.client_secret
    assert "payment_intent.created" in await _types(v1)


async def test_without_a_method_the_payment_intent_waits_for_one(v1):
    _, draft = await _open_invoice(v1, card=None)
    invoice = await v1.invoices.finalize_invoice_async(draft.id, {"expand": ["payments"]})
    intent = await v1.payment_intents.retrieve_async(
        invoice.payments.data[0].payment.payment_intent)
    assert (intent.status, intent.payment_method) == ("requires_payment_method", None)


async def test_an_invoice_with_nothing_due_has_no_payment(v1):
    customer = await _customer(v1, balance=-5000)
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 2000,
                                         "currency": "usd"})
    draft = await v1.invoices.create_async({"customer": customer.id,
                                            "pending_invoice_items_behavior": "include"})
    invoice = await v1.invoices.finalize_invoice_async(draft.id, {
        "expand": ["payments", "confirmation_secret"]})
    assert (invoice.status, invoice.amount_due) == ("paid", 0)
    assert invoice.payments.data == [] and invoice.confirmation_secret is None
    assert (await v1.payment_intents.list_async()).data == []


async def test_pay_confirms_the_default_payment_intent(v1):
    customer, draft = await _open_invoice(v1)
    await v1.invoices.finalize_invoice_async(draft.id)
    paid = await v1.invoices.pay_async(draft.id, {
        "expand": ["payments.data.payment.payment_intent"]})
    assert (paid.status, paid.amount_paid, paid.amount_remaining) == ("paid", 2000, 0)
    [payment] = paid.payments.data
    assert (payment.status, payment.amount_paid) == ("paid", 2000)
    assert payment.status_transitions.paid_at == paid.status_transitions.paid_at
    intent = payment.payment.payment_intent
    assert (intent.status, intent.amount_received) == ("succeeded", 2000)
    charge = await v1.charges.retrieve_async(intent.latest_charge)
    assert (charge.status, charge.amount, charge.customer) == ("succeeded", 2000, customer.id)
    # test mode sends no receipt, so no receipt number; the customer's email all the same
    assert charge.receipt_email == "payer@example.com" and charge.receipt_number is None
    assert charge.description == "Payment for Invoice"
    types = await _types(v1, 8)
    assert types[-6:] == ["charge.succeeded", "payment_intent.succeeded",
                          "invoice_payment.paid", "invoice.paid", "invoice.updated",
                          "invoice.payment_succeeded"]


async def test_a_decline_leaves_the_invoice_open_and_the_intent_failed(v1):
    _, draft = await _open_invoice(v1, card="pm_card_chargeCustomerFail")
    with pytest.raises(stripe.CardError) as exc:
        await v1.invoices.pay_async(draft.id)
    assert (exc.value.http_status, exc.value.code) == (402, "card_declined")
    invoice = await v1.invoices.retrieve_async(draft.id, {"expand": ["payments"]})
    assert (invoice.status, invoice.attempted, invoice.attempt_count) == ("open", True, 1)
    [payment] = invoice.payments.data
    assert payment.status == "open"
    intent = await v1.payment_intents.retrieve_async(payment.payment.payment_intent)
    assert intent.status == "requires_payment_method"
    assert intent.last_payment_error.code == "card_declined"
    assert (await v1.charges.retrieve_async(intent.latest_charge)).status == "failed"
    types = await _types(v1, 4)
    assert types == ["charge.failed", "payment_intent.payment_failed", "invoice.updated",
                     "invoice.payment_failed"]


async def test_voiding_cancels_the_default_payment(v1):
    _, draft = await _open_invoice(v1)
    invoice = await v1.invoices.finalize_invoice_async(draft.id, {"expand": ["payments"]})
    intent_id = invoice.payments.data[0].payment.payment_intent
    voided = await v1.invoices.void_invoice_async(draft.id, {"expand": ["payments"]})
    [payment] = voided.payments.data
    assert payment.status == "canceled"
    assert payment.status_transitions.canceled_at == voided.status_transitions.voided_at
    intent = await v1.payment_intents.retrieve_async(intent_id)
    assert (intent.status, intent.cancellation_reason) == ("canceled", "void_invoice")


async def test_paid_out_of_band_cancels_the_payment_intent(v1):
    _, draft = await _open_invoice(v1)
    await v1.invoices.finalize_invoice_async(draft.id)
    paid = await v1.invoices.pay_async(draft.id, {"paid_out_of_band": True,
                                                  "expand": ["payments"]})
    assert (paid.status, paid.amount_paid, paid.amount_paid_off_stripe) == ("paid", 2000, 2000)
    assert paid.payments.data[0].status == "canceled"
    intent = await v1.payment_intents.retrieve_async(
        paid.payments.data[0].payment.payment_intent)
    assert intent.status == "canceled" and intent.latest_charge is None


async def test_the_default_payment_intent_cannot_be_edited_or_canceled(v1):
    _, draft = await _open_invoice(v1)
    invoice = await v1.invoices.finalize_invoice_async(draft.id, {"expand": ["payments"]})
    intent_id = invoice.payments.data[0].payment.payment_intent
    for call in (v1.payment_intents.update_async(intent_id, {"amount": 100}),
                 v1.payment_intents.cancel_async(intent_id)):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await call
        assert exc.value.http_status == 400 and intent_id in exc.value.user_message
    tagged = await v1.payment_intents.update_async(intent_id, {"metadata": {"order": "1"}})
    assert tagged.metadata.order == "1" and tagged.amount == 2000


async def test_invoice_payments_list_and_retrieve(v1):
    _, first = await _open_invoice(v1)
    await v1.invoices.pay_async(first.id)
    _, second = await _open_invoice(v1)
    second = await v1.invoices.finalize_invoice_async(second.id, {"expand": ["payments"]})
    listed = await v1.invoice_payments.list_async()
    assert len(listed.data) == 2 and listed.data[0].invoice == second.id
    assert [p.invoice for p in (await v1.invoice_payments.list_async(
        {"invoice": first.id})).data] == [first.id]
    assert [p.invoice for p in (await v1.invoice_payments.list_async(
        {"status": "paid"})).data] == [first.id]
    intent_id = second.payments.data[0].payment.payment_intent
    by_intent = await v1.invoice_payments.list_async(
        {"payment": {"type": "payment_intent", "payment_intent": intent_id}})
    assert [p.id for p in by_intent.data] == [second.payments.data[0].id]
    one = await v1.invoice_payments.retrieve_async(second.payments.data[0].id,
                                                    {"expand": ["payment.payment_intent"]})
    assert one.payment.payment_intent.id == intent_id
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoice_payments.retrieve_async("inpay_missing")
    assert exc.value.http_status == 404


async def test_attached_payments_are_credited_to_the_invoice(v1):
    customer, draft = await _open_invoice(v1, card=None)
    await v1.invoices.finalize_invoice_async(draft.id)
    part = await v1.payment_intents.create_async({
        "amount": 500, "currency": "usd", "customer": customer.id,
        "payment_method": "pm_card_visa", "confirm": True})
    invoice = await v1.invoices.attach_payment_async(draft.id, {"payment_intent": part.id})
    assert (invoice.status, invoice.amount_paid, invoice.amount_remaining) == ("open", 500, 1500)
    payments = (await v1.invoice_payments.list_async({"invoice": draft.id})).data
    assert [(p.is_default, p.status, p.amount_requested) for p in payments] == [
        (False, "paid", 500), (True, "open", 1500)]
    default = await v1.payment_intents.retrieve_async(payments[1].payment.payment_intent)
    assert default.amount == 1500  # kept at what remains
    rest = await v1.payment_intents.create_async({"amount": 1500, "currency": "usd",
                                                  "customer": customer.id})
    await v1.invoices.attach_payment_async(draft.id, {"payment_intent": rest.id})
    assert (await v1.invoices.retrieve_async(draft.id)).status == "open"
    await v1.payment_intents.confirm_async(rest.id, {"payment_method": "pm_card_visa"})
    paid = await v1.invoices.retrieve_async(draft.id)
    assert (paid.status, paid.amount_paid, paid.amount_remaining) == ("paid", 2000, 0)
    assert (await v1.payment_intents.retrieve_async(default.id)).status == "canceled"


async def test_attach_payment_refusals(v1):
    customer, draft = await _open_invoice(v1, card=None)
    with pytest.raises(stripe.InvalidRequestError):  # a draft takes no payments
        await v1.invoices.attach_payment_async(draft.id, {"payment_intent": "pi_x"})
    await v1.invoices.finalize_invoice_async(draft.id)
    other = await _customer(v1)
    cases = [
        {"amount": 500, "currency": "usd", "customer": other.id},
        {"amount": 500, "currency": "eur", "customer": customer.id},
        {"amount": 2500, "currency": "usd", "customer": customer.id},
    ]
    for params in cases:
        intent = await v1.payment_intents.create_async(params)
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.invoices.attach_payment_async(draft.id, {"payment_intent": intent.id})
        assert exc.value.param == "payment_intent" and intent.id in exc.value.user_message
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.attach_payment_async(draft.id, {"payment_intent": "pi_missing"})
    assert exc.value.param == "payment_intent"
    listed = await v1.invoice_payments.list_async({"invoice": draft.id})
    assert [p.is_default for p in listed.data] == [True]


async def test_the_client_confirms_a_default_incomplete_subscriptions_payment(v1):
    customer = await _customer(v1)
    product = await v1.products.create_async({"name": "Gold"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 1500,
                                          "product": product.id,
                                          "recurring": {"interval": "month"}})
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "payment_behavior": "default_incomplete",
        "expand": ["latest_invoice.confirmation_secret"]})
    assert sub.status == "incomplete"
    secret = sub.latest_invoice.confirmation_secret.client_secret
    intent_id = secret.split("_secret_")[0]
    # what Stripe.js's confirmCardPayment(client_secret, …) does
    await v1.payment_intents.confirm_async(intent_id, {"payment_method": "pm_card_visa"})
    assert (await v1.invoices.retrieve_async(sub.latest_invoice.id)).status == "paid"
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "active"


async def test_pay_with_a_3d_secure_card_waits_for_the_customer(v1):
    _, draft = await _open_invoice(v1, card="pm_card_authenticationRequired")
    with pytest.raises(stripe.CardError) as exc:
        await v1.invoices.pay_async(draft.id)
    assert (exc.value.http_status, exc.value.code) == (402,
                                                       "invoice_payment_intent_requires_action")
    invoice = await v1.invoices.retrieve_async(draft.id, {"expand": ["payments"]})
    assert (invoice.status, invoice.attempted) == ("open", True)
    intent = await v1.payment_intents.retrieve_async(
        invoice.payments.data[0].payment.payment_intent)
    assert intent.status == "requires_action" and intent.next_action is not None
    types = await _types(v1, 3)
    assert types == ["payment_intent.requires_action", "invoice.updated",
                     "invoice.payment_action_required"]


async def test_a_3d_secure_subscription_is_paid_once_the_customer_authenticates(v1, http):
    """The end-to-end path: an incomplete subscription whose first invoice waits on a
    requires_action PaymentIntent; completing the authentication pays it."""
    customer = await _customer(v1, payment_method="pm_card_authenticationRequired",
                               invoice_settings={
                                   "default_payment_method": "pm_card_authenticationRequired"})
    product = await v1.products.create_async({"name": "Gold"})
    price = await v1.prices.create_async({"currency": "eur", "unit_amount": 2500,
                                          "product": product.id,
                                          "recurring": {"interval": "month"}})
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id}],
        "expand": ["latest_invoice.payments"]})
    assert sub.status == "incomplete"
    invoice = sub.latest_invoice
    assert (invoice.status, invoice.attempted) == ("open", True)
    intent_id = invoice.payments.data[0].payment.payment_intent
    intent = await v1.payment_intents.retrieve_async(intent_id)
    assert intent.status == "requires_action" and intent.next_action.type == "use_stripe_sdk"
    before = await _types(v1, 100)
    assert before.index("payment_intent.requires_action") < \
        before.index("invoice.payment_action_required")
    assert "invoice.payment_failed" not in before
    async with http.post(f"/_emulator/payment_intents/{intent_id}/authenticate") as resp:
        assert resp.status == 200 and (await resp.json())["status"] == "succeeded"
    paid = await v1.invoices.retrieve_async(invoice.id)
    assert (paid.status, paid.amount_paid) == ("paid", 2500)
    assert (await v1.subscriptions.retrieve_async(sub.id)).status == "active"
    after = (await _types(v1, 100))[len(before):]
    assert after[:5] == ["charge.succeeded", "payment_intent.succeeded", "invoice_payment.paid",
                         "invoice.paid", "invoice.updated"]
    assert sorted(after[5:]) == ["customer.subscription.updated", "invoice.payment_succeeded"]


async def test_receipts_open_without_a_key_and_follow_refunds(v1, base_url):
    from urllib.parse import urlparse

    import aiohttp

    _, draft = await _open_invoice(v1)
    paid = await v1.invoices.pay_async(draft.id, {
        "expand": ["payments.data.payment.payment_intent"]})
    charge = await v1.charges.retrieve_async(
        paid.payments.data[0].payment.payment_intent.latest_charge)
    await v1.refunds.create_async({"charge": charge.id, "amount": 500})
    path = urlparse(charge.receipt_url).path
    async with aiohttp.ClientSession(base_url) as anonymous:  # a person's browser: no key
        async with anonymous.get(path) as resp:
            assert resp.status == 200 and resp.content_type == "text/html"
            page = await resp.text()
        async with anonymous.get(path.replace(charge.id, "ch_missing")) as resp:
            assert resp.status == 404
        token = path.split("/")[-2]
        async with anonymous.get(path.replace(token, "0" * len(token))) as resp:
            assert resp.status == 404
    assert f"Invoice {paid.number}" in page and "Consulting" in page
    assert "$20.00" in page and "\u2212$5.00" in page and "$15.00" in page
    assert "Visa •••• 4242" in page


async def test_the_payments_references_worked_example(v1):
    """payments.md §6, step by step."""
    customer = await _customer(v1, email="a@example.com", payment_method="pm_card_visa")
    pm = (await v1.payment_methods.list_async({"customer": customer.id})).data[0]
    await v1.customers.update_async(customer.id, {
        "invoice_settings": {"default_payment_method": pm.id}})
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 6000,
                                         "currency": "usd"})
    draft = await v1.invoices.create_async({"customer": customer.id,
                                            "pending_invoice_items_behavior": "include"})
    await v1.invoices.finalize_invoice_async(draft.id)
    # 1.
    seen = await v1.invoices.retrieve_async(draft.id, {"expand": ["payments",
                                                                  "confirmation_secret"]})
    [payment] = seen.payments.data
    assert (payment.is_default, payment.status, payment.amount_requested,
            payment.amount_paid, payment.payment.type) == (True, "open", 6000, None,
                                                            "payment_intent")
    intent_id = payment.payment.payment_intent
    assert seen.confirmation_secret.type == "payment_intent"
    assert seen.confirmation_secret.client_secret.startswith(intent_id + "_secret_")
    # 2.
    paid = await v1.invoices.pay_async(draft.id)
    assert (paid.status, paid.amount_paid) == ("paid", 6000)
    intent = await v1.payment_intents.retrieve_async(intent_id)
    assert (intent.status, intent.amount, intent.amount_received, intent.customer,
            intent.payment_method) == ("succeeded", 6000, 6000, customer.id, pm.id)
    charge = await v1.charges.retrieve_async(intent.latest_charge)
    assert (charge.status, charge.paid, charge.captured, charge.amount,
            charge.amount_captured, charge.payment_intent, charge.customer,
            charge.receipt_email, charge.receipt_number) == (
        "succeeded", True, True, 6000, 6000, intent_id, customer.id, "a@example.com", None)
    assert charge.receipt_url
    [listed] = (await v1.invoice_payments.list_async({"invoice": draft.id})).data
    assert (listed.id, listed.status, listed.amount_paid) == (payment.id, "paid", 6000)
    assert listed.status_transitions.paid_at is not None
    # 3.
    refund = await v1.refunds.create_async({"payment_intent": intent_id, "amount": 1000})
    assert (refund.status, refund.charge) == ("succeeded", charge.id)
    charge = await v1.charges.retrieve_async(charge.id)
    assert (charge.amount_refunded, charge.refunded) == (1000, False)
    after = await v1.invoices.retrieve_async(draft.id)
    assert (after.status, after.amount_paid, after.amount_remaining) == ("paid", 6000, 0)
    types = [e.type for e in (await v1.events.list_async({"limit": 2})).data]
    assert sorted(types) == ["charge.refunded", "refund.created"]
