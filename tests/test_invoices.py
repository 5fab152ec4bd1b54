"""The one-off invoice flow through the SDK, with hand-computed totals."""

import re
from decimal import Decimal

import pytest
import stripe


@pytest.fixture
def v1(client):
    return client.v1


async def rate(v1, percentage, inclusive):
    return await v1.tax_rates.create_async({"display_name": "Tax", "percentage": percentage,
                                            "inclusive": inclusive})


async def draft_with(v1, customer, *items, **params):
    for item in items:
        await v1.invoice_items.create_async({"customer": customer.id, **item})
    return await v1.invoices.create_async({"customer": customer.id,
                                           "pending_invoice_items_behavior": "include", **params})


async def test_draft_sweeps_pending_items_with_exclusive_and_inclusive_rates(v1):
    c = await v1.customers.create_async({"email": "a@b.co", "name": "Ann"})
    excl, incl = await rate(v1, 20, False), await rate(v1, 25, True)
    i1 = await v1.invoice_items.create_async({"customer": c.id, "amount": 1000,
                                              "currency": "usd", "tax_rates": [excl.id],
                                              "description": "Setup"})
    i2 = await v1.invoice_items.create_async({"customer": c.id, "currency": "usd",
                                              "unit_amount_decimal": "250", "quantity": 2,
                                              "tax_rates": [incl.id]})
    assert i1.invoice is None and i2.amount == 500 and i2.quantity == 2
    assert i2.pricing.unit_amount_decimal == Decimal("250") and i2.tax_rates[0].id == incl.id
    inv = await v1.invoices.create_async({"customer": c.id,
                                          "pending_invoice_items_behavior": "include"})
    assert inv.status == "draft" and inv.number is None and inv.billing_reason == "manual"
    assert [line.parent.invoice_item_details.invoice_item for line in inv.lines.data] == [
        i2.id, i1.id]  # swept newest first
    # 1000 + 20% exclusive = 1200; 500 with 25% inclusive = 400 net + 100 tax
    assert (inv.subtotal, inv.subtotal_excluding_tax, inv.total, inv.total_excluding_tax) == (
        1500, 1400, 1700, 1400)
    assert inv.amount_due == 1700 and inv.amount_remaining == 1700
    taxes = {t.tax_rate_details.tax_rate: t for t in inv.total_taxes}
    assert (taxes[excl.id].amount, taxes[excl.id].taxable_amount,
            taxes[excl.id].tax_behavior) == (200, 1000, "exclusive")
    assert (taxes[incl.id].amount, taxes[incl.id].taxable_amount,
            taxes[incl.id].tax_behavior) == (100, 400, "inclusive")
    line = next(x for x in inv.lines.data if x.parent.invoice_item_details.invoice_item == i1.id)
    assert line.object == "line_item" and line.amount == 1000 and line.description == "Setup"
    assert line.taxes[0].amount == 200
    assert (await v1.invoice_items.retrieve_async(i1.id)).invoice == inv.id


async def test_finalize_numbers_snapshots_and_pay(v1):
    c = await v1.customers.create_async({"email": "a@b.co", "name": "Ann",
                                         "invoice_prefix": "ANN",
                                         "payment_method": "pm_card_visa"})
    pm = (await v1.customers.payment_methods.list_async(c.id)).data[0]
    await v1.customers.update_async(c.id, {"invoice_settings": {"default_payment_method": pm.id}})
    inv = await draft_with(v1, c, {"amount": 2000, "currency": "usd"})
    await v1.customers.update_async(c.id, {"name": "Ann Smith"})
    assert (await v1.invoices.retrieve_async(inv.id)).customer_name == "Ann Smith"  # follows
    fin = await v1.invoices.finalize_invoice_async(inv.id)
    assert fin.status == "open" and fin.number == "ANN-0001"
    assert fin.status_transitions.finalized_at and fin.effective_at
    assert re.search(rf"/_emulator/invoices/[0-9a-f]{{24}}/{inv.id}$", fin.hosted_invoice_url)
    assert fin.attempted is False and fin.amount_due == 2000
    assert (await v1.customers.retrieve_async(c.id)).next_invoice_sequence == 2
    await v1.customers.update_async(c.id, {"name": "Someone Else", "email": "x@y.io"})
    frozen = await v1.invoices.retrieve_async(inv.id)
    assert (frozen.customer_name, frozen.customer_email) == ("Ann Smith", "a@b.co")
    paid = await v1.invoices.pay_async(inv.id)
    assert paid.status == "paid" and paid.amount_paid == 2000 and paid.amount_remaining == 0
    assert paid.attempted is True and paid.attempt_count == 1
    assert paid.status_transitions.paid_at
    second = await draft_with(v1, c, {"amount": 100, "currency": "usd"})
    assert (await v1.invoices.finalize_invoice_async(second.id)).number == "ANN-0002"


