"""Credit notes through the SDK: the reference's worked example (credit-notes-discounts.md
§1.8) to the cent, pre- and post-payment credit (refund, customer balance, out of band) with
the sum rule, voiding, previews, lines, numbering, discounts credited pro rata (§5.3), and the
refusals."""

import pytest
import stripe


async def _invoice(v1, *, card=False, rate_pct=20, lines=((1500, 2), (2000, 1)),
                   method="send_invoice", discount=None):
    params = {"email": "cn@example.com"}
    if card:
        params.update(payment_method="pm_card_visa",
                      invoice_settings={"default_payment_method": "pm_card_visa"})
    customer = await v1.customers.create_async(params)
    rate = await v1.tax_rates.create_async({"display_name": "VAT", "percentage": rate_pct,
                                            "inclusive": False}) if rate_pct else None
    for unit, quantity in lines:
        item = {"customer": customer.id, "currency": "usd", "unit_amount_decimal": str(unit),
                "quantity": quantity}
        if rate is not None:
            item["tax_rates"] = [rate.id]
        await v1.invoice_items.create_async(item)
    create = {"customer": customer.id, "pending_invoice_items_behavior": "include",
              "collection_method": method}
    if method == "send_invoice":
        create["days_until_due"] = 30
    if discount is not None:
        create["discounts"] = [{"coupon": discount.id}]
    draft = await v1.invoices.create_async(create)
    invoice = await v1.invoices.finalize_invoice_async(draft.id)
    by_amount = sorted(invoice.lines.data, key=lambda line: -line.amount)  # L1 3000, L2 2000
    return customer, invoice, by_amount


async def test_the_worked_example(v1):
    customer, invoice, (l1, l2) = await _invoice(v1)
    assert (invoice.subtotal, invoice.total, invoice.amount_due) == (5000, 6000, 6000)
    # 1. one unit of L1
    a = await v1.credit_notes.create_async({"invoice": invoice.id, "lines": [
        {"type": "invoice_line_item", "invoice_line_item": l1.id, "quantity": 1}]})
    [line] = a.lines.data
    assert (line.amount, line.quantity, line.type, line.invoice_line_item) == (
        1500, 1, "invoice_line_item", l1.id)
    assert [(t.amount, t.taxable_amount, t.tax_behavior) for t in line.taxes] == [
        (300, 1500, "exclusive")]
    assert line.tax_rates[0].object == "tax_rate" and line.unit_amount == 1500
    assert (a.subtotal, a.subtotal_excluding_tax, a.total_excluding_tax, a.total, a.amount) == (
        1500, 1500, 1500, 1800, 1800)
    assert [t.amount for t in a.total_taxes] == [300]
    assert (a.type, a.pre_payment_amount, a.post_payment_amount) == ("pre_payment", 1800, 0)
    assert a.number == f"{invoice.number}-CN-01" and a.status == "issued"
    assert (a.out_of_band_amount, a.customer_balance_transaction, a.refunds) == (None, None, [])
    seen = await v1.invoices.retrieve_async(invoice.id)
    assert (seen.amount_due, seen.amount_remaining, seen.pre_payment_credit_notes_amount,
            seen.total) == (4200, 4200, 1800, 6000)
    # 2. a courtesy credit
    b = await v1.credit_notes.create_async({"invoice": invoice.id, "lines": [
        {"type": "custom_line_item", "description": "Courtesy", "quantity": 1,
         "unit_amount": 500}]})
    assert (b.amount, b.number, b.lines.data[0].description) == (
        500, f"{invoice.number}-CN-02", "Courtesy")
    assert (await v1.invoices.retrieve_async(invoice.id)).amount_due == 3700
    # 3. void it
    voided = await v1.credit_notes.void_credit_note_async(b.id)
    assert voided.status == "void" and voided.voided_at is not None
    assert (await v1.invoices.retrieve_async(invoice.id)).amount_due == 4200
    # 4. paid out of band, then L2 credited to the customer's balance
    await v1.invoices.pay_async(invoice.id, {"paid_out_of_band": True})
    c = await v1.credit_notes.create_async({"invoice": invoice.id, "credit_amount": 2400,
                                            "lines": [{"type": "invoice_line_item",
                                                       "invoice_line_item": l2.id,
                                                       "quantity": 1}]})
    assert (c.total, c.type, c.post_payment_amount, c.pre_payment_amount) == (
        2400, "post_payment", 2400, 0)
    txn = await v1.customers.balance_transactions.retrieve_async(
        customer.id, c.customer_balance_transaction)
    assert (txn.type, txn.amount, txn.credit_note, txn.invoice) == (
        "credit_note", -2400, c.id, invoice.id)
    assert (await v1.customers.retrieve_async(customer.id)).balance == -2400
    paid = await v1.invoices.retrieve_async(invoice.id)
    assert (paid.status, paid.post_payment_credit_notes_amount) == ("paid", 2400)
    types = [e.type for e in (await v1.events.list_async({"limit": 100})).data]
    assert types.count("credit_note.created") == 3 and "credit_note.voided" in types


