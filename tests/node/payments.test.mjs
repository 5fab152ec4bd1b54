// PaymentIntents, charges, refunds and SetupIntents through stripe-node.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {client, rejection, useEmulator} from './harness.mjs';

const emulator = useEmulator();

test('a PaymentIntent confirmed with a card succeeds, and is refunded in two parts', async () => {
  const stripe = client(emulator);
  const intent = await stripe.paymentIntents.create({amount: 3000, currency: 'usd',
    payment_method: 'pm_card_visa', confirm: true});
  assert.equal(intent.status, 'succeeded');
  assert.match(intent.latest_charge, /^ch_/);
  const part = await stripe.refunds.create({payment_intent: intent.id, amount: 1000});
  assert.equal(part.status, 'succeeded');
  await stripe.refunds.create({charge: intent.latest_charge});
  const charge = await stripe.charges.retrieve(intent.latest_charge);
  assert.equal(charge.amount_refunded, 3000);
  assert.equal(charge.refunded, true);
});

test('a decline is a StripeCardError carrying the intent', async () => {
  const stripe = client(emulator);
  const err = await rejection(stripe.paymentIntents.create({amount: 3000, currency: 'usd',
    payment_method: 'pm_card_chargeDeclined', confirm: true}));
  assert.equal(err.type, 'StripeCardError');
  assert.equal(err.code, 'card_declined');
  assert.equal(err.decline_code, 'generic_decline');
  assert.equal(err.raw.payment_intent.status, 'requires_payment_method');
  const charge = await stripe.charges.retrieve(err.raw.charge);
  assert.equal(charge.status, 'failed');
});

test('manual capture, and the refusals of the status machine', async () => {
  const stripe = client(emulator);
  const intent = await stripe.paymentIntents.create({amount: 5000, currency: 'eur',
    payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual'});
  assert.equal(intent.status, 'requires_capture');
  const captured = await stripe.paymentIntents.capture(intent.id, {amount_to_capture: 4000});
  assert.equal(captured.amount_received, 4000);
  const err = await rejection(stripe.paymentIntents.cancel(intent.id));
  assert.equal(err.code, 'payment_intent_unexpected_state');
});

test('a SetupIntent saves the card to the customer', async () => {
  const stripe = client(emulator);
  const customer = await stripe.customers.create({email: 'saver@example.com'});
  const setup = await stripe.setupIntents.create({customer: customer.id,
    payment_method: 'pm_card_visa', confirm: true});
  assert.equal(setup.status, 'succeeded');
  const methods = await stripe.customers.listPaymentMethods(customer.id);
  assert.deepEqual(methods.data.map((m) => m.id), [setup.payment_method]);
});

test('an invoice is paid through its default PaymentIntent, listed in invoicePayments', async () => {
  const stripe = client(emulator);
  const customer = await stripe.customers.create({email: 'node@example.com',
    payment_method: 'pm_card_visa', invoice_settings: {default_payment_method: 'pm_card_visa'}});
  await stripe.invoiceItems.create({customer: customer.id, amount: 1200, currency: 'usd'});
  const draft = await stripe.invoices.create({customer: customer.id,
    pending_invoice_items_behavior: 'include'});
  const open = await stripe.invoices.finalizeInvoice(draft.id,
    {expand: ['confirmation_secret']});
  assert.equal(open.confirmation_secret.type, 'payment_intent');
  const paid = await stripe.invoices.pay(draft.id,
    {expand: ['payments.data.payment.payment_intent']});
  assert.equal(paid.status, 'paid');
  const [payment] = paid.payments.data;
  assert.equal(payment.status, 'paid');
  assert.equal(payment.is_default, true);
  assert.equal(payment.payment.payment_intent.status, 'succeeded');
  const listed = await stripe.invoicePayments.list({invoice: draft.id});
  assert.deepEqual(listed.data.map((p) => p.id), [payment.id]);
});