async def test_send_invoice_needs_a_due_date(v1):
    c = await v1.customers.create_async()
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": c.id, "collection_method": "send_invoice"})
    assert "you must specify 'due_date' or 'days_until_due'" in exc.value.user_message
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": c.id, "days_until_due": 30})
    assert "if invoice collection method is 'send_invoice'" in exc.value.user_message
    inv = await v1.invoices.create_async({"customer": c.id, "collection_method": "send_invoice",
                                          "days_until_due": 30})
    assert inv.due_date == inv.created + 30 * 86400
    assert [i.id for i in (await v1.invoices.list_async()).data] == [inv.id]


async def test_partial_credit_balance_is_applied_at_finalization(v1):
    c = await v1.customers.create_async({"payment_method": "pm_card_visa"})
    await v1.customers.balance_transactions.create_async(c.id, {"amount": -300,
                                                                "currency": "usd"})
    txr = await rate(v1, 20, False)
    inv = await draft_with(v1, c, {"amount": 1000, "currency": "usd", "tax_rates": [txr.id]})
    assert inv.starting_balance == -300 and inv.ending_balance is None
    assert inv.amount_due == 1200  # the balance applies at finalization
    fin = await v1.invoices.finalize_invoice_async(inv.id)
    assert (fin.total, fin.starting_balance, fin.ending_balance, fin.amount_due) == (
        1200, -300, 0, 900)
    assert (await v1.customers.retrieve_async(c.id)).balance == 0
    txn = (await v1.customers.balance_transactions.list_async(c.id)).data[0]
    assert (txn.type, txn.amount, txn.ending_balance, txn.invoice) == (
        "applied_to_invoice", 300, 0, inv.id)


async def test_full_credit_balance_pays_the_invoice_at_finalization(v1):
    c = await v1.customers.create_async()
    await v1.customers.balance_transactions.create_async(c.id, {"amount": -5000,
                                                                "currency": "usd"})
    inv = await draft_with(v1, c, {"amount": 1200, "currency": "usd"})
    fin = await v1.invoices.finalize_invoice_async(inv.id)
    assert fin.status == "paid" and fin.amount_due == 0 and fin.amount_paid == 0
    assert (fin.starting_balance, fin.ending_balance) == (-5000, -3800)
    assert (await v1.customers.retrieve_async(c.id)).balance == -3800
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.pay_async(inv.id)
    assert exc.value.user_message == "Invoice is already paid"


async def test_zero_total_invoice_is_paid_on_finalization(v1):
    c = await v1.customers.create_async()
    inv = await v1.invoices.create_async({"customer": c.id})
    fin = await v1.invoices.finalize_invoice_async(inv.id)
    assert fin.status == "paid" and fin.total == 0 and fin.attempted is True


async def test_zero_decimal_currency(v1):
    c = await v1.customers.create_async()
    txr = await rate(v1, 10, False)
    inv = await draft_with(v1, c, {"amount": 999, "currency": "jpy", "tax_rates": [txr.id]},
                           currency="jpy")
    assert (inv.currency, inv.subtotal, inv.total) == ("jpy", 999, 1099)  # 99.9 -> 100
    assert (await v1.customers.retrieve_async(c.id)).currency == "jpy"


async def test_decline_then_successful_retry(v1):
    c = await v1.customers.create_async({"payment_method": "pm_card_chargeCustomerFail"})
    bad = (await v1.customers.payment_methods.list_async(c.id)).data[0]
    await v1.customers.update_async(c.id, {"invoice_settings": {"default_payment_method":
                                                                bad.id}})
    inv = await draft_with(v1, c, {"amount": 1500, "currency": "usd"})
    await v1.invoices.finalize_invoice_async(inv.id)
    with pytest.raises(stripe.CardError) as exc:
        await v1.invoices.pay_async(inv.id)
    assert exc.value.http_status == 402 and exc.value.code == "card_declined"
    assert exc.value.error.decline_code == "generic_decline"
    after = await v1.invoices.retrieve_async(inv.id)
    assert (after.status, after.attempted, after.attempt_count, after.amount_paid) == (
        "open", True, 1, 0)
    good = await v1.payment_methods.attach_async("pm_card_visa", {"customer": c.id})
    paid = await v1.invoices.pay_async(inv.id, {"payment_method": good.id})
    assert paid.status == "paid" and paid.amount_paid == 1500 and paid.attempt_count == 1