async def test_a_credit_that_covers_what_is_due_pays_the_invoice(v1):
    _, invoice, _ = await _invoice(v1, card=True, rate_pct=0, lines=((1000, 1),),
                                   method="charge_automatically")
    note = await v1.credit_notes.create_async({"invoice": invoice.id, "amount": 1000,
                                               "reason": "order_change"})
    assert (note.type, note.lines.data, note.reason) == ("pre_payment", [], "order_change")
    paid = await v1.invoices.retrieve_async(invoice.id, {"expand": ["payments"]})
    assert (paid.status, paid.amount_due, paid.amount_remaining) == ("paid", 0, 0)
    assert paid.payments.data[0].status == "canceled"
    with pytest.raises(stripe.InvalidRequestError):  # not on a paid invoice's credit note
        await v1.credit_notes.void_credit_note_async(note.id)


async def test_a_partial_credit_keeps_the_default_payment_in_step(v1):
    _, invoice, _ = await _invoice(v1, card=True, rate_pct=0, lines=((10000, 1),),
                                   method="charge_automatically")
    await v1.credit_notes.create_async({"invoice": invoice.id, "amount": 2000})
    seen = await v1.invoices.retrieve_async(invoice.id, {"expand": ["payments"]})
    [payment] = seen.payments.data
    assert (seen.amount_due, payment.amount_requested) == (8000, 8000)
    intent = await v1.payment_intents.retrieve_async(payment.payment.payment_intent)
    assert intent.amount == 8000
    paid = await v1.invoices.pay_async(invoice.id)
    assert (paid.status, paid.amount_paid) == ("paid", 8000)


async def test_post_payment_credit_refunds_the_charge(v1):
    _, invoice, _ = await _invoice(v1, card=True, rate_pct=0, lines=((3000, 1),),
                                         method="charge_automatically")
    await v1.invoices.pay_async(invoice.id)
    with pytest.raises(stripe.InvalidRequestError) as exc:  # the sum rule
        await v1.credit_notes.create_async({"invoice": invoice.id, "amount": 1000,
                                            "refund_amount": 600})
    assert "post_payment_amount" in exc.value.user_message
    note = await v1.credit_notes.create_async({
        "invoice": invoice.id, "amount": 1000, "refund_amount": 600, "credit_amount": 300,
        "out_of_band_amount": 100, "expand": ["refunds.refund"]})
    assert (note.type, note.post_payment_amount, note.out_of_band_amount) == (
        "post_payment", 1000, 100)
    [refund] = note.refunds
    assert (refund.amount_refunded, refund.type) == (600, "refund")
    assert refund.refund.amount == 600 and refund.refund.object == "refund"
    charge = await v1.charges.retrieve_async(refund.refund.charge)
    assert (charge.amount_refunded, charge.refunded) == (600, False)
    types = [e.type for e in (await v1.events.list_async({"limit": 20})).data]
    assert {"refund.created", "charge.refunded", "credit_note.created"} <= set(types)


async def test_refunds_need_a_stripe_payment(v1):
    _, invoice, _ = await _invoice(v1, rate_pct=0, lines=((3000, 1),))
    await v1.invoices.pay_async(invoice.id, {"paid_out_of_band": True})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.credit_notes.create_async({"invoice": invoice.id, "amount": 1000,
                                            "refund_amount": 1000})
    assert exc.value.param == "refund_amount"
    assert (await v1.credit_notes.list_async({"invoice": invoice.id})).data == []


async def test_previews_store_nothing(v1):
    _, invoice, (l1, _) = await _invoice(v1)
    params = {"invoice": invoice.id, "lines": [
        {"type": "invoice_line_item", "invoice_line_item": l1.id, "quantity": 2}]}
    preview = await v1.credit_notes.preview_async(params)
    assert (preview.object, preview.total, preview.status) == ("credit_note", 3600, "issued")
    lines = await v1.credit_notes.preview_lines.list_async(params)
    assert [line.amount for line in lines.data] == [3000]
    assert lines.url == "/v1/credit_notes/preview/lines"
    assert (await v1.credit_notes.list_async()).data == []
    assert (await v1.invoices.retrieve_async(invoice.id)).amount_due == 6000
    with pytest.raises(stripe.InvalidRequestError):
        await v1.credit_notes.retrieve_async(preview.id)


