// One-off invoices through stripe-node: an item, a draft, finalize, pay, and a decline.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import Stripe from 'stripe';
import {client, rejection, useEmulator} from './harness.mjs';

const emulator = useEmulator();

/** A customer whose invoices are charged to the test card `card` (a pm_card_* name). */
async function customerWithCard(stripe, card, params = {}) {
  const c = await stripe.customers.create({payment_method: card, ...params});
  const [pm] = (await stripe.customers.listPaymentMethods(c.id)).data;
  assert.ok(pm, 'the payment method is attached on create');
  const updated = await stripe.customers.update(c.id,
    {invoice_settings: {default_payment_method: pm.id}});
  assert.equal(updated.invoice_settings.default_payment_method, pm.id);
  return {customer: updated, pm};
}

async function draft(stripe, customer, amount = 2000) {
  const item = await stripe.invoiceItems.create({customer: customer.id, amount, currency: 'usd',
    description: 'Consulting'});
  const invoice = await stripe.invoices.create({customer: customer.id,
    pending_invoice_items_behavior: 'include'});
  return {item, invoice};
}

test('invoice item, draft invoice, finalize and pay with the default card', async () => {
  const stripe = client(emulator);
  const {customer, pm} = await customerWithCard(stripe, 'pm_card_visa',
    {email: 'payer@example.com', name: 'Payer', invoice_prefix: 'PAYER'});
  assert.equal(pm.card.last4, '4242');

  const item = await stripe.invoiceItems.create({customer: customer.id, amount: 2000,
    currency: 'usd', description: 'Consulting'});
  assert.match(item.id, /^ii_[A-Za-z0-9]{24}$/);
  assert.equal(item.object, 'invoiceitem');
  assert.equal(item.amount, 2000);
  assert.equal(item.currency, 'usd');
  assert.equal(item.customer, customer.id);
  assert.equal(item.invoice, null);

  const invoice = await stripe.invoices.create({customer: customer.id,
    pending_invoice_items_behavior: 'include'});
  assert.match(invoice.id, /^in_[A-Za-z0-9]{24}$/);
  assert.equal(invoice.object, 'invoice');
  assert.equal(invoice.status, 'draft');
  assert.equal(invoice.number, null);
  assert.equal(invoice.customer, customer.id);
  assert.equal(invoice.collection_method, 'charge_automatically');
  assert.equal(invoice.currency, 'usd');
  assert.equal(invoice.amount_due, 2000);
  assert.equal(invoice.total, 2000);
  assert.equal(invoice.subtotal, 2000);
  assert.equal(invoice.lines.object, 'list');
  assert.equal(invoice.lines.data.length, 1);
  assert.equal(invoice.lines.data[0].amount, 2000);
  assert.equal(invoice.lines.data[0].description, 'Consulting');
  assert.equal((await stripe.invoiceItems.retrieve(item.id)).invoice, invoice.id);

  const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
  assert.equal(finalized.status, 'open');
  assert.equal(finalized.number, 'PAYER-0001');
  assert.equal(finalized.customer_email, 'payer@example.com');
  assert.equal(finalized.customer_name, 'Payer');
  assert.equal(typeof finalized.status_transitions.finalized_at, 'number');
  assert.equal(finalized.amount_remaining, 2000);
  assert.equal(finalized.attempted, false);

  const paid = await stripe.invoices.pay(invoice.id);
  assert.equal(paid.id, invoice.id);
  assert.equal(paid.status, 'paid');
  assert.equal(paid.amount_paid, 2000);
  assert.equal(paid.amount_remaining, 0);
  assert.equal(paid.attempted, true);
  assert.equal(paid.attempt_count, 1);
  assert.equal(typeof paid.status_transitions.paid_at, 'number');
  assert.equal(paid.auto_advance, false);
  assert.equal(paid.next_payment_attempt, null);

  const listed = await stripe.invoices.list({customer: customer.id, status: 'paid'});
  assert.deepEqual(listed.data.map((i) => i.id), [invoice.id]);

  // A paid invoice cannot be paid again.
  const err = await rejection(stripe.invoices.pay(invoice.id));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.statusCode, 400);
  assert.equal(err.message, 'Invoice is already paid');
});