async def test_no_payment_method(v1):
    c = await v1.customers.create_async()
    inv = await draft_with(v1, c, {"amount": 500, "currency": "usd"})
    await v1.invoices.finalize_invoice_async(inv.id)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.pay_async(inv.id)
    assert "no attached payment source or default payment method" in exc.value.user_message
    assert (await v1.invoices.retrieve_async(inv.id)).status == "open"


async def test_paid_out_of_band(v1):
    c = await v1.customers.create_async()
    inv = await draft_with(v1, c, {"amount": 500, "currency": "usd"})
    paid = await v1.invoices.pay_async(inv.id, {"paid_out_of_band": True})  # finalizes too
    assert paid.status == "paid" and paid.amount_paid == 500 and paid.attempted is False
    assert paid.number is not None


async def test_void_returns_an_applied_credit(v1):
    c = await v1.customers.create_async()
    await v1.customers.balance_transactions.create_async(c.id, {"amount": -300,
                                                                "currency": "usd"})
    inv = await draft_with(v1, c, {"amount": 1000, "currency": "usd"})
    await v1.invoices.finalize_invoice_async(inv.id)
    voided = await v1.invoices.void_invoice_async(inv.id)
    assert voided.status == "void" and voided.status_transitions.voided_at
    assert voided.amount_due == 700  # amounts stay as they were
    assert (await v1.customers.retrieve_async(c.id)).balance == -300
    txn = (await v1.customers.balance_transactions.list_async(c.id)).data[0]
    assert (txn.type, txn.amount, txn.invoice) == ("unapplied_from_invoice", -300, inv.id)


async def test_mark_uncollectible_then_pay_or_void(v1):
    c = await v1.customers.create_async()
    a = await draft_with(v1, c, {"amount": 500, "currency": "usd"})
    await v1.invoices.finalize_invoice_async(a.id)
    u = await v1.invoices.mark_uncollectible_async(a.id)
    assert u.status == "uncollectible" and u.status_transitions.marked_uncollectible_at
    assert (await v1.invoices.pay_async(a.id, {"paid_out_of_band": True})).status == "paid"
    b = await draft_with(v1, c, {"amount": 500, "currency": "usd"})
    await v1.invoices.finalize_invoice_async(b.id)
    await v1.invoices.mark_uncollectible_async(b.id)
    assert (await v1.invoices.void_invoice_async(b.id)).status == "void"


async def refused(call, message):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await call
    assert exc.value.http_status == 400
    assert exc.value.user_message == message


async def test_every_forbidden_transition_is_refused_and_changes_nothing(v1):
    c = await v1.customers.create_async()
    drafts = [await draft_with(v1, c, {"amount": 100, "currency": "usd"}) for _ in range(5)]
    draft, opened, paid, voided, bad_debt = drafts
    for inv in (opened, paid, voided, bad_debt):
        await v1.invoices.finalize_invoice_async(inv.id)
    await v1.invoices.pay_async(paid.id, {"paid_out_of_band": True})
    await v1.invoices.void_invoice_async(voided.id)
    await v1.invoices.mark_uncollectible_async(bad_debt.id)
    cannot_send = ("This invoice cannot be sent right now. Please contact us via "
                   "https://support.stripe.com/contact with details, so we can help.")
    not_open = "You can only pass in open invoices. This invoice isn't open."
    refinalize = ("This invoice is already finalized, you can't re-finalize a non-draft "
                  "invoice.")
    cases = [
        (v1.invoices.void_invoice_async(draft.id), not_open),
        (v1.invoices.mark_uncollectible_async(draft.id), not_open),
        (v1.invoices.finalize_invoice_async(opened.id), refinalize),
        (v1.invoices.delete_async(opened.id), "You can only delete draft invoices."),
        (v1.invoices.finalize_invoice_async(paid.id), refinalize),
        (v1.invoices.pay_async(paid.id), "Invoice is already paid"),
        (v1.invoices.void_invoice_async(paid.id), not_open),
        (v1.invoices.mark_uncollectible_async(paid.id), not_open),
        (v1.invoices.delete_async(paid.id), "You can only delete draft invoices."),
        (v1.invoices.finalize_invoice_async(voided.id), refinalize),
        (v1.invoices.pay_async(voided.id), "This invoice has been voided and cannot be paid."),
        (v1.invoices.void_invoice_async(voided.id), not_open),
        (v1.invoices.mark_uncollectible_async(voided.id), not_open),
        (v1.invoices.send_invoice_async(voided.id), cannot_send),
        (v1.invoices.send_invoice_async(paid.id), cannot_send),
        (v1.invoices.finalize_invoice_async(bad_debt.id), refinalize),
        (v1.invoices.mark_uncollectible_async(bad_debt.id),
         "This invoice has already been marked uncollectible."),
        (v1.invoices.delete_async(bad_debt.id), "You can only delete draft invoices."),
        (v1.invoices.send_invoice_async(bad_debt.id), cannot_send),
    ]
    before = {i.id: (await v1.invoices.retrieve_async(i.id)).to_dict() for i in drafts}
    for call, message in cases:
        await refused(call, message)
    after = {i.id: (await v1.invoices.retrieve_async(i.id)).to_dict() for i in drafts}
    assert after == before