async def test_lines_update_list_and_retrieve(v1):
    customer, invoice, (l1, l2) = await _invoice(v1)
    note = await v1.credit_notes.create_async({"invoice": invoice.id, "memo": "Sorry",
                                               "metadata": {"ticket": "7"}, "lines": [
        {"type": "invoice_line_item", "invoice_line_item": l1.id, "quantity": 1},
        {"type": "invoice_line_item", "invoice_line_item": l2.id, "amount": 500}]})
    assert note.memo == "Sorry" and note.metadata.ticket == "7"
    listed = await v1.credit_notes.line_items.list_async(note.id, {"limit": 1})
    assert [line.amount for line in listed.data] == [1500] and listed.has_more
    assert listed.data[0].id.startswith("cnli_")
    updated = await v1.credit_notes.update_async(note.id, {"memo": "Really sorry"})
    assert updated.memo == "Really sorry"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.credit_notes.update_async(note.id, {"amount": 1})
    assert exc.value.code == "parameter_unknown"
    assert [n.id for n in (await v1.credit_notes.list_async({"customer": customer.id})).data] \
        == [note.id]
    assert (await v1.credit_notes.retrieve_async(note.id)).total == 1800 + 600
    types = [e.type for e in (await v1.events.list_async({"limit": 5})).data]
    assert types[0] == "credit_note.updated"


@pytest.mark.parametrize("extra, param", [
    ({}, None),
    ({"lines": [{"type": "invoice_line_item", "invoice_line_item": "il_nope",
                 "quantity": 1}]}, "lines[0][invoice_line_item]"),
    ({"lines": [{"type": "invoice_line_item", "invoice_line_item": "{l1}",
                 "quantity": 3}]}, "lines[0][quantity]"),
    ({"lines": [{"type": "custom_line_item", "amount": 100}]}, "lines[0][amount]"),
    ({"amount": 999999}, "amount"),
    ({"amount": 100, "reason": "mistake"}, "reason"),
])
async def test_refusals(v1, extra, param):
    _, invoice, (l1, _) = await _invoice(v1)
    for line in extra.get("lines", ()):
        if line.get("invoice_line_item") == "{l1}":
            line["invoice_line_item"] = l1.id
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.credit_notes.create_async({"invoice": invoice.id, **extra})
    assert exc.value.http_status == 400 and exc.value.param == param
    assert (await v1.invoices.retrieve_async(invoice.id)).amount_due == 6000


async def test_a_draft_cannot_be_credited(v1):
    customer = await v1.customers.create_async()
    draft = await v1.invoices.create_async({"customer": customer.id})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.credit_notes.create_async({"invoice": draft.id, "amount": 100})
    assert exc.value.param == "invoice"


async def test_a_discounted_line_is_credited_with_its_discount(v1):
    """§5.3: D2's invoice (10 % off, 20 % exclusive tax), one unit of A credited."""
    coupon = await v1.coupons.create_async({"percent_off": 10, "duration": "once"})
    _, invoice, (a, _) = await _invoice(v1, discount=coupon)
    assert invoice.total == 5400
    note = await v1.credit_notes.create_async({"invoice": invoice.id, "lines": [
        {"type": "invoice_line_item", "invoice_line_item": a.id, "quantity": 1}]})
    [line] = note.lines.data
    assert (line.amount, line.discount_amount, line.taxes[0].amount) == (1500, 150, 270)
    assert (note.subtotal, note.discount_amount, note.total) == (1500, 150, 1620)
    assert note.discount_amounts[0].discount == invoice.discounts[0]


async def test_the_recorded_discounted_refund(v1):
    """§5.3's recorded case: a 1499 line, 25 % off the invoice, 21 % exclusive tax, the whole
    line credited with refund_amount=1360."""
    coupon = await v1.coupons.create_async({"percent_off": 25, "duration": "once"})
    _, invoice, (line,) = await _invoice(v1, card=True, rate_pct=21, lines=((1499, 1),),
                                         method="charge_automatically", discount=coupon)
    assert (invoice.total_discount_amounts[0].amount, invoice.total_taxes[0].amount,
            invoice.total) == (375, 236, 1360)
    await v1.invoices.pay_async(invoice.id)
    note = await v1.credit_notes.create_async({"invoice": invoice.id, "refund_amount": 1360,
                                               "lines": [{"type": "invoice_line_item",
                                                          "invoice_line_item": line.id,
                                                          "quantity": 1}]})
    [credited] = note.lines.data
    assert (credited.amount, credited.discount_amount, credited.taxes[0].amount) == (
        1499, 375, 236)
    assert [d.amount for d in credited.discount_amounts] == [375]
    assert (note.subtotal, note.discount_amount, note.total, note.amount) == (
        1499, 375, 1360, 1360)
    assert note.refunds[0].amount_refunded == 1360