test('a card that declines when charged: StripeCardError card_declined, invoice stays open',
  async () => {
    const stripe = client(emulator);
    const {customer} = await customerWithCard(stripe, 'pm_card_chargeCustomerFail');
    const {invoice} = await draft(stripe, customer, 1500);
    await stripe.invoices.finalizeInvoice(invoice.id);

    const err = await rejection(stripe.invoices.pay(invoice.id));
    assert.equal(err.type, 'StripeCardError');
    assert.equal(err.rawType, 'card_error');
    assert.ok(err instanceof client(emulator).errors.StripeCardError);
    assert.equal(err.statusCode, 402);
    assert.equal(err.code, 'card_declined');
    assert.equal(err.decline_code, 'generic_decline');
    assert.equal(err.message, 'Your card was declined.');

    const after = await stripe.invoices.retrieve(invoice.id);
    assert.equal(after.status, 'open');
    assert.equal(after.attempted, true);
    assert.equal(after.attempt_count, 1);
    assert.equal(after.amount_paid, 0);
    assert.equal(after.amount_remaining, 1500);

    const events = await stripe.events.list({type: 'invoice.payment_failed'});
    assert.deepEqual(events.data.map((e) => e.data.object.id), [invoice.id]);

    // Paid with another, working card instead.
    const visa = await stripe.paymentMethods.attach('pm_card_visa', {customer: customer.id});
    const paid = await stripe.invoices.pay(invoice.id, {payment_method: visa.id});
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount_paid, 1500);
  });

test('a declining test card cannot be the customer\'s card at all', async () => {
  const stripe = client(emulator);
  const err = await rejection(stripe.customers.create({payment_method: 'pm_card_visa_chargeDeclined'}));
  assert.equal(err.type, 'StripeCardError');
  assert.equal(err.statusCode, 402);
  assert.equal(err.code, 'card_declined');
  assert.deepEqual((await stripe.customers.list()).data, []);
});

test('pay out of band, void, and the refusals of the state machine', async () => {
  const stripe = client(emulator);
  const customer = await stripe.customers.create();
  const {invoice} = await draft(stripe, customer, 700);

  // No payment method anywhere: paying is refused, not declined.
  await stripe.invoices.finalizeInvoice(invoice.id);
  let err = await rejection(stripe.invoices.pay(invoice.id));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.statusCode, 400);
  assert.match(err.message,
    /^This customer has no attached payment source or default payment method\./);

  const oob = await stripe.invoices.pay(invoice.id, {paid_out_of_band: true});
  assert.equal(oob.status, 'paid');
  assert.equal(oob.amount_paid, 700); // since basil, amount_paid includes out-of-band payments
  // Invoice lost `paid_out_of_band` (and `paid`) in 2025-03-31.basil.
  assert.equal('paid_out_of_band' in oob, false);
  assert.equal('paid' in oob, false);

  const second = (await draft(stripe, customer, 300)).invoice;
  err = await rejection(stripe.invoices.voidInvoice(second.id)); // drafts are deleted, not voided
  assert.equal(err.statusCode, 400);
  await stripe.invoices.finalizeInvoice(second.id);
  const voided = await stripe.invoices.voidInvoice(second.id);
  assert.equal(voided.status, 'void');
  assert.equal(typeof voided.status_transitions.voided_at, 'number');

  const third = (await draft(stripe, customer, 100)).invoice;
  const gone = await stripe.invoices.del(third.id);
  assert.deepEqual({...gone}, {id: third.id, object: 'invoice', deleted: true});
  err = await rejection(stripe.invoices.retrieve(third.id));
  assert.equal(err.statusCode, 404);
  assert.equal(err.code, 'resource_missing');
});

test('decimal amounts: the SDK sends Stripe.Decimal and reads decimal strings back', async () => {
  const stripe = client(emulator);
  const customer = await stripe.customers.create();
  const item = await stripe.invoiceItems.create({customer: customer.id, currency: 'usd',
    unit_amount_decimal: Stripe.Decimal.from('250.5'), quantity: 2});
  assert.equal(item.amount, 501);
  assert.equal(item.quantity, 2);
  const isDecimal = (v) => typeof v === 'object' && v !== null && typeof v.toFixed === 'function' &&
    typeof v.isZero === 'function';
  assert.ok(isDecimal(item.pricing.unit_amount_decimal),
    `unit_amount_decimal is ${JSON.stringify(item.pricing.unit_amount_decimal)}`);
  assert.equal(item.pricing.unit_amount_decimal.toString(), '250.5');
  assert.ok(isDecimal(item.quantity_decimal),
    `quantity_decimal is ${JSON.stringify(item.quantity_decimal)}`);
  assert.equal(item.quantity_decimal.toString(), '2');
  const got = await stripe.invoiceItems.retrieve(item.id);
  assert.equal(got.pricing.unit_amount_decimal.toString(), '250.5');
});