async def test_delete_a_draft(v1):
    c = await v1.customers.create_async()
    inv = await v1.invoices.create_async({"customer": c.id})
    deleted = await v1.invoices.delete_async(inv.id)
    assert deleted.to_dict() == {"id": inv.id, "object": "invoice", "deleted": True}
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.retrieve_async(inv.id)
    assert exc.value.http_status == 404


async def test_items_of_a_finalized_invoice_cannot_change(v1):
    c = await v1.customers.create_async()
    inv = await draft_with(v1, c, {"amount": 100, "currency": "usd"})
    item = (await v1.invoice_items.list_async({"invoice": inv.id})).data[0]
    await v1.invoices.finalize_invoice_async(inv.id)
    for call in (v1.invoice_items.update_async(item.id, {"amount": 5}),
                 v1.invoice_items.delete_async(item.id),
                 v1.invoice_items.create_async({"customer": c.id, "amount": 5,
                                                "currency": "usd", "invoice": inv.id})):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await call
        assert exc.value.code == "invoice_not_editable"
    assert (await v1.invoice_items.retrieve_async(item.id)).amount == 100


async def test_items_on_a_draft_update_its_totals(v1):
    c = await v1.customers.create_async()
    inv = await v1.invoices.create_async({"customer": c.id, "currency": "usd"})
    item = await v1.invoice_items.create_async({"customer": c.id, "amount": 700,
                                                "currency": "usd", "invoice": inv.id})
    assert (await v1.invoices.retrieve_async(inv.id)).total == 700
    await v1.invoice_items.update_async(item.id, {"amount": 900})
    assert (await v1.invoices.retrieve_async(inv.id)).total == 900
    await v1.invoice_items.delete_async(item.id)
    assert (await v1.invoices.retrieve_async(inv.id)).total == 0


async def test_multi_currency_sweep_and_balance(v1):
    c = await v1.customers.create_async()
    await v1.invoice_items.create_async({"customer": c.id, "amount": 1000, "currency": "usd"})
    await v1.invoice_items.create_async({"customer": c.id, "amount": 2000, "currency": "eur"})
    await v1.customers.balance_transactions.create_async(c.id, {"amount": -100,
                                                                "currency": "usd"})
    eur = await v1.invoices.create_async({"customer": c.id, "currency": "eur",
                                          "pending_invoice_items_behavior": "include"})
    assert eur.total == 2000 and len(eur.lines.data) == 1
    fin = await v1.invoices.finalize_invoice_async(eur.id)
    assert fin.amount_due == 2000 and fin.starting_balance == 0  # the usd credit stays
    cust = await v1.customers.retrieve_async(c.id)
    assert cust.currency == "usd" and cust.balance == -100
    pending = await v1.invoice_items.list_async({"customer": c.id, "pending": True})
    assert [i.currency for i in pending.data] == ["usd"]


async def test_tax_exempt_customer(v1):
    c = await v1.customers.create_async({"tax_exempt": "exempt"})
    excl, incl = await rate(v1, 20, False), await rate(v1, 10, True)
    inv = await draft_with(v1, c, {"amount": 1000, "currency": "usd", "tax_rates": [excl.id]},
                           {"amount": 10000, "currency": "usd", "tax_rates": [incl.id]})
    # exclusive: nothing added; inclusive: 100.00 incl. 10% -> 90.91 charged
    assert (inv.subtotal, inv.total) == (11000, 10091)
    assert inv.customer_tax_exempt == "exempt"
    assert {t.taxability_reason for t in inv.total_taxes} == {"customer_exempt"}


async def test_default_tax_rates_apply_to_lines_without_their_own(v1):
    c = await v1.customers.create_async()
    default, own = await rate(v1, 10, False), await rate(v1, 5, False)
    inv = await draft_with(v1, c, {"amount": 1000, "currency": "usd"},
                           {"amount": 1000, "currency": "usd", "tax_rates": [own.id]},
                           default_tax_rates=[default.id])
    assert inv.total == 2000 + 100 + 50


async def test_list_filters_and_lines(v1):
    c = await v1.customers.create_async()
    d = await v1.customers.create_async()
    a = await draft_with(v1, c, *({"amount": 10 * (i + 1), "currency": "usd"}
                                  for i in range(12)))
    b = await v1.invoices.create_async({"customer": d.id})
    await v1.invoices.finalize_invoice_async(b.id)
    assert [i.id for i in (await v1.invoices.list_async({"customer": c.id})).data] == [a.id]
    assert [i.id for i in (await v1.invoices.list_async({"status": "paid"})).data] == [b.id]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.list_async({"status": "bogus"})
    assert exc.value.user_message == (
        "Invalid status: must be one of draft, open, void, paid, or uncollectible")
    assert len(a.lines.data) == 10 and a.lines.has_more and a.lines.total_count == 12
    lines = [x async for x in (await v1.invoices.line_items.list_async(a.id, {"limit": 5}))
             .auto_paging_iter()]
    assert len(lines) == 12 and len({x.id for x in lines}) == 12


async def test_search_invoices(v1):
    c = await v1.customers.create_async()
    inv = await draft_with(v1, c, {"amount": 4200, "currency": "usd"}, metadata={"order": "42"})
    found = await v1.invoices.search_async({"query": "metadata['order']:'42'"})
    assert [i.id for i in found.data] == [inv.id]
    found = await v1.invoices.search_async({"query": "total>4000 status:'draft'"})
    assert [i.id for i in found.data] == [inv.id]
    assert (await v1.invoices.search_async({"query": "status:'paid'"})).data == []


async def test_finalized_invoices_refuse_most_updates(v1):
    c = await v1.customers.create_async()
    inv = await draft_with(v1, c, {"amount": 100, "currency": "usd"})
    await v1.invoices.finalize_invoice_async(inv.id)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.update_async(inv.id, {"collection_method": "send_invoice",
                                                "days_until_due": 3})
    assert exc.value.user_message == "Finalized invoices can't be updated in this way"
    for refused in ({"due_date": 1900000000}, {"default_tax_rates": ["txr_1"]},
                    {"currency": "eur"}):
        with pytest.raises(stripe.InvalidRequestError):
            await v1.invoices.update_async(inv.id, refused)
    u = await v1.invoices.update_async(inv.id, {"metadata": {"k": "v"}, "footer": "Thanks",
                                                "custom_fields": [{"name": "PO", "value": "9"}]})
    assert u.metadata.to_dict() == {"k": "v"} and u.footer == "Thanks"
    assert u.custom_fields[0].value == "9" and u.total == 100


async def test_send(v1, base_url):
    c = await v1.customers.create_async()
    inv = await v1.invoices.create_async({"customer": c.id, "collection_method": "send_invoice",
                                          "days_until_due": 7})
    await v1.invoice_items.create_async({"customer": c.id, "amount": 300, "currency": "usd",
                                         "invoice": inv.id})
    sent = await v1.invoices.send_invoice_async(inv.id)  # a draft is finalized to be sent
    assert sent.status == "open" and sent.number is not None
    assert sent.invoice_pdf == sent.hosted_invoice_url + "/pdf"
    assert sent.invoice_pdf.startswith(f"{base_url}/_emulator/invoices/")
    assert (await v1.invoices.send_invoice_async(inv.id)).status == "open"
    await v1.invoices.pay_async(inv.id, {"paid_out_of_band": True})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.send_invoice_async(inv.id)
    assert exc.value.user_message.startswith("This invoice cannot be sent right now.")


async def test_item_refusals(v1):
    c = await v1.customers.create_async()
    cases = [
        ({"amount": 100, "currency": "usd"}, "customer", "parameter_missing"),
        ({"customer": c.id, "amount": 100}, "currency", "parameter_missing"),
        ({"customer": c.id, "currency": "usd"}, "amount", "parameter_missing"),
        ({"customer": c.id, "currency": "usd", "amount": 1, "unit_amount_decimal": "1"},
         "unit_amount_decimal", "parameters_exclusive"),
        ({"customer": c.id, "currency": "usd", "amount": 1, "tax_rates": ["txr_nope"]},
         "tax_rates[0]", "resource_missing"),
        ({"customer": "cus_nope", "currency": "usd", "amount": 1}, "customer",
         "resource_missing"),
        ({"customer": c.id, "currency": "usd", "amount": 1, "unit_amount": 5}, "unit_amount",
         "parameter_unknown"),
    ]
    for params, param, code in cases:
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.invoice_items.create_async(params)
        assert (exc.value.param, exc.value.code) == (param, code), params
    assert (await v1.invoice_items.list_async()).data == []
    assert (await v1.customers.retrieve_async(c.id)).currency is None


async def test_archived_tax_rate_cannot_be_applied(v1):
    c = await v1.customers.create_async()
    txr = await rate(v1, 5, False)
    await v1.tax_rates.update_async(txr.id, {"active": False})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoice_items.create_async({"customer": c.id, "amount": 1, "currency": "usd",
                                             "tax_rates": [txr.id]})
    assert exc.value.param == "tax_rates[0]"


async def test_add_update_and_remove_lines(v1):
    c = await v1.customers.create_async()
    txr = await rate(v1, 10, False)
    pending = await v1.invoice_items.create_async({"customer": c.id, "amount": 50,
                                                   "currency": "usd"})
    inv = await v1.invoices.create_async({"customer": c.id, "currency": "usd"})
    inv = await v1.invoices.add_lines_async(inv.id, {"lines": [
        {"amount": 1000, "description": "Consulting", "tax_rates": [txr.id]},
        {"invoice_item": pending.id}], "invoice_metadata": {"batch": "1"}})
    assert [line.amount for line in inv.lines.data] == [1000, 50]
    assert inv.total == 1150 and inv.metadata.to_dict() == {"batch": "1"}
    first, second = inv.lines.data
    inv = await v1.invoices.update_lines_async(inv.id, {"lines": [
        {"id": first.id, "amount": 2000, "description": "More consulting"}]})
    assert inv.total == 2250 and inv.lines.data[0].description == "More consulting"
    line = await v1.invoices.line_items.update_async(inv.id, second.id, {"amount": 70})
    assert line.object == "line_item" and line.amount == 70
    assert (await v1.invoice_items.retrieve_async(pending.id)).amount == 70
    inv = await v1.invoices.remove_lines_async(inv.id, {"lines": [
        {"id": second.id, "behavior": "unassign"}]})
    assert [x.amount for x in inv.lines.data] == [2000]
    assert (await v1.invoice_items.retrieve_async(pending.id)).invoice is None
    inv = await v1.invoices.remove_lines_async(inv.id, {"lines": [
        {"id": first.id, "behavior": "delete"}]})
    assert inv.lines.data == [] and inv.total == 0


async def test_line_edits_are_all_or_nothing_and_draft_only(v1):
    c = await v1.customers.create_async()
    inv = await v1.invoices.create_async({"customer": c.id, "currency": "usd"})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.add_lines_async(inv.id, {"lines": [
            {"amount": 100}, {"amount": 5, "quantity": 2}]})
    assert exc.value.param == "lines[1][amount]" and exc.value.code == "parameters_exclusive"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.remove_lines_async(inv.id, {"lines": [{"id": "il_nope"}]})
    assert exc.value.param == "lines[0][behavior]" and exc.value.code == "parameter_missing"
    assert (await v1.invoices.retrieve_async(inv.id)).lines.data == []
    assert (await v1.invoice_items.list_async()).data == []
    await v1.invoices.add_lines_async(inv.id, {"lines": [{"amount": 100}]})
    await v1.invoices.finalize_invoice_async(inv.id)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.add_lines_async(inv.id, {"lines": [{"amount": 100}]})
    assert exc.value.code == "invoice_not_editable"
    assert exc.value.user_message == "Invalid invoice: This invoice is no longer editable"


async def test_create_preview(v1):
    c = await v1.customers.create_async()
    txr = await rate(v1, 20, False)
    item = await v1.invoice_items.create_async({"customer": c.id, "amount": 1000,
                                                "currency": "usd", "tax_rates": [txr.id]})
    preview = await v1.invoices.create_preview_async({"customer": c.id, "invoice_items": [
        {"amount": 500, "description": "Add-on"},
        {"invoiceitem": item.id, "amount": 1500}]})
    assert preview.id.startswith("upcoming_in_") and preview.billing_reason == "upcoming"
    assert preview.status == "draft" and preview.number is None
    assert preview.total == 1500 * 120 // 100 + 500
    assert (await v1.invoices.list_async()).data == []  # nothing was stored
    assert (await v1.invoice_items.retrieve_async(item.id)).amount == 1000
    assert len((await v1.invoice_items.list_async()).data) == 1
    # At this version a customer alone previews nothing, pending items or not.
    for customer in (c, await v1.customers.create_async()):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.invoices.create_preview_async({"customer": customer.id})
        assert exc.value.http_status == 400 and exc.value.code == "parameter_missing"
        assert "invoice_items" in exc.value.user_message
    # With items named, the customer's pending items are in the preview too.
    preview = await v1.invoices.create_preview_async(
        {"customer": c.id, "invoice_items": [{"amount": 1, "currency": "usd"}]})
    assert preview.subtotal == 1000 + 1


async def test_footer_custom_fields_and_tax_ids_follow_the_customer_until_finalized(v1):
    c = await v1.customers.create_async({"invoice_settings": {
        "footer": "Thanks", "custom_fields": [{"name": "PO", "value": "1"}]},
        "tax_id_data": [{"type": "eu_vat", "value": "DE123456789"}],
        "address": {"country": "DE"}, "tax_exempt": "reverse"})
    inv = await v1.invoices.create_async({"customer": c.id})
    assert inv.footer == "Thanks" and inv.custom_fields[0].value == "1"
    assert [t.to_dict() for t in inv.customer_tax_ids] == [
        {"type": "eu_vat", "value": "DE123456789"}]
    assert inv.customer_address.country == "DE" and inv.customer_tax_exempt == "reverse"
    await v1.customers.update_async(c.id, {"invoice_settings": {"footer": "Danke"}})
    await v1.customers.tax_ids.create_async(c.id, {"type": "gb_vat", "value": "GB123456789"})
    inv = await v1.invoices.retrieve_async(inv.id)
    assert inv.footer == "Danke" and len(inv.customer_tax_ids) == 2
    own = await v1.invoices.create_async({"customer": c.id, "footer": "Mine"})
    await v1.customers.update_async(c.id, {"invoice_settings": {"footer": "Later"}})
    assert (await v1.invoices.retrieve_async(own.id)).footer == "Mine"  # set on the invoice
    await v1.invoices.finalize_invoice_async(inv.id)
    await v1.customers.update_async(c.id, {"invoice_settings": {"footer": "After"},
                                           "tax_exempt": "none", "address": ""})
    frozen = await v1.invoices.retrieve_async(inv.id)
    assert frozen.footer == "Later" and frozen.customer_tax_exempt == "reverse"
    assert frozen.customer_address.country == "DE"


async def test_draft_starting_balance_follows_the_customer(v1):
    c = await v1.customers.create_async()
    inv = await v1.invoices.create_async({"customer": c.id, "currency": "usd"})
    assert inv.starting_balance == 0
    await v1.customers.balance_transactions.create_async(c.id, {"amount": -700,
                                                                "currency": "usd"})
    assert (await v1.invoices.retrieve_async(inv.id)).starting_balance == -700


async def test_a_preview_item_refusal_names_its_nested_param(v1):
    c = await v1.customers.create_async()
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_preview_async({"customer": c.id, "invoice_items": [
            {"amount": 5, "currency": "usd"},
            {"amount": 5, "currency": "usd", "tax_rates": ["txr_nope"]}]})
    assert exc.value.param == "invoice_items[1][tax_rates][0]"
    assert exc.value.code == "resource_missing"


async def test_an_invoice_takes_shipping_details_payment_settings_and_automatic_tax_off(v1):
    customer = await v1.customers.create_async({
        "email": "jenny@example.com", "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    ship = {"name": "Jenny Rosen", "phone": "+15555550100",
            "address": {"line1": "510 Townsend St", "city": "San Francisco", "country": "US"}}
    draft = await v1.invoices.create_async({
        "customer": customer.id, "shipping_details": ship, "automatic_tax": {"enabled": False},
        "payment_settings": {"payment_method_types": ["card"], "default_mandate": "mandate_1"}})
    assert (draft.shipping_details.name, draft.shipping_details.phone) == (
        "Jenny Rosen", "+15555550100")
    assert draft.shipping_details.carrier is None  # an invoice's shipping takes none
    assert draft.automatic_tax.enabled is False and draft.automatic_tax.status is None
    assert draft.payment_settings.payment_method_types == ["card"]
    assert draft.payment_settings.default_mandate == "mandate_1"
    changed = await v1.invoices.update_async(draft.id, {
        "shipping_details": "", "payment_settings": {"default_mandate": ""}})
    assert changed.shipping_details is None and changed.payment_settings.default_mandate is None
    assert changed.payment_settings.payment_method_types == ["card"]
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 1200,
                                         "currency": "usd", "invoice": draft.id})
    final = await v1.invoices.finalize_invoice_async(draft.id, {"expand": ["payments"]})
    intent = await v1.payment_intents.retrieve_async(final.payments.data[0].payment.payment_intent)
    assert intent.payment_method_types == ["card"]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": customer.id,
                                        "automatic_tax": {"enabled": True}})
    assert (exc.value.code, exc.value.param) == ("parameter_unsupported",
                                                 "automatic_tax[enabled]")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": customer.id,
                                        "payment_settings": {"payment_method_types": ["cheque"]}})
    assert exc.value.param == "payment_settings[payment_method_types][0]"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_async({"customer": customer.id,
                                        "shipping_details": {**ship, "carrier": "UPS"}})
    assert exc.value.param == "shipping_details[carrier]"


async def test_a_preview_item_takes_a_price_or_a_unit_amount(v1):
    customer = await v1.customers.create_async()
    product = await v1.products.create_async({"name": "Setup"})
    fee = await v1.prices.create_async({"currency": "usd", "unit_amount": 700,
                                        "product": product.id})
    preview = await v1.invoices.create_preview_async({"customer": customer.id, "invoice_items": [
        {"price": fee.id, "quantity": 2},
        {"unit_amount": 150, "quantity": 3, "currency": "usd"}]})
    assert sorted(line.amount for line in preview.lines.data) == [450, 1400]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.invoices.create_preview_async({"customer": customer.id, "invoice_items": [
            {"unit_amount": 1, "unit_amount_decimal": "1", "currency": "usd"}]})
    assert exc.value.param == "invoice_items[0][unit_amount_decimal]"


async def test_an_invoices_shipping_phone_can_be_cleared(v1):
    customer = await v1.customers.create_async()
    shipping = {"name": "Jo", "phone": "+15555550123",
                "address": {"line1": "1 Main St", "country": "US"}}
    draft = await v1.invoices.create_async({"customer": customer.id,
                                            "shipping_details": shipping})
    assert draft.shipping_details.phone == "+15555550123"
    cleared = await v1.invoices.update_async(draft.id, {
        "shipping_details": {**shipping, "phone": ""}})
    assert cleared.shipping_details.phone is None


async def test_refusals_name_a_preview_items_params_as_sent(v1):
    customer = await v1.customers.create_async()
    product = await v1.products.create_async({"name": "Setup"})
    euros = await v1.prices.create_async({"currency": "eur", "unit_amount": 700,
                                          "product": product.id})
    monthly = await v1.prices.create_async({"currency": "usd", "unit_amount": 700,
                                            "product": product.id,
                                            "recurring": {"interval": "month"}})
    for spec, param in [({"price": euros.id, "currency": "usd"}, "invoice_items[0][currency]"),
                        ({"price": euros.id}, "invoice_items[0][price]"),  # the preview's usd
                        ({"price": monthly.id}, "invoice_items[0][price]"),
                        ({"unit_amount": 5, "price": euros.id}, "invoice_items[0][price]")]:
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.invoices.create_preview_async({"customer": customer.id,
                                                    "invoice_items": [spec]})
        assert exc.value.param == param, spec
